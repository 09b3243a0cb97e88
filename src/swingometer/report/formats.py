"""The output formats of stories and summaries, and how a name is written into each as text.

A candidate, party or constituency name is data, never markup: each medium that interprets
characters has one function here that makes a piece of plain text safe to place in it.
"""

from __future__ import annotations

import html
import re
from typing import Literal, Protocol

Format = Literal["text", "markdown", "json", "html"]
FORMATS: tuple[Format, ...] = ("text", "markdown", "json", "html")

#: characters markdown (CommonMark, GFM tables and strikethrough, ``$`` maths) acts on anywhere
_MARKDOWN_ACTIVE = re.compile(r"([\\`*_\[\]{}|~$!#])")
#: what makes a line a heading, list item, block quote or rule at its start
_MARKDOWN_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=])")


def markdown_inline(text: str) -> str:
    r"""Plain text as markdown inside a line (a table cell, emphasis): HTML special characters
    as entities, markdown-active characters backslash-escaped, whitespace folded to single
    spaces (a line break in a name must not end a table row or start a block).

    >>> markdown_inline("Jo *Bloggs* <b> | $x$")
    'Jo \\*Bloggs\\* &lt;b&gt; \\| \\$x\\$'
    """
    folded = " ".join(text.split())
    return _MARKDOWN_ACTIVE.sub(r"\\\1", html.escape(folded, quote=False))


def markdown_text(text: str) -> str:
    r"""Plain text as a markdown paragraph or heading that renders as written: as
    :func:`markdown_inline`, and a start that would make a list or a rule escaped too.

    >>> markdown_text("1. Jo Bloggs")
    '1\\. Jo Bloggs'
    """
    return _MARKDOWN_LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}",
                                    markdown_inline(text))


def html_text(text: str) -> str:
    """Plain text for HTML content or a quoted attribute value."""
    return html.escape(text, quote=True)


class Written(Protocol):
    """A story as its renderers see it: a headline, paragraphs and a table, all plain text."""

    headline: str
    paragraphs: list[str]
    table: list[list[str]]
    sources: str


def to_markdown(story: Written) -> str:
    """A story as Markdown: every piece of its text escaped, so a name renders as written."""
    m = markdown_text
    parts = [f"# {m(story.headline)}", *map(m, story.paragraphs)]
    if story.table:
        head, *rows = ([markdown_inline(cell) for cell in row] for row in story.table)
        align = ["---"] + ["---:"] * (len(head) - 1)
        parts.append("\n".join("| " + " | ".join(r) + " |" for r in [head, align, *rows]))
    parts.append(f"*{m(story.sources)}*")
    return "\n\n".join(parts) + "\n"

"""The output formats of stories and summaries."""

from __future__ import annotations

from typing import Literal

Format = Literal["text", "markdown", "json", "html"]
FORMATS: tuple[Format, ...] = ("text", "markdown", "json", "html")

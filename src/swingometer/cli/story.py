"""``swingometer story``: a news-style report of a contest, or the night in summary."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import ChoiceError
from ..model import Contest
from ..report.formats import FORMATS, Format
from .options import Data, ElectionOpt, Json, OnDate, Output, ResultsFile, chosen_contest
from .output import choose

if TYPE_CHECKING:
    from ..report.story import Story

FormatOption = Annotated[str, typer.Option(
    "--format", "-f", help="text, markdown, json or html.", show_default=True)]


def _format(fmt: str) -> Format:
    if fmt not in FORMATS:
        raise ChoiceError("format", fmt, FORMATS)
    return fmt


def _render(story: Story, fmt: str) -> str:
    """The story in a format (Markdown escapes every name, so that it renders as written)."""
    from ..report.story import render

    return render(story, _format(fmt))


def contest_text(contest: Contest, fmt: str, data: str | None) -> str:
    """The story of one contest, rendered."""
    from .. import elections as catalogue

    return _render(catalogue.story(contest, data), fmt)


def summary_text(election: str, fmt: str, data: str | None) -> str:
    """The night in summary of a general election, rendered."""
    from .. import elections as catalogue
    from ..analysis.records import election_summary
    from ..report.summary import summary_story

    src = catalogue.source(election)
    if src.kind == "by":
        keys = [s.key for s in catalogue.SOURCES if s.kind != "by"]
        raise ChoiceError("general election for a summary", election, keys)
    chosen = catalogue.load(src.key, data)
    baseline = catalogue.load(src.baseline, data) if src.baseline else None
    summary = election_summary(chosen.contests, baseline.contests if baseline else None)
    return _render(summary_story(chosen, summary, baseline), fmt)


def story(
    seat: Annotated[str | None, typer.Argument(
        help="Constituency name (any spelling) or GSS code; leave out with --election for "
        "the election's summary.", show_default=False)] = None,
    on: OnDate = None,
    election: ElectionOpt = None,
    file: ResultsFile = None,
    fmt: FormatOption = "text",
    data: Data = None,
    output: Output = None,
    as_json: Json = False,
) -> None:
    """A news-style report of a contest, or with --election alone the night in summary.

    In British English: for a contest the headline, votes, majority, swing, turnout, share
    movements and where it ranks in history; for an election the seats, votes, gains and
    losses, biggest swings, closest results and turnout.

    Every number comes from the same functions as 'swingometer result'.

    Examples:

      swingometer story "Mid Bedfordshire" --date 2023-10-19

      swingometer story Tamworth --date 2023-10-19 --format markdown

      swingometer story --election 2024 --format html
    """
    if output is not None or as_json:  # the CLI's output contract: text or json (prose has
        # no csv form); --format adds markdown and html
        fmt = choose(output, as_json, ("text", "json"))
    _format(fmt)
    if seat is None and file is None and election is not None:
        text = summary_text(election, fmt, data)
    else:
        text = contest_text(chosen_contest(seat, on, election, file, data), fmt, data)
    typer.echo(text, nl=False)

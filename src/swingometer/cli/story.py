"""``swingometer story``: a news-style report of a contest, or the night in summary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import ChoiceError, NotFoundError
from ..model import Contest
from ..report.formats import FORMATS, Format
from .options import Data
from .results import _day

FormatOption = Annotated[str, typer.Option(
    "--format", "-f", help="text, markdown, json or html.", show_default=True)]


def _format(fmt: str) -> Format:
    if fmt not in FORMATS:
        raise ChoiceError("format", fmt, FORMATS)
    return fmt


def find_contest(seat: str | None, on: str | None, election: str | None, file: Path | None,
                 data: str | None) -> Contest:
    """The contest a command names: by seat and date or election, or from the user's file."""
    from .. import elections as catalogue

    day = _day(on)
    if file is not None:
        from ..sources import read_results

        pool = read_results(file, day)
        hits = catalogue.find(seat, pool) if seat else pool
        if len(hits) != 1:
            names = sorted({c.constituency for c in pool})
            raise NotFoundError("single contest in the file" if hits else "contest in the file",
                                seat or "(no seat given)", names[:8])
        return hits[0]
    if seat is None:
        raise typer.BadParameter("name a constituency, or give --election for the summary")
    return catalogue.find_contest(seat, on=day, election=election, data=data)


def contest_text(contest: Contest, fmt: str, data: str | None) -> str:
    """The story of one contest, rendered."""
    from .. import elections as catalogue
    from ..analysis.card import result_card
    from ..report.context import contest_context
    from ..report.story import contest_story, render

    previous = catalogue.previous(contest, data)
    history = catalogue.seat_history(contest, data)
    card = result_card(contest, previous, history, catalogue.election_orders(data))
    context = contest_context(contest, previous, card, data, history)
    return render(contest_story(card, context), _format(fmt))


def summary_text(election: str, fmt: str, data: str | None) -> str:
    """The night in summary of a general election, rendered."""
    from .. import elections as catalogue
    from ..analysis.records import election_summary
    from ..report.story import render
    from ..report.summary import summary_story

    src = catalogue.source(election)
    if src.kind == "by":
        keys = [s.key for s in catalogue.SOURCES if s.kind != "by"]
        raise ChoiceError("general election for a summary", election, keys)
    chosen = catalogue.load(src.key, data)
    baseline = catalogue.load(src.baseline, data) if src.baseline else None
    summary = election_summary(chosen.contests, baseline.contests if baseline else None)
    return render(summary_story(chosen, summary, baseline), _format(fmt))


def story(
    seat: Annotated[str | None, typer.Argument(
        help="Constituency name (any spelling) or GSS code; leave out with --election for "
        "the election's summary.", show_default=False)] = None,
    on: Annotated[str | None, typer.Option(
        "--date", help="Polling day, YYYY-MM-DD (picks a by-election).")] = None,
    election: Annotated[str | None, typer.Option(
        "--election", help="An election key: 2010 … 2024, 2019-notional, by-2019 (see "
        "'swingometer elections').")] = None,
    file: Annotated[Path | None, typer.Option(
        "--file", help="Your own results file, CSV or JSON (docs/generic-format.md).")] = None,
    fmt: FormatOption = "text",
    data: Data = None,
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
    _format(fmt)
    if seat is None and file is None and election is not None:
        text = summary_text(election, fmt, data)
    else:
        text = contest_text(find_contest(seat, on, election, file, data), fmt, data)
    typer.echo(text, nl=False)

"""Options shared by several commands."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import NotFoundError
from . import output

if TYPE_CHECKING:
    from ..model import Contest

Data = Annotated[str | None, typer.Option(
    "--data", envvar="SWINGOMETER_DATA", show_envvar=True, metavar="FOLDER|URL",
    help="Read the official files from this mirror (a folder laid out like Parliament's "
    "db/data, or an http(s) base address) instead of downloading them.")]
#: ``--json``, the alias of ``--output json`` (see ``cli.output``)
Json = output.Json
Output = output.Output

SeatArg = Annotated[str | None, typer.Argument(
    help="Constituency name (any spelling: 'mid beds', 'Bedfordshire Mid') or GSS code "
    "(E14000813).", show_default=False)]
OnDate = Annotated[str | None, typer.Option(
    "--date", help="Polling day, YYYY-MM-DD (picks a by-election).")]
ElectionOpt = Annotated[str | None, typer.Option(
    "--election", help="An election key: 2010 … 2024, 2019-notional, 2005-notional, by-2019 "
    "(see 'swingometer elections').")]
ResultsFile = Annotated[Path | None, typer.Option(
    "--file", help="Your own results file, CSV or JSON, one row per candidate "
    "(docs/generic-format.md).")]


def day(text: str | None) -> date | None:
    """A ``--date`` value, or a usage error that says the expected form."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def chosen_contest(seat: str | None, on: str | None, election: str | None, file: Path | None,
                   data: str | None) -> Contest:
    """The contest a command names: by seat and date or election, or from the user's file."""
    from .. import elections as catalogue

    polling_day = day(on)
    if file is not None:
        from ..sources import read_results

        pool = read_results(file, polling_day)
        hits = catalogue.find(seat, pool) if seat else pool
        if len(hits) != 1:
            names = sorted({c.constituency for c in pool})
            raise NotFoundError("single contest in the file" if hits else "contest in the file",
                                seat or "(no seat given)", names[:8])
        return hits[0]
    if seat is None or not seat.strip():
        raise typer.BadParameter("name a constituency (or give --file)")
    return catalogue.find_contest(seat, on=polling_day, election=election, data=data)

"""``swingometer result`` and ``swingometer elections``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import ChoiceError, NotFoundError
from .options import Data, Json


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def result(
    seat: Annotated[str | None, typer.Argument(
        help="Constituency name (any spelling: 'mid beds', 'Bedfordshire Mid') or GSS code "
        "(E14000813).", show_default=False)] = None,
    on: Annotated[str | None, typer.Option(
        "--date", help="Polling day, YYYY-MM-DD (picks a by-election).")] = None,
    election: Annotated[str | None, typer.Option(
        "--election", help="An election key: 2010 … 2024, 2019-notional, 2005-notional, "
        "by-2019 (see 'swingometer elections').")] = None,
    file: Annotated[Path | None, typer.Option(
        "--file", help="Your own results file, CSV or JSON, one row per candidate "
        "(docs/generic-format.md).", exists=False)] = None,
    data: Data = None,
    as_json: Json = False,
) -> None:
    """Print the results card of one contest.

    Winner, gain or hold, majority, turnout (both ways), change, Butler and Steed swing, and
    the seat's history.

    Examples:

      swingometer result "Mid Bedfordshire" --date 2023-10-19

      swingometer result "mid beds" --date 2023-10-19 --json

      swingometer result E14000813 --election 2019

      swingometer result --file my-results.csv
    """
    from .. import elections as catalogue
    from ..analysis.card import result_card

    day = _day(on)
    if file is not None:
        from ..sources import read_results

        pool = read_results(file, day)
        hits = catalogue.find(seat, pool) if seat else pool
        if len(hits) != 1:
            names = sorted({c.constituency for c in pool})
            raise NotFoundError("single contest in the file" if hits else "contest in the file",
                                seat or "(no seat given)", names[:8])
        contest = hits[0]
    elif seat is None:
        raise typer.BadParameter("name a constituency (or give --file)")
    else:
        contest = catalogue.find_contest(seat, on=day, election=election, data=data)
    card = result_card(contest, catalogue.previous(contest, data),
                       catalogue.seat_history(contest, data), catalogue.election_orders(data))
    if as_json:
        print(json.dumps(card, indent=2, ensure_ascii=False))
        return
    from rich.console import Console

    from ..report.tables import card_view

    Console().print(card_view(card))


def elections(data: Data = None, as_json: Json = False) -> None:
    """List the elections swingometer knows, with their baselines.

    General elections 2010–2024, notional results and each parliament's by-elections, and
    whether their files are at hand.
    """
    from .. import elections as catalogue

    rows: list[dict[str, Any]] = []
    for src, problem in catalogue.available(data):
        found = () if problem else catalogue.contests(src.key, data)
        rows.append({"key": src.key, "id": src.id, "name": src.name, "kind": src.kind,
                     "date": src.date.isoformat() if src.date else None,
                     "contests": len(found), "baseline": src.baseline,
                     "status": problem or "ready",
                     "by_elections": [{"id": c.id, "constituency": c.constituency,
                                       "date": c.date.isoformat(), "result": c.declared_result}
                                      for c in found if c.kind == "by"]})
    if as_json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    from rich.console import Console

    from ..report.tables import elections_view

    Console().print(elections_view(rows))


__all__ = ["ChoiceError", "elections", "result"]

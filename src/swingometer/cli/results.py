"""``swingometer result`` and ``swingometer elections``."""

from __future__ import annotations

import json
from typing import Any

from ..errors import ChoiceError
from .options import Data, ElectionOpt, Json, OnDate, ResultsFile, SeatArg, chosen_contest


def result(
    seat: SeatArg = None,
    on: OnDate = None,
    election: ElectionOpt = None,
    file: ResultsFile = None,
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

    card = catalogue.result_card(chosen_contest(seat, on, election, file, data), data)
    if as_json:
        print(card.to_json())
        return
    from rich.console import Console

    from ..report.tables import card_view

    Console().print(card_view(card))


def elections(data: Data = None, as_json: Json = False) -> None:
    """List the elections swingometer knows, with their baselines.

    General elections 2010–2024, notional results and each parliament's by-elections, and
    whether their files are at hand.
    """
    from .. import check
    from .. import elections as catalogue

    rows: list[dict[str, Any]] = []
    for state in check.everything(data, fetch=True):
        src = catalogue.BY_KEY[state.key]
        found = catalogue.contests(src.key, data) if state.ready else ()
        rows.append({"key": src.key, "id": src.id, "name": src.name, "kind": src.kind,
                     "date": src.date.isoformat() if src.date else None,
                     "contests": len(found), "baseline": src.baseline,
                     "ready": state.ready, "status": state.label,
                     "set_aside": [s.id for s in state.set_aside],
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

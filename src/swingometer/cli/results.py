"""``swingometer result`` and ``swingometer elections``."""

from __future__ import annotations

from typing import Any

from ..errors import ChoiceError
from .options import (
    Data,
    ElectionOpt,
    Json,
    OnDate,
    Output,
    ResultsFile,
    SeatArg,
    chosen_contest,
)
from .output import choose, emit


def result(
    seat: SeatArg = None,
    on: OnDate = None,
    election: ElectionOpt = None,
    file: ResultsFile = None,
    data: Data = None,
    output: Output = None,
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

      swingometer result "Mid Bedfordshire" --election 2024 --output csv

    --output csv prints the card as one row with the columns of 'swingometer export'
    (docs/export.md).
    """
    from .. import elections as catalogue

    fmt = choose(output, as_json)
    contest = chosen_contest(seat, on, election, file, data)
    card = catalogue.result_card(contest, data)
    if file is not None and contest.ons_id is None:
        import sys

        print("note: the file gives no GSS code (ons_id), so this contest cannot be matched "
              "with an earlier result: change and swing are blank. Add an ons_id column "
              "(E14000813) to compare.", file=sys.stderr)

    def text() -> None:
        from rich.console import Console

        from ..report.tables import card_view

        Console().print(card_view(card))

    from ..export import contest_row

    emit(fmt, card.as_dict(), lambda: [contest_row(card.as_dict())], text)


def elections(data: Data = None, output: Output = None, as_json: Json = False) -> None:
    """List the elections swingometer knows, with their baselines.

    General elections 2010–2024, notional results and each parliament's by-elections, and
    whether their files are at hand.
    """
    from .. import check
    from .. import elections as catalogue

    fmt = choose(output, as_json)
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

    def text() -> None:
        from rich.console import Console

        from ..report.tables import elections_view

        Console().print(elections_view(rows))

    flat = ({k: v for k, v in row.items() if k != "by_elections"} for row in rows)
    emit(fmt, rows, lambda: flat, text)


__all__ = ["ChoiceError", "elections", "result"]

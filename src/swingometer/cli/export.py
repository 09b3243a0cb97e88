"""``swingometer export``: every contest's card of an election as one tidy table."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import ChoiceError
from .options import Data, OnDate, ResultsFile, day

if TYPE_CHECKING:
    import pandas as pd

    from ..model import Contest

FORMATS = ("csv", "json", "jsonl", "parquet")

ElectionArg = Annotated[str | None, typer.Argument(
    help="An election key: 2010 … 2024, 2019-notional, 2005-notional, by-2019 (see "
    "'swingometer elections'). Leave out with --file.", show_default=False)]
LevelOpt = Annotated[str, typer.Option(
    "--level", help="One row per 'contest' or one row per 'candidate'.")]
FormatOpt = Annotated[str, typer.Option(
    "--format", help="csv, json (a list of rows), jsonl (one row per line) or parquet "
    "(needs: pip install 'swingometer[parquet]').")]
OutputOpt = Annotated[Path | None, typer.Option(
    "--out", "-o", help="Write to this file instead of stdout (its folder must exist).",
    dir_okay=False)]


def _contests(election: str | None, file: Path | None, on: str | None,
              data: str | None) -> tuple[Contest, ...]:
    from .. import elections

    if file is not None:
        if election is not None:
            raise typer.BadParameter("give an election or --file, not both")
        from ..sources import read_results

        return tuple(read_results(file, day(on)))
    if election is None:
        raise typer.BadParameter("name an election (e.g. 2024) or give --file")
    if on is not None:
        raise typer.BadParameter("--date goes with --file (an election has its own date)")
    return elections.load(election, data).contests


def _write(table: pd.DataFrame, fmt: str, output: Path | None) -> None:
    if fmt == "parquet":
        from importlib.util import find_spec

        if find_spec("pyarrow") is None:
            raise typer.BadParameter("parquet needs pyarrow: pip install 'swingometer[parquet]' "
                                     "(or choose csv, json or jsonl)",
                                     param_hint="'--format'")
        table.to_parquet(output or sys.stdout.buffer, index=False)
        return
    if fmt == "csv":
        text = table.to_csv(index=False, lineterminator="\n")
    else:
        text = table.to_json(orient="records", lines=fmt == "jsonl", force_ascii=False,
                             indent=None if fmt == "jsonl" else 2, double_precision=15)
        text = text if text.endswith("\n") else text + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def export(election: ElectionArg = None, level: LevelOpt = "contest", fmt: FormatOpt = "csv",
           output: OutputOpt = None, file: ResultsFile = None, on: OnDate = None,
           data: Data = None) -> None:
    """Write every contest's results card of an election as a tidy table.

    One row per contest (ids, names, codes, region, winner, result, majority, turnout both
    ways, swing, previous winner and majority, held since, corrections) or one row per
    candidate (votes, share, change, elected). Columns: docs/export.md.

    Examples:

      swingometer export 2024 -o results-2024.csv

      swingometer export by-2019 --level candidate --format jsonl

      swingometer export --file my-results.csv --date 2024-07-04 --format json
    """
    from .. import elections
    from ..export import LEVELS, cards, frame
    from .progress import progress_after

    chosen = next((lv for lv in LEVELS if lv == level), None)
    if chosen is None:
        raise ChoiceError("export level", level, LEVELS)
    if fmt not in FORMATS:
        raise ChoiceError("export format", fmt, FORMATS)
    if output is not None and not output.parent.is_dir():
        raise typer.BadParameter(f"folder {str(output.parent)!r} does not exist",
                                 param_hint="'-o'")
    found = _contests(election, file, on, data)
    with progress_after("building cards") as step:
        table = frame(cards(found, lambda c: elections.card(c, data), step), chosen)
    _write(table, fmt, output)

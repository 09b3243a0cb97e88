"""``swingometer scoreboard``: published seat forecasts scored against the official result."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .options import Data, Json

if TYPE_CHECKING:
    from ..scoreboard import Board

Election = Annotated[str, typer.Argument(
    help="The general election whose result scores the forecasts (2024).",
    show_default=False)]
Folder = Annotated[Path | None, typer.Argument(
    help="A folder of forecast CSV files, one per forecaster (the file's name is the "
    "forecaster's). Default: forecasts/<election>/ of the data mirror.", show_default=False)]
Output = Annotated[Path | None, typer.Option(
    "--out", "-o", help="Also draw the board as a chart; .png, .svg or .pdf.")]
Register = Annotated[Path | None, typer.Option(
    "--register", metavar="FILE.csv",
    help="Write swingometer's own forecast to FILE.csv and its SHA-256 fingerprint to "
    "FILE.fingerprint.json, then stop. Put both in the forecasts folder: scoring checks the "
    "fingerprint and refuses a forecast changed since.")]
Method = Annotated[str, typer.Option(
    "--method", help="The projection model of swingometer's own forecast (see "
    "'swingometer methods').")]
Polls = Annotated[Path | None, typer.Option(
    "--polls", help="The polls file for swingometer's own forecast (default: "
    "polls/GE_polls_all_2010_2025.csv of the data mirror; shares as fractions).")]
Probabilities = Annotated[list[str] | None, typer.Option(
    "--probabilities", metavar="NAME",
    help="Read the forecast file NAME.csv as win probabilities, not vote shares (the exit "
    "poll and Manifold are known to be); repeat for each.")]
Markdown = Annotated[bool, typer.Option(
    "--markdown", help="Print the board as the Markdown section of docs/backtests.md.")]
Simulate = Annotated[int, typer.Option(
    "--simulate", metavar="N", min=0,
    help="Also put swingometer's win probabilities on the board, from N simulated "
    "elections around its forecast (scored by Brier and log loss).")]
Seed = Annotated[int | None, typer.Option(
    "--seed", help="Seed of the simulation, so that a run repeats exactly.")]
NoOurs = Annotated[bool, typer.Option(
    "--no-ours", help="Leave swingometer's own forecast off the board.")]


def scoreboard(
    election: Election,
    folder: Folder = None,
    as_json: Json = False,
    output: Output = None,
    register: Register = None,
    method: Method = "uns",
    polls: Polls = None,
    probabilities: Probabilities = None,
    simulate: Simulate = 0,
    seed: Seed = None,
    no_ours: NoOurs = False,
    as_markdown: Markdown = False,
    data: Data = None,
) -> None:
    """Score published seat forecasts against the official result.

    Each forecast is a CSV with one row per Great Britain seat, in the shape of the open
    APOGEE project: code,name,con,grn,lab,lib,oth,pc,ref,snp (vote shares in points, or win
    probabilities), or code,name,party (a called winner). The largest value is the call.

    The scores, as on APOGEE's published leaderboard: seats called right of the 631 contested
    Great Britain seats (the Speaker's is not contested); seat RMSE, the root mean square
    error of the eight columns' seat totals; share RMSE, over every seat and the seven named
    parties, in points (shares only); Brier and log loss (win probabilities only; lower is
    better). swingometer's own forecast, from the final week's polls, is on the board too,
    with its SHA-256 fingerprint.

    Examples:

      swingometer scoreboard 2024

      swingometer scoreboard 2024 my-forecasts/ --probabilities mymodel --json

      swingometer scoreboard 2024 -o scoreboard.png --simulate 10000 --seed 1

      swingometer scoreboard 2024 --register my-forecasts/swingometer.csv
    """
    from .. import scoreboard as boards

    if output is not None:
        from ..errors import ChoiceError
        from ..report.charts import FORMATS

        if output.suffix.lower() not in FORMATS:  # refused before any work is done
            raise ChoiceError("chart file type", output.suffix or "(none)", FORMATS)
    if register is not None:
        mine = boards.our_forecast(election, data, method, polls)
        written, sidecar = boards.register(mine, register)
        if as_json:
            print(json.dumps({"forecast": str(written), "fingerprint_file": str(sidecar),
                              "fingerprint": mine.fingerprint, "record": mine.record},
                             indent=2, ensure_ascii=False))
        else:
            print(f"{written}\n{sidecar}\nfingerprint {mine.fingerprint}")
        return
    found = boards.board(election, folder, data, include_ours=not no_ours, method=method,
                         polls=polls, probabilities=probabilities or (),
                         simulations=simulate, seed=seed)
    if output is not None:
        from ..report.charts import save
        from ..scoreboard.chart import scoreboard_chart

        fig = scoreboard_chart(found.scores, f"Seat forecasts of {election}, scored",
                               "seats called right; figures from the official results")
        typer.echo(str(save(fig, output)), err=True)
    if as_json:
        print(json.dumps(found.as_dict(), indent=2, ensure_ascii=False))
    elif as_markdown:
        from ..scoreboard.board import doc_section

        print(doc_section(found))
    else:
        _table(found)


def _table(found: Board) -> None:
    from rich.console import Console
    from rich.table import Table

    from ..scoreboard.board import shown
    table = Table("forecast", "kind", "seats right", "seat RMSE", "share RMSE", "Brier",
                  "log loss", title=f"Forecast scoreboard: {found.election}")
    for s in found.scores:
        table.add_row(s.title, s.kind, f"{s.seats_right} ({s.percent_right:.1f}%)",
                      shown(s.seat_rmse, 1), shown(s.share_rmse, 2), shown(s.brier, 3),
                      shown(s.log_loss, 3))
    console = Console()
    console.print(table)
    if found.fingerprint:
        console.print(f"swingometer's own forecast: fingerprint {found.fingerprint}")

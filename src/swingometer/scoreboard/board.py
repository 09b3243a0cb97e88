"""The scoreboard: every forecast of a folder, and swingometer's own, scored and ranked."""

from __future__ import annotations

import math
import os
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .. import elections
from ..errors import ChoiceError, DataError, DownloadError, Problem
from ..files import Mirror
from ..sources.forecasts import read_forecast, revised_codes
from . import ours as own
from .outcome import Outcome, outcome
from .scores import FLOOR, Score, score

DataArg = str | os.PathLike[str] | None
FORECASTS = "forecasts"


@dataclass(frozen=True)
class Board:
    election: str
    folder: str | None
    seats: int
    scores: tuple[Score, ...]
    #: the fingerprint of swingometer's own forecast, made now
    fingerprint: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"election": self.election, "folder": self.folder, "seats": self.seats,
                "fingerprint": self.fingerprint,
                "scores": [_finite(s.as_dict()) for s in self.scores]}


def _finite(row: dict[str, Any]) -> dict[str, Any]:
    return {k: None if isinstance(v, float) and not math.isfinite(v) else v
            for k, v in row.items()}


def default_folder(election: str, data: DataArg = None) -> Path:
    """``forecasts/<year>/`` of the data mirror (a local folder laid out like ../shared/data)."""
    base = Mirror.configured(data).library
    if base is None or base.startswith(("http://", "https://")):
        raise DownloadError("published forecasts are not downloaded: give the folder that "
                            "holds them (swingometer scoreboard 2024 FOLDER)")
    return Path(base) / FORECASTS / election


def forecast_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise DataError(str(folder), [Problem(str(folder), "is not a folder; give the folder "
                                              "of forecast CSV files (swingometer scoreboard "
                                              "ELECTION FOLDER)")])
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv" and p.is_file())
    if not files:
        raise DataError(str(folder), [Problem(str(folder), "holds no .csv forecast files")])
    return files


def ranked(scores: Sequence[Score]) -> tuple[Score, ...]:
    """Most seats right first; ties by the smaller seat RMSE, then by name."""
    return tuple(sorted(scores, key=lambda s: (-s.seats_right, s.seat_rmse, s.name)))


def score_folder(folder: Path, result: Outcome, data: DataArg = None,
                 probabilities: Collection[str] = ()) -> list[Score]:
    """Every forecast file of a folder scored; all files' problems are reported together."""
    revised = revised_codes(data)
    scores: list[Score] = []
    problems: list[Problem] = []
    files = forecast_files(folder)
    unknown = sorted(set(probabilities) - {p.stem for p in files})
    if unknown:
        raise ChoiceError(f"forecast in {folder} (--probabilities)", ", ".join(unknown),
                          [p.stem for p in files])
    for path in files:
        try:
            forecast = read_forecast(path, result.all_codes, revised=revised,
                                     probabilities=probabilities)
            fingerprint = own.verify(path)
            found = score(forecast, result, fingerprint)
            if fingerprint is not None:
                found = replace(found, title=f"{found.title} (registered)")
            scores.append(found)
        except DataError as error:
            problems.extend(error.problems)
    if problems:
        raise DataError(str(folder), problems)
    return scores


def board(election: str = "2024", folder: Path | None = None, data: DataArg = None, *,
          include_ours: bool = True, method: str = "uns", polls: Path | None = None,
          probabilities: Collection[str] = (), simulations: int = 0,
          seed: int | None = None) -> Board:
    """Score the forecasts of ``folder`` (default: the mirror's ``forecasts/<election>/``),
    and swingometer's own from the final week's polls, against the official result.

    Our forecast is left off if the folder holds the same forecast, registered (its
    fingerprint is the same); ``simulations=N`` adds our win probabilities from N simulated
    elections (Brier and log loss)."""
    src = elections.source(election)
    if src.kind != "general":
        raise ChoiceError("general election to score forecasts against", election,
                          [e.key for e in elections.general_elections()])
    result = outcome(src.key, data)
    where = folder or default_folder(src.key, data)
    scores = score_folder(where, result, data, probabilities)
    fingerprint = None
    if include_ours:
        mine = own.our_forecast(src.key, data, method, polls)
        fingerprint = mine.fingerprint
        if all(s.fingerprint != fingerprint for s in scores):
            scores.append(score(mine.forecast, result, fingerprint))
        if simulations:
            scores.append(score(own.simulated(mine, simulations, seed), result))
    return Board(src.key, str(where), result.n_seats, ranked(scores), fingerprint)


def shown(value: float | None, places: int) -> str:
    return "–" if value is None or not math.isfinite(value) else f"{value:.{places}f}"


def markdown(scores: Sequence[Score]) -> str:
    """The board as a Markdown table (the one docs/backtests.md carries)."""
    lines = ["| forecast | kind | seats right (GB) | seat RMSE | share RMSE (points) | Brier "
             "| log loss |", "|---|---|---|---|---|---|---|"]
    for s in scores:
        lines.append(f"| {s.title} | {s.kind} | {s.seats_right} of {s.seats} "
                     f"({s.percent_right:.1f}%) | {shown(s.seat_rmse, 2)} | "
                     f"{shown(s.share_rmse, 3)} | {shown(s.brier, 4)} | {shown(s.log_loss, 4)} |")
    return "\n".join(lines)


def doc_section(found: Board) -> str:
    """The scoreboard section of docs/backtests.md, as ``--markdown`` prints it."""
    ours = next((s for s in found.scores if s.name == own.NAME), None)
    lines = [
        f"## Forecast scoreboard: {found.election}",
        "",
        "The final seat forecasts that the open APOGEE project collected, scored against the "
        f"official result by `swingometer scoreboard {found.election}` (regenerate this "
        f"section with `swingometer scoreboard {found.election} --markdown`). Seats right "
        f"are of the {found.seats} contested Great Britain seats (the Speaker's seat is left "
        "out); seat RMSE is over the eight columns' seat totals; share RMSE is over every "
        "seat and the seven named parties, in points; Brier (summed over parties, 0 is "
        f"perfect) and log loss (natural log, probabilities floored at {100 * FLOOR:g}%) score "
        "the win "
        "probabilities. Seats right, seat RMSE and share RMSE follow the rules of APOGEE's "
        "`build_leaderboard.py` and agree with its published leaderboard to the figures it "
        "shows (tests/test_scoreboard.py checks both).",
        "",
        markdown(found.scores),
    ]
    if ours is not None and found.fingerprint:
        lines += ["", f"SHA-256 fingerprint of {ours.title}: `{found.fingerprint}` "
                  f"(`swingometer scoreboard {found.election} --register FILE.csv` writes the "
                  "forecast with it)."]
    return "\n".join(lines)

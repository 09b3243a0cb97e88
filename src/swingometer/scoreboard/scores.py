"""The scores of one forecast against the result: the arithmetic of the scoreboard.

The rules are those of the APOGEE leaderboard (``build_leaderboard.py``), so the figures
match the published ones:

* **seats right**: contested Great Britain seats whose forecast call (the largest value) is
  the winner's column; a seat the forecast lacks, ties or leaves blank is not right.
* **seat RMSE**: root mean square, over the eight columns, of the forecast's seat totals (its
  calls in every Great Britain seat it lists, the Speaker's included: the totals it
  published) minus the seats won.
* **share RMSE** (shares only): root mean square of forecast minus actual share, in points,
  over every seat the forecast lists and the seven named parties. ``oth`` is left out: it
  pools different candidates in forecast and result, and the published leaderboard leaves it
  out too. A row of zeros (no forecast for the seat) counts as zeros.
* **Brier** (probabilities only): per seat, the squared error of the win probabilities summed
  over the columns (the winner's truth 1, others 0), averaged over the contested seats the
  forecast gives figures for; 0 is perfect, 2 is certain and wrong.
* **log loss** (probabilities only): the mean of −ln(probability given to the winner), that
  probability floored at :data:`FLOOR` so that one 0 does not make the score infinite.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..sources.forecasts import COLUMNS, Forecast, Kind
from .outcome import Outcome

#: the smallest win probability a log loss takes: a whole-per-cent forecast's 0 means below
#: 0.5%
FLOOR = 0.005
NAMED = [j for j, c in enumerate(COLUMNS) if c != "oth"]


@dataclass(frozen=True)
class Score:
    name: str
    title: str
    kind: Kind
    seats_right: int
    seats: int
    #: the forecast's seat totals per column
    totals: dict[str, int]
    seat_rmse: float
    share_rmse: float | None = None
    brier: float | None = None
    log_loss: float | None = None
    #: SHA-256 fingerprint of a registered forecast, verified
    fingerprint: str | None = None

    @property
    def percent_right(self) -> float:
        return 100 * self.seats_right / self.seats if self.seats else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "kind": self.kind,
                "seats_right": self.seats_right, "seats": self.seats,
                "percent_right": round(self.percent_right, 2), "totals": self.totals,
                "seat_rmse": self.seat_rmse, "share_rmse": self.share_rmse,
                "brier": self.brier, "log_loss": self.log_loss,
                "fingerprint": self.fingerprint}


def rmse(errors: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(errors)))) if errors.size else float("nan")


def score(forecast: Forecast, result: Outcome, fingerprint: str | None = None) -> Score:
    """Score one forecast (rows joined to the result's seats on GSS code)."""
    rows = np.array([result.row_of.get(code, -1) for code in forecast.codes], dtype=np.intp)
    matched = rows >= 0
    calls = forecast.calls
    right = sum(1 for i in np.flatnonzero(matched).tolist()
                if calls[i] == result.winners[rows[i]])
    in_gb = [code in result.great_britain for code in forecast.codes]
    called = [c for c, gb in zip(calls, in_gb, strict=True) if gb and c is not None]
    totals = {c: called.count(c) for c in COLUMNS}
    seat_rmse = rmse(np.array([totals[c] - result.totals[c] for c in COLUMNS], dtype=float))
    share = brier = log_loss = None
    values, actual = forecast.values[matched], rows[matched]
    if forecast.kind == "shares":
        share = rmse((values - result.shares[actual])[:, NAMED])
    elif forecast.kind == "probabilities":
        given = values.sum(axis=1) > 0
        probability = values[given] / values[given].sum(axis=1, keepdims=True)
        truth = np.zeros_like(probability)
        winners = [COLUMNS.index(result.winners[r]) for r in actual[given].tolist()]
        truth[np.arange(len(winners)), winners] = 1.0
        brier = float(((probability - truth) ** 2).sum(axis=1).mean())
        won = np.maximum(probability[np.arange(len(winners)), winners], FLOOR)
        log_loss = float(-np.log(won).mean())
    return Score(forecast.name, forecast.title, forecast.kind, right, result.n_seats, totals,
                 seat_rmse, share, brier, log_loss, fingerprint)

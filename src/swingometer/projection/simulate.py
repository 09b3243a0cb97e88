"""Simulated forecasts: many elections drawn around a projection, with correlated errors.

Each simulated election adds to every party's projected share in every seat three normal
errors, each scaled by the square root of the share it perturbs (a binomial-like size: a
party on 40% moves more than one on 4%):

* national, √(σₙ² + σₚ²) × √(GB share), the same in every seat: the polls' miss (σₙ) and the
  pattern error (σₚ), how unevenly a party's change falls over the seats that matter, which
  is there even when the shares themselves are right;
* regional, √(σᵣ² + σₚ²) × √(region share), the same in every seat of a nation or English
  region (the regional polls' miss and the pattern error's regional part);
* seat, σₛ × √(seat share), independent between seats.

A party that does not stand in a seat gets no error there. The seat goes to the largest
share (renormalising would not change the order). Only the parties within ``CONTEST`` of the
seat's projected leader are drawn; the rest cannot win. Seats that the projection does not
move (Northern Ireland unless projected, the Speaker's) keep their winner.

Sizes (fractions, see docs/backtests.md): σₛ and σᵣ come from the backtests
(:func:`swingometer.projection.backtest.error_sizes`: seat residuals of regional uniform swing
given the actual regional shares; regional residuals of uniform swing given only national
shares); σₚ is fitted on the backtests' seat totals (the smallest size whose 5–95% ranges cover
nine in ten of the Con, Lab, LD and SNP totals); σₙ from the final week's polls against the
results, 2015–2024 (:func:`polling_error`). The backtest fits each size leaving the scored
pair out. Runs with the same seed repeat exactly. The point figures shown with a simulation
are its medians, which always lie inside its 5–95% ranges.
"""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from ..errors import DataError, Problem
from .baseline import REGIONS, Index, Matrix

if TYPE_CHECKING:
    import pandas as pd

    from .result import Projection


@dataclass(frozen=True)
class ErrorSizes:
    """Standard deviations of the simulated errors, per √share (fractions)."""

    national: float = 0.058
    regional: float = 0.096
    seat: float = 0.119
    #: the pattern error: a national and a regional error in the seats even when the shares
    #: are right (how unevenly a change falls over the seats that matter)
    pattern: float = 0.06

    @property
    def national_total(self) -> float:
        return float(np.hypot(self.national, self.pattern))

    @property
    def regional_total(self) -> float:
        return float(np.hypot(self.regional, self.pattern))


DEFAULT_ERRORS = ErrorSizes()
#: parties further than this behind a seat's projected leader are not drawn (fraction)
CONTEST = 0.30
BATCH = 1000
Progress = Callable[[int, int], None]


@dataclass(frozen=True, eq=False, repr=False)
class Simulation:
    """The outcome of N simulated elections."""

    n: int
    seed: int
    parties: tuple[str, ...]
    ons_ids: tuple[str, ...]
    #: simulations × parties: seats won
    seat_counts: npt.NDArray[np.int32]
    #: seats × parties: probability of winning
    win_probability: Matrix
    majority_line: int
    errors: ErrorSizes

    def __repr__(self) -> str:
        """``<Simulation of 10,000 elections (seed 7): Lab 431 (351–497), …>``."""
        bands = list(self.seats_summary().items())
        top = ", ".join(f"{p} {b['median']:.0f} ({b['p05']:.0f}–{b['p95']:.0f})"
                        for p, b in bands[:3])
        return f"<Simulation of {self.n:,} elections (seed {self.seed}): {top}" \
               f"{', …' if len(bands) > 3 else ''}>"

    def to_frame(self, level: Literal["party", "seat"] = "party") -> pd.DataFrame:
        """One row per party (median, 5th and 95th percentile and expected seats, chance of a
        majority and of being largest) or one row per seat (GSS code and each party's chance
        of winning it)."""
        import pandas as pd

        if level == "seat":
            table = pd.DataFrame(self.win_probability, columns=list(self.parties))
            table.insert(0, "ons_id", list(self.ons_ids))
            return table
        if level != "party":
            from ..errors import ChoiceError

            raise ChoiceError("simulation level", level, ("party", "seat"))
        majority, largest = self.p_majority(), self.p_largest()
        return pd.DataFrame([{"party": p, **band, "p_majority": majority.get(p, 0.0),
                              "p_largest": largest.get(p, 0.0)}
                             for p, band in self.seats_summary().items()])

    def seats_summary(self) -> dict[str, dict[str, float]]:
        """Per party: median, 5th and 95th percentile seats, and expected seats."""
        out = {}
        p05, median, p95 = np.percentile(self.seat_counts, [5, 50, 95], axis=0)
        expected = self.seat_counts.mean(axis=0)
        for i in np.argsort(-expected, kind="stable"):
            if expected[i] > 0:
                out[self.parties[i]] = {"median": float(median[i]), "p05": float(p05[i]),
                                        "p95": float(p95[i]), "expected": float(expected[i])}
        return out

    def p_majority(self) -> dict[str, float]:
        wins = (self.seat_counts >= self.majority_line).mean(axis=0)
        return {self.parties[i]: float(wins[i]) for i in np.argsort(-wins, kind="stable")
                if wins[i] > 0}

    def p_largest(self) -> dict[str, float]:
        """Probability of being the largest party (a tie shares the win)."""
        top = self.seat_counts == self.seat_counts.max(axis=1, keepdims=True)
        share = (top / top.sum(axis=1, keepdims=True)).mean(axis=0)
        return {self.parties[i]: float(share[i]) for i in np.argsort(-share, kind="stable")
                if share[i] > 0}

    def seat_winners(self) -> dict[str, int]:
        """Seats per party counting each seat for its most likely winner."""
        counts = np.bincount(self.win_probability.argmax(axis=1), minlength=len(self.parties))
        return {self.parties[i]: int(counts[i]) for i in np.argsort(-counts, kind="stable")
                if counts[i] > 0}

    def as_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "seed": self.seed,
            "errors": {"national": self.errors.national, "regional": self.errors.regional,
                       "seat": self.errors.seat, "pattern": self.errors.pattern},
            "point": "median",
            "seats": self.seats_summary(),
            "seat_winners": self.seat_winners(),
            "p_majority": self.p_majority(),
            "p_largest": self.p_largest(),
            "seats_detail": [
                {"ons_id": code, "win_probability": {
                    self.parties[j]: float(row[j]) for j in np.argsort(-row, kind="stable")
                    if row[j] > 0}}
                for code, row in zip(self.ons_ids, self.win_probability, strict=True)],
        }


@dataclass(frozen=True, eq=False)
class Draw:
    """Everything a batch needs, fixed for the whole simulation."""

    contenders: Index  # seats × m: party columns drawn in each seat
    base: npt.NDArray[np.float32]  # seats × m: projected shares (−inf for padding)
    seat_scale: npt.NDArray[np.float32]  # seats × m
    stands: npt.NDArray[np.float32]  # seats × m: 1 where the party stands
    offset_index: Index  # seats × m: into the regions × parties offsets
    national_scale: npt.NDArray[np.float32]  # parties
    regional_scale: npt.NDArray[np.float32]  # regions × parties
    fixed: npt.NDArray[np.bool_]  # seats whose winner is fixed
    fixed_winner: Index


def _draw_plan(projection: Projection, errors: ErrorSizes) -> Draw:
    base = projection.baseline
    shares = np.where(base.winnable, projection.seat_shares, 0.0)
    leader = shares.max(axis=1, keepdims=True)
    close = (shares >= leader - CONTEST) & (shares > 0) & projection.moving[:, None]
    m = int(max(1, close.sum(axis=1).max()))
    contenders = np.argsort(-shares, axis=1, kind="stable")[:, :m]
    picked = np.take_along_axis(shares, contenders, axis=1)
    live = (picked >= leader - CONTEST) & (picked > 0)
    weights = base.valid[:, None] * shares
    regional = np.zeros((len(REGIONS), shares.shape[1]))
    np.add.at(regional, base.region, weights)
    regional /= np.maximum(regional.sum(axis=1, keepdims=True), 1e-12)
    national = weights[base.gb].sum(axis=0) / max(weights[base.gb].sum(), 1e-12)
    fixed = ~projection.moving
    return Draw(
        contenders=contenders,
        base=np.where(live, picked, -np.inf).astype(np.float32),
        seat_scale=(errors.seat * np.sqrt(picked)).astype(np.float32),
        stands=live.astype(np.float32),
        offset_index=base.region[:, None] * shares.shape[1] + contenders,
        national_scale=(errors.national_total * np.sqrt(national)).astype(np.float32),
        regional_scale=(errors.regional_total * np.sqrt(regional)).astype(np.float32),
        fixed=fixed,
        fixed_winner=projection.winner_index,
    )


def _batch(plan: Draw, rng: np.random.Generator, size: int) -> Index:
    """Winners (simulations × seats, party columns) of ``size`` simulated elections."""
    n_regions, k = plan.regional_scale.shape
    national = rng.standard_normal((size, 1, k), dtype=np.float32) * plan.national_scale
    offsets = rng.standard_normal((size, n_regions, k), dtype=np.float32)
    offsets *= plan.regional_scale
    offsets += national
    value = np.take(offsets.reshape(size, -1), plan.offset_index, axis=1)
    noise = rng.standard_normal(value.shape, dtype=np.float32)
    noise *= plan.seat_scale
    value += noise
    value *= plan.stands
    value += plan.base
    local = value.argmax(axis=2)
    winners: Index = np.take_along_axis(plan.contenders[None], local[..., None], axis=2)[..., 0]
    winners[:, plan.fixed] = plan.fixed_winner[plan.fixed]
    return winners


def simulate(projection: Projection, n: int, seed: int | None = None,
             errors: ErrorSizes = DEFAULT_ERRORS, progress: Progress | None = None
             ) -> Simulation:
    """Run ``n`` simulated elections around a projection (seeded runs repeat exactly)."""
    if n < 1:
        raise DataError("simulation", [Problem("simulation", f"need at least one run, not {n}")])
    seed = secrets.randbits(32) if seed is None else seed
    rng = np.random.default_rng(seed)
    plan = _draw_plan(projection, errors)
    n_seats, k = projection.seat_shares.shape
    counts = np.zeros((n, k), dtype=np.int32)
    wins = np.zeros(n_seats * k, dtype=np.int64)
    seat_offset = np.arange(n_seats) * k
    for start in range(0, n, BATCH):
        size = min(BATCH, n - start)
        winners = _batch(plan, rng, size)
        sims = np.arange(size)[:, None] * k
        counts[start:start + size] = np.bincount((sims + winners).ravel(),
                                                 minlength=size * k).reshape(size, k)
        wins += np.bincount((seat_offset + winners).ravel(), minlength=n_seats * k)
        if progress:
            progress(start + size, n)
    base = projection.baseline
    return Simulation(n, seed, base.parties, base.ons_ids, counts,
                      wins.reshape(n_seats, k) / n, projection.majority_line, errors)


def attach(projection: Projection, n: int, seed: int | None,
           progress: Progress | None = None, errors: ErrorSizes = DEFAULT_ERRORS
           ) -> Projection:
    """The projection with a simulated forecast attached."""
    return replace(projection, simulation=simulate(projection, n, seed, errors, progress))


def truth_of(probability: Matrix, actual: Index) -> Matrix:
    """One-hot actual winners (a winner outside the columns, index −1, is a row of zeros)."""
    found = np.zeros_like(probability)
    known = actual >= 0
    found[np.flatnonzero(known), actual[known]] = 1.0
    return found


def brier(probability: Matrix, actual: Index) -> float:
    """Mean over seats of the squared error of the win probabilities, summed over parties
    (0 is perfect; always naming the wrong winner with certainty scores 2)."""
    truth = truth_of(probability, actual)
    return float(((probability - truth) ** 2).sum(axis=1).mean())


def calibration(probability: Matrix, actual: Index,
                edges: tuple[float, ...] = (0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0)
                ) -> list[dict[str, float]]:
    """For each band of forecast win probability: how many (seat, party) forecasts fell in it,
    their mean probability, and how often the party won."""
    truth = truth_of(probability, actual)
    return bands(probability.ravel(), truth.ravel(), edges)


def bands(forecast: npt.NDArray[np.float64], outcome: npt.NDArray[np.float64],
          edges: tuple[float, ...] = (0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0)
          ) -> list[dict[str, float]]:
    """Calibration bands of flat forecasts (probabilities above zero) and outcomes (0 or 1)."""
    rows = []
    for low, high in itertools.pairwise(edges):
        inside = (forecast > low) & (forecast <= high)
        if inside.any():
            rows.append({"from": low, "to": high, "forecasts": int(inside.sum()),
                         "mean_probability": float(forecast[inside].mean()),
                         "won": float(outcome[inside].mean())})
    return rows


def polling_error(polls: pd.DataFrame, results: Mapping[str, Mapping[str, float]],
                  days: int = 7) -> float:
    """σₙ per √share: root mean square of (final-week poll average − result)² ÷ result over
    the elections and parties given. ``polls`` has a ``date`` column and one column per party
    (fractions); ``results`` maps an ISO polling day to {column: GB share as a fraction}."""
    import pandas as pd

    squares = []
    for day, shares in results.items():
        when = pd.Timestamp(day)
        window = polls[(polls["date"] < when) & (polls["date"] >= when - pd.Timedelta(days=days))]
        for column, actual in shares.items():
            estimate = float(window[column].mean())
            if estimate > 0 and actual > 0:  # a party the polls did not report is skipped
                squares.append((estimate - actual) ** 2 / actual)
    return float(np.sqrt(np.mean(squares)))

"""Backtests: each model given the actual shares of a later election, scored against its seats.

Pairs: 2010→2015, 2015→2017, 2017→2019 (same boundaries) and the 2019 notional results on the
2024 boundaries → 2024. National models get the actual Great Britain shares; regional variants
also get the actual shares of every nation and English region (Northern Ireland included).
Scores (Great Britain seats; Northern Ireland is projected only by the regional variants and
is reported apart): seats whose winner is wrong, the sum over parties of absolute seat-count
errors, and the mean absolute error of the projected shares.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from typing import Any

import numpy as np

from .. import catalogue
from ..files import Mirror
from . import baseline as baselines
from .api import methods as registered
from .api import project
from .base import method as get_method
from .baseline import NI, REGIONS, Baseline, Index, Matrix, Vector
from .result import Projection, seat_counts
from .simulate import (
    DEFAULT_ERRORS,
    ErrorSizes,
    bands,
    brier,
    calibration,
    simulate,
    truth_of,
)

DataArg = str | os.PathLike[str] | None
#: (baseline, later election) of each election the catalogue's ``backtest`` column marks
PAIRS: tuple[tuple[str, str], ...] = catalogue.load().backtest_pairs()
#: parties scored in the share error: at least this share of the later GB vote
SCORED_SHARE = 0.01


@dataclass(frozen=True, eq=False)
class Outcome:
    """The later election's result on the baseline's seats and party columns."""

    before: Baseline
    after: Baseline
    #: seats × baseline columns, fractions (parties the baseline lacks pool in ``Oth``)
    shares: Matrix
    winners: tuple[str, ...]
    gb: Vector
    regions: dict[int, Vector]

    @property
    def label(self) -> str:
        return f"{self.before.key}→{self.after.key}"

    def gb_shares(self) -> dict[str, float]:
        return {p: 100 * float(v) for p, v in zip(self.before.parties, self.gb, strict=True)}

    def region_shares(self) -> dict[str, dict[str, float]]:
        return {REGIONS[r]: {p: 100 * float(x) for p, x in zip(self.before.parties, v,
                                                                 strict=True)}
                for r, v in self.regions.items()}

    def seats(self, gb_only: bool = True) -> dict[str, int]:
        mask = self.before.gb if gb_only else np.ones(self.before.n_seats, dtype=bool)
        codes = sorted(set(self.winners))
        index = np.array([codes.index(w) for w in self.winners])
        return seat_counts(tuple(codes), index[mask])


def _align(before: Baseline, after: Baseline) -> Matrix:
    """The later votes on the baseline's seats and columns."""
    if before.ons_ids != after.ons_ids:
        missing = sorted(set(before.ons_ids) ^ set(after.ons_ids))[:5]
        raise ValueError(f"{before.key} and {after.key} are not on the same boundaries: "
                         f"{missing}")
    columns = np.array([before.column(p) if before.has(p) else before.parties.index("Oth")
                        for p in after.parties])
    votes = np.zeros((after.n_seats, len(before.parties)))
    np.add.at(votes.T, columns, after.votes.T)
    return votes


def outcome(before: Baseline, after: Baseline) -> Outcome:
    votes = _align(before, after)
    shares = votes / after.valid[:, None]
    winners = tuple(after.parties[i] for i in after.winners())
    gb = votes[after.gb].sum(axis=0) / after.valid[after.gb].sum()
    regions = {r: votes[after.region == r].sum(axis=0) / after.valid[after.region == r].sum()
               for r in range(len(REGIONS)) if (after.region == r).any()}
    return Outcome(before, after, shares, winners, gb, regions)


@cache
def _outcome(pair: tuple[str, str], mirror: Mirror) -> Outcome:
    data = mirror.parliament
    return outcome(baselines.load(pair[0], data), baselines.load(pair[1], data))


def outcomes(data: DataArg = None) -> list[Outcome]:
    """Every backtest pair, read once per process."""
    mirror = Mirror.configured(data)
    return [_outcome(pair, mirror) for pair in PAIRS]


@dataclass(frozen=True)
class Score:
    """How one model did on one pair."""

    pair: str
    method: str
    seats: dict[str, int]
    actual: dict[str, int]
    wrong: int
    seat_error: int
    share_error: float
    wrong_ni: int
    wrong_seats: tuple[str, ...] = field(default=(), repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {"pair": self.pair, "method": self.method, "seats": self.seats,
                "actual": self.actual, "wrong": self.wrong, "seat_error": self.seat_error,
                "share_error": round(self.share_error, 3), "wrong_ni": self.wrong_ni,
                "wrong_seats": list(self.wrong_seats)}


def run(case: Outcome, method: str, data: DataArg = None, **options: Any) -> Projection:
    """Project a pair with a model given the actual national (and, if regional, all regional)
    shares of the later election. The model of our own uses the parameters fitted without
    this pair (``fit.leave_one_out``)."""
    chosen = get_method(method)
    if chosen.name == "ours" and not options:
        from .fit import leave_one_out

        options = asdict(leave_one_out(data)[case.label])
    return project(case.before, case.gb_shares(), chosen.name,
                   regions=case.region_shares() if chosen.regional else None, **options)


def actual_index(case: Outcome) -> Index:
    """The actual winners as baseline columns (−1 where the winner's party is not one)."""
    base = case.before
    return np.array([base.column(w) if base.has(w) else -1 for w in case.winners],
                    dtype=np.intp)


def score(case: Outcome, projection: Projection) -> Score:
    base = case.before
    gb = base.gb
    projected = np.array([base.parties[i] for i in projection.winner_index])
    actual = np.array(case.winners)
    wrong = projected != actual
    predicted = seat_counts(base.parties, projection.winner_index[gb])
    real = case.seats()
    error = sum(abs(predicted.get(p, 0) - real.get(p, 0)) for p in set(predicted) | set(real))
    scored = case.gb >= SCORED_SHARE
    diff = np.abs(projection.seat_shares[gb][:, scored] - case.shares[gb][:, scored])
    return Score(case.label, projection.method, predicted, real, int(wrong[gb].sum()), error,
                 float(100 * diff.mean()), int(wrong[~gb].sum()),
                 tuple(base.ons_ids[i] for i in np.flatnonzero(wrong & gb)))


def backtest(methods: Sequence[str] | None = None, data: DataArg = None) -> list[Score]:
    """Score every model (or those named) on every pair."""
    names = list(methods) if methods else list(registered())
    return [score(case, run(case, name, data)) for case in outcomes(data) for name in names]


def paired_test(case: Outcome, a: Score, b: Score) -> dict[str, float]:
    """Exact two-sided sign (McNemar) test of two models on one pair: the seats only ``a``
    called right against those only ``b`` did. ``p`` below 0.05 is a significant difference."""
    wrong_a, wrong_b = set(a.wrong_seats), set(b.wrong_seats)
    only_a, only_b = len(wrong_b - wrong_a), len(wrong_a - wrong_b)
    n = only_a + only_b
    tail = sum(math.comb(n, k) for k in range(min(only_a, only_b) + 1)) / 2 ** n if n else 1.0
    return {"only_first_right": only_a, "only_second_right": only_b, "p": min(1.0, 2 * tail)}


# --- simulated forecasts --------------------------------------------------------------------

#: the simulated forecasts scored: a national model (regional and seat errors) and the
#: model of our own given regional shares (seat errors only)
SIMULATED = ("uns", "ours")


#: the parties whose Great Britain seat totals the 5–95% ranges are checked on
COVERED = ("Con", "Lab", "LD", "SNP")
#: the pattern error's candidate sizes, and the share of training seat totals its ranges cover
PATTERN_GRID = tuple(round(0.01 * i, 2) for i in range(13))
COVERAGE_TARGET = 0.9
#: simulated elections per pair when fitting the pattern error
PATTERN_RUNS = 1000


@dataclass(frozen=True)
class Range:
    """A party's actual Great Britain seats against the simulation's 5–95% range."""

    party: str
    actual: int
    low: float
    high: float
    median: float

    @property
    def covered(self) -> bool:
        return self.low <= self.actual <= self.high


def ranges(case: Outcome, sim: Any) -> list[Range]:
    """The covered parties' actual seats against the simulated 5–95% ranges."""
    actual = case.seats()
    found = []
    for party in COVERED:
        if not case.before.has(party):
            continue
        column = sim.seat_counts[:, case.before.column(party)]
        low, median, high = np.percentile(column, [5, 50, 95])
        found.append(Range(party, actual.get(party, 0), float(low), float(high), float(median)))
    return found


@dataclass(frozen=True, eq=False)
class SimulationScore:
    pair: str
    method: str
    brier: float
    #: the same for "the projected winner wins for sure", for comparison
    brier_certain: float
    calibration: list[dict[str, float]]
    #: Great Britain seats × parties win probabilities, and the actual winners' columns
    probability: Matrix = field(repr=False)
    actual: Index = field(repr=False)
    ranges: tuple[Range, ...] = ()
    errors: ErrorSizes = DEFAULT_ERRORS

    def as_dict(self) -> dict[str, Any]:
        return {"pair": self.pair, "method": self.method, "brier": round(self.brier, 4),
                "brier_certain": round(self.brier_certain, 4), "calibration": self.calibration,
                "errors": {k: round(v, 4) for k, v in asdict(self.errors).items()},
                "ranges": [{"party": r.party, "actual": r.actual, "p05": r.low,
                            "median": r.median, "p95": r.high, "covered": r.covered}
                           for r in self.ranges]}


def _given(sizes: ErrorSizes, method: str) -> ErrorSizes:
    """The errors for what a backtested model was not given: the national shares are always
    the actual ones (no polling error), a regional model's regional shares too."""
    regional = get_method(method).regional
    return replace(sizes, national=0.0, regional=0.0 if regional else sizes.regional)


def simulated(case: Outcome, method: str, n: int, seed: int, data: DataArg = None,
              errors: ErrorSizes | None = None) -> SimulationScore:
    """Score a simulated forecast of a pair with error sizes fitted without it
    (``error_sizes(leave_out=…)``), keeping only the errors for what the model was not given."""
    sizes = _given(errors or error_sizes(data, leave_out=case.label), method)
    projection = run(case, method, data)
    sim = simulate(projection, n, seed, sizes)
    gb = case.before.gb
    actual = actual_index(case)[gb]
    certain = np.zeros_like(sim.win_probability)
    certain[np.arange(case.before.n_seats), projection.winner_index] = 1.0
    return SimulationScore(case.label, projection.method,
                           brier(sim.win_probability[gb], actual), brier(certain[gb], actual),
                           calibration(sim.win_probability[gb], actual),
                           sim.win_probability[gb], actual, tuple(ranges(case, sim)), sizes)


def simulation_backtest(n: int = 2000, seed: int = 1, data: DataArg = None
                        ) -> list[SimulationScore]:
    return [simulated(case, method, n, seed, data) for case in outcomes(data)
            for method in SIMULATED]


def _spread_sizes(cases: Sequence[Outcome], data: DataArg) -> tuple[float, float]:
    """σᵣ and σₛ per √share from the pairs given (see ``error_sizes``)."""
    seat: list[Vector] = []
    region: list[Vector] = []
    for case in cases:
        base = case.before
        mask = base.gb & ~base.speaker
        projected = run(case, "regional-uns", data).seat_shares
        kept = (projected >= 0.05) & mask[:, None]
        seat.append((case.shares - projected)[kept] ** 2 / projected[kept])
        national = run(case, "uns", data).seat_shares
        for r, actual in case.regions.items():
            if REGIONS[r] == NI:
                continue
            weights = base.valid[base.region == r]
            share = weights @ national[base.region == r] / weights.sum()
            kept_r = share >= 0.02
            region.append((actual - share)[kept_r] ** 2 / share[kept_r])
    return (float(np.sqrt(np.concatenate(region).mean())),
            float(np.sqrt(np.concatenate(seat).mean())))


@cache
def _covered(pair: str, pattern: float, mirror: Mirror) -> tuple[bool, ...]:
    """Whether the pair's covered seat totals fall in the 5–95% ranges of ``ours`` (given the
    regional shares) simulated with the pair's own left-out seat error and this pattern error."""
    data = mirror.parliament
    case = next(c for c in outcomes(data) if c.label == pair)
    others = [c for c in outcomes(data) if c.label != pair]
    _, seat = _spread_sizes(others, data)
    sizes = ErrorSizes(national=0.0, regional=0.0, seat=seat, pattern=pattern)
    sim = simulate(run(case, "ours", data), PATTERN_RUNS, 1, sizes)
    return tuple(r.covered for r in ranges(case, sim))


def pattern_size(data: DataArg = None, leave_out: str | None = None) -> float:
    """σₚ: the smallest size on ``PATTERN_GRID`` whose simulated 5–95% ranges cover at least
    ``COVERAGE_TARGET`` of the covered parties' seat totals on the pairs other than
    ``leave_out`` (all four if None). Fitted on seat totals, since seat totals are what a
    national pattern of errors moves."""
    mirror = Mirror.configured(data)
    pairs = [c.label for c in outcomes(data) if c.label != leave_out]
    for pattern in PATTERN_GRID:
        hits = [h for pair in pairs for h in _covered(pair, pattern, mirror)]
        if np.mean(hits) >= COVERAGE_TARGET:
            return pattern
    return PATTERN_GRID[-1]


def error_sizes(data: DataArg = None, leave_out: str | None = None) -> ErrorSizes:
    """σᵣ, σₛ and σₚ of the simulation, per √share, from the backtests on every pair but
    ``leave_out`` (all four if None; σₙ is the polls'):

    * seat: residuals of regional uniform swing given each pair's actual regional shares, over
      Great Britain seats (not the Speaker's) and parties projected at 5% or more;
    * regional: residuals of each region's share under uniform swing given only the national
      shares, over the Great Britain regions and parties projected at 2% or more;
    * pattern: fitted on the pairs' seat totals (``pattern_size``).
    """
    cases = [c for c in outcomes(data) if c.label != leave_out]
    regional, seat = _spread_sizes(cases, data)
    return ErrorSizes(national=DEFAULT_ERRORS.national, regional=regional, seat=seat,
                      pattern=pattern_size(data, leave_out))


def backtest_report(simulations: int = 2000, seed: int = 1, data: DataArg = None
                    ) -> dict[str, Any]:
    """Everything ``swingometer backtest`` shows, JSON-ready."""
    from .fit import fit_all, leave_one_out

    sims = simulation_backtest(simulations, seed, data)
    scores = backtest(data=data)
    by = {(s.pair, s.method): s for s in scores}
    pooled = {}
    for method in SIMULATED:
        mine = [s for s in sims if s.method == method]
        seats = np.array([len(s.actual) for s in mine])
        pooled_brier = float(np.dot([s.brier for s in mine], seats) / seats.sum())
        forecast = np.concatenate([s.probability.ravel() for s in mine])
        outcome = np.concatenate([truth_of(s.probability, s.actual).ravel() for s in mine])
        pooled[method] = {"brier": round(pooled_brier, 4),
                          "calibration": bands(forecast, outcome)}
    return {
        "pairs": [f"{a}→{b}" for a, b in PAIRS],
        "scores": [s.as_dict() for s in scores],
        "actual": {case.label: case.seats() for case in outcomes(data)},
        "simulations": [s.as_dict() for s in sims],
        "calibration": pooled,
        "simulation_runs": simulations,
        "seed": seed,
        "errors": asdict(error_sizes(data)),
        "coverage": {method: [sum(r.covered for r in s.ranges) for s in sims
                              if s.method == method] for method in SIMULATED},
        "ours_fits": {pair: asdict(p) for pair, p in leave_one_out(data).items()},
        "ours_against_regional_uns": {
            case.label: paired_test(case, by[(case.label, "ours")],
                                    by[(case.label, "regional-uns")])
            for case in outcomes(data)},
        "ours_fitted_on_all": asdict(fit_all(data)),
    }

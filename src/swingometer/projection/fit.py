"""Fitting the model of our own: a grid search on a smooth loss, leaving the tested pair out.

Every grid point is scored on each pair (given that pair's actual national and regional shares)
by the **squared seat-share error**: the sum over Great Britain seats (not the Speaker's) and
parties of (projected share − actual share)², fractions. Unlike seats wrong (a step function:
near-tied grid points gave 82 to 140 seats wrong on notional 2019→2024) it changes smoothly
with the parameters, so neighbouring points score alike and the chosen point is stable from fold
to fold. The fit minimises the loss summed over the training pairs; ties go to the smaller
parameters. ``leave_one_out`` gives, for each pair, the fit on **the other three pairs**: the
test pair's own result never enters its parameters, but the folds of 2010→2015, 2015→2017 and
2017→2019 do use later elections (so they are not forecasts that could have been made at the
time); notional 2019→2024 is fitted on the three earlier pairs only. ``fit_all`` fits all four
(the parameters for projecting forward).
"""

from __future__ import annotations

import itertools
import os
from functools import cache

import numpy as np
import numpy.typing as npt

from .. import catalogue
from ..files import Mirror
from .areas import frame
from .backtest import PAIRS, Outcome, outcomes
from .base import settle
from .ours import Parameters, ours
from .targets import targets

DataArg = str | os.PathLike[str] | None
GRID: dict[str, tuple[float, ...]] = {
    "decline": (-0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0, 1.25),
    "squeeze": (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6),
    "incumbency": (0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0),
}
#: the earlier pairs the catalogue's ``backtest`` column marks ``fit`` (the last is ``test``):
#: notional 2019→2024's fold is fitted on these only
EARLIER = catalogue.load().fit_pairs()


def wrong_seats(case: Outcome, shares: npt.NDArray[np.float64]) -> int:
    base = case.before
    projected = np.array(base.parties)[base.winners(shares)]
    return int(((projected != np.array(case.winners)) & base.gb).sum())


def squared_error(case: Outcome, shares: npt.NDArray[np.float64]) -> float:
    """Σ (projected − actual seat share)² over Great Britain seats (not the Speaker's) and
    parties: the loss the fit minimises."""
    base = case.before
    kept = base.gb & ~base.speaker
    return float(((shares[kept] - case.shares[kept]) ** 2).sum())


def _scores(cases: list[Outcome]) -> npt.NDArray[np.float64]:
    """The loss for every grid point and pair: shape (*grid sizes, pairs)."""
    frames = [frame(c.before, targets(c.before, c.gb_shares(), c.region_shares()), True)
              for c in cases]
    sizes = [len(v) for v in GRID.values()]
    table = np.zeros((*sizes, len(cases)))
    for index in itertools.product(*(range(n) for n in sizes)):
        values = [GRID[name][i] for name, i in zip(GRID, index, strict=True)]
        for p, (case, seats) in enumerate(zip(cases, frames, strict=True)):
            table[(*index, p)] = squared_error(case, settle(seats, ours(seats, *values)))
    return table


@cache
def _table(mirror: Mirror) -> npt.NDArray[np.float64]:
    return _scores(outcomes(mirror.parliament))


def best(table: npt.NDArray[np.float64], train: list[int]) -> Parameters:
    """The grid point with the lowest loss summed over the training pairs."""
    score = table[..., train].sum(axis=-1)
    flat = int(np.argmin(score))  # first minimum: the smallest parameters on ties
    index = np.unravel_index(flat, score.shape)
    values = [GRID[name][int(i)] for name, i in zip(GRID, index, strict=True)]
    return Parameters(*values)


def training_pairs(p: int) -> list[int]:
    """The pairs the fold testing pair ``p`` is fitted on: every other pair."""
    return [i for i in range(len(PAIRS)) if i != p]


def fit_all(data: DataArg = None) -> Parameters:
    """The parameters fitted on all four pairs (what ``ours`` uses by default)."""
    return best(_table(Mirror.configured(data)), list(range(len(PAIRS))))


def leave_one_out(data: DataArg = None) -> dict[str, Parameters]:
    """For each pair, the parameters fitted on the other three pairs (``training_pairs``)."""
    table = _table(Mirror.configured(data))
    fits = {}
    for p, (before, after) in enumerate(PAIRS):
        fits[f"{before}→{after}"] = best(table, training_pairs(p))
    return fits

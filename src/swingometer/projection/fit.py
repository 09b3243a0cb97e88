"""Fitting the model of our own: a grid search on earlier election pairs only.

Every grid point is scored by Great Britain seats wrong on each pair (given that pair's actual
national and regional shares). A point's score is the mean over it and its neighbours on the
grid (a flat minimum generalises better than a lone lucky point), summed over the training
pairs; ties go to the smaller parameters. ``leave_one_out`` gives, for each pair, the fit on
the *earlier* pairs other than it (2010→2015, 2015→2017 and 2017→2019 test on the other two;
notional 2019→2024 on all three), so no pair is ever scored with parameters it helped choose.
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
#: how many pairs (the earliest) parameters may be fitted on — the catalogue's ``backtest``
#: column says ``fit``; the later ``test`` pair is only ever a test
EARLIER = catalogue.load().fit_pairs()


def wrong_seats(case: Outcome, shares: npt.NDArray[np.float64]) -> int:
    base = case.before
    projected = np.array(base.parties)[base.winners(shares)]
    return int(((projected != np.array(case.winners)) & base.gb).sum())


def _scores(cases: list[Outcome]) -> npt.NDArray[np.int64]:
    """Seats wrong for every grid point and pair: shape (*grid sizes, pairs)."""
    frames = [frame(c.before, targets(c.before, c.gb_shares(), c.region_shares()), True)
              for c in cases]
    sizes = [len(v) for v in GRID.values()]
    table = np.zeros((*sizes, len(cases)), dtype=np.int64)
    for index in itertools.product(*(range(n) for n in sizes)):
        values = [GRID[name][i] for name, i in zip(GRID, index, strict=True)]
        for p, (case, seats) in enumerate(zip(cases, frames, strict=True)):
            shares = settle(seats, ours(seats, *values))
            table[(*index, p)] = wrong_seats(case, shares)
    return table


@cache
def _table(mirror: Mirror) -> npt.NDArray[np.int64]:
    return _scores(outcomes(mirror.parliament))


def smooth(table: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """Each grid point's scores averaged with its neighbours (one step along each axis)."""
    axes = table.ndim - 1
    total = np.zeros(table.shape)
    count = np.zeros(table.shape)
    for shift in itertools.product((-1, 0, 1), repeat=axes):
        moved = table.astype(float)
        present = np.ones(table.shape)
        for axis, step in enumerate(shift):
            moved = _shift(moved, axis, step)
            present = _shift(present, axis, step)
        total += moved
        count += present
    result: npt.NDArray[np.float64] = total / count
    return result


def _shift(values: npt.NDArray[np.float64], axis: int, step: int) -> npt.NDArray[np.float64]:
    """Values moved one step along an axis, zero where nothing moved in."""
    if step == 0:
        return values
    out = np.zeros_like(values)
    source = [slice(None)] * values.ndim
    target = [slice(None)] * values.ndim
    source[axis] = slice(None, -1) if step > 0 else slice(1, None)
    target[axis] = slice(1, None) if step > 0 else slice(None, -1)
    out[tuple(target)] = values[tuple(source)]
    return out


def best(table: npt.NDArray[np.int64], train: list[int]) -> Parameters:
    """The grid point with the lowest smoothed seats wrong over the training pairs."""
    score = smooth(table)[..., train].sum(axis=-1)
    flat = int(np.argmin(score))  # first minimum: the smallest parameters on ties
    index = np.unravel_index(flat, score.shape)
    values = [GRID[name][int(i)] for name, i in zip(GRID, index, strict=True)]
    return Parameters(*values)


def fit_all(data: DataArg = None) -> Parameters:
    """The parameters fitted on all four pairs (what ``ours`` uses by default)."""
    return best(_table(Mirror.configured(data)), list(range(len(PAIRS))))


def leave_one_out(data: DataArg = None) -> dict[str, Parameters]:
    """For each pair, the parameters fitted on the earlier pairs other than it."""
    table = _table(Mirror.configured(data))
    fits = {}
    for p, (before, after) in enumerate(PAIRS):
        train = [i for i in range(EARLIER) if i != p]
        fits[f"{before}→{after}"] = best(table, train)
    return fits

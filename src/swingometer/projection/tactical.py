"""Tactical voting: an editable matrix of the fraction of one party's voters who lend their vote
to another where that other party is better placed.

``matrix[a][b] = f`` moves a fraction ``f`` of party *a*'s projected share in a seat to party
*b*, in the seats where *b* is placed first or second and *a* third or lower (after the model
has projected the seat), net of what the same matrix says the baseline result already holds:
so zero change still reproduces the baseline, a lender newly squeezed to third starts lending,
and a party that has risen into the top two takes its lent votes back (tactical unwind).
Applied once, not iterated. The fractions a party lends must sum to at most one. Source: the
idea of Electoral Calculus's tactical-voting option and of J. Curtice and M. Steed's analyses
of anti-Conservative tactical voting (Nuffield studies, 1997 onwards).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from ..errors import DataError, Problem
from .areas import Frame
from .base import register
from .baseline import Baseline, Matrix
from .uniform import uniform

Tactical = Mapping[str, Mapping[str, float]]

#: a modest anti-Conservative default of the 2019–24 kind (edit freely; see docs/projection.md)
DEFAULT_TACTICAL: dict[str, dict[str, float]] = {
    "Lab": {"LD": 0.15},
    "LD": {"Lab": 0.15},
    "Green": {"Lab": 0.15, "LD": 0.15},
}


def tactical_matrix(baseline: Baseline, tactical: Tactical) -> Matrix:
    """The matrix as parties × parties fractions; every problem is listed in one error."""
    frozen = tuple((a, tuple(row.items())) for a, row in tactical.items())
    return _matrix(baseline, frozen).copy()


@lru_cache(maxsize=64)
def _matrix(baseline: Baseline, tactical: tuple[tuple[str, tuple[tuple[str, float], ...]], ...]
            ) -> Matrix:
    k = len(baseline.parties)
    matrix = np.zeros((k, k))
    problems: list[Problem] = []
    where = "tactical voting matrix"
    for lender, row in tactical:
        for receiver, fraction in row:
            bad = [p for p in (lender, receiver) if not baseline.has(p)]
            if bad:
                problems += [Problem(where, f"unknown party {p!r} for the {baseline.key} "
                                     f"baseline; choose from: {', '.join(baseline.parties)}")
                             for p in bad]
                continue
            if not 0 <= fraction <= 1:
                problems.append(Problem(where, f"{lender}→{receiver} is {fraction}; a fraction "
                                        "of voters lies between 0 and 1"))
                continue
            matrix[baseline.column(lender), baseline.column(receiver)] += fraction
    over = [baseline.parties[i] for i in np.flatnonzero(matrix.sum(axis=1) > 1 + 1e-9)]
    problems += [Problem(where, f"{p} lends more than all its voters") for p in over]
    if problems:
        raise DataError(where, problems)
    return matrix


def flows(shares: Matrix, matrix: Matrix, winnable: npt.NDArray[np.bool_]) -> Matrix:
    """Net votes each party gains (+) or lends (−) in each seat where lenders are placed third
    or lower and receivers first or second."""
    ranked = np.where(winnable, shares, -1.0)
    top_two = np.zeros(shares.shape)
    order = np.argpartition(-ranked, 1, axis=1)[:, :2]
    np.put_along_axis(top_two, order, 1.0, axis=1)
    lenders = shares * (1.0 - top_two)
    lent = lenders * (top_two @ matrix.T)
    received = top_two * (lenders @ matrix)
    result: Matrix = received - lent
    return result


def lend(projected: Matrix, baseline: Baseline, matrix: Matrix) -> Matrix:
    """Apply the matrix to the projected seats, net of the lending the baseline result already
    holds under the same matrix: where a seat's placings and shares are unchanged nothing
    moves (zero change still reproduces the baseline), where a lender has fallen to third new
    lending starts, and where it has risen to the top two its baseline lending unwinds."""
    now = flows(projected, matrix, baseline.winnable)
    result: Matrix = projected + now - _baseline_flows(baseline, matrix.tobytes())
    return result


@lru_cache(maxsize=32)
def _baseline_flows(baseline: Baseline, matrix: bytes) -> Matrix:
    k = len(baseline.parties)
    table = np.frombuffer(matrix).reshape(k, k)
    return flows(baseline.shares, table, baseline.winnable)


@register("tactical", "uniform swing, then tactical lending to the top two (editable matrix)",
          "Electoral Calculus tactical-voting option; J. Curtice and M. Steed on "
          "anti-Conservative tactical voting (Nuffield studies, 1997 onwards)", tactical=True)
def tactical(frame: Frame) -> Matrix:
    """Uniform swing; the tactical matrix is applied afterwards by :func:`project`."""
    return uniform(frame)

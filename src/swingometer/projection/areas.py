"""Per-seat reference shares: what each party had, and is to have, in the area a seat moves with.

An *area* is a region the user gave shares for, or the rest of Great Britain, which takes the
change the national shares leave after the named regions (so the Great Britain totals hold).
Northern Ireland moves only when given as a region; the Speaker's seat never moves.

By default (the textbook models) a party's change in its area applies in every seat of the area,
so a fall of 1.3 points in the SNP's Great Britain share is a fall of 1.3 points in each
Scottish seat. With ``nations=True`` a party that stands in only some nations of an area (the
SNP, Plaid Cymru) has its change applied where it stands, scaled up by the area's votes over
those nations' votes: the same fall is then one of about 15 points in Scotland. Regional
shares make the question moot for the nations given.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .baseline import NATIONS, NI, REGIONS, Baseline, Index, Mask, Matrix, Vector
from .targets import Targets


@dataclass(frozen=True, eq=False)
class Layout:
    """The part of a frame that depends only on the baseline and which regions were named."""

    #: area of each seat; ``n_areas`` (a row of zeros) for seats that do not move
    area: Index
    #: areas × seats: valid votes of the seat in its area, else 0
    weight: Matrix
    #: seats × parties: the party's change applies in this seat
    home: Mask
    #: areas × parties: share of the area (plain), share where the party stands, scale of change
    plain: Matrix
    old: Matrix
    scale: Matrix
    #: areas × parties: valid votes where the party stands (for area means)
    home_valid: Matrix
    #: region of each area (-1 for the rest of Great Britain)
    regions: tuple[int, ...]

    @property
    def moving(self) -> Mask:
        return self.area < len(self.regions)


def _areas(baseline: Baseline, named: tuple[int, ...]) -> tuple[Index, tuple[int, ...]]:
    ni = REGIONS.index(NI)
    order = (-1, *named)
    area = np.full(baseline.n_seats, len(order), dtype=np.intp)
    rest = baseline.gb & ~np.isin(baseline.region, named)
    area[rest] = 0
    for i, r in enumerate(named, start=1):
        area[baseline.region == r] = i
    if ni not in named:
        area[baseline.region == ni] = len(order)
    area[baseline.speaker] = len(order)
    return area, order


@lru_cache(maxsize=64)
def layout(baseline: Baseline, named: tuple[int, ...], nations: bool = False) -> Layout:
    """Areas, home nations and baseline references for a baseline and the named regions
    (``nations``: restrict each party's change to the nations where it stands)."""
    area, order = _areas(baseline, named)
    n_areas, n_nations = len(order), len(NATIONS)
    group = area * n_nations + baseline.nation
    onehot = np.zeros(((n_areas + 1) * n_nations, baseline.n_seats))
    onehot[group, np.arange(baseline.n_seats)] = 1.0
    votes = (onehot @ baseline.votes).reshape(n_areas + 1, n_nations, -1)
    valid = (onehot @ baseline.valid).reshape(n_areas + 1, n_nations, 1)
    if nations:
        stands = votes > 0
        nowhere = ~stands.any(axis=1, keepdims=True)
        stands = stands | (nowhere & (valid > 0))
    else:
        stands = np.broadcast_to(valid > 0, votes.shape)
    home_valid = (stands * valid).sum(axis=1)
    home_votes = (stands * votes).sum(axis=1)
    area_valid = valid.sum(axis=1)
    safe = np.where(home_valid > 0, home_valid, 1.0)
    old = home_votes / safe
    scale = np.where(home_valid > 0, area_valid / safe, 0.0)
    plain = votes.sum(axis=1) / np.where(area_valid > 0, area_valid, 1.0)
    home = stands[area, baseline.nation]
    home[area == n_areas] = False
    weight = np.zeros((n_areas + 1, baseline.n_seats))
    weight[area, np.arange(baseline.n_seats)] = baseline.valid
    return Layout(area, weight, home, plain, old, scale, home_valid, order)


@dataclass(frozen=True, eq=False)
class Frame:
    """What a model needs: baseline seat shares and, per seat, each party's reference share in
    its area before (``old``) and after (``new``), both zero where the party does not move."""

    baseline: Baseline
    layout: Layout
    shares: Matrix
    old: Matrix
    new: Matrix

    @property
    def moving(self) -> Mask:
        return self.layout.moving

    def area_mean(self, values: Matrix) -> Matrix:
        """Per seat, the vote-weighted mean of ``values`` over the seats of its area where the
        party stands (the same weighting as ``old``)."""
        lay = self.layout
        total = lay.weight @ (values * lay.home)
        mean = total / np.where(lay.home_valid > 0, lay.home_valid, 1.0)
        result: Matrix = mean[lay.area] * lay.home
        return result


def area_targets(baseline: Baseline, lay: Layout, targets: Targets) -> Matrix:
    """Areas × parties target shares: each named region's own, and for the rest of Great
    Britain whatever the national shares leave once the named regions and the seats that do
    not move (the Speaker's) are taken out, so the Great Britain totals hold exactly (a party
    with no votes in the rest stays put)."""
    wanted = np.zeros_like(lay.plain)
    gb = baseline.gb
    residual = targets.gb * float(baseline.valid[gb].sum())
    residual = residual - baseline.votes[gb & ~lay.moving].sum(axis=0)
    for i, r in enumerate(lay.regions):
        if r < 0:
            continue
        wanted[i] = targets.regions[r]
        if REGIONS[r] != NI:
            residual = residual - targets.regions[r] * float(baseline.valid[lay.area == i].sum())
    rest_valid = float(lay.weight[0].sum())
    if rest_valid > 0:
        rest = residual / rest_valid
        wanted[0] = np.where(lay.plain[0] > 0, rest, 0.0)
    return wanted


def frame(baseline: Baseline, targets: Targets, nations: bool = False) -> Frame:
    """Per-seat references for these targets."""
    lay = layout(baseline, tuple(sorted(targets.regions)), nations)
    change: Vector = area_targets(baseline, lay, targets) - lay.plain
    new_area = lay.old + change * lay.scale
    old = lay.old[lay.area] * lay.home
    new = new_area[lay.area] * lay.home
    return Frame(baseline, lay, baseline.shares, old, new)

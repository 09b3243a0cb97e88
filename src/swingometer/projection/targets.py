"""The shares a user asks for, checked and completed against a baseline.

Rule (said in the output whenever it changes a figure): the parties named take the shares
given; the parties not named absorb the difference in proportion to their baseline shares
(``--share Lab=40`` puts Labour on 40% and shrinks every other party by one factor). Named
shares that sum above 100, negative or non-finite shares, and unknown parties are errors
listing every problem.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from ..errors import ChoiceError, DataError, Problem
from .baseline import NI, REGIONS, SPEAKER, Baseline, Vector

TOLERANCE = 1e-6


class ShareError(DataError):
    """Shares that cannot be projected (negative, above 100 in total, not numbers)."""


@dataclass(frozen=True)
class Targets:
    """Completed target shares (fractions): Great Britain, and any regions the user gave."""

    gb: Vector
    regions: Mapping[int, Vector] = field(default_factory=dict)
    notices: tuple[str, ...] = ()


def _problems(shares: Mapping[str, float], where: str) -> list[Problem]:
    found = []
    for party, value in shares.items():
        if not isinstance(value, int | float) or not math.isfinite(value):
            found.append(Problem(where, f"the share of {party} is not a number: {value!r}"))
        elif value < 0:
            found.append(Problem(where, f"the share of {party} is negative: {value}"))
        elif value > 100:
            found.append(Problem(where, f"the share of {party} is above 100: {value}"))
    if not found and sum(shares.values()) > 100 + TOLERANCE:
        total = sum(shares.values())
        found.append(Problem(where, f"the shares named sum to {total:g}, above 100"))
    return found


def complete(baseline: Baseline, shares: Mapping[str, float], before: Vector,
             where: str) -> tuple[Vector, str | None]:
    """Target fractions for every column: the named parties take the shares given; the parties
    not named absorb the difference, each in proportion to its baseline share (the rule of
    Electoral Calculus and UK Polling Report). Returns the vector and a notice if the parties
    not named were scaled."""
    unknown = [party for party in shares if not baseline.has(party)]
    if unknown:
        raise ChoiceError(f"party for the {baseline.key} baseline ({where})",
                          ", ".join(unknown), baseline.parties)
    problems = _problems(shares, where)
    if problems:
        raise ShareError(where, problems)
    named = np.zeros(len(baseline.parties), dtype=bool)
    target = np.zeros(len(baseline.parties))
    for party, value in shares.items():
        i = baseline.column(party)
        named[i] = True
        target[i] += value / 100
    # the Speaker's seat never moves, so the Speaker's share is kept as it is
    fixed = ~named & (np.array(baseline.parties) == SPEAKER)
    target[fixed] = before[fixed]
    absorbs = ~named & ~fixed
    rest = float(before[absorbs].sum())
    given = float(target[named | fixed].sum())
    if rest <= TOLERANCE:
        if abs(1 - given) > TOLERANCE:
            raise ShareError(where, [Problem(where, f"the shares named sum to {100 * given:g} "
                                                    "and no party not named has a share to "
                                                    "make up the difference to 100")])
        return np.where(absorbs, 0.0, target), None
    factor = (1 - given) / rest
    target = np.where(absorbs, before * factor, target)
    notice = None
    if named.any() and abs(factor - 1) > 1e-9:
        unnamed = ", ".join(p for p, a, b in zip(baseline.parties, absorbs, before, strict=True)
                            if a and b > 0)
        shown = float(target[named].sum())
        notice = (f"{where}: the parties named take the shares given ({100 * shown:.1f} in "
                  f"all); the parties not named ({unnamed}) were scaled by {factor:.4f}, from "
                  f"{100 * rest:.1f} to {100 * (1 - given):.1f} in all, so that the total is "
                  "100")
    return target, notice


def targets(baseline: Baseline, shares: Mapping[str, float] | None,
            regions: Mapping[str, Mapping[str, float]] | None = None) -> Targets:
    """Complete the national and regional shares a user gave (percentages)."""
    notices: list[str] = []
    gb, notice = complete(baseline, shares or {}, baseline.national_shares(),
                          "Great Britain shares")
    notices += [notice] if notice else []
    by_region: dict[int, Vector] = {}
    for name, region_shares in (regions or {}).items():
        r = baseline.region_index(name)
        before = baseline.area_shares(baseline.region == r)
        by_region[r], notice = complete(baseline, region_shares, before,
                                        f"{REGIONS[r]} shares")
        notices += [notice] if notice else []
    if REGIONS.index(NI) not in by_region and (baseline.region == REGIONS.index(NI)).any():
        notices.append("Northern Ireland stays at its baseline (give --region "
                       "\"Northern Ireland:…\" to project it)")
    return Targets(gb, by_region, tuple(notices))

"""The shares a user asks for, checked and completed against a baseline.

Rule (said in the output whenever it changes a figure): parties not named keep their baseline
share; the named ones are scaled by one factor so that the total is 100. Named shares that sum
above 100, negative or non-finite shares, and unknown parties are errors listing every problem.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from ..errors import ChoiceError, DataError, Problem
from .baseline import NI, REGIONS, Baseline, Vector

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
    """Target fractions for every column: named parties scaled so that, with the unnamed ones
    at their baseline share, the total is 100. Returns the vector and a notice if scaled."""
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
    rest = float(before[~named].sum())
    given = float(target[named].sum())
    if given <= TOLERANCE and abs(1 - rest - given) > TOLERANCE:
        raise ShareError(where, [Problem(where, "the shares named are (all but) zero and the "
                                                "parties not named do not make 100")])
    factor = (1 - rest) / given if given > TOLERANCE else 1.0
    target = np.where(named, target * factor, before)
    notice = None
    if abs(factor - 1) > 1e-9:
        unnamed = ", ".join(p for p, n, b in zip(baseline.parties, named, before, strict=True)
                            if not n and b > 0)
        notice = (f"{where}: the shares named sum to {100 * given:.1f}; with the parties not "
                  f"named at their baseline share ({100 * rest:.1f} in all"
                  + (f": {unnamed}" if unnamed else "")
                  + f") they were scaled by {factor:.4f} so that the total is 100")
        if abs(factor - 1) > 0.05:
            notice += (": the projection does NOT use the shares as given; to keep them, name "
                       "the parties that lose or gain the difference too (e.g. --share Con=…)")
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

"""First-term incumbents: seats the baseline's winner took from another party at that election.

A party defending a seat it gained at the last election usually does better than the swing
says (the "sophomore surge": a new MP's personal vote; J. Curtice and M. Steed, appendices to
the Nuffield studies; P. Norton and D. Wood, *Back from Westminster*, 1993). The model of our
own uses it.

* A general election is compared with the previous one on the same boundaries (2010 with the
  2005 notional results, 2024 with the 2019 notional results).
* The 2019 notional results are compared through the old boundaries: a new seat counts as
  gained if its main predecessor (the old seat that supplied most of its population, from the
  official constituency-area overlaps) changed hands in 2019 to the notional winner.
* The 2005 notional results have no earlier election here: no seat counts as gained.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .. import catalogue, elections
from ..errors import DataError, Problem
from ..files import fetch
from ..model import Contest

OVERLAPS = "parliament/constituency-area-overlaps.csv"
#: a notional result → the actual election it recasts, on the old boundaries (the catalogue's
#: ``recasts`` column: 2019-notional → 2019)
RECASTS = catalogue.load().recasts()
#: columns of the overlaps file (no header): old code, new code, and the shares of the old
#: seat's population in the new seat and of the new seat's population from the old one
OLD_CODE, NEW_CODE, OLD_POPULATION, NEW_POPULATION = 1, 3, 9, 10


@dataclass(frozen=True)
class Overlap:
    old: str
    new: str
    #: share of the old seat's population that is in the new seat
    of_old: float
    #: share of the new seat's population that came from the old seat
    of_new: float


def winners(seats: Sequence[Contest]) -> dict[str, str]:
    return {c.ons_id: c.winner.party for c in seats if c.ons_id}


def read_overlaps(path: Path | str) -> list[Overlap]:
    """The official old-boundary ↔ new-boundary population overlaps (one error lists every
    malformed row)."""
    found: list[Overlap] = []
    problems: list[Problem] = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for line, row in enumerate(csv.reader(handle), start=1):
            try:
                found.append(Overlap(row[OLD_CODE].strip(), row[NEW_CODE].strip(),
                                     float(row[OLD_POPULATION]), float(row[NEW_POPULATION])))
            except (IndexError, ValueError):
                problems.append(Problem(str(path), "expected an old code, a new code and "
                                        "population overlap fractions", row=line))
    if problems:
        raise DataError(str(path), problems)
    return found


@cache
def _overlaps(path: Path) -> tuple[Overlap, ...]:
    return tuple(read_overlaps(path))


def predecessors(data: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """New (2024) GSS code → the old seat that supplied most of its population."""
    best: dict[str, Overlap] = {}
    for o in _overlaps(fetch(OVERLAPS, data)):
        if o.new not in best or o.of_new > best[o.new].of_new:
            best[o.new] = o
    return {new: o.old for new, o in best.items()}


def successors(data: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """Old (2010–2019) GSS code → the new seat that took most of its population."""
    best: dict[str, Overlap] = {}
    for o in _overlaps(fetch(OVERLAPS, data)):
        if o.old not in best or o.of_old > best[o.old].of_old:
            best[o.old] = o
    return {old: o.new for old, o in best.items()}


def _changed_hands(key: str, data: elections.DataArg) -> dict[str, str]:
    """GSS code → winner, for the seats of a general election won from another party."""
    src = elections.source(key)
    if src.baseline is None:
        return {}
    now = winners(elections.contests(key, data))
    before = winners(elections.contests(src.baseline, data))
    return {code: party for code, party in now.items()
            if code in before and before[code] != party}


def first_term(key: str, seats: Sequence[Contest],
               data: str | os.PathLike[str] | None = None) -> list[bool]:
    """For each seat, whether its winner gained it at this election (see module doc)."""
    if key in RECASTS:
        gained = _changed_hands(RECASTS[key], data)
        predecessor = predecessors(data)
        return [gained.get(predecessor.get(c.ons_id or "", ""), "") == c.winner.party
                for c in seats]
    gained = _changed_hands(key, data)
    return [c.ons_id in gained for c in seats]

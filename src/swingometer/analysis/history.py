"""Who held a seat at each general election, and since when a party has held it.

Continuity is by constituency name across boundary changes (``Bedfordshire Mid``,
``Mid-Bedfordshire`` and ``Mid Bedfordshire`` are one seat) before 2010 and by GSS code from
2010, so "held since" describes the seat of that name, whose boundaries may have moved.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ..parties import lineage


@dataclass(frozen=True)
class Holding:
    """One general election's winner in a seat."""

    election: str
    order: float
    year: int
    party: str
    constituency: str
    #: "general" for a general election's winner, "by" for a by-election's
    kind: str = "general"

    def as_dict(self) -> dict[str, object]:
        return {"election": self.election, "year": self.year, "party": self.party,
                "constituency": self.constituency}


@dataclass(frozen=True)
class HeldSince:
    """Since when the seat's holder has held it without a break."""

    party: str
    year: int
    election: str
    #: the run may reach further back than the data shows
    at_least: bool

    def as_dict(self) -> dict[str, object]:
        return {"party": self.party, "year": self.year, "election": self.election,
                "at_least": self.at_least}


@dataclass(frozen=True)
class Standing:
    """Where a seat stood when a contest was held: who held it at dissolution (by-elections
    included) and since when its holder had held it. The card and the story read this."""

    held_since: HeldSince | None = None
    #: the seat's last winner before this contest, general election or by-election
    sitting: Holding | None = None


def standing(kind: str, year: int, holder: str, history: Sequence[Holding],
             elections: Sequence[float]) -> Standing:
    """The seat's standing for a contest of ``kind`` in ``year`` whose baseline winner is
    ``holder``; ``history`` is the seat's record oldest first (this contest included when it is
    a general election), ``elections`` every general election of the series."""
    # a general election of the same year is before a by-election, and is the contest itself
    # (or what it recasts) for a general or notional one
    earlier = [h for h in history if h.order < year or (kind == "by" and h.year == year)]
    since = held_since(earlier, holder, elections) if elections else None
    held = None if since is None else HeldSince(
        holder, since.year, since.election, held_since_open(earlier, since.order))
    return Standing(held, earlier[-1] if earlier else None)


#: labels of the Library's 1918–2019 series that pool several parties
POOLED = frozenset({"Oth", "Nat"})
#: seats renamed without a change of spelling a key could absorb: old key → current key
RENAMED = {"and orkney zetland": "and orkney shetland"}


def name_key(name: str) -> str:
    """A spelling-proof key: ``"Mid-Bedfordshire"`` and ``"Bedfordshire Mid"`` agree.

    >>> name_key("Mid-Bedfordshire") == name_key("Bedfordshire Mid")
    True
    >>> name_key("Ynys Môn") == name_key("Ynys Mon")
    True
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", " ", folded.lower().replace("&", " and ")).split()
    key = " ".join(sorted(words))
    return RENAMED.get(key, key)


def held_since(history: Sequence[Holding], party: str,
               elections: Sequence[float]) -> Holding | None:
    """The first election of the party's unbroken run of wins ending at the last one in
    ``history`` (ordered oldest first). ``elections`` lists every general election in the
    series; a gap in the seat's record ends the run, so no claim outruns the data. A party's
    predecessors count (the Liberal Democrats continue the Liberals)."""
    if not history or party in ("Oth", "Ind"):
        return None
    family = lineage(party)
    position = {order: i for i, order in enumerate(elections)}
    since = None
    for holding in reversed(history):
        if holding.party not in family:
            break
        if since is not None and position.get(since.order, 0) - position.get(holding.order, 0) > 1:
            break
        since = holding
    return since


def held_since_open(history: Sequence[Holding], since_order: float) -> bool:
    """Whether a "held since" run may reach further back than the data shows: the result
    just before it is one the Library's 1918–2019 series pools (``Oth``, or ``Nat`` where the
    nation is not known), so the same party may have held the seat then too (Sinn Féin, the
    DUP, the Speaker before 2010 are "others" there).

    >>> sf = [Holding("2005", 2005.0, 2005, "Oth", "West Tyrone"),
    ...       Holding("2010", 2010.0, 2010, "SF", "West Tyrone")]
    >>> held_since_open(sf, 2010.0), held_since_open(sf[1:], 2010.0)
    (True, False)
    """
    before = [h for h in history if h.order < since_order]
    return bool(before) and max(before, key=lambda h: h.order).party in POOLED

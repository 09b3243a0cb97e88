"""Who held a seat at each election, by-elections included, and since when a party has held it.

A seat's history follows its lineage (``analysis.lineage``, docs/lineage.md): by GSS code
from 2010, through the 2024 boundaries where a seat keeps an old seat's name or is that seat
renamed, and by name through the Library's 1918–2019 series before 2010, with the series' own
spelling variants and dropped county prefixes linked. By-elections change a seat's holder
too: the official by-election files from 2010 and the Library's list of by-elections in Great
Britain since 1945 (CBP-7529) before that.

"Held since" describes the party that held the seat at dissolution — the last winner before
the contest, by-elections included — and the start of its unbroken run: Rochdale at the 2024
general election was the Workers Party's since the February 2024 by-election, whatever the
2019 result the Library measures change against. A seat created at the last boundary review
has no run before its first election: its :class:`Standing` names its creation and its
largest predecessor instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from ..parties import lineage


@dataclass(frozen=True)
class Holding:
    """One election's winner in a seat: a general election's, or a by-election's."""

    election: str
    #: sortable: a general election's year (1974.2 and 1974.8 for the two of 1974); a
    #: by-election's is its parliament's general election plus days since that year began
    #: over 100,000, so it sorts after that general election and before the next
    order: float
    year: int
    party: str
    constituency: str
    #: "general" for a general election's winner, "by" for a by-election's
    kind: str = "general"
    #: polling day where the source gives it (every by-election; general elections from 2010)
    date: date | None = None

    def as_dict(self) -> dict[str, object]:
        return {"election": self.election, "year": self.year, "party": self.party,
                "constituency": self.constituency, "kind": self.kind,
                "date": self.date.isoformat() if self.date else None}


def by_election_label(day: date) -> str:
    """``"February 2024 by-election"``."""
    return f"{day:%B} {day.year} by-election"


def by_election_order(parliament: float, day: date) -> float:
    """A by-election's :attr:`Holding.order` in the parliament elected at ``parliament``."""
    return parliament + (day - date(int(parliament), 1, 1)).days / 100_000


@dataclass(frozen=True)
class HeldSince:
    """Since when the seat's holder at dissolution has held it without a break."""

    party: str
    year: int
    #: the election that began the run: "1931", "October 1974", "February 2024 by-election"
    election: str
    #: the run may reach further back than the data shows
    at_least: bool
    #: "by" when the run began at a by-election
    kind: str = "general"
    #: polling day of the election that began the run, where known (by-elections, 2010 on)
    date: date | None = None
    #: the run began at the seat's first election, the seat being created then (2024 seats)
    created: bool = False
    #: the seat's name when the run began, as the source spells it ("The Hartlepools")
    constituency: str = ""

    def as_dict(self) -> dict[str, object]:
        return {"party": self.party, "year": self.year, "election": self.election,
                "at_least": self.at_least, "kind": self.kind,
                "date": self.date.isoformat() if self.date else None,
                "created": self.created, "constituency": self.constituency}


@dataclass(frozen=True)
class Predecessor:
    """The largest predecessor of a seat created at a boundary review (by population, from the
    official overlaps), and where it stood at dissolution."""

    constituency: str
    ons_id: str
    #: share of the new seat's population that lived in the predecessor
    share: float
    sitting: Holding | None = None
    held_since: HeldSince | None = None

    def as_dict(self) -> dict[str, object]:
        return {"constituency": self.constituency, "ons_id": self.ons_id,
                "share": self.share,
                "sitting": self.sitting.as_dict() if self.sitting else None,
                "held_since": self.held_since.as_dict() if self.held_since else None}


class SeatHistory(list[Holding]):
    """A seat's holdings, oldest first (a list), with what its lineage says beyond them: the
    year the seat was created (where the official overlaps say it is new) and, then, its
    largest predecessor's own history."""

    def __init__(self, holdings: Iterable[Holding] = (), *, created: int | None = None,
                 predecessor: tuple[str, str, float, SeatHistory] | None = None) -> None:
        super().__init__(holdings)
        self.created = created
        #: (name, GSS code, share of the new seat's population, its history)
        self.predecessor = predecessor


@dataclass(frozen=True)
class Standing:
    """Where a seat stood when a contest was held: who held it at dissolution (by-elections
    included) and since when that party had held it. The card and the story read this."""

    #: the run of the party that held the seat at dissolution (``sitting.party``), None where
    #: nothing is known (no earlier result, a new seat, or "others" pooled by the series)
    held_since: HeldSince | None = None
    #: the seat's last winner before this contest, general election or by-election
    sitting: Holding | None = None
    #: the year the seat was created, where the lineage says it is new (2024)
    created: int | None = None
    #: a new seat's largest predecessor by population, and its standing at dissolution
    predecessor: Predecessor | None = None
    #: the baseline winner differs from the party sitting at dissolution: "by-election" (the
    #: seat changed hands at one), "boundaries" (the notional result differs from the old seat)
    #: or None when they agree (or either is unknown)
    sitting_differs: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {"held_since": self.held_since.as_dict() if self.held_since else None,
                "sitting": self.sitting.as_dict() if self.sitting else None,
                "created": self.created,
                "predecessor": self.predecessor.as_dict() if self.predecessor else None,
                "sitting_differs": self.sitting_differs}


def standing(kind: str, year: int, holder: str, history: Sequence[Holding],
             elections: Sequence[float]) -> Standing:
    """The seat's standing for a contest of ``kind`` in ``year`` whose baseline winner is
    ``holder``; ``history`` is the seat's record oldest first (this contest included when it is
    a general election; a :class:`SeatHistory` also tells a new seat's creation and largest
    predecessor), ``elections`` every general election of the series."""
    # a general election of the same year is before a by-election, and is the contest itself
    # (or what it recasts) for a general or notional one
    earlier = [h for h in history if h.order < year or (kind == "by" and h.year == year)]
    sitting = earlier[-1] if earlier else None
    created = getattr(history, "created", None)
    since = _run(earlier, elections, created)
    return Standing(since, sitting, created, _predecessor(history, elections),
                    _differs(holder, sitting, earlier))


def _run(earlier: Sequence[Holding], elections: Sequence[float],
         created: int | None) -> HeldSince | None:
    if not earlier or not elections:
        return None
    party = earlier[-1].party
    start = held_since(earlier, party, elections)
    if start is None:
        return None
    first = start is earlier[0] and created is not None and start.year == created
    return HeldSince(party, start.year, start.election, held_since_open(earlier, start.order),
                     start.kind, start.date, first, start.constituency)


def _predecessor(history: Sequence[Holding], elections: Sequence[float]) -> Predecessor | None:
    found = getattr(history, "predecessor", None)
    if found is None:
        return None
    name, code, share, before = found
    sitting = before[-1] if before else None
    return Predecessor(name, code, share, sitting, _run(list(before), elections, None))


def _differs(holder: str, sitting: Holding | None, earlier: Sequence[Holding]) -> str | None:
    if sitting is None or holder in lineage(sitting.party):
        return None
    generals = [h for h in earlier if h.kind == "general"]
    if sitting.kind == "by" and generals and holder in lineage(generals[-1].party):
        return "by-election"
    return "boundaries"


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


def _slot(order: float, elections: Sequence[float]) -> int:
    """The index of the general election whose parliament ``order`` falls in."""
    slot = -1
    for i, election in enumerate(elections):
        if election <= order + 1e-9:
            slot = i
    return slot


def held_since(history: Sequence[Holding], party: str,
               elections: Sequence[float]) -> Holding | None:
    """The first election (general or by-election) of the party's unbroken run of wins ending
    at the last one in ``history`` (ordered oldest first). ``elections`` lists every general
    election in the series; a gap in the seat's record ends the run — a general election
    missing between two of the seat's results — so no claim outruns the data. A party's
    predecessors count (the Liberal Democrats continue the Liberals)."""
    if not history or party in ("Oth", "Ind") or history[-1].party not in lineage(party):
        return None
    family = lineage(party)
    since: Holding | None = None
    for holding in reversed(history):
        if holding.party not in family:
            break
        if since is not None:
            # a general election may follow any result of the parliament before; a
            # by-election only one of its own parliament
            allowed = 1 if since.kind == "general" else 0
            if _slot(since.order, elections) - _slot(holding.order, elections) > allowed:
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

"""An election turned into the arrays every projection works on: one row per seat, one column
per party, shares as fractions of the seat's valid votes, with each seat's nation and region.

Built once per (election, mirror) and cached, so a projection is pure numpy arithmetic.

* Columns are the parties that won a seat, took at least 0.5% of the Great Britain vote (or
  3% in Northern Ireland), or are in the party table; the rest pool in ``Oth``, which is never
  a winner (it is not one candidate).
* ``Ind`` is the best-placed independent in each seat; other independents pool in ``Oth``.
* Successions: a party that was later succeeded takes its successor's code (the Brexit Party's
  2019 votes are the column ``RUK``), so that a 2019 baseline projects Reform UK.
* Regions: the 2019 and 2005 notional files carry neither nation nor English region; they are
  joined on GSS code to the first general election fought on the same boundaries (2024, 2010).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np
import numpy.typing as npt

from .. import catalogue, elections
from ..errors import ChoiceError
from ..files import Mirror
from ..model import Contest
from ..parties import PARTIES, SUCCESSORS
from .incumbency import first_term

Matrix = npt.NDArray[np.float64]
Vector = npt.NDArray[np.float64]
Index = npt.NDArray[np.intp]
Mask = npt.NDArray[np.bool_]

NATIONS = ("England", "Scotland", "Wales", "Northern Ireland")
GB_NATIONS = NATIONS[:3]
NI = "Northern Ireland"
REGIONS = (
    "North East", "North West", "Yorkshire and The Humber", "East Midlands", "West Midlands",
    "East of England", "London", "South East", "South West", "Wales", "Scotland",
    "Northern Ireland",
)
_PREFIX_NATION = {"E": "England", "S": "Scotland", "W": "Wales", "N": "Northern Ireland"}
#: where the notional results find their regions: the election first fought on those boundaries
#: (the catalogue's ``region_source`` column: 2019-notional → 2024, 2005-notional → 2010)
REGION_SOURCE = catalogue.load().region_sources()
OTHERS = "Oth"
INDEPENDENT = "Ind"
SPEAKER = "Spk"
GB_THRESHOLD = 0.005
NI_THRESHOLD = 0.03
#: a party that was later renamed or succeeded: predecessor → successor (BRX → RUK)
SUCCEEDED_BY = {old: new for new, old in SUCCESSORS.items()}


@dataclass(frozen=True, eq=False)
class Baseline:
    """One election as a seats × parties matrix of vote shares."""

    key: str
    ons_ids: tuple[str, ...]
    constituencies: tuple[str, ...]
    parties: tuple[str, ...]
    #: seats × parties, votes
    votes: Matrix
    #: seats × parties, fractions of the seat's valid votes (rows sum to 1)
    shares: Matrix
    #: valid votes per seat
    valid: Vector
    #: index into REGIONS, and into NATIONS, per seat
    region: Index
    nation: Index
    #: the Speaker's seat(s): they stay with the Speaker
    speaker: Mask
    #: predecessor code → the column that carries its votes (``{"BRX": "RUK"}``)
    renamed: Mapping[str, str]
    #: seats the winner gained at this election (a first-term incumbent defends them)
    first_term: Mask

    @property
    def n_seats(self) -> int:
        return len(self.ons_ids)

    @cached_property
    def gb(self) -> Mask:
        """Great Britain seats (Northern Ireland is projected on its own)."""
        found: Mask = self.nation != NATIONS.index(NI)
        return found

    @cached_property
    def winnable(self) -> Mask:
        """Columns that are one candidate and can win a seat (not the pooled others)."""
        return np.array([p != OTHERS for p in self.parties])

    @cached_property
    def holders(self) -> Index:
        """Column index of each seat's winner at this election (read-only)."""
        found = self.winners(self.shares)
        found.flags.writeable = False
        return found

    def winners(self, shares: Matrix | None = None) -> Index:
        """Column index of each seat's winner (the Speaker keeps the Speaker's seat)."""
        if shares is None:
            return self.holders
        ranked = np.where(self.winnable, shares, -1.0)
        won: Index = np.argmax(ranked, axis=1)
        if SPEAKER in self.parties:
            won = np.where(self.speaker, self.parties.index(SPEAKER), won)
        return won

    def area_shares(self, mask: Mask) -> Vector:
        """Each party's share (fraction) of the valid votes in the seats of ``mask``."""
        total = self.valid[mask].sum()
        if total <= 0:
            return np.zeros(len(self.parties))
        result: Vector = self.votes[mask].sum(axis=0) / total
        return result

    def national_shares(self) -> Vector:
        """Great Britain shares (fractions): Northern Ireland is projected on its own."""
        return self.area_shares(self.gb)

    def has(self, code: str) -> bool:
        """Whether a party code (or its predecessor's) is a column of this baseline."""
        try:
            self.column(code)
        except ChoiceError:
            return False
        return True

    def column(self, code: str) -> int:
        """The column of a party code, following successions (``BRX`` → ``RUK``)."""
        code = self.renamed.get(code, code)
        if code in self.parties:
            return self.parties.index(code)
        lower = {p.lower(): i for i, p in enumerate(self.parties)}
        if code.lower() in lower:
            return lower[code.lower()]
        raise ChoiceError(f"party for the {self.key} baseline", code, self.parties)

    def region_index(self, name: str) -> int:
        """A region or nation by name (case and spacing forgiven)."""
        wanted = " ".join(name.lower().replace("&", "and").split())
        for i, region in enumerate(REGIONS):
            if region.lower() == wanted or region.lower().replace(" the ", " ") == wanted:
                return i
        raise ChoiceError("region", name, REGIONS)


def nation_of(ons_id: str) -> str:
    """The nation of a GSS constituency code, from its first letter."""
    return _PREFIX_NATION[ons_id[:1].upper()]


def _regions(key: str, seats: Sequence[Contest], data: elections.DataArg) -> list[str]:
    """Each seat's region: its own where the file has one, else from the same-boundary
    election joined on GSS code, else its nation."""
    lookup: dict[str, str] = {}
    if key in REGION_SOURCE:
        lookup = {c.ons_id: c.region for c in elections.contests(REGION_SOURCE[key], data)
                  if c.ons_id and c.region}
    out = []
    for c in seats:
        assert c.ons_id is not None
        region = c.region or lookup.get(c.ons_id) or nation_of(c.ons_id)
        out.append(region)
    return out


def seat_votes(contest: Contest) -> dict[str, float]:
    """Votes by party with independents kept apart: the best-placed is ``Ind``, the rest
    pool in ``Oth`` (so the column is one candidate, who can win)."""
    votes: dict[str, float] = {}
    independent_seen = False
    for c in contest.candidates:  # in descending order of votes
        code = c.party
        if code == INDEPENDENT:
            code = OTHERS if independent_seen else INDEPENDENT
            independent_seen = True
        votes[code] = votes.get(code, 0.0) + c.votes
    return votes


def _columns(rows: Sequence[dict[str, float]], gb: Mask, winners: set[str]) -> list[str]:
    """Parties kept as columns, largest Great Britain vote first, ``Oth`` last."""
    gb_total: dict[str, float] = {}
    ni_total: dict[str, float] = {}
    for row, in_gb in zip(rows, gb, strict=True):
        target = gb_total if in_gb else ni_total
        for party, v in row.items():
            target[party] = target.get(party, 0.0) + v
    gb_sum = sum(gb_total.values()) or 1.0
    ni_sum = sum(ni_total.values()) or 1.0
    keep = {p for p, v in gb_total.items() if v / gb_sum >= GB_THRESHOLD or p in PARTIES}
    keep |= {p for p, v in ni_total.items() if v / ni_sum >= NI_THRESHOLD or p in PARTIES}
    keep |= winners
    keep.discard(OTHERS)
    ordered = sorted(keep, key=lambda p: (-gb_total.get(p, 0.0), -ni_total.get(p, 0.0), p))
    return [*ordered, OTHERS]


def build(key: str, seats: Sequence[Contest], data: elections.DataArg = None) -> Baseline:
    """The matrices of an election's contests (any general election or notional)."""
    seats = sorted((c for c in seats if c.ons_id), key=lambda c: c.ons_id or "")
    rows = [seat_votes(c) for c in seats]
    nation = np.array([NATIONS.index(nation_of(c.ons_id or "")) for c in seats], dtype=np.intp)
    gb = nation != NATIONS.index(NI)
    columns = _columns(rows, gb, {c.winner.party for c in seats})
    position = {p: i for i, p in enumerate(columns)}
    votes = np.zeros((len(seats), len(columns)))
    for i, row in enumerate(rows):
        for party, v in row.items():
            votes[i, position.get(party, position[OTHERS])] += v
    valid = votes.sum(axis=1)
    shares = votes / np.where(valid > 0, valid, 1.0)[:, None]
    renamed = {old: new for old, new in SUCCEEDED_BY.items()
               if old in position and new not in position}
    columns = [renamed.get(p, p) for p in columns]
    by_name = {r.lower(): i for i, r in enumerate(REGIONS)}
    region = np.array([by_name[r.lower()] for r in _regions(key, seats, data)], dtype=np.intp)
    speaker = np.array([c.winner.party == SPEAKER for c in seats])
    gained = np.array(first_term(key, seats, data), dtype=bool)
    return Baseline(key, tuple(c.ons_id or "" for c in seats),
                    tuple(c.constituency for c in seats), tuple(columns), votes, shares, valid,
                    region, nation, speaker, renamed, gained)


@cache
def _cached(key: str, mirror: Mirror) -> Baseline:
    data = mirror.parliament
    return build(key, elections.contests(key, data), data)


def load(name: str, data: str | os.PathLike[str] | None = None) -> Baseline:
    """The baseline matrices of an election key (``2019``, ``2019-notional`` …), cached per
    process and mirror. By-elections are not a baseline."""
    src = elections.source(name)
    if src.kind == "by":
        raise ChoiceError("baseline", name,
                          [s.key for s in elections.SOURCES if s.kind != "by"])
    return _cached(src.key, Mirror.configured(data))

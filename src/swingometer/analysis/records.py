"""Where a result stands: rankings of by-elections (swing, share change, majority overturned)
and an election's totals (seats, votes and share with change, gains and losses, biggest
swings, closest results, turnout).

Rankings count only contests held on or before the one ranked (a story says what was true on
the night) and only those where the figure is defined. Positions are competition ranks: a
value equal to another's shares its position.

Two sources meet here. The House of Commons Library's list of by-elections since 1945 holds
each party group's change in share (Con, Lab, LD with its predecessors before 1988, the SNP
in Scotland and Plaid Cymru in Wales), so Butler swing is ((ΔB − ΔA) ÷ 2), the same figure
:func:`~swingometer.analysis.swing.butler_swing` gives from shares. The official results
files hold votes, so majorities overturned come from them alone.

A ranking pools like with like, by rule (docs/stories.md): one party family in one nation
(the SNP is never ranked against Plaid Cymru; the modern Liberal Party and SDP, after the 1988
merger, are not the Liberal Democrats); only contests where the party stood at both the
by-election and the previous general election; no Speaker's seat; none where a main party
that stood at the general election stood aside. A row carries only the changes the rules let
it compare, and :func:`exclusions` lists every contest or change left out, with the reason.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from ..model import Contest
from ..parties import lineage
from .card import swing_pair
from .history import held_since_open
from .labels import label_of
from .result import (
    change,
    majority,
    majority_overturned,
    result_label,
    shares,
    speaker_seat,
    vote_shares,
)
from .swing import butler_swing
from .totals import majority_line

if TYPE_CHECKING:
    from ..sources.byelections_history import LibraryByElection

#: party code → the party family a ranking pools (the nationalists apart, each in its nation)
GROUPS = {"Con": "Con", "Lab": "Lab", "LD": "LD", "SNP": "SNP", "PC": "PC"}
#: the Liberals and the SDP merged into the Liberal Democrats on 3 March 1988: before it they
#: are the Lib Dems' family (the Library's column holds them), after it other parties
MERGER = date(1988, 3, 3)
PREDECESSORS = {"Lib": "LD", "SDP": "LD"}
STOOD_ASIDE = "stood at the previous general election but stood aside"
#: parties whose standing aside (having stood at the general election) takes a contest out of
#: the rankings, by nation; "" for every nation
MAIN_PARTIES = {"": ("Con", "Lab", "LD"), "Scotland": ("SNP",), "Wales": ("PC",)}


def group_of(party: str, day: date | None = None) -> str | None:
    """The party family a ranking pools a party in, or None for the pooled others. The
    Liberals and the SDP are the Lib Dems' family only before the 1988 merger (``day``; none
    given: today).

    >>> group_of("PC"), group_of("Lib", date(1983, 2, 24)), group_of("SDP")
    ('PC', 'LD', None)
    """
    if party in PREDECESSORS:
        return PREDECESSORS[party] if day is not None and day < MERGER else None
    return GROUPS.get(party)


def main_parties(country: str | None) -> tuple[str, ...]:
    """The main parties of a nation: the three British ones and its nationalists."""
    return MAIN_PARTIES[""] + MAIN_PARTIES.get(country or "", ())


# --- by-elections ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ByElectionRow:
    """One by-election as the rankings see it."""

    id: str
    date: date
    constituency: str
    #: change in share since the general election, points, by party group
    changes: Mapping[str, float]
    #: the previous winner's majority where the seat changed hands (official files only)
    majority_overturned: int | None = None
    winner: str | None = None
    source: str = "official"
    #: why the contest, or a party's change (``"LD: …"``), is left out of the rankings
    excluded: tuple[str, ...] = ()
    #: the whole contest is out of the rankings (the Speaker's seat, a main party stood aside)
    left_out: bool = False
    #: the winner's majority, votes (official files only)
    majority: int | None = None
    #: the main parties that stood at the previous general election and not at this one
    aside: tuple[str, ...] = ()


def stood_aside(contest: Contest, previous: Contest) -> tuple[str, ...]:
    """The main parties that stood at the previous election and not at this one (Batley and
    Spen 2016: the Conservatives and the Lib Dems), in the order of :func:`main_parties`."""
    now, then = contest.party_votes(), previous.party_votes()
    return tuple(p for p in main_parties(contest.country) if p in then and p not in now)


def official_row(contest: Contest, previous: Contest | None) -> ByElectionRow:
    """A by-election from the official files, against its baseline general election: the
    changes of the party families that stood at both, none at all for the Speaker's seat or
    where a main party stood aside (the reasons kept in ``excluded``)."""
    row = ByElectionRow(contest.id, contest.date, contest.constituency, {},
                        winner=contest.winner.party, majority=majority(contest).votes)
    if previous is None:
        return replace(row, excluded=("no previous general election to compare",))
    if speaker_seat(contest.winner.party, previous.winner.party):
        return replace(row, excluded=("the seat was the Speaker's",), left_out=True)
    aside = stood_aside(contest, previous)
    if aside:
        return replace(row, excluded=tuple(f"{p}: {STOOD_ASIDE}" for p in aside),
                       left_out=True, aside=aside)
    moved = change(shares(contest), shares(previous))
    changes = {group: v for p, v in moved.items()
               if (group := group_of(p, contest.date)) is not None and v is not None}
    excluded = tuple(f"{p}: did not stand at the previous general election"
                     for p, v in moved.items() if v is None and group_of(p, contest.date))
    return replace(row, changes=changes, excluded=excluded,
                   majority_overturned=majority_overturned(contest, previous))


def library_row(row: LibraryByElection) -> ByElectionRow:
    """A by-election of the Library's list, with the changes its rules keep."""
    return ByElectionRow(f"library:{row.line}", row.date, row.constituency, row.changes,
                         source="library", excluded=tuple(
                             (f"{e.group}: " if e.group else "") + e.reason
                             for e in row.excluded), left_out=row.left_out)


@dataclass(frozen=True)
class Excluded:
    """A contest, or one party's change in it, left out of the rankings, and why."""

    id: str
    date: date
    constituency: str
    reason: str


def exclusions(rows: Iterable[ByElectionRow]) -> list[Excluded]:
    """Every contest or change the rankings leave out, with its reason, oldest first."""
    found = [Excluded(r.id, r.date, r.constituency, why) for r in rows for why in r.excluded]
    return sorted(found, key=lambda e: (e.date, e.constituency))


def group_swing(changes: Mapping[str, float], frm: str, to: str) -> float | None:
    """Butler swing from group ``frm`` to ``to`` from their changes in share: (ΔB − ΔA) ÷ 2;
    None unless both changes are known (both stood at both contests).

    >>> round(group_swing({"Con": -28.65, "Lab": 12.39}, "Con", "Lab"), 2)
    20.52
    """
    if frm not in changes or to not in changes:
        return None
    return (changes[to] - changes[frm]) / 2


@dataclass(frozen=True)
class Rank:
    """Where one value stands among comparable ones (1 = the largest, or the smallest)."""

    position: int
    of: int
    value: float
    #: the first of the ranking (the record) and when the comparable ones begin
    leader: ByElectionRow
    leader_value: float
    since: date
    subject: ByElectionRow = field(repr=False)


def rank_of(subject: ByElectionRow, rows: Iterable[ByElectionRow],
            measure: Callable[[ByElectionRow], float | None], largest: bool = True
            ) -> Rank | None:
    """The subject's place by ``measure`` among rows dated on or before it; None where the
    measure is undefined for the subject or the subject is out of the rankings."""
    value = measure(subject)
    if value is None or subject.left_out:
        return None
    sign = 1.0 if largest else -1.0
    scored = [(r, v) for r in rows if r.date <= subject.date and r.id != subject.id
              and not r.left_out and (v := measure(r)) is not None]
    scored.append((subject, value))
    ahead = sum(1 for _, v in scored if sign * v > sign * value)
    leader, best = max(scored, key=lambda rv: (sign * rv[1], rv[0].id == subject.id))
    return Rank(ahead + 1, len(scored), value, leader, best, min(r.date for r, _ in scored),
                subject)


def swing_rank(subject: ByElectionRow, rows: Iterable[ByElectionRow], frm: str,
               to: str) -> Rank | None:
    """The subject's Butler swing from one party group to another, among by-elections."""
    return rank_of(subject, rows, lambda r: group_swing(r.changes, frm, to))


def share_change_rank(subject: ByElectionRow, rows: Iterable[ByElectionRow], group: str,
                      rise: bool) -> Rank | None:
    """The subject's rise (or fall) in a group's share, among by-elections."""
    return rank_of(subject, rows, lambda r: r.changes.get(group), largest=rise)


def majority_overturned_rank(subject: ByElectionRow, rows: Iterable[ByElectionRow],
                             winner: str | None = None) -> Rank | None:
    """The subject's majority overturned among by-election gains (by ``winner`` if given)."""
    pool = [r for r in rows if r.majority_overturned is not None and not r.left_out
            and (winner is None or r.winner == winner)]
    if subject.left_out:
        return None

    def overturned(r: ByElectionRow) -> float | None:
        return None if r.majority_overturned is None else float(r.majority_overturned)
    return rank_of(subject, pool, overturned)


def smallest_majority_rank(subject: ByElectionRow, rows: Iterable[ByElectionRow]
                           ) -> Rank | None:
    """The subject's majority among by-elections' majorities, smallest first (official files
    only: the Library's list has no votes)."""
    def size(r: ByElectionRow) -> float | None:
        return None if r.majority is None else float(r.majority)
    return rank_of(subject, [r for r in rows if r.majority is not None], size, largest=False)


def share_ratio(now: float, then: float | None) -> float | None:
    """Share now as a multiple of the share then (2.0: doubled); None without a share then.

    >>> round(share_ratio(23.13, 12.63), 2)
    1.83
    """
    return now / then if then else None


# --- an election's totals -------------------------------------------------------------------


@dataclass(frozen=True)
class ContestFigures:
    """The headline figures of one contest of an election, against its baseline seat."""

    id: str
    constituency: str
    ons_id: str | None
    winner: str
    previous_winner: str | None
    result: str
    majority: int
    majority_share: float
    #: Butler swing as the results card reports it: (from, to, points); None without baseline
    swing: tuple[str, str, float] | None
    majority_overturned: int | None


def contest_figures(contest: Contest, previous: Contest | None) -> ContestFigures:
    """Winner, result, majority, majority overturned and swing of a contest. The swing is the
    results card's (previous winner to new; for a hold, winner against runner-up), quoted only
    where both parties stood at both contests (a change in share is defined for each)."""
    won = majority(contest)
    before = previous.winner.party if previous else None
    label = result_label(contest.winner.party, before)
    swing = None
    overturned = None
    if previous is not None:
        now, then = shares(contest), shares(previous)
        frm, to = swing_pair(contest, previous)
        moved = change(now, then)
        if (moved.get(frm) is not None and moved.get(to) is not None
                and not speaker_seat(contest.winner.party, before)):
            swing = (frm, to, butler_swing(then, now, frm, to))
        overturned = majority_overturned(contest, previous)
    return ContestFigures(contest.id, contest.constituency, contest.ons_id,
                          contest.winner.party, before, label, won.votes, won.share, swing,
                          overturned)


def baseline_pairs(contests: Sequence[Contest], baseline: Sequence[Contest] | None
                   ) -> list[tuple[Contest, Contest | None]]:
    """Each contest with its baseline result in the same seat (joined on GSS code)."""
    by_code = {c.ons_id: c for c in baseline or () if c.ons_id}
    return [(c, by_code.get(c.ons_id) if c.ons_id else None) for c in contests]


@dataclass(frozen=True)
class PartyResult:
    """One party's national result, with the baseline's figures where there is one."""

    party: str
    seats: int
    votes: int
    #: per cent of all valid votes
    share: float
    seats_before: int | None
    share_before: float | None
    gains: int
    losses: int

    @property
    def seats_change(self) -> int | None:
        return None if self.seats_before is None else self.seats - self.seats_before

    @property
    def share_change(self) -> float | None:
        return None if self.share_before is None else self.share - self.share_before


@dataclass(frozen=True)
class ElectionSummary:
    """An election's totals: parties (most seats first), turnout, gains, swings, margins."""

    seats: int
    parties: tuple[PartyResult, ...]
    valid_votes: int
    electorate: int | None
    #: valid votes ÷ electorate, per cent, over the contests whose electorate is known
    turnout: float | None
    turnout_before: float | None
    #: (winner, previous winner) → seats that changed hands that way
    changes_of_hands: Mapping[tuple[str, str], int]
    biggest_swings: tuple[ContestFigures, ...]
    closest: tuple[ContestFigures, ...]
    #: seats needed for a majority: more than half of all seats
    majority_line: int

    def party(self, code: str) -> PartyResult | None:
        return next((p for p in self.parties if p.party == code), None)

    @property
    def largest(self) -> PartyResult:
        return self.parties[0]

    @property
    def overall_majority(self) -> int:
        """The largest party's seats minus everyone else's (negative: a hung parliament)."""
        return 2 * self.largest.seats - self.seats


def national_votes(contests: Iterable[Contest]) -> dict[str, int]:
    votes: dict[str, int] = {}
    for contest in contests:
        for party, n in contest.party_votes().items():
            votes[party] = votes.get(party, 0) + n
    return votes


def national_turnout(contests: Sequence[Contest]) -> tuple[int | None, float | None]:
    """Total electorate and valid-vote turnout (per cent) over contests with an electorate."""
    known = [c for c in contests if c.electorate]
    if not known:
        return None, None
    electorate = sum(c.electorate or 0 for c in known)
    return electorate, 100 * sum(c.valid_votes for c in known) / electorate


def _seats(contests: Iterable[Contest]) -> dict[str, int]:
    seats: dict[str, int] = {}
    for contest in contests:
        seats[contest.winner.party] = seats.get(contest.winner.party, 0) + 1
    return seats


def _share(votes: Mapping[str, int], party: str) -> float | None:
    return vote_shares(votes).get(party) if sum(votes.values()) else None


def election_summary(contests: Sequence[Contest], baseline: Sequence[Contest] | None = None,
                     top: int = 5) -> ElectionSummary:
    """Seats, votes and share by party with change against the baseline (the notional result
    where boundaries changed), seats changing hands, the ``top`` biggest swings and closest
    results, and turnout."""
    figures = [contest_figures(c, p) for c, p in baseline_pairs(contests, baseline)]
    moved: dict[tuple[str, str], int] = {}
    for f in figures:
        if f.previous_winner is not None and label_of(f.winner, f.previous_winner).gain:
            key = (f.winner, f.previous_winner)
            moved[key] = moved.get(key, 0) + 1
    seats, votes = _seats(contests), national_votes(contests)
    seats_then = _seats(baseline) if baseline else None
    votes_then = national_votes(baseline) if baseline else None
    parties = [
        PartyResult(p, seats.get(p, 0), n, _share(votes, p) or 0.0,
                    None if seats_then is None else seats_then.get(p, 0),
                    None if votes_then is None else _share(votes_then, _baseline_code(
                        p, votes_then)) or 0.0,
                    sum(v for (w, _), v in moved.items() if w == p),
                    sum(v for (_, loser), v in moved.items() if loser == p))
        for p, n in votes.items()]
    parties.sort(key=lambda r: (-r.seats, -r.votes, r.party))
    electorate, share = national_turnout(contests)
    swings = sorted((f for f in figures if f.swing), key=lambda f: (-_points(f), f.constituency))
    closest = sorted(figures, key=lambda f: (f.majority, f.constituency))
    return ElectionSummary(
        len(contests), tuple(parties), sum(votes.values()), electorate, share,
        national_turnout(baseline)[1] if baseline else None, moved, tuple(swings[:top]),
        tuple(closest[:top]), majority_line(len(contests)))


def _baseline_code(party: str, votes_then: Mapping[str, int]) -> str:
    """The party whose baseline share a party's change is measured against (RUK ← BRX)."""
    return next((p for p in sorted(lineage(party), key=lambda p: p != party)
                 if p in votes_then), party)


def _points(f: ContestFigures) -> float:
    return f.swing[2] if f.swing else 0.0


def seat_changes(after: Mapping[str, int], before: Mapping[str, int]) -> dict[str, int]:
    """Seats won minus seats held before, for every party in either.

    >>> seat_changes({"Lab": 411, "Con": 121}, {"Con": 372, "Lab": 200, "BRX": 0})
    {'Lab': 211, 'Con': -251, 'BRX': 0}
    """
    return {p: after.get(p, 0) - before.get(p, 0) for p in {**after, **before}}


def changed_hands(before: Mapping[str, str], after: Mapping[str, str]) -> set[str]:
    """The seats (keys) whose winner in ``after`` gained them from ``before``'s winner (a
    party holds what its predecessor won, as :func:`result_label` has it)."""
    return {seat for seat, winner in after.items() if seat in before
            and label_of(winner, before[seat]).gain}


def election_ranks(figures: Sequence[ContestFigures]) -> dict[str, dict[str, int]]:
    """For each contest id, its position in the election by swing (largest first), by
    majority (smallest first: the closest results) and, for gains, by majority overturned:
    ``{"swing": 3, "majority": 120, "majority_overturned": 1}``."""
    out: dict[str, dict[str, int]] = {f.id: {} for f in figures}
    majorities = sorted(f.majority for f in figures)
    swings = sorted(_points(f) for f in figures if f.swing)
    overturned = sorted(f.majority_overturned for f in figures
                        if f.majority_overturned is not None)
    for f in figures:
        out[f.id]["majority"] = 1 + bisect.bisect_left(majorities, f.majority)
        if f.swing:
            out[f.id]["swing"] = 1 + len(swings) - bisect.bisect_right(swings, _points(f))
        if f.majority_overturned is not None:
            out[f.id]["majority_overturned"] = 1 + len(overturned) - bisect.bisect_right(
                overturned, f.majority_overturned)
    return out


__all__ = [
    "ByElectionRow",
    "ContestFigures",
    "ElectionSummary",
    "Excluded",
    "PartyResult",
    "Rank",
    "changed_hands",
    "contest_figures",
    "election_ranks",
    "election_summary",
    "exclusions",
    "group_swing",
    "held_since_open",
    "library_row",
    "main_parties",
    "majority_line",
    "majority_overturned_rank",
    "official_row",
    "rank_of",
    "seat_changes",
    "share_change_rank",
    "share_ratio",
    "smallest_majority_rank",
    "stood_aside",
    "swing_rank",
]

"""What a story says beyond the results card: where the result ranks in history and in its
election, and the previous turnout. This module gathers the inputs (the catalogue, the
Library's by-election list) and asks :mod:`swingometer.analysis.records` for the figures;
:mod:`swingometer.report` only renders them."""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from .. import elections
from ..errors import MissingFileError
from ..files import Mirror, fetch
from ..model import Contest
from .card import ResultCard
from .history import Holding, name_key
from .records import (
    ByElectionRow,
    ContestFigures,
    Rank,
    baseline_pairs,
    contest_figures,
    election_ranks,
    group_of,
    held_since_open,
    majority_overturned_rank,
    official_row,
    share_change_rank,
    swing_rank,
)
from .result import turnout

LIBRARY_BY_ELECTIONS = "historical/hoc_CBP7529_gb_byelections_1945_2019.csv"


def _arg(data: elections.DataArg) -> str | None:
    """The data argument as a cache key (paths as strings)."""
    return None if data is None else os.fspath(data)


@dataclass(frozen=True)
class Gap:
    """A set of official by-election results that could not be had."""

    label: str
    start: date
    end: date | None


@dataclass(frozen=True)
class History:
    """The by-elections at hand: the Library's list since 1945 continued by the official
    results after it ends (Great Britain only, as the list is), and the official results
    alone (which have votes, hence majorities)."""

    since_1945: tuple[ByElectionRow, ...]
    official: tuple[ByElectionRow, ...]
    library_until: date | None
    #: the general election the official by-election results begin after ("2010")
    official_from: str | None
    gaps: tuple[Gap, ...]

    def gaps_before(self, day: date) -> list[Gap]:
        return [g for g in self.gaps if g.start <= day]


def _library_rows(data: elections.DataArg) -> list[ByElectionRow]:
    from ..sources.byelections_history import read_byelections_history

    try:
        path = fetch(LIBRARY_BY_ELECTIONS, data)
    except MissingFileError:
        return []
    return [ByElectionRow(f"library:{r.line}", r.date, r.constituency, r.changes,
                          source="library") for r in read_byelections_history(path)]


def _official_rows(data: elections.DataArg) -> tuple[list[ByElectionRow], list[Gap], str | None]:
    rows: list[ByElectionRow] = []
    gaps: list[Gap] = []
    first: str | None = None
    generals = {s.key: s for s in elections.general_elections()}
    for src in elections.SOURCES:
        if src.kind != "by" or src.baseline is None:
            continue
        start = generals[src.baseline].date
        later = [g.date for g in generals.values() if g.date and start and g.date > start]
        try:
            found = elections.contests(src.key, data)
        except MissingFileError:
            assert start is not None
            gaps.append(Gap(src.name.removeprefix("by-elections "), start,
                            min(later, default=None)))
            continue
        first = first or src.baseline
        rows += [official_row(c, elections.previous(c, data)) for c in found]
    return rows, gaps, first


@cache
def _history(data: str | None, mirror: Mirror) -> History:
    """``mirror`` (where ``data`` and the environment point) keys the cache."""
    library = _library_rows(data)
    official, gaps, first = _official_rows(data)
    until = max((r.date for r in library), default=None)
    later = [r for r in official if r.changes and (until is None or r.date > until)
             and r.id not in _ni_ids(data)]
    return History(tuple(library + later), tuple(official), until, first, tuple(gaps))


def _ni_ids(data: elections.DataArg) -> frozenset[str]:
    return frozenset(c.id for c in elections.by_elections(data)
                     if (c.ons_id or "").startswith("N"))


def by_election_history(data: elections.DataArg = None) -> History:
    """Every by-election at hand (read once per process)."""
    return _history(_arg(data), Mirror.configured(data))


def _without_twin(rows: Sequence[ByElectionRow], subject: ByElectionRow) -> list[ByElectionRow]:
    """The rows less the Library's entry for the subject, if the list has it (same day, the
    closest name), so that a by-election is never ranked against itself."""
    same_day = [r for r in rows if r.date == subject.date and r.source == "library"]
    names = {name_key(r.constituency): r for r in same_day}
    match = difflib.get_close_matches(name_key(subject.constituency), list(names), n=1,
                                      cutoff=0.6)
    twin = names[match[0]].id if match else None
    return [r for r in rows if r.id != twin]


@dataclass(frozen=True)
class ContestContext:
    """Figures a contest story may quote beyond its card."""

    previous_turnout: float | None = None
    #: by-election records: "swing", "winner_rise", "loser_fall", "majority_overturned",
    #: "party_majority_overturned"
    ranks: dict[str, Rank] = field(default_factory=dict)
    history: History | None = None
    #: a general-election contest's place in its election ("swing", "majority_overturned")
    election_ranks: dict[str, int] = field(default_factory=dict)
    election: str | None = None
    #: the seat's "held since" run may go back further than the data can show
    held_since_open: bool = False


def by_election_ranks(contest: Contest, previous: Contest | None, card: ResultCard,
                      history: History) -> dict[str, Rank]:
    """Where a by-election stands among all by-elections since 1945 (swing, share changes)
    and since 2010 in the official results (majority overturned)."""
    subject = official_row(contest, previous)
    pool = _without_twin(history.since_1945, subject)
    ranks: dict[str, Rank | None] = {}
    swing = card.swing
    if swing:
        frm, to = group_of(swing.frm), group_of(swing.to)
        if frm and to:
            ranks["swing"] = swing_rank(subject, pool, frm, to)
    if previous is not None and card.changed_hands:
        winner, loser = group_of(contest.winner.party), group_of(previous.winner.party)
        if winner:
            ranks["winner_rise"] = share_change_rank(subject, pool, winner, rise=True)
        if loser:
            ranks["loser_fall"] = share_change_rank(subject, pool, loser, rise=False)
        ranks["majority_overturned"] = majority_overturned_rank(subject, history.official)
        ranks["party_majority_overturned"] = majority_overturned_rank(
            subject, history.official, winner=contest.winner.party)
    return {k: v for k, v in ranks.items() if v is not None}


@cache
def _figures(key: str, data: str | None, mirror: Mirror) -> dict[str, ContestFigures]:
    src = elections.source(key)
    base = elections.contests(src.baseline, data) if src.baseline else None
    pairs = baseline_pairs(elections.contests(key, data), base)
    return {c.id: contest_figures(c, p) for c, p in pairs}


def election_figures(key: str, data: elections.DataArg = None) -> dict[str, ContestFigures]:
    """Every contest's figures in a general election, by contest id (computed once)."""
    return _figures(elections.source(key).key, _arg(data), Mirror.configured(data))


@cache
def _ranks(key: str, data: str | None, mirror: Mirror) -> dict[str, dict[str, int]]:
    return election_ranks(list(_figures(key, data, mirror).values()))


def contest_context(contest: Contest, previous: Contest | None, card: ResultCard,
                    data: elections.DataArg = None, seat_history: Sequence[Holding] = ()
                    ) -> ContestContext:
    """The context of one contest: by-election records, or its place in its election.
    ``seat_history`` (as given to the card) tells whether "held since" may reach further."""
    before = turnout(previous).valid if previous is not None else None
    since = card.held_since
    open_run = since is not None and held_since_open(seat_history, next(
        (h.order for h in seat_history if h.election == since.election), since.year))
    if contest.kind == "by":
        history = by_election_history(data)
        return ContestContext(before, by_election_ranks(contest, previous, card, history),
                              history, held_since_open=open_run)
    src = next((s for s in elections.general_elections()
                if s.date == contest.date and contest.kind == "general"), None)
    if src is None:
        return ContestContext(before, held_since_open=open_run)
    ranks = _ranks(src.key, _arg(data), Mirror.configured(data)).get(contest.id, {})
    return ContestContext(before, election_ranks=ranks, election=src.name,
                          held_since_open=open_run)

"""The live results desk: declarations in, the running House, the contests and the projection
out. One Desk serves the nights of one ledger, and caches what it computes until the ledger
changes (its own writes at once; other processes' writes when announced, else within a second).

A night is built only when asked for by name or day, and at most ``max_nights`` are kept
(least recently used first out; the server's own night always stays).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import partial
from typing import Any

from .. import elections
from ..analysis.card import ResultCard, result_card
from ..analysis.result import majority, result_label, shares
from ..analysis.revision import lines, what_changed
from ..analysis.totals import SeatResult, house_totals
from ..elections import DataArg
from ..errors import ChoiceError, DataError, NotFoundError
from ..model import Contest
from ..parties import party
from ..projection.live import LiveSeat, house_at_swing, live_projection
from ..report.story import contest_story
from ..store import (
    Ledger,
    NewDeclaration,
    Record,
    match,
    reaching,
    stored_digests,
)
from .declare import Submission, contest_of, nomination_problems, validate
from .night import BY_ELECTIONS, GENERAL, Night, Seat, contest_day, load_night
from .poll import as_exit_poll

#: how often the desk looks for records written by another process (seconds)
RECHECK = 1.0
#: nights kept besides the server's own (a thousand distinct ``?election=`` days cost no more)
MAX_NIGHTS = 8
Listener = Callable[[Record, dict[str, Any]], None]
#: told of each exit poll stored (its JSON)
PollListener = Callable[[dict[str, Any]], None]


def annotate(current: Record | None, new: NewDeclaration) -> list[dict[str, Any]]:
    """What a declaration changes against the contest's current figures."""
    if current is None or not current.has_figures:
        return []
    before = lines([(e.candidate, e.party, e.votes) for e in current.candidates])
    after = lines([(e.candidate, e.party, e.votes) for e in new.candidates])
    return what_changed(before, after,
                        {"electorate": current.electorate, "rejected": current.rejected},
                        {"electorate": new.electorate, "rejected": new.rejected})


def checked_annotate(current: Record | None, new: NewDeclaration) -> list[dict[str, Any]]:
    """``annotate``, after checking a declaration against the statement of persons nominated
    (when that is the contest's current record): run by the ledger on the record it read."""
    if current is not None and current.state == "nominated" and new.state != "nominated":
        problems = nomination_problems(current, new)
        if problems:
            raise DataError("declaration", problems)
    return annotate(current, new)


class Desk:
    """A results desk over one ledger. Thread-safe: the HTTP API calls it from many threads."""

    def __init__(self, ledger: Ledger, election: str | None = None, data: DataArg = None,
                 max_nights: int = MAX_NIGHTS) -> None:
        self.ledger = ledger
        self.data = data
        self.default_election = election
        self.max_nights = max_nights
        self.server = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self._lock = threading.RLock()
        self._nights: OrderedDict[str, Night] = OrderedDict()
        #: names a night was asked for by → its election id (bounded with the nights)
        self._names: OrderedDict[str, str] = OrderedDict()
        self._pinned: str | None = None
        self._current: dict[str, dict[str, Record]] = {}
        self._generation = 0
        self._seen: tuple[int, int] | None = None
        self._checked = 0.0
        self._cache: dict[tuple[Any, ...], Any] = {}
        self.listeners: list[Listener] = []
        self.poll_listeners: list[PollListener] = []
        #: ids of records already told to the listeners (a record is told once per server)
        self._told: OrderedDict[int, None] = OrderedDict()

    # --- nights -------------------------------------------------------------------------

    def night(self, election: str | None = None) -> Night:
        """A night by name; by default the server's, else the latest one declared into."""
        name = election or self.default_election or self._latest_election() or "2019"
        with self._lock:
            known = self._names.get(name)
            if known is not None and known in self._nights:
                self._names.move_to_end(name)
                self._nights.move_to_end(known)
                return self._nights[known]
        night = load_night(name, self.data)
        with self._lock:
            found = self._nights.setdefault(night.election_id, night)
            self._nights.move_to_end(night.election_id)
            self._names[name] = found.election_id
            if name == self.default_election:
                self._pinned = found.election_id
            self._evict()
            return found

    def _evict(self) -> None:
        while len(self._nights) > self.max_nights + (self._pinned is not None):
            oldest = next(k for k in self._nights if k != self._pinned)
            del self._nights[oldest]
            self._current.pop(oldest, None)
        while len(self._names) > 4 * (self.max_nights + 1):
            self._names.popitem(last=False)
        for name in [n for n, e in self._names.items() if e not in self._nights]:
            del self._names[name]

    def nights_held(self) -> int:
        with self._lock:
            return len(self._nights)

    def night_on(self, day: date) -> Night:
        return self.night(day.isoformat())

    def _latest_election(self) -> str | None:
        last = self.ledger.last()
        return last.target.election_id if last is not None else None

    def contests_of(self, night: Night) -> tuple[Seat, ...]:
        """The night's contests: its own, or on a future night what has been posted for it
        (by-election nominations alone make it a by-election night)."""
        if not night.future:
            return night.seats
        posted = [night.by_id[c] for c in self.current(night) if c in night.by_id]
        by = tuple(sorted((s for s in posted if s.is_by_election),
                          key=lambda s: s.target.constituency))
        if not by:
            return night.seats
        if any(not s.is_by_election for s in posted):
            return night.seats + by
        return by

    def kind(self, night: Night) -> str:
        seats = self.contests_of(night)
        return BY_ELECTIONS if seats and all(s.is_by_election for s in seats) else GENERAL

    # --- the ledger's current state ------------------------------------------------------

    def _refresh(self) -> None:
        """Reload current records if another writer has changed the ledger."""
        now = time.monotonic()
        if now - self._checked < RECHECK and self._seen is not None:
            return
        version = self.ledger.version()
        with self._lock:
            self._checked = now
            if version == self._seen:
                return
            self._seen = version
            self._current.clear()
            self._generation += 1

    def current(self, night: Night) -> dict[str, Record]:
        """Each declared contest's current record, by contest id."""
        self._refresh()
        with self._lock:
            found = self._current.get(night.election_id)
            if found is not None:
                return found
        records = {r.target.contest_id: r for r in self.ledger.current_all(night.election_id)}
        with self._lock:
            if night.election_id not in self._nights:
                return records
            return self._current.setdefault(night.election_id, records)

    def _apply(self, record: Record) -> None:
        with self._lock:
            known = self._current.get(record.target.election_id)
            if known is not None:
                old = known.get(record.target.contest_id)
                if old is None or old.revision < record.revision:
                    # copy on write: readers iterate the dict they were given, unlocked
                    self._current[record.target.election_id] = known | {
                        record.target.contest_id: record}
            self._generation += 1

    def _cached(self, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        self._refresh()
        with self._lock:
            full = (*key, self._generation)
            if full in self._cache:
                return self._cache[full]
        value = make()
        with self._lock:
            if len(self._cache) > 256:
                self._cache.clear()
            self._cache[full] = value
        return value

    def peek(self, kind: str, election: str | None = None, *extra: Any) -> Any | None:
        """A figure already computed and known to be current, without touching the database
        (so the HTTP API can answer it on its event loop); None if it must be computed."""
        name = election or self.default_election
        with self._lock:
            if name is None or time.monotonic() - self._checked >= RECHECK:
                return None
            election_id = self._names.get(name)
            if election_id is None:
                return None
            return self._cache.get((kind, election_id, *extra, self._generation))

    # --- writing -------------------------------------------------------------------------

    def authenticate(self, token: str) -> str | None:
        """The name of the write token presented, or None. Read from the database each time,
        so a revoked token stops working at once."""
        with reaching("reached"):
            return match(token, stored_digests(self.ledger.engine))

    def check_writable(self) -> None:
        """Write and commit a probe row (LedgerUnavailableError if the ledger takes none)."""
        self.ledger.probe(self.server)

    def declare(self, submission: Submission, token_name: str | None = None) -> Record:
        """Validate and append a declaration; tell the listeners."""
        new = validate(submission, self.night_on, token_name)
        record = self.ledger.append(new, checked_annotate)
        self.arrived(record)
        return record

    def nominate(self, submission: Submission, token_name: str | None = None) -> Record:
        """Store a contest's statement of persons nominated: its first record (the ledger's
        order refuses one after a winner or result with a 409)."""
        new = validate(replace(submission, state="nominated"), self.night_on, token_name)
        record = self.ledger.append(new, annotate)
        self.arrived(record)
        return record

    def arrived(self, record: Record) -> None:
        """A record stored here or announced by another server: apply it and tell the
        listeners, once per record."""
        with self._lock:
            if record.id in self._told:
                return
            self._told[record.id] = None
            while len(self._told) > 10_000:
                self._told.popitem(last=False)
        self._apply(record)
        summary = self.summary(record)
        for listener in list(self.listeners):
            listener(record, summary)

    def told(self) -> list[int]:
        """Ids of the records lately told to the listeners."""
        with self._lock:
            return list(self._told)

    def arrived_id(self, record_id: int) -> None:
        """An announced record id (PostgreSQL NOTIFY): read it and tell the listeners."""
        with self._lock:
            if record_id in self._told:
                return
        record = self.ledger.get(record_id)
        if record is not None:
            self.arrived(record)

    # --- the exit poll -------------------------------------------------------------------

    def post_exit_poll(self, election: str | None, poll: dict[str, Any],
                       token_name: str | None = None) -> dict[str, Any]:
        night = self.night(election)
        stored = self.ledger.append_exit_poll(night.election_id, poll, token_name)
        self.poll_arrived(stored)
        return stored

    def poll_arrived(self, poll: dict[str, Any]) -> None:
        with self._lock:
            self._generation += 1
        for listener in list(self.poll_listeners):
            listener(poll)

    def exit_poll(self, election: str | None = None) -> dict[str, Any] | None:
        night = self.night(election)
        found: dict[str, Any] | None = self._cached(
            ("exit poll", night.election_id), lambda: self.ledger.exit_poll(night.election_id))
        return found

    # --- reading -------------------------------------------------------------------------

    def summary(self, record: Record) -> dict[str, Any]:
        """A record with its gain/hold label: the line of the desk's latest list."""
        night = self.night(record.target.election_id)
        seat = night.by_id.get(record.target.contest_id)
        before = seat.baseline.winner.party if seat and seat.baseline else None
        winner = record.candidates[0] if record.candidates and record.state != "nominated" \
            else None
        label = result_label(winner.party, before) if winner else None
        return {**record.as_dict(), "kind": record.target.kind, "result": label,
                "previous_winner": before,
                "winner": {"candidate": winner.candidate, "party": winner.party,
                           "colour": party(winner.party).colour} if winner else None}

    def declared_cards(self, election: str | None = None) -> list[dict[str, Any]]:
        """The results card (as JSON) of every contest declared with figures tonight, in the
        night's seat order, with its record's state, revision, time and source: what
        ``/api/export.csv`` flattens (the columns of ``swingometer export``)."""
        night = self.night(election)
        current = self.current(night)
        out = []
        for seat in night.seats:
            record = current.get(seat.target.contest_id)
            if record is None or not record.has_figures:
                continue
            card: dict[str, Any] = self._cached(
                ("contest", seat.target.contest_id, record.id),
                partial(self._card, seat.target.contest_id, record))
            stored = record.as_dict()
            out.append(card | {"record": {key: stored[key] for key in (
                "state", "revision", "received_at", "source")}})
        return out

    def latest(self, election: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        night = self.night(election)
        records = sorted(self.current(night).values(), key=lambda r: -r.id)[:limit]
        return [self.summary(r) for r in records]

    def seats(self, election: str | None = None) -> list[dict[str, Any]]:
        """Every seat of the night with its state and winner: what the hex map colours."""
        night = self.night(election)
        current = self.current(night)
        out = []
        for seat in self.contests_of(night):
            record = current.get(seat.target.contest_id)
            line = self.summary(record) if record is not None else None
            out.append({"contest": seat.target.contest_id, "ons_id": seat.target.ons_id,
                        "constituency": seat.target.constituency, "kind": seat.target.kind,
                        "state": record.state if record else None,
                        "winner": line["winner"]["party"] if line and line["winner"] else None,
                        "colour": line["winner"]["colour"] if line and line["winner"] else None,
                        "result": line["result"] if line else None,
                        "previous_winner": seat.baseline.winner.party if seat.baseline
                        else None})
        return out

    def totals(self, election: str | None = None) -> dict[str, Any]:
        night = self.night(election)
        result: dict[str, Any] = self._cached(("totals", night.election_id),
                                              lambda: self._totals(night))
        return result

    def _totals(self, night: Night) -> dict[str, Any]:
        current = self.current(night)
        rows = []
        contests = self.contests_of(night)
        for seat in contests:
            record = current.get(seat.target.contest_id)
            winner = record.candidates[0].party if record and record.candidates and \
                record.state != "nominated" else None
            figures = contest_of(record).party_votes() if record and record.has_figures \
                else None
            base = seat.baseline
            rows.append(SeatResult(winner, figures, base.winner.party if base else None,
                                   base.party_votes() if base else None))
        head: dict[str, Any] = {"election": night.election_id, "name": night.name,
                                "kind": self.kind(night)}
        if head["kind"] == BY_ELECTIONS:
            head["by_elections"] = [self.by_election(s, current) for s in contests]
        return head | house_totals(rows)

    def by_election(self, seat: Seat, current: dict[str, Record]) -> dict[str, Any]:
        """One by-election of the night: its state, winner and swing since the previous
        general election in its constituency, and its results card once declared."""
        record = current.get(seat.target.contest_id)
        line = self.summary(record) if record is not None else None
        base = seat.baseline
        out: dict[str, Any] = {
            "contest": seat.target.contest_id, "constituency": seat.target.constituency,
            "ons_id": seat.target.ons_id, "state": record.state if record else "awaiting",
            "nominated": [{"candidate": e.candidate, "party": e.party}
                          for e in record.candidates] if record and
            record.state == "nominated" else None,
            "result": line["result"] if line else None,
            "winner": line["winner"] if line else None,
            "previous": {"contest": base.id, "date": base.date.isoformat(),
                         "winner": base.winner.party, "shares": shares(base)}
            if base is not None else None, "swing": None, "change": None, "card": None}
        if record is not None and record.has_figures and base is not None:
            now, then = shares(contest_of(record)), shares(base)
            out["change"] = {p: round(now.get(p, 0.0) - then.get(p, 0.0), 2)
                             for p in sorted(set(now) | set(then))}
            card = self.contest(seat.target.contest_id)
            card.pop("revisions", None)
            out["swing"] = card.get("swing")  # the card's quoted swing since the baseline
            out["card"] = card
        return out

    def nominated(self, night: Night) -> dict[str, tuple[str, ...]]:
        """Each contest's nominated parties, one code per candidate (from its latest
        statement of persons nominated)."""
        found: dict[str, tuple[str, ...]] = {}
        for record in self.ledger.in_state(night.election_id, "nominated"):
            found[record.target.contest_id] = tuple(e.party for e in record.candidates)
        return found

    def live_seats(self, night: Night) -> list[LiveSeat]:
        current = self.current(night)
        standing = self.nominated(night)
        out = []
        for seat in self.contests_of(night):
            record = current.get(seat.target.contest_id)
            declared = contest_of(record) if record and record.has_figures else None
            winner = record.candidates[0].party if record and record.candidates and \
                record.state != "nominated" else None
            out.append(LiveSeat(seat.target.ons_id or seat.target.contest_id,
                                seat.target.region, seat.target.country, seat.baseline,
                                declared, winner, standing.get(seat.target.contest_id)))
        return out

    def projection(self, election: str | None = None, method: str = "model") -> dict[str, Any]:
        night = self.night(election)
        result: dict[str, Any] = self._cached(
            ("projection", night.election_id, method), lambda: self._projection(night, method))
        return result

    def _projection(self, night: Night, method: str) -> dict[str, Any]:
        head: dict[str, Any] = {"election": night.election_id, "kind": self.kind(night)}
        if head["kind"] == BY_ELECTIONS:
            current = self.current(night)
            return head | {
                "projection": None,
                "detail": f"{night.name}: a by-election night has no House to project; "
                "each by-election is compared with the previous general election",
                "by_elections": [self.by_election(s, current) for s in self.contests_of(night)]}
        poll = self.ledger.exit_poll(night.election_id)
        found = live_projection(self.live_seats(night), method,
                                exit_poll=as_exit_poll(poll, night) if poll else None,
                                data=self.data)
        return head | {"exit_poll": poll} | found

    def swing(self, points: float, election: str | None = None, gaining: str = "Lab",
              losing: str = "Con") -> dict[str, Any]:
        """The House at a swing of ``points`` from ``losing`` to ``gaining`` from the baseline."""
        night = self.night(election)
        key = ("swing", night.election_id, round(points, 2), gaining, losing)
        result: dict[str, Any] = self._cached(
            key, lambda: house_at_swing(night.baseline_key or "2019", points, gaining, losing,
                                        None if self.data is None else str(self.data)))
        return result

    def contest(self, contest: str) -> dict[str, Any]:
        """The contest's current figures with the full results card, and its history."""
        try:
            night = self.night_on(contest_day(contest))
        except ChoiceError:  # a polling day that was no general election
            raise NotFoundError("general-election contest", contest) from None
        seat = night.by_id.get(contest)
        if seat is None:
            raise NotFoundError(f"contest of the {night.name}", contest)
        history = self.ledger.history(contest)
        current = history[-1] if history else None
        view: dict[str, Any] = self._cached(("contest", contest, current.id if current else 0),
                                            lambda: self._card(seat.target.contest_id, current))
        return view | {"revisions": [r.as_dict() for r in history]}

    def _card(self, contest: str, current: Record | None) -> dict[str, Any]:
        night = self.night_on(contest_day(contest))
        seat = night.by_id[contest]
        head = {"state": current.state if current else "awaiting",
                "revision": current.revision if current else None}
        if current is None or not current.has_figures:
            line = self.summary(current) if current else None
            t = seat.target
            return head | {"contest": {"id": t.contest_id, "constituency": t.constituency,
                                       "ons_id": t.ons_id, "date": t.date.isoformat(),
                                       "kind": t.kind, "region": t.region,
                                       "country": t.country},
                           "result": line["result"] if line else None,
                           "winner": line["winner"] if line else None, "story": None,
                           "previous": _previous(seat.baseline)}
        declared = contest_of(current)
        card = result_card(declared, seat.baseline, elections.seat_history(declared, self.data),
                           elections.election_orders(self.data)).with_id(contest)
        return head | card.as_dict() | {"story": _story(card)}


def _previous(before: Contest | None) -> dict[str, Any] | None:
    """An undeclared seat's previous result: what the page shows before the count, with the
    shares it needs for the swing that would change hands."""
    if before is None:
        return None
    won = majority(before)
    return {"id": before.id, "date": before.date.isoformat(), "kind": before.kind,
            "winner": {"candidate": before.winner.name, "party": before.winner.party},
            "majority": {"votes": won.votes, "share": won.share}, "shares": shares(before)}


def _story(card: ResultCard) -> dict[str, Any]:
    """The result in words (the report layer's story of the card): headline and paragraphs."""
    story = contest_story(card)
    return {"headline": story.headline, "paragraphs": list(story.paragraphs)}

"""Rehearsing a real night: the official results of any past night of the catalogue — a
general election (2010–2024) or a by-election day (``2023-10-19``) — posted through the desk's
API in the order, and at the pace, they were declared, after each contest's statement of
persons nominated (its real candidate list) when asked.

The official constituency files of 2010–2019 carry each declaration's time. The 2024 file has
none: a 2024 seat is given the 2019 time of its main predecessor (the old seat that supplied
most of its population, by Parliament's constituency-area overlaps) — an **approximate**
order, since counts moved with the boundaries; a seat with no timed predecessor comes last.
By-elections have no time in the files either: a by-election day's contests are declared in
alphabetical order, an hour apart (approximate too).

A replay can send a ``winner`` rush before each full result, and can declare a share of the
contests first with a wrong figure (the runner-up a tenth short) and then correct them, so a
desk rehearses corrections and the final state still equals the official result.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as time_of_day
from typing import Any
from zoneinfo import ZoneInfo

from .. import catalogue
from ..elections import DataArg
from ..errors import ChoiceError
from ..model import Contest
from .night import Night, Seat, load_night

#: the elections whose files carry declaration times (the catalogue's ``replayable`` column)
YEARS = catalogue.load().replayable()
RUSH_LEAD = 60.0  # the winner is flashed a minute before the full figures
CORRECTION_DELAY = 900.0  # a wrong figure is corrected a quarter of an hour later
NOMINATIONS_LEAD = 3600.0  # the candidate lists are posted an hour before the first result
BY_ELECTION_GAP = 3600.0  # by-elections carry no declaration time: an hour apart
EXIT_POLL_LEAD = 1800.0  # the exit poll is out at ten, before the first result
DECLARATIONS, NOMINATIONS, EXIT_POLL = "/api/declarations", "/api/nominations", "/api/exit-poll"
POLLS_CLOSE = time_of_day(22, 0)
LONDON = ZoneInfo("Europe/London")
FORMAT = "%d/%m/%Y %H:%M"


@dataclass(frozen=True)
class Step:
    """One POST of a replay: when (seconds after the night's first declaration; nominations
    before it are negative), where, and what."""

    at: float
    contest: str
    constituency: str
    state: str
    body: dict[str, Any]
    path: str = DECLARATIONS


def declared_at(seat: Seat) -> datetime | None:
    text = seat.official.declared_at if seat.official else None
    try:
        return datetime.strptime(text or "", FORMAT)
    except ValueError:
        return None


def declaration_times(night: Night, data: DataArg = None) -> dict[str, datetime | None]:
    """Each contest's declaration time: its own, else (2024) its main predecessor's 2019 time,
    else (by-elections) alphabetical order an hour apart from 22:00 of polling day."""
    times = {s.target.contest_id: declared_at(s) for s in night.seats}
    untimed = [s for s in night.seats if times[s.target.contest_id] is None]
    general = [s for s in untimed if not s.is_by_election]
    if general:
        times |= _predecessor_times(general, data)
    by = sorted((s for s in untimed if s.is_by_election), key=lambda s: s.target.constituency)
    start = datetime.combine(night.date, datetime.min.time()) + timedelta(hours=22)
    for n, seat in enumerate(by):
        times[seat.target.contest_id] = start + timedelta(seconds=BY_ELECTION_GAP * (n + 1))
    return times


def _predecessor_times(seats: list[Seat], data: DataArg) -> dict[str, datetime | None]:
    from ..projection.incumbency import predecessors

    main = predecessors(data)
    earlier = load_night("2019", data)
    old = {s.target.ons_id: declared_at(s) for s in earlier.seats}
    shift = seats[0].target.date - earlier.date
    out: dict[str, datetime | None] = {}
    for seat in seats:
        when = old.get(main.get(seat.target.ons_id or ""))
        out[seat.target.contest_id] = when + shift if when is not None else None
    return out


def _candidates(contest: Contest, wrong: bool = False) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [{"candidate": c.name, "party": c.party, "votes": c.votes,
             "party_name": c.party_name, "elected": c.elected} for c in contest.candidates]
    if wrong and len(rows) > 1:
        rows[1]["votes"] = max(0, int(rows[1]["votes"]) - max(1, int(rows[1]["votes"]) // 10))
    return rows


def _body(seat: Seat, state: str, revision: int, source: str,
          candidates: list[dict[str, Any]]) -> dict[str, Any]:
    contest = seat.official
    assert contest is not None
    body: dict[str, Any] = {"contest": seat.target.contest_id, "state": state,
                            "revision": revision, "candidates": candidates, "source": source}
    if state != "winner":
        body |= {"electorate": contest.electorate, "rejected": contest.rejected}
    return body


def _nomination(seat: Seat, at: float, source: str) -> Step:
    contest = seat.official
    assert contest is not None
    body = {"contest": seat.target.contest_id, "revision": 1, "source": source,
            "candidates": [{"candidate": c.name, "party": c.party, "party_name": c.party_name}
                           for c in contest.candidates]}
    return Step(at, seat.target.contest_id, seat.target.constituency, "nominated", body,
                NOMINATIONS)


def _exit_poll(night: Night) -> Step | None:
    """The exit poll published at ten o'clock on the night (general elections 2010–2024)."""
    from ..projection.exit_poll import published, years

    key = next((s.key for s in catalogue.load().general_elections() if s.date == night.date),
               None)
    if key is None or key not in years():
        return None
    poll = published(key)
    at = datetime.combine(night.date, POLLS_CLOSE, LONDON)
    body = {"election": night.election_id, "source": poll.source,
            "published": at.isoformat(), "seats": dict(poll.seats)}
    return Step(-EXIT_POLL_LEAD, night.election_id, night.name, "exit poll", body, EXIT_POLL)


def _steps(seat: Seat, at: float, rush: bool, wrong: bool, source: str,
           revision: int) -> list[Step]:
    contest = seat.official
    assert contest is not None
    out = []
    name, cid = seat.target.constituency, seat.target.contest_id
    if rush:
        winner = contest.winner
        out.append(Step(max(at - RUSH_LEAD, 0.0), cid, name, "winner", _body(
            seat, "winner", revision, source,
            [{"candidate": winner.name, "party": winner.party, "party_name": winner.party_name}
             ])))
        revision += 1
    out.append(Step(at, cid, name, "result", _body(seat, "result", revision, source,
                                                   _candidates(contest, wrong))))
    if wrong:
        body = _body(seat, "correction", revision + 1, source, _candidates(contest))
        body["note"] = "runner-up's votes corrected"
        out.append(Step(at + CORRECTION_DELAY, cid, name, "correction", body))
    return out


def replayable(name: str, data: DataArg = None) -> Night:
    """A past night whose every contest has its official result."""
    try:
        night = load_night(name, data)
    except ChoiceError as error:
        raise ChoiceError("night to replay (a past general election or by-election day)",
                          name, error.choices) from None
    if night.future or any(s.official is None for s in night.seats):
        raise ChoiceError("night to replay (a past general election or by-election day)",
                          name, ["2010", "2015", "2017", "2019", "2024", "2023-10-19"])
    return night


def schedule(year: str, rush: bool = False, corrections: float = 0.0, seed: int = 0,
             data: DataArg = None, limit: int | None = None,
             nominations: bool = False, exit_poll: bool = False) -> list[Step]:
    """Every POST of a night's replay, in time order (seats with no time last); with
    ``nominations``, every contest's real candidate list first; with ``exit_poll``, the exit
    poll published at ten (where the night had one) before the first result."""
    if not 0.0 <= corrections <= 1.0:
        raise ChoiceError("share of contests corrected (0 to 1)", corrections, ["0 … 1"])
    night = replayable(year, data)
    when = declaration_times(night, data)
    timed = [(when[s.target.contest_id], s) for s in night.seats]
    first = min(t for t, _ in timed if t is not None)
    last = max(t for t, _ in timed if t is not None)
    ordered = sorted(timed, key=lambda ts: (ts[0] or last, ts[1].target.contest_id))
    if limit is not None:
        ordered = ordered[:limit]
    rng = random.Random(seed)
    source = f"replay of the official results of the {night.name}"
    steps: list[Step] = []
    poll = _exit_poll(night) if exit_poll else None
    if poll is not None:
        steps.append(poll)
    for at, seat in ordered:
        offset = ((at or last) - first).total_seconds()
        if nominations:
            steps.append(_nomination(seat, -NOMINATIONS_LEAD, source))
        steps += _steps(seat, offset, rush, rng.random() < corrections, source,
                        2 if nominations else 1)
    return sorted(steps, key=lambda s: s.at)


@dataclass
class Tally:
    """What the desk answered, by HTTP status."""

    statuses: dict[int, int]
    refused: list[tuple[str, int, str]]

    @property
    def accepted(self) -> int:
        return self.statuses.get(201, 0)


def run(steps: Iterable[Step], post: Callable[[Step], tuple[int, str]],
        speed: float = 0.0, report: Callable[[Step, int], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic) -> Tally:
    """Post each step at ``speed`` times real time (0: as fast as the desk answers).

    ``post`` sends one step (its body to its path) and returns the status and the answer's
    text. A 409 means the
    ledger already holds that revision (a replay run twice, or resumed), and is not an error.
    """
    tally = Tally({}, [])
    start = clock()
    for step in steps:
        if speed > 0 and step.at > 0:
            wait = start + step.at / speed - clock()
            if wait > 0:
                sleep(wait)
        status, text = post(step)
        tally.statuses[status] = tally.statuses.get(status, 0) + 1
        if status not in (201, 409):
            tally.refused.append((step.contest, status, text[:500]))
        if report is not None:
            report(step, status)
    return tally

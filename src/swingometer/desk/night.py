"""An election night: the contests of one polling day, and what each is compared with.

A night is every contest of the catalogue on one day — a general election (``2019``,
``parl.2019-12-12``), rehearsed on a real night, one or several by-elections
(``2023-10-19``: Mid Bedfordshire and Tamworth), or both — or a polling day after the latest
general election. A future night holds the latest boundaries' constituencies, each as a
general-election contest and as a possible by-election; which of them the night is made of
is decided by what is posted for it (the desk: by-election nominations alone make it a
by-election night). Every seat's baseline is the previous general election's result in its
constituency (``elections.previous``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from .. import catalogue, elections
from ..elections import DataArg
from ..errors import ChoiceError, MissingFileError, NotFoundError, SwingometerError
from ..model import Contest, contest_id, election_id
from ..store import Target

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: what a night is made of
GENERAL, BY_ELECTIONS = "general election", "by-elections"


class NotADateError(SwingometerError, ValueError):
    """``2019-02-30``: shaped like a polling day, but no day of the calendar (422 in the API,
    a usage error on the command line)."""

    exit_code = 2

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(f"{text!r} is not a date: a polling day is a calendar date, "
                         "YYYY-MM-DD")


def polling_day(text: str) -> date:
    """A ``YYYY-MM-DD`` day, or NotADateError (422 in the API, exit 2 on the command line)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise NotADateError(text) from None


@dataclass(frozen=True)
class Seat:
    """A contest of the night: where declarations go, and what they are compared with."""

    target: Target
    baseline: Contest | None
    #: the official result, when the night is a past one (used by replays)
    official: Contest | None = None

    @property
    def is_by_election(self) -> bool:
        return self.target.kind == "by"


@dataclass(frozen=True)
class Night:
    election_id: str
    name: str
    date: date
    #: the contests the night shows before anything is posted for it
    seats: tuple[Seat, ...]
    #: the catalogue key of the general election whose results are the baselines
    baseline_key: str | None
    #: a day after the latest general election (its contests come from what is posted)
    future: bool = False
    #: on a future night: every possible by-election (latest boundaries), by contest id
    possible: tuple[Seat, ...] = ()

    @cached_property
    def by_ons(self) -> dict[str, Seat]:
        return {s.target.ons_id: s for s in self.seats if s.target.ons_id}

    @cached_property
    def by_id(self) -> dict[str, Seat]:
        return {s.target.contest_id: s for s in (*self.seats, *self.possible)}

    @property
    def size(self) -> int:
        return len(self.seats)

    @property
    def kind(self) -> str:
        """``general election`` or ``by-elections``: what the night's own contests are."""
        return BY_ELECTIONS if self.seats and all(s.is_by_election for s in self.seats) \
            else GENERAL

    @property
    def hexmap(self) -> str:
        """The HexJSON layout for this night's boundaries (the catalogue's ``hexmap`` of the
        latest general election on or before the night)."""
        return catalogue.load().hexmap_on(self.date)


def _target(contest: Contest, day: date, kind: str) -> Target:
    return Target(contest_id(contest.constituency, day, "by" if kind == "by" else "general"),
                  election_id(day, "general"), contest.ons_id, contest.constituency, day,
                  kind, contest.region, contest.country)


def _generals_on(day: date) -> list[elections.Source]:
    return [s for s in elections.general_elections() if s.date == day]


def _by_elections_on(day: date, data: DataArg) -> list[Contest]:
    found: list[Contest] = []
    for entry in catalogue.load().holding(day):
        if entry.kind != "by":
            continue
        try:
            found += [c for c in elections.contests(entry.key, data) if c.date == day]
        except MissingFileError:
            continue
    return sorted(found, key=lambda c: c.constituency)


def _name(day: date, generals: Iterable[elections.Source], by: list[Contest]) -> str:
    parts = [s.name for s in generals]
    if by:
        names = " and ".join([", ".join(c.constituency for c in by[:-1]), by[-1].constituency]
                             if len(by) > 1 else [by[0].constituency])
        parts.append(f"by-election{'s' if len(by) > 1 else ''} in {names} "
                     f"on {day:%-d %B %Y}")
    return "; ".join(parts)


def _past(day: date, data: DataArg) -> Night | None:
    generals = _generals_on(day)
    by = _by_elections_on(day, data)
    if not generals and not by:
        return None
    seats = [Seat(_target(c, day, "general"), elections.previous(c, data), c)
             for src in generals for c in elections.contests(src.key, data)]
    seats += [Seat(_target(c, day, "by"), elections.previous(c, data), c) for c in by]
    baseline = generals[0].baseline if generals else _baseline_key(by[0], data)
    return Night(election_id(day, "general"), _name(day, generals, by), day, tuple(seats),
                 baseline)


def _baseline_key(contest: Contest, data: DataArg) -> str | None:
    before = elections.previous(contest, data)
    if before is None:
        return None
    return next((s.key for s in elections.SOURCES
                 if s.kind == before.kind and s.date == before.date), None)


def _latest() -> elections.Source:
    return max((s for s in elections.general_elections() if s.date),
               key=lambda s: s.date or date.min)


def _future(day: date, data: DataArg) -> Night:
    last = _latest()
    seats = tuple(Seat(_target(c, day, "general"), c) for c in elections.contests(last.key,
                                                                                  data))
    possible = tuple(Seat(_target(c, day, "by"), c) for c in elections.contests(last.key,
                                                                                data))
    return Night(election_id(day, "general"), f"polling day of {day:%-d %B %Y}", day,
                 seats, last.key, future=True, possible=possible)


def _nothing_on(day: date) -> ChoiceError:
    days = [s.date.isoformat() for s in elections.general_elections() if s.date]
    return ChoiceError("polling day (no contest of the catalogue was held on it)",
                       day.isoformat(), [*days, "a by-election day", "a day after "
                                         f"{days[-1]}"])


def load_night(name: str, data: DataArg = None) -> Night:
    """A night by election key or id (``2019``, ``parl.2019-12-12``) or by polling day
    (``2019-12-12``, ``2023-10-19``, or a future ``YYYY-MM-DD`` on the latest boundaries)."""
    wanted = name.strip().removeprefix("parl.")
    if DATE.fullmatch(wanted):
        day = polling_day(wanted)
    else:
        src = elections.source(name)
        if src.kind != "general" or src.date is None:
            raise ChoiceError("night (a general election or a polling day)", name,
                              [s.key for s in elections.general_elections()])
        day = src.date
    last = _latest().date
    assert last is not None
    if day > last:
        return _future(day, data)
    found = _past(day, data)
    if found is None:
        raise _nothing_on(day)
    return found


def contest_day(contest: str) -> date:
    """The polling day in a contest id (``parl.aberavon.2019-12-12``,
    ``parl.tamworth.by.2023-10-19``)."""
    last = contest.rsplit(".", 1)[-1]
    if not contest.startswith("parl.") or not DATE.fullmatch(last):
        raise NotFoundError("contest", contest)
    return polling_day(last)

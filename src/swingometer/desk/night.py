"""An election night: the general election being declared, its seats and each seat's baseline.

A night is a general election of the catalogue (``2019``, ``parl.2019-12-12``) — a rehearsal
on a real night — or a polling day after the latest one, on the latest boundaries, whose
baselines are that election's results.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from .. import catalogue, elections
from ..elections import DataArg
from ..errors import ChoiceError, NotFoundError
from ..model import Contest, contest_id, election_id
from ..store import Target

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Seat:
    """A constituency of the night: where declarations go, and what they are compared with."""

    target: Target
    baseline: Contest | None
    #: the official result, when the night is a past election (used by replays)
    official: Contest | None = None


@dataclass(frozen=True)
class Night:
    election_id: str
    name: str
    date: date
    seats: tuple[Seat, ...]
    #: the catalogue key of the election whose results are the baselines
    baseline_key: str | None

    @cached_property
    def by_ons(self) -> dict[str, Seat]:
        return {s.target.ons_id: s for s in self.seats if s.target.ons_id}

    @cached_property
    def by_id(self) -> dict[str, Seat]:
        return {s.target.contest_id: s for s in self.seats}

    @property
    def size(self) -> int:
        return len(self.seats)

    @property
    def hexmap(self) -> str:
        """The HexJSON layout for this night's boundaries (the catalogue's ``hexmap`` of the
        latest general election on or before the night)."""
        return catalogue.load().hexmap_on(self.date)


def _target(contest: Contest, day: date) -> Target:
    return Target(contest_id(contest.constituency, day, "general"),
                  election_id(day, "general"), contest.ons_id, contest.constituency, day,
                  "general", contest.region, contest.country)


def _past(key: str, data: DataArg) -> Night:
    src = elections.source(key)
    assert src.date is not None
    seats = tuple(Seat(_target(c, src.date), elections.previous(c, data), c)
                  for c in elections.contests(src.key, data))
    return Night(src.id, src.name, src.date, seats, src.baseline)


def _future(day: date, data: DataArg) -> Night:
    last = max((s for s in elections.general_elections() if s.date), key=lambda s: s.date or day)
    assert last.date is not None
    if day <= last.date:
        known = ", ".join(s.key for s in elections.general_elections())
        raise ChoiceError("general election date", day.isoformat(), [known])
    seats = tuple(Seat(_target(c, day), c) for c in elections.contests(last.key, data))
    return Night(election_id(day, "general"), f"general election of {day:%-d %B %Y}", day,
                 seats, last.key)


def load_night(name: str, data: DataArg = None) -> Night:
    """A night by election key or id (``2019``, ``parl.2019-12-12``) or by polling day
    (``2019-12-12``, or a future ``YYYY-MM-DD`` on the latest boundaries)."""
    wanted = name.strip().removeprefix("parl.")
    if DATE.fullmatch(wanted):
        day = date.fromisoformat(wanted)
        for src in elections.general_elections():
            if src.date == day:
                return _past(src.key, data)
        return _future(day, data)
    src = elections.source(name)
    if src.kind != "general":
        raise ChoiceError("general election", name,
                          [s.key for s in elections.general_elections()])
    return _past(src.key, data)


def contest_day(contest: str) -> date:
    """The polling day in a general-election contest id (``parl.aberavon.2019-12-12``)."""
    found = DATE.search(contest.rsplit(".", 1)[-1])
    if not found or not contest.startswith("parl.") or ".by." in contest:
        raise NotFoundError("general-election contest", contest)
    return date.fromisoformat(found.group())

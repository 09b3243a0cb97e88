"""Rehearsing a real night: the official results of a replayable election of the catalogue
(2010, 2015, 2017 or 2019) posted through the desk's API in the order, and at the pace, they
were declared.

The official constituency files carry each declaration's time. A replay can send a ``winner``
rush before each full result, and can declare a share of the contests first with a wrong
figure (the runner-up a tenth short) and then correct them, so a desk rehearses corrections
and the final state still equals the official result.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .. import catalogue
from ..elections import DataArg
from ..errors import ChoiceError
from ..model import Contest
from .night import Seat, load_night

#: the elections whose files carry declaration times (the catalogue's ``replayable`` column)
YEARS = catalogue.load().replayable()
RUSH_LEAD = 60.0  # the winner is flashed a minute before the full figures
CORRECTION_DELAY = 900.0  # a wrong figure is corrected a quarter of an hour later


@dataclass(frozen=True)
class Step:
    """One POST of a replay: when (seconds after the night's first declaration) and what."""

    at: float
    contest: str
    constituency: str
    state: str
    body: dict[str, Any]


def declared_at(seat: Seat) -> datetime | None:
    text = seat.official.declared_at if seat.official else None
    try:
        return datetime.strptime(text or "", "%d/%m/%Y %H:%M")
    except ValueError:
        return None


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


def _steps(seat: Seat, at: float, rush: bool, wrong: bool, source: str) -> list[Step]:
    contest = seat.official
    assert contest is not None
    revision = 1
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


def schedule(year: str, rush: bool = False, corrections: float = 0.0, seed: int = 0,
             data: DataArg = None, limit: int | None = None) -> list[Step]:
    """Every POST of a night's replay, in time order (seats with no time last)."""
    if year not in YEARS:
        raise ChoiceError("election to replay (official declaration times)", year, YEARS)
    if not 0.0 <= corrections <= 1.0:
        raise ChoiceError("share of contests corrected (0 to 1)", corrections, ["0 … 1"])
    night = load_night(year, data)
    timed = [(declared_at(s), s) for s in night.seats]
    first = min(t for t, _ in timed if t is not None)
    last = max(t for t, _ in timed if t is not None)
    ordered = sorted(timed, key=lambda ts: (ts[0] or last, ts[1].target.contest_id))
    if limit is not None:
        ordered = ordered[:limit]
    rng = random.Random(seed)
    source = f"replay of the official {year} results"
    steps: list[Step] = []
    for when, seat in ordered:
        at = ((when or last) - first).total_seconds()
        steps += _steps(seat, at, rush, rng.random() < corrections, source)
    return sorted(steps, key=lambda s: s.at)


@dataclass
class Tally:
    """What the desk answered, by HTTP status."""

    statuses: dict[int, int]
    refused: list[tuple[str, int, str]]

    @property
    def accepted(self) -> int:
        return self.statuses.get(201, 0)


def run(steps: Iterable[Step], post: Callable[[dict[str, Any]], tuple[int, str]],
        speed: float = 0.0, report: Callable[[Step, int], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic) -> Tally:
    """Post each step at ``speed`` times real time (0: as fast as the desk answers).

    ``post`` sends one body and returns the status and the answer's text. A 409 means the
    ledger already holds that revision (a replay run twice, or resumed), and is not an error.
    """
    tally = Tally({}, [])
    start = clock()
    for step in steps:
        if speed > 0:
            wait = start + step.at / speed - clock()
            if wait > 0:
                sleep(wait)
        status, text = post(step.body)
        tally.statuses[status] = tally.statuses.get(status, 0) + 1
        if status not in (201, 409):
            tally.refused.append((step.contest, status, text[:500]))
        if report is not None:
            report(step, status)
    return tally

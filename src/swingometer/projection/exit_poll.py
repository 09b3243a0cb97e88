"""The exit poll: seats per party as the broadcasters publish it at ten o'clock, optionally with
each seat's win probabilities, checked before the live projection starts from it.

The published polls of 2010–2024 are package data (``data/exit_polls.csv``, one row per party
with its citation): :func:`published`. A poll names only some parties; the rest of the House
is "others" (Northern Ireland, Plaid Cymru, the Greens, the Speaker …).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ChoiceError, DataError, Problem
from ..parties import UnknownPartyError, registered_code

TABLE = "exit_polls.csv"
HOUSE = 650
#: a seat's win probabilities may sum to 1 within this
TOLERANCE = 1e-3


@dataclass(frozen=True)
class ExitPoll:
    """Seats per party (codes of the party registry) and, optionally, per seat (GSS code) the
    probability of each party winning it."""

    seats: Mapping[str, int]
    source: str = ""
    election: str | None = None
    probabilities: Mapping[str, Mapping[str, float]] = field(default_factory=dict)

    @property
    def named(self) -> int:
        return sum(self.seats.values())

    def others(self, size: int = HOUSE) -> int:
        """Seats the poll leaves to the parties it does not name."""
        return size - self.named

    def key(self) -> tuple[Any, ...]:
        """A hashable identity (for caching what is computed from the poll)."""
        return (tuple(sorted(self.seats.items())), self.election,
                tuple(sorted((k, tuple(sorted(v.items())))
                             for k, v in self.probabilities.items())))

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"seats": dict(self.seats), "source": self.source,
                               "election": self.election, "others": self.others()}
        if self.probabilities:
            out["probabilities"] = {k: dict(v) for k, v in self.probabilities.items()}
        return out


def _code(label: object, where: str, problems: list[Problem]) -> str | None:
    try:
        return registered_code(str(label))
    except UnknownPartyError as error:
        problems.append(Problem(where, str(error), column="party"))
        return None


def _whole(value: object, party: str, where: str, problems: list[Problem]) -> int | None:
    text = str(value).strip().replace(",", "") if not isinstance(value, bool) else ""
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not text.isdigit():
        problems.append(Problem(where, f"the seats of {party} are not a whole number: "
                                f"{value!r}", column="seats"))
        return None
    return int(text)


def exit_poll(seats: Mapping[str, object], source: str = "", election: str | None = None,
              probabilities: Mapping[str, Mapping[str, object]] | None = None,
              size: int = HOUSE, where: str = "exit poll") -> ExitPoll:
    """A checked exit poll: registered party codes (``con``, ``Conservative`` → ``Con``),
    whole numbers of seats summing to at most the House, each seat's probabilities between
    0 and 1 and summing to 1. Every problem is listed in one :class:`DataError`."""
    problems: list[Problem] = []
    found: dict[str, int] = {}
    if not seats:
        problems.append(Problem(where, "no party's seats given (e.g. --seats Con=368)"))
    for label, value in seats.items():
        code = _code(label, where, problems)
        number = _whole(value, str(label), where, problems)
        if code is None or number is None:
            continue
        if code in found:
            problems.append(Problem(where, f"{code} is given twice", column="party"))
        found[code] = number
    if not problems and sum(found.values()) > size:
        problems.append(Problem(where, f"the seats sum to {sum(found.values())}, more than "
                                f"the {size} seats of the House"))
    chances = _probabilities(probabilities or {}, where, problems)
    if problems:
        raise DataError(where, problems)
    return ExitPoll(found, source, election, chances)


def _probabilities(given: Mapping[str, Mapping[str, object]], where: str,
                   problems: list[Problem]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for seat, row in given.items():
        here = f"{where}, seat {seat}"
        if not isinstance(row, Mapping):
            problems.append(Problem(here, "win probabilities must be {party: probability}"))
            continue
        chances: dict[str, float] = {}
        for label, value in row.items():
            code = _code(label, here, problems)
            number = value if isinstance(value, int | float) and not isinstance(value, bool) \
                else math.nan
            if not math.isfinite(number) or not 0.0 <= number <= 1.0:
                problems.append(Problem(here, f"the probability of {label} is not between 0 "
                                        f"and 1: {value!r}", column="probability"))
            elif code is not None:
                chances[code] = chances.get(code, 0.0) + float(number)
        if chances and abs(sum(chances.values()) - 1.0) > TOLERANCE:
            problems.append(Problem(here, f"the win probabilities sum to "
                                    f"{sum(chances.values()):.3f}, not 1"))
        out[str(seat)] = chances
    return out


def from_pairs(pairs: Sequence[str], source: str = "", election: str | None = None
               ) -> ExitPoll:
    """An exit poll from ``PARTY=SEATS`` pairs (the ``--seats`` option)."""
    problems: list[Problem] = []
    seats: dict[str, object] = {}
    for pair in pairs:
        party, sep, value = pair.partition("=")
        if not sep or not party.strip():
            problems.append(Problem("--seats", f"{pair!r} is not PARTY=SEATS (e.g. Con=368)"))
            continue
        seats[party.strip()] = value.strip()
    if problems:
        raise DataError("--seats", problems)
    return exit_poll(seats, source or "given on the command line", election, where="--seats")


def from_json(body: object, where: str = "exit poll") -> ExitPoll:
    """An exit poll from its JSON form: ``{"seats": {"Con": 368, …}, "source": "…",
    "election": "2019", "probabilities": {"E14000530": {"Con": 0.9, "Lab": 0.1}}}``."""
    if not isinstance(body, Mapping) or not isinstance(body.get("seats"), Mapping):
        raise DataError(where, [Problem(where, 'expected {"seats": {"PARTY": SEATS, …}} with '
                                        'optional "source", "election" and "probabilities"')])
    unknown = sorted(set(body) - {"seats", "source", "election", "probabilities", "others"})
    if unknown:
        raise DataError(where, [Problem(where, f"unknown field {name!r}") for name in unknown])
    probabilities = body.get("probabilities") or {}
    if not isinstance(probabilities, Mapping):
        raise DataError(where, [Problem(where, '"probabilities" must be {seat: {party: p}}')])
    election = body.get("election")
    return exit_poll(body["seats"], str(body.get("source") or ""),
                     None if election is None else str(election), probabilities, where=where)


def from_file(path: str | Path) -> ExitPoll:
    """An exit poll from a JSON file (the form of :func:`from_json`)."""
    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DataError(where, [Problem(where, f"cannot be read: {error}")]) from None
    try:
        body = json.loads(text)
    except json.JSONDecodeError as error:
        raise DataError(where, [Problem(where, f"is not JSON: {error.msg}", row=error.lineno)]
                        ) from None
    return from_json(body, where)


@cache
def _table() -> dict[str, tuple[dict[str, int], str]]:
    text = resources.files("swingometer.data").joinpath(TABLE).read_text(encoding="utf-8")
    polls: dict[str, tuple[dict[str, int], str]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        seats, sources = polls.setdefault(row["election"], ({}, ""))
        seats[row["party"]] = int(row["seats"])
        if row["source"] not in sources:
            sources = f"{sources}; {row['source']}" if sources else row["source"]
        polls[row["election"]] = (seats, sources)
    return polls


def years() -> list[str]:
    """The elections whose published exit poll is in the package table."""
    return sorted(_table())


def published(election: str) -> ExitPoll:
    """The exit poll published at ten o'clock on the night of ``election`` (2010–2024)."""
    key = election.strip().removeprefix("parl.")[:4]
    if key not in _table():
        raise ChoiceError("election with a published exit poll", election, years())
    seats, source = _table()[key]
    return exit_poll(seats, source, key, where=f"{TABLE} ({key})")

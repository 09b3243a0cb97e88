"""The domain: candidates, contests (one constituency's poll) and elections (contests on one date).

Identifiers follow Democracy Club's election ids: ``parl.2019-12-12`` for a general election,
``parl.mid-bedfordshire.by.2023-10-19`` for a by-election, ``parl.mid-bedfordshire.2019-12-12``
for one constituency of a general election. Notional results (an election recast on the
next boundaries) add ``.notional`` to both.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from operator import attrgetter
from typing import TYPE_CHECKING, Literal, NamedTuple

from .errors import DataError, Problem

if TYPE_CHECKING:
    import pandas as pd

Kind = Literal["general", "by", "notional"]
KINDS: tuple[Kind, ...] = ("general", "by", "notional")


@cache
def slug(name: str) -> str:
    """``"Ynys Môn"`` → ``"ynys-mon"``, as Democracy Club ids spell constituencies."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = ascii_name.lower().replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")


def election_id(day: date, kind: Kind) -> str:
    base = f"parl.{day.isoformat()}"
    return base + ".notional" if kind == "notional" else base


def contest_id(constituency: str, day: date, kind: Kind) -> str:
    name = slug(constituency)
    if kind == "by":
        return f"parl.{name}.by.{day.isoformat()}"
    base = f"parl.{name}.{day.isoformat()}"
    return base + ".notional" if kind == "notional" else base


def user_contest_id(constituency: str, day: date, kind: Kind) -> str:
    """A contest read from a user's own file: ``user.nowhere.2024-07-04`` — never an
    official-looking ``parl.`` id, since the figures are the user's."""
    return "user." + contest_id(constituency, day, kind).removeprefix("parl.")


class Correction(NamedTuple):
    """A figure of an official file replaced by a pinned erratum, with the evidence for it."""

    file: str
    row: int
    field: str
    official: str
    corrected: str
    evidence: str

    def as_dict(self) -> dict[str, object]:
        return self._asdict()


class Candidate(NamedTuple):
    """One candidate's result (a light immutable record: there are tens of thousands)."""

    name: str
    party: str
    votes: int
    party_name: str = ""
    #: the candidate returned to Parliament: a contest marks its winner (a source marks who won
    #: a tie for first place by lot; ``Contest.by_lot`` says whether the lot decided it)
    elected: bool = False


_VOTES = attrgetter("votes")
_ELECTED = attrgetter("elected")


def party_votes(candidates: Iterable[Candidate]) -> dict[str, int]:
    """Votes by party code (several independents pool under ``Ind``)."""
    votes: dict[str, int] = {}
    for c in candidates:
        votes[c.party] = votes.get(c.party, 0) + c.votes
    return votes


@dataclass(frozen=True, slots=True, repr=False)
class Contest:
    """One constituency's poll. Candidates are held in descending order of votes."""

    constituency: str
    date: date
    kind: Kind
    candidates: tuple[Candidate, ...]
    ons_id: str | None = None
    electorate: int | None = None
    rejected: int | None = None
    region: str | None = None
    country: str | None = None
    #: the result as the source states it (e.g. "Lab gain from Con"), kept for checking
    declared_result: str | None = None
    declared_at: str | None = None
    #: figures of the official files that a pinned erratum corrected (never silent)
    corrections: tuple[Correction, ...] = ()
    id: str = field(default="")

    def __post_init__(self) -> None:
        # most votes first, an elected candidate first among equals (two stable sorts on C
        # key functions: the constructor runs for every contest read)
        ordered = list(self.candidates)
        if any(map(_ELECTED, ordered)):
            ordered.sort(key=_ELECTED, reverse=True)
        ordered.sort(key=_VOTES, reverse=True)
        if ordered and not ordered[0].elected:
            w = ordered[0]
            ordered[0] = Candidate(w.name, w.party, w.votes, w.party_name, True)
        if any(map(_ELECTED, ordered[1:])):  # the losers of a tie settled by lot
            ordered[1:] = [c._replace(elected=False) for c in ordered[1:]]
        object.__setattr__(self, "candidates", tuple(ordered))
        if not self.id:
            object.__setattr__(self, "id", contest_id(self.constituency, self.date, self.kind))

    @property
    def valid_votes(self) -> int:
        return sum(c.votes for c in self.candidates)

    @property
    def winner(self) -> Candidate:
        return self.candidates[0]

    @property
    def runner_up(self) -> Candidate | None:
        return self.candidates[1] if len(self.candidates) > 1 else None

    @property
    def by_lot(self) -> bool:
        """Whether the winner was chosen by lot: first place was a tie on votes."""
        second = self.runner_up
        return second is not None and second.votes == self.winner.votes

    def party_votes(self) -> dict[str, int]:
        """Votes by party code (several independents pool under ``Ind``)."""
        return party_votes(self.candidates)

    def __repr__(self) -> str:
        if not self.candidates:
            return f"<Contest {self.id}: no candidates>"
        w = self.winner
        return (f"<Contest {self.id}: {w.name} ({w.party}) elected, {len(self.candidates)} "
                f"candidates, {self.valid_votes:,} valid votes>")

    def _repr_html_(self) -> str:
        from .report.notebook import contest_html

        return contest_html(self)


@dataclass(frozen=True, repr=False)
class Election:
    """A set of contests on one date and boundary set: a general election, its notional
    recast on new boundaries, or the by-elections of one parliament."""

    id: str
    name: str
    date: date
    kind: Kind
    contests: tuple[Contest, ...]
    #: id of the election whose results are the baseline for change and swing
    baseline: str | None = None

    def contest(self, ons_id: str) -> Contest | None:
        return next((c for c in self.contests if c.ons_id == ons_id), None)

    def seats(self) -> dict[str, int]:
        """Seats won by party code, largest first."""
        seats: dict[str, int] = {}
        for c in self.contests:
            seats[c.winner.party] = seats.get(c.winner.party, 0) + 1
        return dict(sorted(seats.items(), key=lambda kv: (-kv[1], kv[0])))

    def to_frame(self, level: Literal["contest", "candidate"] = "contest") -> pd.DataFrame:
        """Every contest's results card as a tidy DataFrame, one row per contest or per
        candidate: the table ``swingometer export`` writes (columns: docs/export.md)."""
        from . import elections
        from .export import cards, frame

        return frame(cards(self.contests, elections.card), level)

    def __repr__(self) -> str:
        """``<Election 2024 general: 650 contests, Lab 411>``: short enough for a notebook."""
        if self.kind == "by":
            return f"<Election {self.name}: {len(self.contests)} contests>"
        lead = next(iter(self.seats().items()), None)
        most = f", {lead[0]} {lead[1]}" if lead else ""
        return f"<Election {self.date.year} {self.kind}: {len(self.contests)} contests{most}>"

    def _repr_html_(self) -> str:
        from .report.notebook import election_html

        return election_html(self)


def problem_order(problem: Problem) -> tuple[str, int]:
    return problem.source, problem.row or 0


@dataclass(frozen=True)
class SetAside:
    """A contest that failed validation, kept out of the results with its problems."""

    id: str
    constituency: str
    ons_id: str | None
    date: date | None
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Reading:
    """What one set of files gives: the contests that validated, those set aside, and the
    errata that named no row (so were not applied)."""

    contests: tuple[Contest, ...]
    set_aside: tuple[SetAside, ...] = ()
    stale_errata: tuple[Problem, ...] = ()

    @property
    def problems(self) -> list[Problem]:
        return [p for s in self.set_aside for p in s.problems] + list(self.stale_errata)

    def strict(self, source: str) -> tuple[Contest, ...]:
        """The contests, or one DataError with every problem if anything was set aside."""
        if self.problems:
            raise DataError(source, sorted(self.problems, key=problem_order))
        return self.contests

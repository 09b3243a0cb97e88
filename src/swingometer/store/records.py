"""What the ledger holds: declarations at a publication state, and the rules that order them.

A contest is published in stages (``nominated`` → ``winner`` → ``result`` → ``recount`` /
``correction`` → ``verified``), as the UK Parliament results service and the news agencies
publish it on election night. Every stage is a new record with a higher revision; nothing is
ever overwritten.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal

State = Literal["nominated", "winner", "result", "recount", "correction", "verified"]
STATES: tuple[State, ...] = ("nominated", "winner", "result", "recount", "correction",
                             "verified")
#: how much a state says: a record may follow only one that says as much or less
RANK: dict[str, int] = {"nominated": 0, "winner": 1, "result": 2, "recount": 2,
                        "correction": 2, "verified": 2}
#: states that carry every candidate's votes
WITH_FIGURES: frozenset[str] = frozenset({"result", "recount", "correction", "verified"})


@dataclass(frozen=True)
class Entry:
    """One candidate line of a declaration (votes are ``None`` before the figures are out)."""

    candidate: str
    party: str
    votes: int | None = None
    party_name: str = ""
    elected: bool = False


@dataclass(frozen=True)
class Target:
    """The contest a declaration is about, as the catalogue knows it."""

    contest_id: str
    election_id: str
    ons_id: str | None
    constituency: str
    date: date
    kind: str
    region: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class NewDeclaration:
    """A validated declaration waiting to be appended to the ledger."""

    target: Target
    state: State
    revision: int
    candidates: tuple[Entry, ...]
    electorate: int | None = None
    rejected: int | None = None
    source: str = ""
    note: str | None = None
    token_name: str | None = None


@dataclass(frozen=True)
class Record:
    """A declaration as stored: the ledger's id, when it arrived, and what it changed."""

    id: int
    target: Target
    state: State
    revision: int
    candidates: tuple[Entry, ...]
    received_at: datetime
    electorate: int | None = None
    rejected: int | None = None
    source: str = ""
    note: str | None = None
    token_name: str | None = None
    changes: tuple[dict[str, Any], ...] = field(default=())

    @property
    def has_figures(self) -> bool:
        return self.state in WITH_FIGURES

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, without the name of the token that wrote it."""
        return {
            "id": self.id, "contest": self.target.contest_id,
            "election": self.target.election_id, "ons_id": self.target.ons_id,
            "constituency": self.target.constituency, "state": self.state,
            "revision": self.revision, "source": self.source, "note": self.note,
            "received_at": self.received_at.isoformat(), "electorate": self.electorate,
            "rejected": self.rejected, "candidates": [asdict(e) for e in self.candidates],
            "changes": list(self.changes),
        }

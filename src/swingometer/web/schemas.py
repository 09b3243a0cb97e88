"""The HTTP API's request bodies (their JSON Schema is in ``/openapi.json``). Numbers are
strict JSON integers (``true`` or ``13872.0`` is not a vote count); names and party codes are
checked by ``desk.declare``, the same path as a results file's."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypedDict

from ..analysis.card_json import CardJSON, ContestJSON
from ..desk import Submission
from ..sources.sheet import MAX_COUNT
from ..store import Entry

MAX_VOTES = MAX_COUNT


class CandidateIn(BaseModel):
    """One candidate line: votes are left out before the figures are declared."""

    model_config = ConfigDict(extra="forbid")

    candidate: str = Field(min_length=1, max_length=200, examples=["Alistair Strathern"])
    party: str = Field(min_length=1, max_length=50, examples=["Lab"])
    votes: int | None = Field(default=None, ge=0, le=MAX_VOTES, strict=True, examples=[13872])
    party_name: str = Field(default="", max_length=200,
                            description="needed for a party the registry lacks")
    elected: bool = Field(default=False, strict=True,
                          description="marks the winner of a tie settled by lot")


class DeclarationIn(BaseModel):
    """A declaration: which contest, at which publication state and revision, and the figures.

    ``contest`` is a contest id (``parl.aberavon.2019-12-12``) or a GSS code with ``date``.
    """

    model_config = ConfigDict(extra="forbid")

    contest: str = Field(min_length=1, max_length=200, examples=["parl.aberavon.2019-12-12"])
    date: dt.date | None = Field(default=None, description="polling day, with a GSS code")
    state: Literal["nominated", "winner", "result", "recount", "correction", "verified"]
    revision: int = Field(ge=1, le=1_000_000, strict=True,
                          description="higher than the contest's last")
    candidates: list[CandidateIn] = Field(min_length=1, max_length=100)
    electorate: int | None = Field(default=None, ge=0, le=MAX_VOTES, strict=True)
    rejected: int | None = Field(default=None, ge=0, le=MAX_VOTES, strict=True)
    source: str = Field(default="", max_length=200, examples=["returning officer"])
    note: str | None = Field(default=None, max_length=2000)

    def submission(self) -> Submission:
        return Submission(
            contest=self.contest.strip(), state=self.state, revision=self.revision,
            candidates=tuple(Entry(c.candidate.strip(), c.party.strip(), c.votes,
                                   c.party_name.strip(), c.elected) for c in self.candidates),
            date=self.date, electorate=self.electorate, rejected=self.rejected,
            source=self.source, note=self.note)


class ProblemOut(BaseModel):
    """One problem with a request: where it is and what was expected."""

    source: str
    row: int | None = None
    column: str | None = None
    message: str


class ErrorOut(BaseModel):
    """Every error answer: what went wrong, and whichever details apply."""

    detail: str
    problems: list[ProblemOut] = Field(default_factory=list)
    choices: list[str] = Field(default_factory=list)
    suggestions: list[str] = Field(default_factory=list)
    current: dict[str, Any] | None = Field(default=None,
                                           description="the contest's current record (409)")


# --- answers: the contest view (the results card), documented in /openapi.json --------------


class StoryOut(TypedDict):
    """The result in words: the story's headline and paragraphs."""

    headline: str
    paragraphs: list[str]


class DeskWinnerOut(TypedDict):
    """The winner as a declaration names it, before its figures are in."""

    candidate: str
    party: str
    colour: str


class DeclaredContestOut(CardJSON):
    """A contest with figures: its full results card (``docs/card.schema.json``), its state
    and revision on the desk, its story and every revision received."""

    state: str
    revision: int | None
    story: StoryOut
    revisions: list[dict[str, Any]]


class AwaitingContestOut(TypedDict):
    """A contest without figures yet: awaiting, nominated, or a winner declared alone."""

    state: str
    revision: int | None
    contest: ContestJSON
    result: str | None
    winner: DeskWinnerOut | None
    story: None
    revisions: list[dict[str, Any]]


#: ``GET /api/contests/{contest}``
ContestOut = DeclaredContestOut | AwaitingContestOut

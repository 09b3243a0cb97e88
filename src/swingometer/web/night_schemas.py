"""Request bodies of the night's other records: a contest's statement of persons nominated,
and a published exit poll (their JSON Schema is in ``/openapi.json``)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..desk import Submission
from ..store import Entry


class NomineeIn(BaseModel):
    """One candidate of the statement of persons nominated."""

    model_config = ConfigDict(extra="forbid")

    candidate: str = Field(min_length=1, max_length=200, examples=["Alistair Strathern"])
    party: str = Field(min_length=1, max_length=50, examples=["Lab"])
    party_name: str = Field(default="", max_length=200,
                            description="needed for a party the registry lacks")


class NominationIn(BaseModel):
    """A contest's statement of persons nominated: who stands, posted before any result.

    ``contest`` is a contest id (``parl.tamworth.by.2023-10-19``) or a GSS code with ``date``.
    """

    model_config = ConfigDict(extra="forbid")

    contest: str = Field(min_length=1, max_length=200,
                         examples=["parl.mid-bedfordshire.by.2023-10-19"])
    date: dt.date | None = Field(default=None, description="polling day, with a GSS code")
    revision: int = Field(default=1, ge=1, le=1_000_000, strict=True,
                          description="1, or higher than the contest's last statement")
    candidates: list[NomineeIn] = Field(min_length=1, max_length=100)
    source: str = Field(default="", max_length=200, examples=["returning officer"])
    note: str | None = Field(default=None, max_length=2000)

    def submission(self) -> Submission:
        return Submission(
            contest=self.contest.strip(), state="nominated", revision=self.revision,
            candidates=tuple(Entry(c.candidate.strip(), c.party.strip(), None,
                                   c.party_name.strip()) for c in self.candidates),
            date=self.date, source=self.source, note=self.note)


class ExitPollIn(BaseModel):
    """A published exit poll: seats per party, and optionally each seat's win probabilities.

    Stored as ``{"source", "published", "seats", "seat_probabilities"}`` for the night."""

    model_config = ConfigDict(extra="forbid")

    election: str | None = Field(default=None, max_length=40,
                                 description="the night (default: the server's)")
    source: str = Field(min_length=1, max_length=1000,
                        examples=["Ipsos for BBC, ITV News and Sky News"],
                        description="who published it, with the citation")
    published: dt.datetime = Field(examples=["2019-12-12T22:00:00+00:00"])

    @field_validator("published", mode="before")
    @classmethod
    def _written_as_text(cls, value: object) -> object:
        """A time of publication is written as an ISO date-time; a bare number (seconds since
        1970, which pydantic would accept) is refused."""
        if isinstance(value, int | float):
            raise ValueError("give the time of publication as an ISO date-time, "
                             "e.g. 2019-12-12T22:00:00+00:00")
        return value
    seats: dict[str, int] = Field(min_length=1, max_length=60,
                                  examples=[{"Con": 368, "Lab": 191, "SNP": 55, "LD": 13}])
    seat_probabilities: dict[str, dict[str, float]] | None = Field(
        default=None, max_length=700, description="GSS code → party → chance of winning")

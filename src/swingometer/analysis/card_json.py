"""The results card's JSON contract, as types: what ``ResultCard.as_dict()`` returns, what
``swingometer result --json`` prints and the HTTP API's contest view carries.

The published JSON Schema (``docs/card.schema.json``) is generated from :class:`CardJSON`
(:func:`card_schema`); a test checks the file against it and every real card against the
file. Keys are never removed or renamed; new ones may be added.
"""

from __future__ import annotations

from typing import Any, Literal

from typing_extensions import TypedDict

Kind = Literal["general", "by", "notional"]


class ContestJSON(TypedDict):
    id: str
    constituency: str
    #: GSS code
    ons_id: str | None
    #: polling day, ISO 8601
    date: str
    kind: Kind
    region: str | None
    country: str | None


class PersonJSON(TypedDict):
    candidate: str
    party: str
    votes: int
    #: per cent of valid votes
    share: float


class CandidateJSON(PersonJSON):
    party_name: str
    #: the party's share at the baseline; None where it did not stand (or an independent)
    previous_share: float | None
    #: share − previous share, percentage points
    change: float | None


class MajorityJSON(TypedDict):
    votes: int
    share: float


class TurnoutJSON(TypedDict):
    valid: float | None
    ballot_box: float | None
    definitions: dict[str, str]


class PreviousJSON(TypedDict):
    id: str
    date: str
    kind: Kind
    winner: PersonJSON
    majority: MajorityJSON


SwingJSON = TypedDict("SwingJSON", {
    "method": Literal["butler", "steed"], "from": str, "to": str, "points": float | None})


class HeldSinceJSON(TypedDict):
    party: str
    year: int
    #: the election that began the run: "1931", "October 1974", "February 2024 by-election"
    election: str
    #: the run may reach further back than the data shows
    at_least: bool
    #: "by" when the run began at a by-election
    kind: str
    date: str | None
    #: the run began when the seat was created
    created: bool
    #: the seat's name when the run began
    constituency: str


class HoldingJSON(TypedDict):
    #: "2019", "October 1974", "February 2024 by-election"
    election: str
    year: int
    party: str
    constituency: str
    #: "general" or "by"
    kind: str
    date: str | None


class CorrectionJSON(TypedDict):
    file: str
    row: int
    field: str
    official: str
    corrected: str
    evidence: str


class LabelJSON(TypedDict):
    #: ``Lab gain from Con``, ``Con hold``, ``Con win``
    label: str
    convention: Literal["library", "pa"]
    outcome: Literal["gain", "hold", "win"]
    winner: str
    loser: str | None
    #: the party the result is measured against
    against: str | None


class ResultsJSON(TypedDict):
    #: against the previous general election (notional where boundaries changed)
    library: LabelJSON
    #: against the sitting member at dissolution, by-elections included
    pa: LabelJSON | None


class CardJSON(TypedDict):
    contest: ContestJSON
    #: the Commons Library's label (``results.library.label``)
    result: str
    #: the result as the official file states it
    declared_result: str | None
    winner: PersonJSON
    runner_up: PersonJSON | None
    majority: MajorityJSON
    turnout: TurnoutJSON
    electorate: int | None
    valid_votes: int
    rejected: int | None
    previous: PreviousJSON | None
    majority_overturned: int | None
    #: only between parties that stood at both contests; None with a ``swing_note``
    swing: SwingJSON | None
    steed_swing: SwingJSON | None
    speaker_seat: bool
    held_since: HeldSinceJSON | None
    history: list[HoldingJSON]
    corrections: list[CorrectionJSON]
    candidates: list[CandidateJSON]
    #: why the swing is not the conventional pair, why there is none, or why Butler and
    #: Steed point opposite ways
    swing_note: str | None
    #: the PA's label (``results.pa.label``)
    result_pa: str | None
    results: ResultsJSON
    #: the seat's last winner before this contest (general election or by-election)
    sitting: HoldingJSON | None
    #: the seat's standing at this contest (``analysis.history.Standing.as_dict``)
    standing: dict[str, Any] | None


SCHEMA_ID = "https://swingometer.example/card.schema.json"


def card_schema() -> dict[str, Any]:
    """The JSON Schema of :class:`CardJSON` (needs pydantic, which the web extra brings)."""
    from pydantic import TypeAdapter

    schema: dict[str, Any] = TypeAdapter(CardJSON).json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
            "title": "swingometer results card",
            "description": "One contest's figures against its baseline: `swingometer result "
                           "--json`, and the HTTP API's contest view. Shares and turnout are "
                           "per cent (0–100); swing and change are percentage points. See "
                           "docs/card.md."} | {k: v for k, v in schema.items() if k != "title"}

"""The results card: every figure of one contest against its baseline, as a typed value.

:func:`result_card` builds it once; every face (the CLI, stories, charts, tables, the desk,
the HTTP API) reads its attributes. :meth:`ResultCard.as_dict` is the JSON contract of
``swingometer result --json`` (and of the HTTP API's contest view), published as a JSON Schema
in ``docs/card.schema.json``. Shares and turnout are percentages 0–100; swing and change are
percentage points.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from ..model import Candidate, Contest, Correction, Kind
from .card_json import (
    CandidateJSON,
    CardJSON,
    ContestJSON,
    HeldSinceJSON,
    HoldingJSON,
    PersonJSON,
    PreviousJSON,
    SwingJSON,
)
from .history import HeldSince, Holding, Standing, standing
from .labels import ResultLabel, label_of
from .pairing import SwingPair, conventional_pair, quoted_swing
from .result import (
    NO_CHANGE,
    Majority,
    Turnout,
    candidate_share,
    change,
    majority,
    majority_overturned,
    share_of,
    shares,
    speaker_seat,
    turnout,
)

TURNOUT_DEFINITIONS = {"valid": "valid votes ÷ electorate (House of Commons Library)",
                       "ballot_box": "valid votes + rejected ballots ÷ electorate"}


@dataclass(frozen=True)
class Person:
    """A candidate's result: votes, and share of the valid vote (per cent)."""

    candidate: str
    party: str
    votes: int
    share: float

    def as_dict(self) -> PersonJSON:
        return {"candidate": self.candidate, "party": self.party, "votes": self.votes,
                "share": self.share}


@dataclass(frozen=True)
class CandidateLine(Person):
    """One line of the card's candidate table, with the party's share at the baseline (None
    where it did not stand, or for independents) and its change in points."""

    party_name: str = ""
    previous_share: float | None = None
    change: float | None = None

    def line(self) -> CandidateJSON:
        return {"candidate": self.candidate, "party": self.party, "votes": self.votes,
                "share": self.share, "party_name": self.party_name,
                "previous_share": self.previous_share, "change": self.change}


@dataclass(frozen=True)
class ContestInfo:
    """Which contest the card is of."""

    id: str
    constituency: str
    ons_id: str | None
    date: date
    kind: Kind
    region: str | None
    country: str | None

    def as_dict(self) -> ContestJSON:
        return {"id": self.id, "constituency": self.constituency, "ons_id": self.ons_id,
                "date": self.date.isoformat(), "kind": self.kind, "region": self.region,
                "country": self.country}


@dataclass(frozen=True)
class PreviousResult:
    """The baseline result the card is measured against."""

    id: str
    date: date
    kind: Kind
    winner: Person
    majority: Majority

    def as_dict(self) -> PreviousJSON:
        return {"id": self.id, "date": self.date.isoformat(), "kind": self.kind,
                "winner": self.winner.as_dict(),
                "majority": {"votes": self.majority.votes, "share": self.majority.share}}


@dataclass(frozen=True)
class Swing:
    """Swing from ``frm`` to ``to`` in points (positive: ``to`` gained on ``frm``)."""

    method: Literal["butler", "steed"]
    frm: str
    to: str
    #: None for a Steed swing where neither party stood in one of the results
    points: float | None

    def as_dict(self) -> SwingJSON:
        return {"method": self.method, "from": self.frm, "to": self.to, "points": self.points}


@dataclass(frozen=True)
class ResultCard:
    """Every figure of one contest against its baseline (see the module's docstring)."""

    contest: ContestInfo
    #: the House of Commons Library's label, against the baseline (``Lab gain from Con``)
    result: ResultLabel
    declared_result: str | None
    winner: Person
    runner_up: Person | None
    majority: Majority
    turnout: Turnout
    electorate: int | None
    valid_votes: int
    rejected: int | None
    candidates: tuple[CandidateLine, ...]
    previous: PreviousResult | None = None
    majority_overturned: int | None = None
    swing: Swing | None = None
    steed_swing: Swing | None = None
    #: why the swing is between other parties than the usual pair, or why there is none
    swing_note: str | None = None
    speaker_seat: bool = False
    held_since: HeldSince | None = None
    #: the seat's winners at general elections from 2010
    history: tuple[Holding, ...] = ()
    corrections: tuple[Correction, ...] = ()
    #: the Press Association's label, against the sitting member at dissolution (by-elections
    #: included); None where no sitting member is known or for a notional result
    result_pa: ResultLabel | None = None
    #: the seat's last winner before this contest, general election or by-election
    sitting: Holding | None = None
    #: where the seat stood at this contest (``analysis.history.standing``): held since,
    #: sitting member, a new seat's creation and largest predecessor
    standing: Standing | None = None

    @property
    def changed_hands(self) -> bool:
        """Whether to tell the result as a gain: the Speaker's seat is told as a hold, as the
        House of Commons Library does (the main parties do not stand against the Speaker)."""
        return self.result.gain and not self.speaker_seat

    @property
    def regained(self) -> bool:
        """A hold against the previous general election that is a gain from the sitting
        member (a seat lost at a by-election and won back)."""
        return self.result.hold and self.result_pa is not None and self.result_pa.gain

    def party_names(self) -> dict[str, str]:
        """Each party code's name as the candidates' lines give it."""
        return {c.party: c.party_name for c in self.candidates}

    def with_id(self, contest_id: str) -> ResultCard:
        """The same card under another contest id (the desk's id for a declared contest)."""
        return dataclasses.replace(
            self, contest=dataclasses.replace(self.contest, id=contest_id))

    def as_dict(self) -> CardJSON:
        """The JSON contract (``swingometer result --json``): plain dicts, lists, numbers."""
        return {
            "contest": self.contest.as_dict(),
            "result": self.result.text,
            "declared_result": self.declared_result,
            "winner": self.winner.as_dict(),
            "runner_up": self.runner_up.as_dict() if self.runner_up else None,
            "majority": {"votes": self.majority.votes, "share": self.majority.share},
            "turnout": {"valid": self.turnout.valid, "ballot_box": self.turnout.ballot_box,
                        "definitions": dict(TURNOUT_DEFINITIONS)},
            "electorate": self.electorate,
            "valid_votes": self.valid_votes,
            "rejected": self.rejected,
            "previous": self.previous.as_dict() if self.previous else None,
            "majority_overturned": self.majority_overturned,
            "swing": self.swing.as_dict() if self.swing else None,
            "steed_swing": self.steed_swing.as_dict() if self.steed_swing else None,
            "speaker_seat": self.speaker_seat,
            "held_since": _held(self.held_since) if self.held_since else None,
            "history": [_holding(h) for h in self.history],
            "corrections": [{"file": c.file, "row": c.row, "field": c.field,
                             "official": c.official, "corrected": c.corrected,
                             "evidence": c.evidence} for c in self.corrections],
            "candidates": [c.line() for c in self.candidates],
            "swing_note": self.swing_note,
            "result_pa": self.result_pa.text if self.result_pa else None,
            "results": {"library": self.result.as_dict(),
                        "pa": self.result_pa.as_dict() if self.result_pa else None},
            "sitting": _holding(self.sitting) if self.sitting else None,
            "standing": self.standing.as_dict() if self.standing else None,
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.as_dict(), indent=indent, ensure_ascii=False)

    def __getitem__(self, key: str) -> Any:
        """The JSON contract's value under ``key``, for callers written against the card as a
        dict (tests of the JSON contract); the package reads attributes."""
        return dict(self.as_dict())[key]


def _holding(h: Holding) -> HoldingJSON:
    return {"election": h.election, "year": h.year, "party": h.party,
            "constituency": h.constituency, "kind": h.kind,
            "date": h.date.isoformat() if h.date else None}


def _held(h: HeldSince) -> HeldSinceJSON:
    return {"party": h.party, "year": h.year, "election": h.election, "at_least": h.at_least,
            "kind": h.kind, "date": h.date.isoformat() if h.date else None,
            "created": h.created, "constituency": h.constituency}


def _person(contest: Contest, candidate: Candidate) -> Person:
    return Person(candidate.name, candidate.party, candidate.votes,
                  candidate_share(contest, candidate.votes))


def _info(contest: Contest) -> ContestInfo:
    return ContestInfo(contest.id, contest.constituency, contest.ons_id, contest.date,
                       contest.kind, contest.region, contest.country)


def _previous(previous: Contest) -> PreviousResult:
    return PreviousResult(previous.id, previous.date, previous.kind,
                          _person(previous, previous.winner), majority(previous))


def _swings(pair: SwingPair | None) -> tuple[Swing | None, Swing | None]:
    if pair is None:
        return None, None
    return (Swing("butler", pair.frm, pair.to, pair.butler),
            Swing("steed", pair.frm, pair.to, pair.steed))


def swing_pair(contest: Contest, previous: Contest) -> tuple[str, str]:
    """The conventional pair of a contest's swing (see :mod:`.pairing`); the card quotes
    :func:`.pairing.quoted_swing`, which keeps only parties that stood at both contests."""
    return conventional_pair(contest, previous)


def result_card(contest: Contest, previous: Contest | None = None,
                history: Sequence[Holding] = (), elections: Sequence[float] = ()
                ) -> ResultCard:
    """All the figures of a contest; ``previous`` is its baseline result, ``history`` the seat's
    winners at earlier general elections, ``elections`` every election in that series."""
    now = shares(contest)
    then = shares(previous) if previous else {}
    moved = change(now, then) if previous else {}
    before = previous.winner.party if previous else None
    lines = tuple(
        CandidateLine(c.name, c.party, c.votes, candidate_share(contest, c.votes), c.party_name,
                      None if c.party in NO_CHANGE else share_of(c.party, then),
                      moved.get(c.party))
        for c in contest.candidates)
    spoken = speaker_seat(contest.winner.party, before) if previous else \
        contest.winner.party == "Spk"
    quoted = quoted_swing(contest, previous) if previous else None
    swing, steed = _swings(quoted.pair if quoted else None)
    holder = before or contest.winner.party
    seat = standing(contest.kind, contest.date.year, holder, history, elections)
    sitting = seat.sitting if contest.kind != "notional" else None
    return ResultCard(
        contest=_info(contest),
        result=label_of(contest.winner.party, before),
        declared_result=contest.declared_result,
        winner=_person(contest, contest.winner),
        runner_up=_person(contest, contest.runner_up) if contest.runner_up else None,
        majority=majority(contest),
        turnout=turnout(contest),
        electorate=contest.electorate,
        valid_votes=contest.valid_votes,
        rejected=contest.rejected,
        candidates=lines,
        previous=_previous(previous) if previous else None,
        majority_overturned=majority_overturned(contest, previous) if previous else None,
        swing=swing,
        steed_swing=steed,
        swing_note=quoted.note if quoted else None,
        speaker_seat=spoken,
        held_since=seat.held_since,
        history=tuple(h for h in history if h.year >= 2010),
        corrections=contest.corrections,
        result_pa=label_of(contest.winner.party, sitting.party, "pa") if sitting else None,
        sitting=sitting,
        standing=seat,
    )

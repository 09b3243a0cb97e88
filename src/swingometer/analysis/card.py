"""The results card: every figure of one contest against its baseline, as a JSON-ready dict.

This is the contract of ``swingometer result --json`` (and of the HTTP API's contest view).
Shares and turnout are percentages 0–100; swing and change are percentage points.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model import Candidate, Contest
from .history import Holding, standing
from .result import (
    NO_CHANGE,
    candidate_share,
    change,
    majority,
    majority_overturned,
    result_label,
    share_of,
    shares,
    speaker_seat,
    turnout,
)
from .swing import butler_swing, steed_swing


def _person(contest: Contest, candidate: Candidate | None) -> dict[str, Any] | None:
    if candidate is None:
        return None
    return {"candidate": candidate.name, "party": candidate.party, "votes": candidate.votes,
            "share": candidate_share(contest, candidate.votes)}


def swing_pair(contest: Contest, previous: Contest) -> tuple[str, str]:
    """Which swing to report: for a gain, from the previous winner to the new one; for a hold,
    between the winner and the runner-up, in the direction that makes it positive."""
    winner = contest.winner.party
    before = previous.winner.party
    if result_label(winner, before).endswith("hold"):
        other = contest.runner_up.party if contest.runner_up else before
        now, then = shares(contest), shares(previous)
        return (winner, other) if butler_swing(then, now, winner, other) >= 0 else (other, winner)
    return before, winner


def result_card(contest: Contest, previous: Contest | None = None,
                history: Sequence[Holding] = (), elections: Sequence[float] = ()
                ) -> dict[str, Any]:
    """All the figures of a contest; ``previous`` is its baseline result, ``history`` the seat's
    winners at earlier general elections, ``elections`` every election in that series."""
    now = shares(contest)
    then = shares(previous) if previous else {}
    moved = change(now, then) if previous else {}
    label = result_label(contest.winner.party, previous.winner.party if previous else None)
    won = majority(contest)
    card: dict[str, Any] = {
        "contest": {"id": contest.id, "constituency": contest.constituency,
                    "ons_id": contest.ons_id, "date": contest.date.isoformat(),
                    "kind": contest.kind, "region": contest.region, "country": contest.country},
        "result": label,
        "declared_result": contest.declared_result,
        "winner": _person(contest, contest.winner),
        "runner_up": _person(contest, contest.runner_up),
        "majority": {"votes": won.votes, "share": won.share},
        "turnout": vars(turnout(contest)) | {
            "definitions": {"valid": "valid votes ÷ electorate (House of Commons Library)",
                            "ballot_box": "valid votes + rejected ballots ÷ electorate"}},
        "electorate": contest.electorate,
        "valid_votes": contest.valid_votes,
        "rejected": contest.rejected,
        "previous": None, "majority_overturned": None, "swing": None, "steed_swing": None,
        "speaker_seat": contest.winner.party == "Spk",
        "held_since": None,
        "history": [h.as_dict() for h in history if h.year >= 2010],
        "corrections": [c.as_dict() for c in contest.corrections],
        "candidates": [
            {**(_person(contest, c) or {}), "party_name": c.party_name,
             "previous_share": None if c.party in NO_CHANGE else share_of(c.party, then),
             "change": moved.get(c.party)}
            for c in contest.candidates],
    }
    if previous is not None:
        before = majority(previous)
        card["previous"] = {"id": previous.id, "date": previous.date.isoformat(),
                            "kind": previous.kind, "winner": _person(previous, previous.winner),
                            "majority": {"votes": before.votes, "share": before.share}}
        card["majority_overturned"] = majority_overturned(contest, previous)
        card["speaker_seat"] = speaker_seat(contest.winner.party, previous.winner.party)
        if not card["speaker_seat"]:
            frm, to = swing_pair(contest, previous)
            card["swing"] = {"method": "butler", "from": frm, "to": to,
                             "points": butler_swing(then, now, frm, to)}
            card["steed_swing"] = {"method": "steed", "from": frm, "to": to,
                                   "points": steed_swing(then, now, frm, to)}
    holder = previous.winner.party if previous else contest.winner.party
    held = standing(contest.kind, contest.date.year, holder, history, elections).held_since
    if held is not None:
        card["held_since"] = held.as_dict()
    return card

"""Checking a published exit poll before it is stored for a night, with the projection's own
checks (``projection.exit_poll``: registered party codes, whole seats that fit the night's
House, probabilities between 0 and 1 that sum to 1) and the night's: each seat given a
probability is one of its constituencies. A bad poll is refused whole with every problem."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ..errors import DataError, Problem
from ..projection.exit_poll import ExitPoll, exit_poll
from .night import Night

SOURCE = "exit poll"


def checked_exit_poll(night: Night, source: str, published: datetime,
                      seats: Mapping[str, int],
                      probabilities: Mapping[str, Mapping[str, float]] | None
                      ) -> dict[str, Any]:
    """The poll in its stored JSON shape: ``source``, ``published`` (ISO time), ``seats``
    (party → seats) and ``seat_probabilities`` (GSS code → party → chance) or None."""
    problems = [Problem(SOURCE, f"{ons} is not a constituency of the {night.name}", None,
                        "seat_probabilities")
                for ons in (probabilities or {}) if ons.upper() not in night.by_ons]
    try:
        poll = exit_poll(seats, source.strip(), night.election_id,
                         {k.upper(): v for k, v in (probabilities or {}).items()},
                         size=night.size, where=SOURCE)
    except DataError as error:
        problems += error.problems
    if problems:
        raise DataError(SOURCE, problems)
    return {"source": poll.source, "published": published.isoformat(),
            "seats": dict(poll.seats),
            "seat_probabilities": {k: dict(v) for k, v in poll.probabilities.items()}
            if poll.probabilities else None}


def as_exit_poll(stored: Mapping[str, Any], night: Night) -> ExitPoll:
    """A stored exit poll as the live projection takes it."""
    return exit_poll(stored["seats"], str(stored.get("source") or ""), night.election_id,
                     stored.get("seat_probabilities") or {}, size=night.size, where=SOURCE)

"""Checking a published exit poll before it is stored for a night: registered party codes,
seat counts that fit the night's House, and per-seat win probabilities that are
probabilities of the night's own seats. A bad poll is refused whole with every problem."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..errors import DataError, Problem
from ..parties import UnknownPartyError, registered_code
from .night import Night

SOURCE = "exit poll"
#: how far a seat's probabilities may sum from 1 (rounding in a published table)
SLACK = 0.02


def _code(code: str, where: str, problems: list[Problem]) -> str:
    try:
        return registered_code(code.strip(), "")
    except UnknownPartyError as error:
        problems.append(Problem(SOURCE, str(error), None, where))
        return code


def checked_exit_poll(night: Night, source: str, published: datetime, seats: dict[str, int],
                      probabilities: dict[str, dict[str, float]] | None) -> dict[str, Any]:
    """The poll in its stored JSON shape: ``source``, ``published`` (ISO time), ``seats``
    (party → seats) and ``seat_probabilities`` (GSS code → party → chance) or None."""
    problems: list[Problem] = []
    house: dict[str, int] = {}
    for code, n in seats.items():
        party = _code(code, "seats", problems)
        if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= night.size:
            problems.append(Problem(SOURCE, f"{code}: {n!r} seats is not a whole number from "
                                    f"0 to {night.size}", None, "seats"))
            continue
        house[party] = house.get(party, 0) + n
    if sum(house.values()) > night.size:
        problems.append(Problem(SOURCE, f"the seats add up to {sum(house.values())}, more "
                                f"than the night's {night.size}", None, "seats"))
    chances: dict[str, dict[str, float]] | None = None
    if probabilities is not None:
        chances = {}
        for ons, row in probabilities.items():
            if ons.upper() not in night.by_ons:
                problems.append(Problem(SOURCE, f"{ons} is not a constituency of the "
                                        f"{night.name}", None, "seat_probabilities"))
                continue
            if any(not 0.0 <= p <= 1.0 for p in row.values()) or \
                    abs(sum(row.values()) - 1.0) > SLACK:
                problems.append(Problem(SOURCE, f"{ons}: the chances must each be 0 to 1 and "
                                        "add up to 1", None, "seat_probabilities"))
                continue
            chances[ons.upper()] = {_code(c, "seat_probabilities", problems): float(p)
                                    for c, p in row.items()}
    if problems:
        raise DataError(SOURCE, problems)
    return {"source": source.strip(), "published": published.isoformat(), "seats": house,
            "seat_probabilities": chances}

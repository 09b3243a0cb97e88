"""The running House on election night: seats declared per party, gains and losses against
the baseline, votes and shares with their change, and the seats still to declare.

Share change is like for like: the parties' shares in the seats declared so far against their
shares in the same seats at the baseline election (the BBC's and the Library's practice on the
night), so an early run of safe seats does not look like a national landslide.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..parties import party
from .labels import label_of
from .result import change, vote_shares


@dataclass(frozen=True)
class SeatResult:
    """One seat as the desk knows it: the declared winner (if any), the declared party votes
    (if the figures are out), and the same at the baseline election."""

    winner: str | None
    votes: Mapping[str, int] | None
    previous_winner: str | None
    previous_votes: Mapping[str, int] | None


def majority_line(size: int) -> int:
    """Seats needed for a majority of the House: ``majority_line(650) == 326``.

    >>> majority_line(650)
    326
    """
    return size // 2 + 1


def gain_from(winner: str, previous_winner: str | None) -> str | None:
    """The party a seat was gained from, or None for a hold or a new seat."""
    label = label_of(winner, previous_winner)
    return label.loser if label.gain else None


def house_totals(seats: Sequence[SeatResult]) -> dict[str, Any]:
    """Seats, gains, losses, votes and like-for-like share change of every party."""
    won: Counter[str] = Counter()
    held_before: Counter[str] = Counter()
    gains: Counter[str] = Counter()
    losses: Counter[str] = Counter()
    votes: Counter[str] = Counter()
    before: Counter[str] = Counter()
    with_figures = 0
    for seat in seats:
        if seat.winner is None:
            continue
        won[seat.winner] += 1
        if seat.previous_winner:
            held_before[seat.previous_winner] += 1
        loser = gain_from(seat.winner, seat.previous_winner)
        if loser is not None:
            gains[seat.winner] += 1
            losses[loser] += 1
        if seat.votes is not None:
            with_figures += 1
            votes.update(seat.votes)
            before.update(seat.previous_votes or {})
    now, then = vote_shares(votes), vote_shares(before)
    moved = change(now, then)
    names = set(won) | set(losses) | set(votes)
    rows: list[dict[str, Any]] = [
        {"party": p, "name": party(p).name, "colour": party(p).colour, "seats": won[p],
         "gains": gains[p], "losses": losses[p], "net": gains[p] - losses[p],
         "previous_seats": held_before[p], "votes": votes[p], "share": now.get(p),
         "change": moved.get(p)} for p in names]
    rows.sort(key=lambda r: (-won[r["party"]], -votes[r["party"]], r["party"]))
    size = len(seats)
    declared = sum(won.values())
    return {"seats": size, "majority": majority_line(size), "declared": declared,
            "with_figures": with_figures, "to_declare": size - declared,
            "valid_votes": sum(votes.values()), "parties": rows}

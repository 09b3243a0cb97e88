"""The official result a forecast is scored against, in the forecasts' columns.

Great Britain's contested seats only: Northern Ireland's parties are not in the forecasts'
columns, and the Speaker's seat (Chorley in 2024) is not fought by the main parties, so no
forecast can be right or wrong about it. Each seat's winner and vote shares (points) are
mapped to the APOGEE columns (``LD`` → ``lib``; independents and small parties → ``oth``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .. import elections
from ..model import Contest
from ..sources.forecasts import COLUMNS, Matrix, column_of

DataArg = str | os.PathLike[str] | None
SPEAKER = "Spk"
NI = "Northern Ireland"


@dataclass(frozen=True, eq=False)
class Outcome:
    """One general election's result over its contested Great Britain seats."""

    election: str
    codes: tuple[str, ...]
    constituencies: tuple[str, ...]
    #: the column of each seat's winner
    winners: tuple[str, ...]
    #: seats × COLUMNS, per cent of the seat's valid votes
    shares: Matrix
    #: GSS codes of every seat of the election (a forecast may name any of them)
    all_codes: frozenset[str]
    #: GSS codes of every Great Britain seat, the Speaker's included
    great_britain: frozenset[str]

    @property
    def n_seats(self) -> int:
        return len(self.codes)

    @cached_property
    def row_of(self) -> dict[str, int]:
        return {code: i for i, code in enumerate(self.codes)}

    @cached_property
    def totals(self) -> dict[str, int]:
        """Seats won per column (every column, zeros included)."""
        return {c: self.winners.count(c) for c in COLUMNS}


def scored(contest: Contest) -> bool:
    """A seat the scoreboard scores: in Great Britain and not the Speaker's."""
    return contest.country != NI and contest.winner.party != SPEAKER


def _shares(contest: Contest) -> list[float]:
    votes = dict.fromkeys(COLUMNS, 0)
    for party, n in contest.party_votes().items():
        votes[column_of(party)] += n
    total = sum(votes.values()) or 1
    return [100 * votes[c] / total for c in COLUMNS]


def outcome(election: str, data: DataArg = None) -> Outcome:
    """The result of a general election (``2024``) as the scoreboard scores it."""
    found = elections.load(election, data)
    seats = [c for c in found.contests if scored(c)]
    return Outcome(
        election=found.id,
        codes=tuple(c.ons_id or "" for c in seats),
        constituencies=tuple(c.constituency for c in seats),
        winners=tuple(column_of(c.winner.party) for c in seats),
        shares=np.array([_shares(c) for c in seats], dtype=float).reshape(-1, len(COLUMNS)),
        all_codes=frozenset(c.ons_id for c in found.contests if c.ons_id),
        great_britain=frozenset(c.ons_id for c in found.contests
                                if c.ons_id and c.country != NI),
    )

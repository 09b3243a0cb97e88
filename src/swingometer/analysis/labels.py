"""Result labels as values: who won, against whom, gain or hold, and by which convention.

Two conventions are in use in British newsrooms:

* ``library`` — the House of Commons Library's: against the previous general election in the
  seat (notional where boundaries changed). A by-election is measured against the general
  election before it. This is the label the official files and the card's ``result`` carry.
* ``pa`` — the Press Association's: against the party of the sitting member at dissolution,
  by-elections included (Rochdale 2024 is a Labour gain from the Workers Party, whose George
  Galloway won the February 2024 by-election, though against 2019 it is a Labour hold).

A party holds what its predecessor won (Reform UK holds a Brexit Party seat).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..parties import predecessor
from .card_json import LabelJSON

Outcome = Literal["gain", "hold", "win"]
Convention = Literal["library", "pa"]
CONVENTIONS: dict[Convention, str] = {
    "library": "against the previous general election (notional where boundaries changed): "
               "the House of Commons Library",
    "pa": "against the party of the sitting member at dissolution, by-elections included: "
          "the Press Association",
}


@dataclass(frozen=True)
class ResultLabel:
    """``Lab gain from Con``, ``Con hold`` or ``Con win`` (nothing to measure against)."""

    winner: str
    outcome: Outcome
    #: the party the result is measured against: the previous winner, or the sitting member's
    against: str | None
    convention: Convention = "library"

    @property
    def gain(self) -> bool:
        return self.outcome == "gain"

    @property
    def hold(self) -> bool:
        return self.outcome == "hold"

    @property
    def loser(self) -> str | None:
        """The party that lost the seat (a gain only)."""
        return self.against if self.gain else None

    @property
    def text(self) -> str:
        if self.outcome == "gain":
            return f"{self.winner} gain from {self.against}"
        return f"{self.winner} {self.outcome}"

    def __str__(self) -> str:
        return self.text

    def as_dict(self) -> LabelJSON:
        return {"label": self.text, "convention": self.convention, "outcome": self.outcome,
                "winner": self.winner, "loser": self.loser, "against": self.against}


def label_of(winner: str, against: str | None,
             convention: Convention = "library") -> ResultLabel:
    """The result of ``winner`` measured against ``against`` (None: nothing to measure).

    >>> str(label_of("Lab", "Con")), str(label_of("RUK", "BRX")), label_of("Con", None).outcome
    ('Lab gain from Con', 'RUK hold', 'win')
    """
    if against is None:
        return ResultLabel(winner, "win", None, convention)
    if against in (winner, predecessor(winner)):
        return ResultLabel(winner, "hold", against, convention)
    return ResultLabel(winner, "gain", against, convention)

"""Swing between two parties from one result to another, in percentage points.

* Butler swing from A to B = ((B₂ − B₁) − (A₂ − A₁)) ÷ 2, shares of all valid votes
  (D. Butler, *The British General Election of 1945*; the convention of the Nuffield studies).
* Steed swing from A to B = B's share of the A+B vote now minus then (M. Steed, Nuffield
  studies from 1964).
* Swing needed for B to take a seat from A = (A₁ − B₁) ÷ 2 (uniform Butler swing).
"""

from __future__ import annotations

from .result import Shares, share_of


def _pair(before: Shares, after: Shares, party: str) -> tuple[float, float]:
    return share_of(party, before) or 0.0, share_of(party, after) or 0.0


def butler_swing(before: Shares, after: Shares, frm: str, to: str) -> float:
    """Butler swing from ``frm`` to ``to``; positive when ``to`` gained on ``frm``.

    >>> round(butler_swing({"Con": 59.8, "Lab": 21.7}, {"Con": 31.1, "Lab": 34.1}, "Con", "Lab"), 2)
    20.55
    """
    a1, a2 = _pair(before, after, frm)
    b1, b2 = _pair(before, after, to)
    return ((b2 - b1) - (a2 - a1)) / 2


def steed_swing(before: Shares, after: Shares, frm: str, to: str) -> float | None:
    """Steed (two-party) swing from ``frm`` to ``to``; None where neither stood in a result."""
    a1, a2 = _pair(before, after, frm)
    b1, b2 = _pair(before, after, to)
    if a1 + b1 == 0 or a2 + b2 == 0:
        return None
    return 100 * (b2 / (a2 + b2) - b1 / (a1 + b1))


def swing_needed(shares: Shares, holder: str, challenger: str) -> float:
    """Butler swing the challenger needs to take the seat: (A − B) ÷ 2 points.

    >>> swing_needed({"Con": 59.8, "Lab": 21.7}, "Con", "Lab")
    19.05
    """
    return round(((share_of(holder, shares) or 0.0) - (share_of(challenger, shares) or 0.0)) / 2,
                 10)


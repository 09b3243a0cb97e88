"""The live election-night desk: declarations checked and appended to the ledger, the running
House, gains and losses against the baseline, and the projection of the final result."""

from __future__ import annotations

from .declare import Submission, validate
from .desk import Desk
from .night import Night, Seat, load_night

__all__ = ["Desk", "Night", "Seat", "Submission", "load_night", "validate"]

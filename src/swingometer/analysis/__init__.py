"""Pure functions over contests: shares, change, majority, turnout, swing, result labels and
seat history. Every figure the faces show is computed here, once."""

from .result import (
    Majority,
    Turnout,
    change,
    majority,
    result_label,
    share_of,
    shares,
    turnout,
)
from .swing import butler_swing, steed_swing, swing_needed

__all__ = [
    "Majority",
    "Turnout",
    "butler_swing",
    "change",
    "majority",
    "result_label",
    "share_of",
    "shares",
    "steed_swing",
    "swing_needed",
    "turnout",
]

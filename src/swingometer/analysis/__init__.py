"""Pure functions over contests: shares, change, majority, turnout, swing, result labels and
seat history. Every figure the faces show is computed here, once; the results card
(:mod:`.card`) gathers them for one contest."""

from .labels import ResultLabel, label_of
from .pairing import QuotedSwing, quoted_swing
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
    "QuotedSwing",
    "ResultLabel",
    "Turnout",
    "butler_swing",
    "change",
    "label_of",
    "majority",
    "quoted_swing",
    "result_label",
    "share_of",
    "shares",
    "steed_swing",
    "swing_needed",
    "turnout",
]

"""Electoral Calculus's transition models: shares always stay within [0, 1].

* ``transition``: a party that declines in its area loses the same *fraction* of its vote in
  every seat; the votes a seat releases go to the parties that rise, in proportion to their
  area gains (M. Baxter, Electoral Calculus, "Transition Model", 2004).
* ``strong-transition``: each party's support in a seat is "weak" up to a threshold (default
  20% of the seat's valid votes) and "strong" above it; a declining party loses weak support
  first, in proportion to its weak support in each seat, and strong support only once the
  weak is gone (M. Baxter, Electoral Calculus, "Strong Transition Model", 2007).
"""

from __future__ import annotations

import numpy as np

from .areas import Frame
from .base import register
from .baseline import Matrix

#: weak support lies below this share of a seat's valid votes (per cent)
WEAK_THRESHOLD = 20.0


def _redistribute(frame: Frame, losses: Matrix) -> Matrix:
    """Take ``losses`` from the decliners and give each seat's released votes to the risers in
    proportion to their area gains."""
    gains = np.clip(frame.new - frame.old, 0.0, None)
    total_gain = gains.sum(axis=1, keepdims=True)
    released = losses.sum(axis=1, keepdims=True)
    share_of_gain = np.divide(gains, total_gain, out=np.zeros_like(gains), where=total_gain > 0)
    result: Matrix = frame.shares - losses + released * share_of_gain
    return result


@register("transition", "transition: decliners lose the same fraction everywhere, risers share "
          "the released votes", "M. Baxter, Electoral Calculus, 'Transition Model' (2004)")
def transition(frame: Frame) -> Matrix:
    old, new = frame.old, frame.new
    falling = new < old
    kept = np.divide(new, old, out=np.ones_like(old), where=falling)
    losses = np.where(falling, frame.shares * (1.0 - kept), 0.0)
    return _redistribute(frame, losses)


def strong_losses(frame: Frame, threshold: float) -> Matrix:
    """Each seat's loss for each declining party: weak support first, then strong."""
    weak = np.minimum(frame.shares, threshold)
    strong = frame.shares - weak
    weak_mean = frame.area_mean(weak)
    strong_mean = frame.old - weak_mean
    drop = np.clip(frame.old - frame.new, 0.0, None)
    from_weak = np.divide(np.minimum(drop, weak_mean), weak_mean, out=np.zeros_like(drop),
                          where=weak_mean > 0)
    beyond = np.clip(drop - weak_mean, 0.0, None)
    from_strong = np.divide(beyond, strong_mean, out=np.zeros_like(drop), where=strong_mean > 0)
    result: Matrix = weak * from_weak + strong * np.minimum(from_strong, 1.0)
    return result


@register("strong-transition", "strong transition: decliners lose 'weak' support (below 20% of "
          "the vote, configurable) first", "M. Baxter, Electoral Calculus, 'Strong Transition "
          "Model' (2007)")
def strong_transition(frame: Frame, threshold: float = WEAK_THRESHOLD) -> Matrix:
    """``threshold``: weak support lies below this share of a seat's valid votes (per cent)."""
    return _redistribute(frame, strong_losses(frame, threshold / 100))

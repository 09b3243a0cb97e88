"""The model of our own: regional swing with three effects the earlier elections support.

1. **Decline that depends on the party's baseline share** (``decline``, λ): a falling party's
   change in a seat is its area change × (1 − λ + λ × seat share ÷ area share). λ = 0 is
   uniform swing, λ = 1 proportional; negative λ means it falls less where it is strong.
2. **Squeeze on a declining holder's challenger** (``squeeze``, σ): where the seat's holder
   falls by a fraction *d* of its area share, the best-placed other party takes σ × *d* of the
   projected share of every party below it (the tactical unwind of 2024, when Labour and the
   Liberal Democrats took third parties' votes where they were second to the Conservatives).
3. **First-term incumbency** (``incumbency``, ι points): a party defending a seat it gained at
   the baseline election gets ι points (the sophomore surge; see ``incumbency``).

Gains are uniform (additive), as in every fit. A party's change applies only in the nations
where it stands. The parameters are fitted by grid search (``fit``) minimising the squared
seat-share error over Great Britain seats, a smooth loss; ``FITTED`` holds the fit on all four
pairs (for projecting forward) and the backtest refits each pair on the other three.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .areas import Frame
from .base import register
from .baseline import Matrix


@dataclass(frozen=True)
class Parameters:
    decline: float
    squeeze: float
    #: points
    incumbency: float


#: the fit on all four backtest pairs (2010→2015 … notional 2019→2024); the tests refit it
FITTED = Parameters(decline=0.75, squeeze=0.2, incumbency=4.0)


def share_dependent(frame: Frame, decline: float) -> Matrix:
    """Uniform gains; falls scaled by the party's seat share relative to its area share."""
    change = frame.new - frame.old
    relative = np.divide(frame.shares, frame.old, out=np.ones_like(frame.shares),
                         where=frame.old > 0)
    # a falling party never rises in a seat, however strong or weak it is there
    weight = np.where(change < 0, np.clip(1.0 - decline + decline * relative, 0.0, None), 1.0)
    result: Matrix = np.clip(frame.shares + change * weight, 0.0, None)
    return result


def squeeze_step(frame: Frame, shares: Matrix, squeeze: float) -> Matrix:
    """Where the holder declines by a fraction d, its best-placed challenger takes squeeze × d
    of every lower party's share."""
    base = frame.baseline
    rows = np.arange(base.n_seats)
    holder = base.winners()
    fall = np.divide(frame.old - frame.new, frame.old, out=np.zeros_like(shares),
                     where=frame.old > 0)[rows, holder]
    fall = np.clip(fall, 0.0, 1.0)
    ranked = np.where(base.winnable, shares, -1.0)
    ranked[rows, holder] = -2.0
    challenger = ranked.argmax(axis=1)
    below = np.broadcast_to(base.winnable, shares.shape).copy()
    below[rows, holder] = False
    below[rows, challenger] = False
    taken = (squeeze * fall)[:, None] * shares * below
    result: Matrix = shares - taken
    result[rows, challenger] += taken.sum(axis=1)
    return result


@register("ours", "our own: regional swing, share-dependent decline, squeeze on a falling "
          "holder's challenger, first-term incumbency (fitted on squared seat-share error)",
          "swingometer (docs/projection.md); fitted leave-one-election-out on 2010–2024",
          regional=True, nations=True)
def ours(frame: Frame, decline: float = FITTED.decline, squeeze: float = FITTED.squeeze,
         incumbency: float = FITTED.incumbency) -> Matrix:
    """The model of our own with its fitted parameters (each can be overridden)."""
    shares = share_dependent(frame, decline)
    shares = squeeze_step(frame, shares, squeeze)
    base = frame.baseline
    rows = np.arange(base.n_seats)
    shares[rows, base.winners()] += (incumbency / 100) * base.first_term
    return shares

"""Proportional (ratio) swing: every seat's share is multiplied by the party's ratio of new to
old share in its area, then the seat is renormalised.

A party with no baseline votes in an area cannot be scaled, so it gains additively there.
Source: J. Curtice and M. Steed, appendices to the Nuffield studies (e.g. *The British General
Election of 1997*), which compare ratio and uniform swing; Electoral Calculus (2004).
"""

from __future__ import annotations

import numpy as np

from .areas import Frame
from .base import register
from .baseline import Matrix


@register("proportional", "proportional swing: each seat's share times the national ratio "
          "new/old", "J. Curtice and M. Steed, appendix to The British General Election of "
          "1997 (Butler and Kavanagh); Electoral Calculus, 'Transition Model' (2004)")
def proportional(frame: Frame) -> Matrix:
    """Scale each party's seat share by new/old area share (additive where old is zero)."""
    old, new = frame.old, frame.new
    ratio = np.divide(new, old, out=np.ones_like(old), where=old > 0)
    fresh = np.where(old > 0, 0.0, new)
    result: Matrix = frame.shares * ratio + fresh
    return result

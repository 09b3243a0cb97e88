"""Uniform (additive) swing: every seat moves by its area's change in each party's share.

new seat share = old seat share + (new area share − old area share). D. Butler, *The British
General Election of 1955* (1955); the "cube law" literature's standard seat model since.
Shares that would go negative are clipped and the seat renormalised (``base.settle``).
"""

from __future__ import annotations

from .areas import Frame
from .base import register
from .baseline import Matrix


@register("uns", "uniform (additive) swing: each seat moves by the national change in points",
          "D. Butler, The British General Election of 1955 (1955); Electoral Calculus, "
          "'Additive model' (2004)")
def uniform(frame: Frame) -> Matrix:
    """Add each party's change in its area to its share in every seat."""
    result: Matrix = frame.shares + (frame.new - frame.old)
    return result

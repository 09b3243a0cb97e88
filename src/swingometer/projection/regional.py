"""Regional variants: each model driven by nation and English-region shares.

Every model accepts regional shares (``regions=``); these names mark the variants that the
backtest feeds with the actual shares of all twelve nations and English regions. A region not
given moves with the change the national shares leave after the given ones.
Source: the Nuffield studies' regional swing tables (e.g. J. Curtice and M. Steed, appendix to
*The British General Election of 2017*); Electoral Calculus's regional predictions.
"""

from __future__ import annotations

from . import proportional, transition, uniform
from .base import REGISTRY, variant

__all__ = ["proportional", "transition", "uniform"]

for _name, _text in (("uns", "uniform swing"), ("proportional", "proportional swing"),
                     ("transition", "transition model"),
                     ("strong-transition", "strong transition model")):
    variant(f"regional-{_name}", _name,
            f"regional {_text}: as {_name}, moved by each nation's and English region's shares",
            f"{REGISTRY[_name].source}; regional swing as in J. Curtice and M. Steed, appendix "
            "to The British General Election of 2017", regional=True)

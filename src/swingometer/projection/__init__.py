"""Seat projection: every swing model behind one interface.

>>> from swingometer.projection import project, methods
>>> p = project("2019-notional", {"Lab": 34.7, "Con": 24.4}, method="uns")  # doctest: +SKIP
>>> p.seats, p.winners, p.shares, p.as_dict()  # doctest: +SKIP

Models are registered by name (``methods()`` lists them with their sources): ``uns``,
``proportional``, ``transition``, ``strong-transition``, their ``regional-`` variants,
``tactical`` and ``ours`` (fitted on earlier elections). See ``docs/projection.md``.
"""

from . import ours, proportional, regional, tactical, transition, uniform
from .api import butler_change, methods, project, project_change
from .baseline import Baseline
from .baseline import load as load_baseline
from .result import Projection

__all__ = [
    "Baseline",
    "Projection",
    "butler_change",
    "load_baseline",
    "methods",
    "ours",
    "project",
    "project_change",
    "proportional",
    "regional",
    "tactical",
    "transition",
    "uniform",
]

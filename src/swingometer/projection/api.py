"""The projection entry points: national (and regional) shares, or a change vector, to seats."""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import ChoiceError
from . import baseline as baselines
from .areas import frame
from .base import REGISTRY, Method, names, settle
from .base import method as get_method
from .baseline import Baseline
from .result import Projection
from .shares import with_changes
from .tactical import DEFAULT_TACTICAL, Tactical, lend, tactical_matrix
from .targets import targets

DataArg = str | os.PathLike[str] | None
Shares = Mapping[str, float]
Regions = Mapping[str, Shares]


def methods() -> dict[str, tuple[str, str]]:
    """Every registered model: name → (one-line description, literature source)."""
    return {name: (REGISTRY[name].description, REGISTRY[name].source) for name in names()}


def _options(m: Method, options: Mapping[str, Any]) -> None:
    accepted = [p for p in inspect.signature(m.model).parameters if p != "frame"]
    for name in options:
        if name not in accepted:
            raise ChoiceError(f"option for the {m.name} method", name, accepted or ["(none)"])


def resolve(base: str | Baseline, data: DataArg = None) -> Baseline:
    return base if isinstance(base, Baseline) else baselines.load(base, data)


def project(baseline: str | Baseline = "2024", shares: Shares | None = None,
            method: str = "uns", regions: Regions | None = None, data: DataArg = None, *,
            tactical: Tactical | None = None, nations: bool | None = None,
            simulate: int = 0, seed: int | None = None,
            progress: Callable[[int, int], None] | None = None,
            change: Mapping[str, float] | None = None, **options: Any) -> Projection:
    """Project seats from Great Britain shares (per cent) and optional regional shares.

    The parties named take the shares given; the parties not named absorb the difference in
    proportion to their baseline shares (a notice says so). ``tactical`` is a lending matrix
    (``{"Lab": {"LD": 0.2}}``); ``nations=True`` applies a party's change only in the nations
    where it stands (the SNP's Great Britain change becomes a Scottish one); the default is the
    method's own.
    ``simulate=N`` adds a simulated forecast of N elections, repeatable with ``seed``.
    ``change`` adds changes in points to the baseline Great Britain shares of other parties
    (``shares={"Lab": 40}, change={"Con": -5}``; a party in both is an error).
    Model options (e.g. ``threshold=20`` for the strong transition) go in ``options``.

    >>> p = project("2019-notional", {"Lab": 34.7, "Con": 24.4, "LD": 12.6, "RUK": 14.7,
    ...             "Green": 6.9, "SNP": 2.6, "PC": 0.7})
    >>> sum(p.seats.values())
    650
    """
    base = resolve(baseline, data)
    chosen = get_method(method)
    _options(chosen, options)
    if change:
        shares = with_changes(base, shares, change)
    wanted = targets(base, shares, regions)
    seats_frame = frame(base, wanted, chosen.nations if nations is None else nations)
    result = chosen(seats_frame, **options)
    matrix = tactical if tactical is not None else (DEFAULT_TACTICAL if chosen.tactical else None)
    used = dict(options)
    if nations is not None:
        used["nations"] = nations
    if matrix:
        result = settle(seats_frame, lend(result, base, tactical_matrix(base, matrix)))
        used["tactical"] = {a: dict(row) for a, row in matrix.items()}
    projection = Projection(chosen.name, base, wanted, result, base.winners(result),
                            seats_frame.moving, used, wanted.notices)
    if simulate:
        from .simulate import attach

        projection = attach(projection, simulate, seed, progress)
    return projection


def project_change(baseline: str | Baseline, change: Mapping[str, float], method: str = "uns",
                   data: DataArg = None, **kwargs: Any) -> Projection:
    """Project from a change in each named party's Great Britain share (points), e.g. "swing so
    far" on election night or a Con–Lab swing slider (``{"Con": -5, "Lab": +5}``).

    >>> p = project_change("2024", {})
    >>> p.changes
    []
    """
    return project(resolve(baseline, data), None, method, data=data, change=change, **kwargs)


def butler_change(frm: str, to: str, points: float) -> dict[str, float]:
    """The change vector of a Butler swing of ``points`` from ``frm`` to ``to``.

    >>> butler_change("Con", "Lab", 5)
    {'Con': -5, 'Lab': 5}
    """
    return {frm: -points, to: points}

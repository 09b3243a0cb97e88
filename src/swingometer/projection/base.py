"""One interface for every seat-projection model, and the registry that names them.

A model is a function of a :class:`~swingometer.projection.areas.Frame` (baseline seat shares
and each party's reference share before and after, per seat) returning new seat shares. The
registry turns a name into a :class:`Method`; an unknown name is a ``ChoiceError`` listing the
valid ones. Every result goes through :func:`settle`: negative shares are clipped to zero and
each seat renormalised so its shares sum to one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import ChoiceError
from .areas import Frame
from .baseline import Matrix

Model = Callable[..., Matrix]


@dataclass(frozen=True)
class Method:
    """A registered projection model."""

    name: str
    description: str
    source: str
    model: Model
    #: a regional variant: the backtest gives it the actual shares of every region too
    regional: bool = False
    #: a tactical-voting adjustment is applied after the model (its default matrix)
    tactical: bool = False
    #: a party's change applies only in the nations where it stands (see ``areas``)
    nations: bool = False

    def __call__(self, frame: Frame, **options: Any) -> Matrix:
        return settle(frame, self.model(frame, **options))


REGISTRY: dict[str, Method] = {}
#: the order models are listed in: national textbook models, their regional variants, the rest
ORDER = ("uns", "proportional", "transition", "strong-transition", "regional-uns",
         "regional-proportional", "regional-transition", "regional-strong-transition",
         "tactical", "ours")


def names() -> list[str]:
    """Registered model names, in listing order."""
    return [n for n in ORDER if n in REGISTRY] + sorted(set(REGISTRY) - set(ORDER))


def register(name: str, description: str, source: str, *, regional: bool = False,
             tactical: bool = False, nations: bool = False) -> Callable[[Model], Model]:
    """Decorator: register a model function under ``name``."""

    def wrap(model: Model) -> Model:
        REGISTRY[name] = Method(name, description, source, model, regional, tactical, nations)
        return model

    return wrap


def variant(name: str, of: str, description: str, source: str | None = None, *,
            regional: bool = False) -> None:
    """Register another name for a model, with its own flags (a regional variant)."""
    base = REGISTRY[of]
    REGISTRY[name] = Method(name, description, source or base.source, base.model, regional,
                            base.tactical, base.nations)


def method(name: str) -> Method:
    """The registered model of this name (case-insensitive, ``_`` for ``-`` forgiven)."""
    key = name.strip().lower().replace("_", "-")
    if key not in REGISTRY:
        raise ChoiceError("projection method", name, names())
    return REGISTRY[key]


def settle(frame: Frame, shares: Matrix) -> Matrix:
    """Clip negative shares to zero and renormalise each seat; seats that do not move keep
    their baseline shares exactly."""
    clipped = np.clip(shares, 0.0, None)
    total = clipped.sum(axis=1, keepdims=True)
    result: Matrix = np.divide(clipped, total, out=frame.shares.copy(), where=total > 0)
    result[~frame.moving] = frame.shares[~frame.moving]
    return result

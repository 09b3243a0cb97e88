"""The final House projected on election night: one engine with the projection registry.

The live projection is a model of the registry (``live_model``): the night's seats are the rows
of the registry's baseline, with its columns, successions (Reform UK carries the Brexit Party's
votes) and Speaker, and any registered model (``uns``, ``proportional``, ``ours`` …) gives the
seats' prior shares; ``model`` is uniform swing with the seat covariates' regression. The
declared winners are kept; the other seats are projected and simulated.

Before any result the projection is the exit poll, labelled as such, when one has been posted;
without one there is **no projection yet** (never the previous election plus noise). A majority
chance is 0 or 1 only when the arithmetic (``majority_status``) makes it so; until then it is
the simulated share of nights, held below ``CERTAIN``. ``legacy-model`` and ``legacy-uns`` are
the engine this one replaced, kept reachable for comparison (``live_backtest``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from .. import elections
from ..analysis.totals import majority_line
from ..errors import ChoiceError
from ..model import Contest
from ..parties import party
from . import live_model as lm
from .base import names
from .baseline import OTHERS, Baseline
from .exit_poll import ExitPoll

#: the simulated chance is never shown above this while the arithmetic leaves it open
CERTAIN = 0.99
#: ``model``: uniform swing plus the seat covariates' regression
DEFAULT = "model"
LEGACY = ("legacy-model", "legacy-uns")


def methods() -> list[str]:
    """The methods the live projection runs: ``model`` and every registered model."""
    return [DEFAULT, *names(), *LEGACY]


@dataclass(frozen=True)
class LiveSeat:
    """A seat of the night: its baseline, what has been declared in it, who stands."""

    ons_id: str
    region: str | None
    country: str | None
    baseline: Contest | None
    #: the declared result with figures, if out
    declared: Contest | None = None
    #: the declared winner's party (from the figures or a ``winner`` rush)
    winner: str | None = None
    #: the nominated parties (one code per candidate), when posted: only they stand
    standing: tuple[str, ...] | None = None


def baseline_key(seats: Sequence[LiveSeat]) -> str | None:
    """The catalogue key of the election the seats' baselines come from."""
    for s in seats:
        if s.baseline is not None:
            c = s.baseline
            for src in elections.SOURCES:
                if src.kind == c.kind and src.date == c.date:
                    return src.key
    return None


def _base(seats: Sequence[LiveSeat], baseline: str | Baseline | None,
          data: elections.DataArg) -> Baseline | None:
    from .api import resolve

    if isinstance(baseline, Baseline):
        return baseline
    key = baseline or baseline_key(seats)
    return resolve(key, None if data is None else str(data)) if key else None


def _model_name(method: str) -> tuple[str, bool]:
    """(registered model, whether the seat covariates are fitted)."""
    if method == DEFAULT:
        return "uns", True
    if method in names():
        return method, method != "uns"
    raise ChoiceError("projection method", method, methods())


def live_projection(seats: Sequence[LiveSeat], method: str = DEFAULT, draws: int = 500,
                    seed: int = 0, level: float = 0.9, *, exit_poll: ExitPoll | None = None,
                    baseline: str | Baseline | None = None,
                    data: elections.DataArg = None) -> dict[str, Any]:
    """The final House: declared winners plus the undeclared seats projected by ``method``
    (from the exit poll when given), with a central figure, an interval at ``level`` and each
    party's chance of a majority. ``basis`` says what it rests on: ``none`` (no projection
    yet), ``exit poll`` (no result yet) or ``declarations``."""
    method = method.strip().lower().replace("_", "-")
    if method in LEGACY:
        from .live_legacy import LiveSeat as Old
        from .live_legacy import live_projection as old

        answer = old([Old(s.ons_id, s.region, s.country, s.baseline, s.declared, s.winner)
                      for s in seats], method.removeprefix("legacy-"), draws, seed, level)
        return answer | {"method": method, "basis": "declarations", "message": "",
                         "exit_poll": None}
    model, covariates = _model_name(method)
    size = len(seats)
    base = _base(seats, baseline, data)
    declared_winners = {s.winner: 0 for s in seats if s.winner}
    for s in seats:
        if s.winner:
            declared_winners[s.winner] += 1
    head: dict[str, Any] = {
        "method": method, "seats": size, "majority": majority_line(size),
        "declared": sum(declared_winners.values()),
        "with_figures": sum(1 for s in seats if s.declared is not None),
        "to_declare": size - sum(declared_winners.values()),
        "interval": {"level": level, "draws": draws, "seed": seed},
        "exit_poll": exit_poll.as_dict() if exit_poll is not None else None,
        "majority_status": majority_status(declared_winners,
                                           size - sum(declared_winners.values()), size)}
    if base is None or (exit_poll is None and head["with_figures"] == 0):
        return head | {"basis": "none", "penalty": None, "change": {}, "parties": [],
                       "message": "no projection yet: no result with figures has been "
                       "declared and no exit poll has been posted"}
    b = lm.board(base, [lm.Seat(s.ons_id, s.baseline, s.declared, s.winner, s.standing)
                        for s in seats])
    offsets = None
    if exit_poll is not None:
        begun = lm.start(b, model, exit_poll, seed, draws)
        target, sd, offsets = begun.target, lm.EXIT_SD, begun.offsets
    else:
        target, sd = b.base.national_shares(), lm.OPEN_SD
    prior = lm.prior_shares(b, model, target)
    # against an exit poll the seat covariates are not fitted: the backtest shows them
    # carrying the first declarers' peculiarity to the rest (docs/live-desk.md)
    plain = not covariates or exit_poll is not None
    fit = lm.fit(_without_covariates(b) if plain else b, prior, target, sd,
                 lm.EXIT_BIAS_SD if exit_poll is not None else lm.BIAS_SD)
    sims = lm.simulate(b, prior, fit, draws, seed)
    if offsets is not None:
        # the exit poll's own seat chances, moved by what the update changed: the same
        # draws without the update give the chances to subtract (only the shift counts)
        still = lm.simulate(b, prior, replace(fit, change=np.zeros_like(fit.change)), draws,
                            seed)
        offsets = begun.chances + begun.offsets - still.chances
    expected, counts = lm.expected_seats(b, sims, offsets)
    basis = "declarations" if head["declared"] else "exit poll"
    return head | {
        "basis": basis, "penalty": fit.penalty,
        "message": _message(basis, exit_poll),
        "change": {p: 100 * float(v) for p, v in zip(b.parties, lm.like_for_like(b),
                                                   strict=True) if p != OTHERS},
        "parties": _rows(b, expected, counts, level, head, exit_poll if basis == "exit poll"
                         else None)}


def _without_covariates(b: lm.Board) -> lm.Board:
    return replace(b, covariates=np.zeros((len(b.row), 0)))


def _message(basis: str, poll: ExitPoll | None) -> str:
    if basis == "exit poll":
        assert poll is not None
        return f"the exit poll, before any result ({poll.source or 'as posted'})"
    if poll is not None:
        return "from the exit poll, updated with each declaration"
    return "from the declarations so far (no exit poll)"


def _rows(b: lm.Board, expected: np.ndarray, counts: np.ndarray, level: float,
          head: Mapping[str, Any], poll: ExitPoll | None) -> list[dict[str, Any]]:
    size = int(head["seats"])
    total = size - int((~b.known & (b.winner < 0)).sum())
    central = lm.whole(expected, total)
    if poll is not None:  # before any result: the poll's own figures
        for p, n in poll.seats.items():
            if b.base.has(p):
                central[b.column(p)] = n
    fixed = np.bincount(b.winner[b.winner >= 0], minlength=len(b.parties))
    low, high = np.quantile(counts, [(1 - level) / 2, 1 - (1 - level) / 2], axis=0)
    line = majority_line(size)
    status = head["majority_status"]
    chance = (counts >= line).mean(axis=0)
    stands = lm.standing(b)
    out: list[dict[str, Any]] = []
    for i, p in enumerate(b.parties):
        if not (central[i] or high[i] > 0 or fixed[i]):
            continue
        low_i = int(min(np.floor(low[i]), central[i]))
        high_i = int(max(np.ceil(high[i]), central[i]))
        if status["decided"]:
            c = 1.0 if status["outcome"] == f"{p} majority" else 0.0
        elif fixed[i] + int(head["to_declare"]) < line:
            c = 0.0
        else:
            c = min(float(chance[i]), CERTAIN)
        out.append({"party": p, "name": party(p).name, "colour": party(p).colour,
                    "seats": int(central[i]), "low": max(low_i, int(fixed[i])),
                    "high": high_i, "declared": int(fixed[i]),
                    "expected": round(float(expected[i]), 2), "majority_chance": c,
                    "standing": stands[p]})
    out.sort(key=lambda r: (-int(r["seats"]), -int(r["declared"]), str(r["party"])))
    return out


def majority_status(declared: Mapping[str, int], to_declare: int, size: int) -> dict[str, Any]:
    """Whether the undeclared seats can still change who has a majority.

    >>> majority_status({"Con": 326, "Lab": 200}, 124, 650)["outcome"]
    'Con majority'
    >>> majority_status({"Con": 300, "Lab": 220, "LD": 30}, 100, 650)["can_still_reach"]
    ['Con']
    """
    line = majority_line(size)
    won = [p for p, s in declared.items() if s >= line]
    if won:
        return {"needed": line, "decided": True, "outcome": f"{won[0]} majority",
                "can_still_reach": [], "undeclared_can_change": False}
    if to_declare >= line:  # enough seats left for any party, even one with none yet
        reachable = ["any party"]
    else:
        reachable = sorted((p for p, s in declared.items() if s and s + to_declare >= line),
                           key=lambda p: -declared[p])
    if not reachable:
        return {"needed": line, "decided": True, "outcome": "hung parliament",
                "can_still_reach": [], "undeclared_can_change": False}
    return {"needed": line, "decided": False, "outcome": None, "can_still_reach": reachable,
            "undeclared_can_change": True}


def house_at_swing(baseline: str, points: float, gaining: str = "Lab", losing: str = "Con",
                   data: str | None = None) -> dict[str, Any]:
    """The House at a Butler swing of ``points`` from ``losing`` to ``gaining`` since the
    baseline election, by uniform national swing through the projection engine."""
    from . import butler_change, project_change

    projected = project_change(baseline, butler_change(losing, gaining, points), "uns", data)
    seats = dict(projected.seats)
    size = sum(seats.values())
    line = majority_line(size)
    leader = max(seats, key=lambda p: seats[p]) if seats else None
    return {"baseline": baseline, "method": "uns", "from": losing, "to": gaining,
            "points": points, "seats": seats, "size": size, "majority": line,
            "outcome": f"{leader} majority of {2 * seats[leader] - size}"
            if leader and seats[leader] >= line else "hung parliament",
            "parties": [{"party": p, "name": party(p).name, "colour": party(p).colour,
                         "seats": n} for p, n in seats.items()]}

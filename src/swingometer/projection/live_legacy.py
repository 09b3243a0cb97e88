"""Today's live engine before the one-engine rewrite, kept only for comparison (the live
backtest measures it): the final House projected from the seats declared so far.

Two methods:

* ``uns`` — uniform national swing: each party's like-for-like change in the declared seats
  (its share of their votes now against its share of the same seats' votes at the baseline) is
  added to its baseline share in every undeclared seat (negative shares clipped to 0, the seat
  renormalised).
* ``model`` — the seat change is a ridge regression on what is known of every seat before the
  night (baseline shares of the main parties, turnout, nation and region), fitted on the seats
  declared so far and predicted for the rest. The first declarers are safe urban seats with
  their own swing, so uniform swing from them misleads; the regression learns how the change
  depends on the kind of seat and carries that to seats of other kinds. Its penalty is chosen
  by leave-one-out error, so with few seats it shrinks to uniform swing (the elex-live-model
  idea: with no covariates the model *is* uniform swing).

Both give an interval by simulation: a national error common to all seats (from the spread of
the declared seats' residuals, shrunk towards a prior when few are in) plus a seat error drawn
from the same spread, with a seeded generator so a projection repeats exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ..analysis.totals import majority_line
from ..errors import ChoiceError
from ..model import Contest
from ..parties import party, predecessor

Matrix = npt.NDArray[np.float64]
METHODS = ("model", "uns")
OTHERS = "Oth"
SPEAKER = "Spk"
#: parties whose baseline share describes a seat (covariates of the model)
DESCRIBING = ("Con", "Lab", "LD", "Green", "UKIP", "BRX", "RUK", "SNP", "PC")
NATIONS = ("Scotland", "Wales", "Northern Ireland")
#: prior spread (fraction of the vote) of a seat's error and of the national error
PRIOR_SEAT_SD, PRIOR_NATIONAL_SD, PRIOR_WEIGHT = 0.04, 0.03, 10.0
PENALTIES = (3.0, 10.0, 30.0, 100.0, 300.0, 1000.0, 1e6)
MIN_SHARE = 0.005
#: fewer declared seats than this: uniform swing (too few to learn from)
MIN_FITTED = 10


@dataclass(frozen=True)
class LiveSeat:
    """A seat of the night: its baseline, and what has been declared in it."""

    ons_id: str
    region: str | None
    country: str | None
    baseline: Contest | None
    #: the declared result with figures, if out
    declared: Contest | None = None
    #: the declared winner's party (from the figures or a ``winner`` rush)
    winner: str | None = None


@dataclass(frozen=True)
class Table:
    """Seats × parties shares (fractions) of the baseline and of the declared results."""

    parties: tuple[str, ...]
    baseline: Matrix
    declared: Matrix
    has_figures: npt.NDArray[np.bool_]
    stood: npt.NDArray[np.bool_]
    baseline_votes: Matrix
    declared_votes: Matrix


def _column(code: str, parties: Sequence[str]) -> str:
    if code in parties:
        return code
    earlier = predecessor(code)
    return earlier if earlier is not None and earlier in parties else OTHERS


def _parties(seats: Sequence[LiveSeat]) -> tuple[str, ...]:
    """Parties that won a seat or took at least 0.5% of the votes, then ``Oth``."""
    votes: dict[str, int] = {}
    winners: set[str] = set()
    for seat in seats:
        for contest in (seat.baseline, seat.declared):
            if contest is not None:
                winners.add(contest.winner.party)
                for code, v in contest.party_votes().items():
                    votes[code] = votes.get(code, 0) + v
        if seat.winner:
            winners.add(seat.winner)
    total = sum(votes.values()) or 1
    keep = {p for p, v in votes.items() if v / total >= MIN_SHARE} | winners
    keep.discard(OTHERS)
    base = sorted(keep, key=lambda p: (-votes.get(p, 0), p))
    # a successor with its predecessor's column (RUK with BRX) shares it
    base = [p for p in base if predecessor(p) not in keep]
    return (*base, OTHERS)


def _votes(contest: Contest | None, parties: Sequence[str]) -> list[float]:
    row = [0.0] * len(parties)
    if contest is not None:
        for code, v in contest.party_votes().items():
            row[parties.index(_column(code, parties))] += v
    return row


def table(seats: Sequence[LiveSeat]) -> Table:
    parties = _parties(seats)
    before = np.array([_votes(s.baseline, parties) for s in seats]).reshape(len(seats), -1)
    now = np.array([_votes(s.declared, parties) for s in seats]).reshape(len(seats), -1)

    def share(v: Matrix) -> Matrix:
        total = v.sum(axis=1, keepdims=True)
        result: Matrix = v / np.where(total > 0, total, 1.0)
        return result

    stood = before > 0
    new = before.sum(axis=0) == 0  # a party new since the baseline may stand anywhere
    return Table(parties, share(before), share(now),
                 np.array([s.declared is not None for s in seats], dtype=bool),
                 stood | new[None, :], before, now)


def like_for_like(t: Table) -> Matrix:
    """Each party's change in share (fraction) over the seats declared with figures."""
    rows = t.has_figures
    if not rows.any():
        return np.zeros(len(t.parties))
    now = t.declared_votes[rows].sum(axis=0)
    then = t.baseline_votes[rows].sum(axis=0)
    result: Matrix = now / max(now.sum(), 1.0) - then / max(then.sum(), 1.0)
    return result


def covariates(seats: Sequence[LiveSeat], t: Table) -> Matrix:
    """What is known of every seat before the night, standardised: baseline shares of the
    parties that describe a seat, ballot-box turnout, nation and English region."""
    columns = [t.baseline[:, t.parties.index(p)] for p in DESCRIBING if p in t.parties]
    turnout = [(s.baseline.valid_votes / s.baseline.electorate) if s.baseline is not None
               and s.baseline.electorate else np.nan for s in seats]
    turnout_col = np.array(turnout, dtype=float)
    columns.append(np.where(np.isnan(turnout_col), np.nanmean(turnout_col), turnout_col)
                   if np.isfinite(turnout_col).any() else np.zeros(len(seats)))
    places = sorted({s.region or s.country or "" for s in seats} - {""})
    for place in places:
        columns.append(np.array([float((s.region or s.country) == place) for s in seats]))
    for nation in NATIONS:
        columns.append(np.array([float(s.country == nation) for s in seats]))
    x = np.column_stack(columns) if columns else np.zeros((len(seats), 0))
    sd = x.std(axis=0)
    keep = sd > 1e-9
    result: Matrix = (x[:, keep] - x[:, keep].mean(axis=0)) / sd[keep]
    return result


@dataclass(frozen=True)
class Fit:
    """A fitted change: predicted change per seat and party, and the residuals it left."""

    change: Matrix
    residuals: Matrix
    penalty: float | None


def _ridge(x: Matrix, y: Matrix, penalty: float) -> tuple[Matrix, Matrix]:
    """Slopes, and leave-one-out residuals, of a ridge regression on centred data."""
    a = x.T @ x + penalty * np.eye(x.shape[1])
    slopes = np.asarray(np.linalg.solve(a, x.T @ y), dtype=np.float64)
    hat = np.asarray(np.einsum("ij,ji->i", x, np.linalg.solve(a, x.T)), dtype=np.float64)
    hat = hat + 1.0 / len(x)
    loo: Matrix = (y - x @ slopes) / np.clip(1.0 - hat, 1e-6, None)[:, None]
    return slopes, loo


def fit_model(x: Matrix, t: Table) -> Fit:
    """Ridge regression of each party's seat change on the covariates, penalty by LOO."""
    rows = t.has_figures
    y = (t.declared - t.baseline)[rows]
    xd = x[rows]
    if len(y) < MIN_FITTED or x.shape[1] == 0:
        return fit_uniform(t)
    x_mean, y_mean = xd.mean(axis=0), y.mean(axis=0)
    xc, yc = xd - x_mean, y - y_mean
    best: tuple[float, float, Matrix] | None = None
    for penalty in PENALTIES:
        slopes, loo = _ridge(xc, yc, penalty)
        score = float((loo ** 2).sum())
        if best is None or score < best[0]:
            best = (score, penalty, slopes)
    assert best is not None
    _, penalty, slopes = best
    change: Matrix = y_mean + (x - x_mean) @ slopes
    return Fit(change, yc - xc @ slopes, penalty)


def fit_uniform(t: Table) -> Fit:
    """Uniform swing: the like-for-like change everywhere."""
    moved = like_for_like(t)
    change = np.tile(moved, (len(t.baseline), 1))
    rows = t.has_figures
    residuals: Matrix = (t.declared - t.baseline)[rows] - moved
    return Fit(change, residuals, None)


def _spread(residuals: Matrix, size: int) -> tuple[Matrix, Matrix]:
    """Seat and national error covariances: the residuals' own, shrunk towards a prior."""
    n = len(residuals)
    prior = np.eye(size)
    own = np.cov(residuals, rowvar=False) if n >= 2 else np.zeros((size, size))
    own = np.atleast_2d(own)
    seat = (n * own + PRIOR_WEIGHT * PRIOR_SEAT_SD ** 2 * prior) / (n + PRIOR_WEIGHT)
    national = seat / max(n, 1) + (PRIOR_WEIGHT / (n + PRIOR_WEIGHT)) * (
        PRIOR_NATIONAL_SD ** 2 * prior)
    return seat, national


def _winners(shares: Matrix, t: Table, speaker: npt.NDArray[np.bool_]) -> npt.NDArray[np.intp]:
    ranked = np.where(np.array([p != OTHERS for p in t.parties]), shares, -1.0)
    won: npt.NDArray[np.intp] = np.argmax(ranked, axis=-1)
    if SPEAKER in t.parties:
        won = np.where(speaker, t.parties.index(SPEAKER), won)
    return won


def _project(t: Table, change: Matrix) -> Matrix:
    """New shares: baseline + change where the party stands, clipped and renormalised."""
    shares = np.where(t.stood, np.clip(t.baseline + change, 0.0, None), 0.0)
    total = shares.sum(axis=-1, keepdims=True)
    result: Matrix = shares / np.where(total > 0, total, 1.0)
    return result


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


def live_projection(seats: Sequence[LiveSeat], method: str = "model", draws: int = 500,
                    seed: int = 0, level: float = 0.9) -> dict[str, Any]:
    """The final House: declared winners plus the undeclared seats projected by ``method``,
    with a central figure, an interval at ``level`` and each party's chance of a majority."""
    if method not in METHODS:
        raise ChoiceError("projection method", method, METHODS)
    t = table(seats)
    fit = fit_model(covariates(seats, t), t) if method == "model" else fit_uniform(t)
    speaker = np.array([s.baseline is not None and s.baseline.winner.party == SPEAKER
                        and s.winner is None for s in seats], dtype=bool)
    open_seats = np.array([s.winner is None for s in seats], dtype=bool)
    declared = _declared_counts(seats, t)
    central = _count(_winners(_project(t, fit.change), t, speaker)[open_seats], t) + declared
    simulated = _simulate(t, fit, open_seats, speaker, draws, seed) + declared[None, :]
    low, high = np.quantile(simulated, [(1 - level) / 2, 1 - (1 - level) / 2], axis=0)
    size = len(seats)
    line = majority_line(size)
    rows: list[dict[str, Any]] = [{"party": p, "name": party(p).name, "colour": party(p).colour,
             "seats": int(central[i]), "low": int(np.floor(low[i])),
             "high": int(np.ceil(high[i])), "declared": int(declared[i]),
             "majority_chance": float((simulated[:, i] >= line).mean())}
            for i, p in enumerate(t.parties) if central[i] or high[i] or declared[i]]
    rows.sort(key=lambda r: (-int(r["seats"]), -int(r["declared"]), str(r["party"])))
    moved = like_for_like(t)
    return {
        "method": method, "seats": size, "majority": line,
        "declared": int(declared.sum()), "with_figures": int(t.has_figures.sum()),
        "to_declare": int(open_seats.sum()),
        "interval": {"level": level, "draws": draws, "seed": seed},
        "penalty": fit.penalty,
        "change": {p: 100 * float(moved[i]) for i, p in enumerate(t.parties) if p != OTHERS},
        "parties": rows,
        "majority_status": majority_status({p: int(declared[i]) for i, p in
                                            enumerate(t.parties)}, int(open_seats.sum()), size),
    }


def _declared_counts(seats: Sequence[LiveSeat], t: Table) -> npt.NDArray[np.int64]:
    counts = np.zeros(len(t.parties), dtype=np.int64)
    for s in seats:
        if s.winner is not None:
            counts[t.parties.index(_column(s.winner, t.parties))] += 1
    return counts


def _count(winners: npt.NDArray[np.intp], t: Table) -> npt.NDArray[np.int64]:
    return np.bincount(winners, minlength=len(t.parties)).astype(np.int64)


def _simulate(t: Table, fit: Fit, open_seats: npt.NDArray[np.bool_],
              speaker: npt.NDArray[np.bool_], draws: int, seed: int) -> npt.NDArray[np.int64]:
    """Seat totals of the undeclared seats in each of ``draws`` simulated nights."""
    size = len(t.parties)
    counts = np.zeros((draws, size), dtype=np.int64)
    if not open_seats.any() or draws <= 0:
        return counts
    rng = np.random.default_rng(seed)
    seat_cov, national_cov = _spread(fit.residuals, size)
    seat_root = np.linalg.cholesky(seat_cov + 1e-10 * np.eye(size))
    national_root = np.linalg.cholesky(national_cov + 1e-10 * np.eye(size))
    sub = Table(t.parties, t.baseline[open_seats], t.declared[open_seats],
                t.has_figures[open_seats], t.stood[open_seats], t.baseline_votes[open_seats],
                t.declared_votes[open_seats])
    change = fit.change[open_seats]
    for start in range(0, draws, 100):
        n = min(100, draws - start)
        national = rng.standard_normal((n, 1, size)) @ national_root.T
        local = rng.standard_normal((n, len(change), size)) @ seat_root.T
        shares = _project(sub, change[None, :, :] + national + local)
        won = _winners(shares, sub, speaker[open_seats][None, :])
        for k in range(n):
            counts[start + k] = np.bincount(won[k], minlength=size)
    return counts


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

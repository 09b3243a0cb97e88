"""The live model: any registered projection model, run on election night.

The night's seats are the rows of the projection registry's baseline (``baseline.load``: its
columns, successions — the Brexit Party's votes are Reform UK's column — its Speaker and
regions). A party new since the baseline that has won a seat or taken 0.5% of the votes
declared gets a column of its own; who stands in a seat is its nominations when posted, the
declared candidates once declared, else the baseline's.

1. **Prior seat shares**: the registered model (``uns``, ``proportional``, ``ours`` …) applied
   to national targets — the baseline's own shares, or those that make the model's expected
   seats match the exit poll (``invert``).
2. **Update**: each declared seat's change against its prior share is a ridge regression on
   what was known of the seat before the night (baseline shares, turnout, nation, region),
   whose intercept — the national miss of the prior — has a prior of its own: tight around an
   exit poll, wide without one. The first declarers are safe urban seats; the covariates take
   their peculiarity, the intercept only what they say about the whole country.
3. **Simulation**: draws of the national miss (its posterior, plus a term for declared seats
   being unrepresentative that fades as seats declare) and of each seat's own error give each
   undeclared seat's win probabilities and the House's interval.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from .areas import frame
from .base import method as registered
from .baseline import OTHERS, SPEAKER, Baseline, Index, Mask, Matrix, Vector, seat_votes
from .targets import Targets

if TYPE_CHECKING:
    from ..model import Contest
    from .exit_poll import ExitPoll

#: parties whose baseline share describes a seat (covariates)
DESCRIBING = ("Con", "Lab", "LD", "Green", "UKIP", "RUK", "SNP", "PC")
#: a seat's own error: prior spread (fraction of the vote) and its weight in seats
PRIOR_SEAT_SD, PRIOR_WEIGHT = 0.04, 10.0
#: the national miss, per √(national share): with no exit poll, and around an exit poll
OPEN_SD, EXIT_SD = 0.10, 0.025
#: declared seats unrepresentative of the rest, per √share: fades with weight/(n + weight);
#: against an exit poll, which has already seen the country, their mean counts for less
BIAS_SD, EXIT_BIAS_SD, BIAS_WEIGHT = 0.08, 0.2, 30.0
PENALTIES = (3.0, 10.0, 30.0, 100.0, 300.0, 1000.0, 1e6)
MIN_FITTED = 10
NEW_PARTY_SHARE = 0.005
INVERT_STEPS = 10
#: the inversion: parties free to move (national share), seats' and change's scales
FREE_SHARE, SEATS_SD, CHANGE_SD = 0.02, 2.0, 0.05


@dataclass(frozen=True, eq=False)
class Seat:
    """What the model needs of one seat of the night (``live.LiveSeat`` carries it)."""

    ons_id: str
    baseline: Contest | None
    declared: Contest | None
    winner: str | None
    standing: tuple[str, ...] | None


@dataclass(frozen=True, eq=False)
class Board:
    """The night as arrays: one row per seat of the night, one column per party."""

    base: Baseline
    #: row of the baseline per seat of the night (−1: the seat is not in the baseline)
    row: Index
    stands: Mask
    #: declared shares (fractions) where a result with figures is in
    declared: Matrix
    figures: Mask
    #: column of the declared winner, −1 if none yet
    winner: Index
    covariates: Matrix
    #: who stands before any declaration (nominations, else the baseline)
    nominated: Mask

    @property
    def parties(self) -> tuple[str, ...]:
        return self.base.parties

    def column(self, code: str) -> int:
        if self.base.has(code):
            return self.base.column(code)
        return self.parties.index(OTHERS)

    @property
    def known(self) -> Mask:
        found: Mask = self.row >= 0
        return found

    @property
    def open(self) -> Mask:
        """Seats still to declare that the model projects."""
        found: Mask = self.known & (self.winner < 0)
        return found


def _votes(contest: Contest) -> dict[str, float]:
    return seat_votes(contest)


def _extended(base: Baseline, extra: tuple[str, ...]) -> Baseline:
    """The baseline with zero columns for parties new since it (before ``Oth``)."""
    if not extra:
        return base
    return _extend(base, extra)


@lru_cache(maxsize=32)
def _extend(base: Baseline, extra: tuple[str, ...]) -> Baseline:
    at = base.parties.index(OTHERS)
    zeros = np.zeros((base.n_seats, len(extra)))
    votes = np.concatenate([base.votes[:, :at], zeros, base.votes[:, at:]], axis=1)
    shares = np.concatenate([base.shares[:, :at], zeros, base.shares[:, at:]], axis=1)
    parties = (*base.parties[:at], *extra, *base.parties[at:])
    return replace(base, parties=parties, votes=votes, shares=shares)


def _new_parties(base: Baseline, seats: Sequence[Seat]) -> tuple[str, ...]:
    votes: dict[str, float] = {}
    winners: set[str] = set()
    for s in seats:
        if s.declared is not None:
            for code, v in _votes(s.declared).items():
                votes[code] = votes.get(code, 0.0) + v
        if s.winner is not None:
            winners.add(s.winner)
    total = sum(votes.values()) or 1.0
    new = {p for p, v in votes.items() if v / total >= NEW_PARTY_SHARE} | winners
    return tuple(sorted(p for p in new if p != OTHERS and not base.has(p)))


def board(base: Baseline, seats: Sequence[Seat]) -> Board:
    """The night's seats on the baseline's rows and columns."""
    base = _extended(base, _new_parties(base, seats))
    k = len(base.parties)
    where = {code: i for i, code in enumerate(base.ons_ids)}
    others = base.parties.index(OTHERS)
    fresh = base.votes.sum(axis=0) == 0  # a party new since the baseline
    col = {p: i for i, p in enumerate(base.parties)}

    def column(code: str) -> int:
        return base.column(code) if code in col or base.has(code) else others

    n = len(seats)
    row = np.array([where.get(s.ons_id, -1) for s in seats], dtype=np.intp)
    stands = np.zeros((n, k), dtype=bool)
    declared = np.zeros((n, k))
    figures = np.zeros(n, dtype=bool)
    winner = np.full(n, -1, dtype=np.intp)
    nominated = np.zeros((n, k), dtype=bool)
    for i, s in enumerate(seats):
        if s.declared is not None:
            for code, v in _votes(s.declared).items():
                declared[i, column(code)] += v
            total = declared[i].sum()
            if total > 0:
                declared[i] /= total
                figures[i] = True
                stands[i] = declared[i] > 0
        if s.winner is not None:
            winner[i] = column(s.winner)
        if s.standing is not None:
            independent = False
            for code in s.standing:
                if code == "Ind" and not independent and "Ind" in col:
                    nominated[i, col["Ind"]] = True
                    independent = True
                else:
                    nominated[i, column(code)] = True
        elif row[i] >= 0:
            nominated[i] = (base.votes[row[i]] > 0) | (fresh & base.gb[row[i]])
        if not figures[i]:
            stands[i] = nominated[i]
    return Board(base, row, stands, declared, figures, winner, _covariates(base, seats, row),
                 nominated)


def _covariates(base: Baseline, seats: Sequence[Seat], row: Index) -> Matrix:
    """What is known of every seat before the night, standardised over the night's seats."""
    known = row >= 0
    r = np.where(known, row, 0)
    columns = [base.shares[r, base.parties.index(p)] for p in DESCRIBING if p in base.parties]
    turnout = np.array([s.baseline.valid_votes / s.baseline.electorate
                        if s.baseline is not None and s.baseline.electorate else np.nan
                        for s in seats], dtype=float)
    columns.append(np.where(np.isnan(turnout), np.nanmean(turnout), turnout)
                   if np.isfinite(turnout).any() else np.zeros(len(seats)))
    for region in np.unique(base.region[r[known]]):
        columns.append((base.region[r] == region).astype(float))
    for nation in np.unique(base.nation[r[known]]):
        columns.append((base.nation[r] == nation).astype(float))
    x = np.column_stack(columns)
    x[~known] = 0.0
    sd = x[known].std(axis=0) if known.any() else np.zeros(x.shape[1])
    keep = sd > 1e-9
    result: Matrix = np.zeros((len(seats), int(keep.sum())))
    if known.any():
        result = (x[:, keep] - x[known][:, keep].mean(axis=0)) / sd[keep]
        result[~known] = 0.0
    return result


def prior_shares(b: Board, method: str, target: Vector) -> Matrix:
    """Each seat's shares under the registered model at national ``target`` shares, where
    its parties stand (renormalised)."""
    chosen = registered(method)
    projected = chosen(frame(b.base, Targets(target), True))
    shares = np.where(b.known[:, None], projected[np.where(b.known, b.row, 0)], 0.0)
    return _mask(shares, b.stands)


def _mask(shares: Matrix, stands: Mask) -> Matrix:
    kept = np.where(stands, np.clip(shares, 0.0, None), 0.0)
    total = kept.sum(axis=-1, keepdims=True)
    result: Matrix = kept / np.where(total > 0, total, 1.0)
    return result


@dataclass(frozen=True)
class Fit:
    """The update: predicted change per seat and party, the national miss's variance and
    each party's seat error."""

    change: Matrix
    miss_var: Vector
    seat_sd: Vector
    penalty: float | None


def national_sd(target: Vector, sd: float) -> Vector:
    """The national miss's spread per party: ``sd`` × √(national share)."""
    found: Vector = sd * np.sqrt(np.clip(target, 0.01, None))
    return found


def fit(b: Board, prior: Matrix, target: Vector, sd: float, bias_sd: float = 0.0) -> Fit:
    """The declared seats' change against their prior shares, regressed on the covariates
    with the intercept (the national miss) shrunk towards zero by its prior."""
    rows = np.flatnonzero(b.figures & b.known)
    n, k = len(rows), len(b.parties)
    miss_sd = national_sd(target, sd)
    x = b.covariates
    change = np.zeros_like(prior)
    miss_var = miss_sd ** 2
    seat_sd = np.full(k, PRIOR_SEAT_SD)
    chosen: list[float] = []
    seats_in = max(1, int(b.known.sum()))
    fading = BIAS_WEIGHT / (n + BIAS_WEIGHT) * (1.0 - n / seats_in)
    unrepresentative = national_sd(target, bias_sd or BIAS_SD) ** 2 * fading
    for j in range(k):
        use = rows[(b.stands[rows, j]) | (prior[rows, j] > 0)]
        if len(use) == 0:
            continue
        y = b.declared[use, j] - prior[use, j]
        spread = float(np.var(y)) if len(use) > 1 else 0.0
        var = (len(use) * spread + PRIOR_WEIGHT * PRIOR_SEAT_SD ** 2) / (len(use) + PRIOR_WEIGHT)
        seat_sd[j] = np.sqrt(var)
        # slopes on the declared seats centred on their own mean (so they cannot carry the
        # declared seats' mean to seats of other kinds); the national miss is that mean less
        # what the slopes explain, shrunk by its prior against the seats' own noise and their
        # being unrepresentative (a bias that fades as seats declare)
        xd = x[use]
        centre = xd.mean(axis=0) if len(use) else np.zeros(x.shape[1])
        slopes = np.zeros(x.shape[1])
        if len(use) >= MIN_FITTED and x.shape[1]:
            z = np.column_stack([np.ones(len(use)), xd - centre])
            yc = y - y.mean()
            lam = _penalty(z, yc, 1e-9)
            chosen.append(lam)
            a = z.T @ z + np.diag([1e-9, *([lam] * x.shape[1])])
            slopes = np.linalg.solve(a, z.T @ yc)[1:]
        noise = var / len(use) + unrepresentative[j]
        miss = float(y.mean() - centre @ slopes) * miss_var[j] / (miss_var[j] + noise)
        change[:, j] = miss + x @ slopes
        miss_var[j] = 1.0 / (1.0 / miss_var[j] + 1.0 / noise)
    penalty = float(np.median(chosen)) if chosen and n >= MIN_FITTED else None
    return Fit(change, miss_var, seat_sd, penalty)


def _penalty(z: Matrix, y: Vector, intercept: float) -> float:
    """The ridge penalty on the slopes with the least leave-one-out error."""
    best: tuple[float, float] | None = None
    for lam in PENALTIES:
        a = z.T @ z + np.diag([intercept, *([lam] * (z.shape[1] - 1))])
        coef = np.linalg.solve(a, z.T @ y)
        hat = np.einsum("ij,ji->i", z, np.linalg.solve(a, z.T))
        loo = (y - z @ coef) / np.clip(1.0 - hat, 1e-6, None)
        score = float((loo ** 2).sum())
        if best is None or score < best[0]:
            best = (score, lam)
    assert best is not None
    return best[1]


@dataclass(frozen=True, eq=False)
class Draws:
    """Simulated nights: seats won per party (declared seats included), and each seat's win
    probabilities (zero rows for declared seats)."""

    counts: npt.NDArray[np.int64]
    chances: Matrix


def simulate(b: Board, prior: Matrix, f: Fit, draws: int, seed: int,
             only: Mask | None = None) -> Draws:
    """``draws`` nights of the open seats (``only``: these seats) around prior + change."""
    k = len(b.parties)
    seats = b.open if only is None else only
    idx = np.flatnonzero(seats)
    chances = np.zeros((len(b.row), k))
    fixed = np.bincount(b.winner[b.winner >= 0], minlength=k).astype(np.int64) \
        if only is None else np.zeros(k, dtype=np.int64)
    counts = np.tile(fixed, (max(draws, 0), 1))
    if len(idx) == 0 or draws <= 0:
        return Draws(counts, chances)
    national_rng, local_rng = (np.random.default_rng(s)
                               for s in np.random.SeedSequence(seed).spawn(2))
    # the national misses: the same for every call with this seed, centred and scaled so
    # that a few hundred draws give the expected seats without a sampling tilt
    national_all = national_rng.standard_normal((draws, 1, k))
    if draws > 1:
        national_all = (national_all - national_all.mean(axis=0)) / national_all.std(axis=0)
    mean = (prior + f.change)[idx]
    stands = b.stands[idx]
    winnable = np.array([p != OTHERS for p in b.parties])
    speaker = b.base.speaker[b.row[idx]]
    spk = b.parties.index(SPEAKER) if SPEAKER in b.parties else -1
    miss = np.sqrt(f.miss_var)
    wins = np.zeros((len(idx), k))
    for start in range(0, draws, 100):
        m = min(100, draws - start)
        national = national_all[start:start + m] * miss
        local = local_rng.standard_normal((m, len(idx), k)) * f.seat_sd
        value = np.where(stands & winnable, mean + national + local, -np.inf)
        won = np.argmax(value, axis=-1)
        if spk >= 0:
            won = np.where(speaker[None, :], spk, won)
        for d in range(m):
            counts[start + d] += np.bincount(won[d], minlength=k)
        np.add.at(wins, (np.tile(np.arange(len(idx)), m), won.ravel()), 1.0)
    chances[idx] = wins / draws
    return Draws(counts, chances)


@dataclass(frozen=True, eq=False)
class Start:
    """The exit poll as the model's start: national targets and each seat's win
    probabilities there, and the poll's seats beyond what the model reproduces."""

    target: Vector
    chances: Matrix
    offsets: Matrix


_STARTS: dict[tuple[object, ...], Start] = {}


def start(b: Board, method: str, poll: ExitPoll, seed: int, draws: int) -> Start:
    """:func:`find_start` on the night before any declaration, cached (it is the same all
    night while the nominations and the poll stay)."""
    key = (b.base.key, b.parties, method, poll.key(), seed, draws,
           hash(b.nominated.tobytes()), hash(b.row.tobytes()))
    found = _STARTS.get(key)
    if found is None:
        before = replace(b, stands=b.nominated, figures=np.zeros_like(b.figures),
                         winner=np.full_like(b.winner, -1))
        found = find_start(before, method, poll, seed, draws)
        if len(_STARTS) > 16:
            _STARTS.clear()
        _STARTS[key] = found
    return found


def find_start(b: Board, method: str, poll: ExitPoll, seed: int, draws: int) -> Start:
    """National targets at which the model's expected seats match the exit poll with the
    least change from the baseline (Gauss–Newton on the seats of the poll's parties and of
    the rest pooled, each party's change penalised: a poll gives seats, not shares), and the
    per-seat offsets that carry what the model still misses — the poll's own per-seat
    probabilities where it gives them."""
    base = b.base
    named = [base.column(p) for p in poll.seats if base.has(p)]
    wanted = np.array([poll.seats[p] for p in poll.seats if base.has(p)], dtype=float)
    before = base.national_shares()
    free = sorted(set(named) | set(np.flatnonzero(before >= FREE_SHARE).tolist())
                  - {base.parties.index(OTHERS)})
    rest = np.ones(len(before), dtype=bool)
    rest[named] = False
    others = float(int(b.known.sum()) - wanted.sum())
    empty = replace(b, figures=np.zeros_like(b.figures))

    def target(delta: Vector) -> Vector:
        t = before.copy()
        t[free] = np.clip(before[free] + delta, 0.0, 0.95)
        found: Vector = t / t.sum()
        return found

    def expected(delta: Vector) -> tuple[Vector, Matrix]:
        t = target(delta)
        prior = prior_shares(b, method, t)
        d = simulate(b, prior, fit(empty, prior, t, EXIT_SD, EXIT_BIAS_SD), draws, seed,
                     b.known)
        return d.chances.sum(axis=0), d.chances

    def misses(delta: Vector, seats: Vector) -> Vector:
        found: Vector = np.concatenate([(seats[named] - wanted) / SEATS_SD,
                                        [(seats[rest].sum() - others) / SEATS_SD],
                                        delta / CHANGE_SD])
        return found

    delta = np.zeros(len(free))
    jac: Matrix | None = None
    for step_number in range(INVERT_STEPS):
        seats, _ = expected(delta)
        r = misses(delta, seats)
        if np.abs(r[:len(named) + 1]).max() * SEATS_SD < 0.5:
            break
        if jac is None or step_number % 4 == 0:  # chord steps: the slopes kept a while
            jac = np.zeros((len(r), len(free)))
            for i in range(len(free)):
                step = np.zeros(len(free))
                step[i] = 0.01
                jac[:, i] = (misses(delta + step, expected(delta + step)[0]) - r) / 0.01
        move = np.linalg.lstsq(jac, -r, rcond=None)[0]
        delta = delta + np.clip(move, -0.05, 0.05)
    seats, chances = expected(delta)
    offsets = _offsets(b, poll, named, wanted, seats, chances)
    return Start(target(delta), chances, offsets)


def _offsets(b: Board, poll: ExitPoll, named: list[int], wanted: Vector, seats: Vector,
             chances: Matrix) -> Matrix:
    k = len(b.parties)
    gap = np.zeros(k)
    gap[named] = wanted - seats[named]
    rest = np.ones(k, dtype=bool)
    rest[named] = False
    rest_seats = seats[rest].sum()
    if rest_seats > 0:
        gap[rest] = -gap[named].sum() * seats[rest] / rest_seats
    spread = np.divide(chances, seats, out=np.zeros_like(chances), where=seats > 0)
    offsets: Matrix = spread * gap
    if poll.probabilities:
        where = {code: i for i, code in enumerate(np.array(b.base.ons_ids)[b.row])}
        for code, row in poll.probabilities.items():
            i = where.get(code)
            if i is None or not b.known[i]:
                continue
            given = np.zeros(k)
            for p, chance in row.items():
                given[b.column(p)] += chance
            offsets[i] = given - chances[i]
    return offsets


def expected_seats(b: Board, d: Draws, offsets: Matrix | None) -> tuple[Vector, npt.NDArray[
        np.float64]]:
    """Expected seats per party (declared + open seats' chances + the exit poll's offsets),
    and the draws shifted by the same offsets."""
    k = len(b.parties)
    fixed = np.bincount(b.winner[b.winner >= 0], minlength=k).astype(float)
    shift = offsets[b.open].sum(axis=0) if offsets is not None else np.zeros(k)
    expected: Vector = fixed + d.chances[b.open].sum(axis=0) + shift
    return expected, d.counts + shift[None, :]


def whole(expected: Vector, total: int) -> npt.NDArray[np.int64]:
    """Expected seats rounded to whole seats summing to ``total`` (largest remainder)."""
    clipped = np.clip(expected, 0.0, None)
    if clipped.sum() > 0:
        clipped = clipped * total / clipped.sum()
    floor = np.floor(clipped).astype(np.int64)
    left = total - int(floor.sum())
    order = np.argsort(-(clipped - floor), kind="stable")
    floor[order[:left]] += 1
    return floor


def like_for_like(b: Board) -> Vector:
    """Each party's change in share (fraction) over the seats declared with figures."""
    rows = b.figures & b.known
    if not rows.any():
        return np.zeros(len(b.parties))
    r = b.row[rows]
    valid = b.base.valid[r]
    now = (b.declared[rows] * valid[:, None]).sum(axis=0) / valid.sum()
    then = b.base.votes[r].sum(axis=0) / max(float(b.base.votes[r].sum()), 1.0)
    result: Vector = now - then
    return result


def standing(b: Board) -> Mapping[str, int]:
    counts = b.stands.sum(axis=0)
    return {p: int(counts[i]) for i, p in enumerate(b.parties)}

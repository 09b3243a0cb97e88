"""By-elections repeated nationally: two answers side by side.

*Mirrored literally*: each party's change is its by-election share minus its share at the
previous general election in the same seat (the House of Commons Library's baseline).
*Additive*: every seat moves by those points. *Proportional*: every seat's share is multiplied
by the party's by-election share over its previous share (a party new to the seat gains
additively).

*As history suggests*: each party's change shrunk by the ratio fitted on every Great Britain
by-election since 1945 against the next general election's national change
(:mod:`swingometer.projection.shrinkage`), applied additively, with a simulated range drawn
from the fit's own out-of-sample errors.

Only parties that contest a nation's seats move, and only there: a party moves in a nation
where it stood in at least a fifth of the seats at the baseline. Independents, the pooled
minor and local candidates (``Oth``) and the Speaker do not transfer to other seats; the
Speaker's seat and Northern Ireland stay put. Negative shares are clipped and seats
renormalised, as in every projection. Several by-elections (one night, a parliament) combine
into one signal: the mean of their shares before and after, party by party.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from .. import catalogue, elections
from ..errors import DownloadError, MissingFileError, NotFoundError
from ..model import Contest
from . import baseline as baselines
from .areas import Frame, layout
from .base import settle
from .baseline import (
    INDEPENDENT,
    NATIONS,
    OTHERS,
    SPEAKER,
    Baseline,
    Index,
    Mask,
    Matrix,
    Vector,
    seat_votes,
)
from .incumbency import successors
from .proportional import proportional
from .result import Projection, seat_counts
from .shrinkage import history
from .targets import Targets
from .uniform import uniform

DataArg = str | os.PathLike[str] | None
#: a party moves in a nation where it stood in at least this fraction of the seats
CONTESTS = 0.2
#: parties that never transfer to other seats: independents, pooled others, the Speaker
LOCAL = frozenset({INDEPENDENT, OTHERS, SPEAKER})
#: history's party groups whose errors the simulation draws (other parties move by the ratio)
SIMULATED = ("Con", "Lab", "LD", "SNP", "PC")


def column_shares(base: Baseline, contest: Contest) -> Vector:
    """A contest's shares (fractions) on the baseline's columns (unknown parties pool in Oth)."""
    shares = np.zeros(len(base.parties))
    votes = seat_votes(contest)
    total = sum(votes.values()) or 1.0
    for party, v in votes.items():
        i = base.column(party) if base.has(party) else base.parties.index(OTHERS)
        shares[i] += v / total
    return shares


def contested(base: Baseline) -> Mask:
    """Seats × parties: whether the party's change applies in the seat (it contests the seat's
    nation, it is not an independent or a local candidate; never the Speaker's seat, never
    Northern Ireland)."""
    home = np.zeros(base.shares.shape, dtype=bool)
    national = np.array([p not in LOCAL for p in base.parties])
    for n in range(len(NATIONS) - 1):
        seats = (base.nation == n) & ~base.speaker
        if seats.any():
            stands = (base.votes[seats] > 0).mean(axis=0) >= CONTESTS
            home[seats] = stands & national
    home[base.speaker | ~base.gb] = False
    return home


def movers(base: Baseline, contest: Contest) -> np.ndarray:
    """The columns that move from a by-election: parties contesting its nation's seats."""
    seats = (base.nation == NATIONS.index(contest.country or "England")) & ~base.speaker
    return np.asarray(contested(base)[seats].any(axis=0))


def eligible(base: Baseline) -> Mask:
    """Seats × parties that may win a seat here: the parties that move, and the seat's own
    winner at the baseline (an independent keeps a seat it holds but gains none: the
    by-election says nothing of independents elsewhere)."""
    allowed: Mask = contested(base) & base.winnable[None, :]
    allowed[np.arange(base.n_seats), base.winners()] = True
    return allowed


def winners(base: Baseline, shares: Matrix) -> Index:
    found: Index = np.where(eligible(base), shares, -1.0).argmax(axis=1)
    return found


def _frame(base: Baseline, old: Vector, new: Vector) -> Frame:
    lay = layout(base, ())
    home = contested(base).astype(float)
    return Frame(base, lay, base.shares, old * home, new * home)


def _projection(base: Baseline, frame: Frame, additive: bool, label: str) -> Projection:
    model = uniform if additive else proportional
    shares = settle(frame, model(frame))
    gb = base.gb
    votes = (shares[gb] * base.valid[gb, None]).sum(axis=0)
    implied = Targets(votes / votes.sum())
    method = "uns" if additive else "proportional"
    moving = frame.moving & ~base.speaker & base.gb
    return Projection(method, base, implied, shares, winners(base, shares), moving,
                      scenario=label)


@dataclass(frozen=True)
class Caveat:
    """How by-election gains of one parliament fared at the next general election."""

    parliament: str
    gains: tuple[dict[str, Any], ...]

    @property
    def held(self) -> int:
        return sum(1 for g in self.gains if g["held"])

    def text(self) -> str:
        lost = ", ".join(f"{g['constituency']} ({g['party']})" for g in self.gains
                         if not g["held"])
        return (f"By-election swings overstate general-election swings. Of the {len(self.gains)} "
                f"seats gained at by-elections in the {self.parliament} parliament, "
                f"{self.held} were held by the same party at the next general election"
                + (f"; lost: {lost}" if lost else "") + ".")

    def as_dict(self) -> dict[str, Any]:
        return {"parliament": self.parliament, "gains": len(self.gains), "held": self.held,
                "seats": list(self.gains), "text": self.text()}


def caveat(parliament: str | None = None, data: DataArg = None) -> Caveat:
    """By-election gains of a parliament (by default the latest one followed by a general
    election: ``by-2019``) and whether the party held the seat at the next general election
    (across new boundaries: the new seat taking most of the old seat's population, from the
    official overlaps file)."""
    src = elections.source(parliament or catalogue.load().closed_by_elections()[-1])
    held = elections.contests(src.key, data)
    last = max(c.date for c in held)
    following = min((s for s in elections.general_elections() if s.date and s.date > last),
                    key=lambda s: s.date or last)
    later = {c.ons_id: c for c in elections.contests(following.key, data)}
    successor = successors(data) if following.boundaries != src.boundaries else {}
    gains = []
    for c in held:
        before = elections.previous(c, data)
        if before is None or before.winner.party == c.winner.party:
            continue
        seat = later.get(successor.get(c.ons_id or "", c.ons_id))
        gains.append({"constituency": c.constituency, "date": c.date.isoformat(),
                      "party": c.winner.party, "from": before.winner.party,
                      "next_general": seat.constituency if seat else None,
                      "next_winner": seat.winner.party if seat else None,
                      "held": bool(seat and seat.winner.party == c.winner.party)})
    return Caveat(src.name.removeprefix("by-elections "), tuple(gains))


@dataclass(frozen=True)
class Signal:
    """One or more by-elections as one signal: their mean shares before and after, on the
    baseline's columns, with the parties that do not transfer held at their previous share."""

    contests: tuple[Contest, ...]
    previous: tuple[Contest, ...]
    before: Vector
    after: Vector

    def change(self, base: Baseline) -> dict[str, float]:
        """Points by party (the mirrored change), parties that stood only."""
        return {p: float(100 * (a - b)) for p, a, b in zip(base.parties, self.after,
                                                           self.before, strict=True) if a or b}


def signal(base: Baseline, contests: Sequence[Contest], previous: Sequence[Contest]) -> Signal:
    """The by-elections' mean shares, party by party, over the by-elections where the party's
    change counts: it contests the nation's seats, and it did not stand aside (a party that
    stood at the general election and not at the by-election tells nothing of its support)."""
    befores = np.array([column_shares(base, p) for p in previous])
    afters = np.array([column_shares(base, c) for c in contests])
    counts = np.array([movers(base, c) for c in contests]) & ~((afters == 0) & (befores > 0))
    n = counts.sum(axis=0)
    mean_before = befores.mean(axis=0)
    before = np.where(n > 0, (befores * counts).sum(axis=0) / np.maximum(n, 1), mean_before)
    after = np.where(n > 0, (afters * counts).sum(axis=0) / np.maximum(n, 1), mean_before)
    return Signal(tuple(contests), tuple(previous), before, after)


def roles(base: Baseline) -> dict[str, str]:
    """Each party's role in the parliament the baseline elected: the largest party in seats
    is governing, the second the main opposition, every other party third."""
    counts = seat_counts(base.parties, base.winners())
    ranked = [p for p in counts if p not in LOCAL]
    out = dict.fromkeys(base.parties, "third")
    out[ranked[0]], out[ranked[1]] = "governing", "opposition"
    return out


@dataclass(frozen=True)
class Range:
    """Simulated seats: median and 5–95% by party."""

    n: int
    seed: int
    seats: dict[str, dict[str, float]]

    def as_dict(self) -> dict[str, Any]:
        return {"n": self.n, "seed": self.seed, "seats": self.seats}


@dataclass(frozen=True)
class HistoryAnswer:
    """The by-election's change as history suggests it lasts to the next general election."""

    projection: Projection
    #: national change by party, points (ratio × mirrored change)
    change: dict[str, float]
    ratios: dict[str, float]
    model: str
    range: Range
    #: whether splitting the ratio by role, and by time to the election, beat the pooled
    #: ratio out of sample (``{"role": False, "time": False}``: the data do not support it)
    supported: dict[str, bool] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"model": self.model, "ratios": self.ratios, "change": self.change,
                "range": self.range.as_dict(), "supported": self.supported}


def _years(contests: Sequence[Contest]) -> float | None:
    last = max(c.date for c in contests)
    later = [s.date for s in elections.general_elections() if s.date and s.date > last]
    return (min(later) - last).days / 365.25 if later else None


def as_history_suggests(base: Baseline, sig: Signal, label: str, simulations: int = 2000,
                        seed: int = 1, data: DataArg = None) -> HistoryAnswer:
    """Shrink the signal's change by the fitted ratios and project it additively, with seat
    ranges from ``simulations`` draws of the fit's out-of-sample errors: a parliament drawn at
    random, then as many of its by-elections as the signal holds, their errors averaged."""
    fitted = history(data)
    role = roles(base)
    years = _years(sig.contests)
    ratio = np.array([fitted.ratios.ratio(role[p], years) for p in base.parties])
    delta = (sig.after - sig.before) * ratio
    change = {p: float(100 * d) for p, d in zip(base.parties, delta, strict=True) if d}
    frame = _frame(base, np.zeros_like(delta), delta)
    point = _projection(base, frame, True, label + " (as history suggests)")
    draws = _error_draws(fitted, len(sig.contests), simulations, seed)
    # each draw: the role's error on the parties of that role that history covers
    per_party = np.zeros((simulations, len(base.parties)))
    for j, p in enumerate(base.parties):
        if p in SIMULATED:
            per_party[:, j] = draws[:, ("governing", "opposition", "third").index(role[p])]
    seats = _simulate(base, frame, delta, per_party / 100)
    rng = {p: {"median": float(np.median(seats[:, j])),
               "p05": float(np.percentile(seats[:, j], 5)),
               "p95": float(np.percentile(seats[:, j], 95))}
           for j, p in enumerate(base.parties) if seats[:, j].any()}
    order = dict(sorted(rng.items(), key=lambda kv: -kv[1]["median"]))
    return HistoryAnswer(point, change, {p: float(r) for p, r in zip(base.parties, ratio,
                                                                    strict=True)
                                         if p in change}, fitted.ratios.model,
                         Range(simulations, seed, order),
                         {"role": bool(fitted.report["role_supported"]),
                          "time": bool(fitted.report["time_supported"])})


def _error_draws(fitted: Any, n: int, simulations: int, seed: int) -> np.ndarray:
    """Simulations × roles (governing, opposition, third) of averaged historical errors."""
    by_contest: dict[tuple[str, date, str], dict[str, float]] = {}
    for o, e in zip(fitted.observations, fitted.residuals, strict=True):
        by_contest.setdefault((o.parliament, o.date, o.constituency), {})[o.role] = float(e)
    full = [(k[0], [v["governing"], v["opposition"], v["third"]]) for k, v in
            by_contest.items() if len(v) == 3]
    parliaments = sorted({p for p, _ in full})
    pools = {p: np.array([r for q, r in full if q == p]) for p in parliaments}
    generator = np.random.default_rng(seed)
    out = np.zeros((simulations, 3))
    chosen = generator.integers(len(parliaments), size=simulations)
    for i, k in enumerate(chosen):
        pool = pools[parliaments[k]]
        out[i] = pool[generator.integers(len(pool), size=n)].mean(axis=0)
    return out


def _simulate(base: Baseline, frame: Frame, delta: Vector, errors: Matrix,
              chunk: int = 250) -> np.ndarray:
    """Seats by party in each draw: the additive projection of ``delta + error``."""
    home = contested(base).astype(float)
    moving = frame.moving
    out = np.zeros((len(errors), len(base.parties)), dtype=np.int64)
    allowed = eligible(base)[moving]
    fixed = base.winners()[~moving]
    fixed_counts = np.bincount(fixed, minlength=len(base.parties))
    for start in range(0, len(errors), chunk):
        e = errors[start:start + chunk]
        shares = base.shares[None, moving] + (delta + e)[:, None, :] * home[None, moving]
        shares = np.where(allowed[None], np.clip(shares, 0.0, None), -1.0)
        winners = shares.argmax(axis=2)
        for k, w in enumerate(winners):
            out[start + k] = np.bincount(w, minlength=len(base.parties)) + fixed_counts
    return out


@dataclass(frozen=True)
class Outcome:
    """What happened at the next general election after the by-elections."""

    election: str
    #: the seats' comparison: the baseline, or its notional on the new boundaries
    compared_with: str
    seats: dict[str, int]
    seats_before: dict[str, int]
    #: Great Britain share change from the by-elections' general election, points
    change: dict[str, float]

    def as_dict(self) -> dict[str, Any]:
        return {"election": self.election, "compared_with": self.compared_with,
                "seats": self.seats, "seats_before": self.seats_before, "change": self.change}


def next_general_election(base: Baseline, contests: Sequence[Contest], previous: Contest,
                          data: DataArg = None) -> Outcome | None:
    """The next general election's seats and national change, where the files have it."""
    last = max(c.date for c in contests)
    later = sorted((s for s in elections.general_elections() if s.date and s.date > last),
                   key=lambda s: s.date or last)
    if not later:
        return None
    nxt = later[0]
    try:
        after = baselines.load(nxt.key, data)
    except (MissingFileError, DownloadError):  # the next election's files are not at hand
        return None
    prior = elections.source(_baseline_key(previous))
    same = [s for s in elections.SOURCES if s.kind != "by" and s.date == prior.date
            and s.boundaries == nxt.boundaries]
    compared = same[0].key if same else prior.key
    before = baselines.load(compared, data)
    then = baselines.load(prior.key, data)
    old = dict(zip(then.parties, then.national_shares(), strict=True))
    new = dict(zip(after.parties, after.national_shares(), strict=True))
    change = {p: float(100 * (new.get(p, 0.0) - old.get(p, 0.0)))
              for p in dict.fromkeys([*after.parties, *then.parties]) if p not in LOCAL}
    return Outcome(nxt.key, compared, seat_counts(after.parties, after.winners()),
                   seat_counts(before.parties, before.winners()), change)


@dataclass(frozen=True)
class ByElectionProjection:
    contests: tuple[Contest, ...]
    previous_contests: tuple[Contest, ...]
    baseline: str
    #: the mirrored change by party, points
    change: dict[str, float]
    additive: Projection
    proportional: Projection
    history: HistoryAnswer
    outcome: Outcome | None
    caveat: Caveat
    notices: tuple[str, ...] = field(default_factory=tuple)

    @property
    def contest(self) -> Contest:
        return self.contests[0]

    @property
    def previous(self) -> Contest:
        return self.previous_contests[0]

    def gains(self, projection: Projection) -> dict[str, int]:
        """Projected seat changes by kind ("LD gain from Con": n), largest first."""
        counts = Counter(f"{c['to']} gain from {c['from']}" for c in projection.changes)
        return dict(counts.most_common())

    def as_dict(self) -> dict[str, Any]:
        def one(p: Projection) -> dict[str, Any]:
            return {**p.as_dict(), "gains": self.gains(p)}

        seats = [{"id": c.id, "constituency": c.constituency, "date": c.date.isoformat(),
                  "previous": p.id} for c, p in zip(self.contests, self.previous_contests,
                                                    strict=True)]
        return {"by_election": seats[0], "by_elections": seats,
                "baseline": self.baseline, "change": self.change,
                "additive": one(self.additive), "proportional": one(self.proportional),
                "history": {**one(self.history.projection), **self.history.as_dict()},
                "next_general_election": self.outcome.as_dict() if self.outcome else None,
                "caveat": self.caveat.as_dict(), "notices": list(self.notices)}


def _baseline_key(previous: Contest) -> str:
    return next(s.key for s in elections.SOURCES
                if s.kind == previous.kind and s.date == previous.date)


def find_by_election(seat: str, on: date | None = None, data: DataArg = None) -> Contest:
    """A by-election by seat (and polling day; without one, the seat's latest by-election)."""
    if on is None:
        hits = elections.find(seat, elections.by_elections(data))
        if hits:
            return max(hits, key=lambda c: c.date)
    contest = elections.find_contest(seat, on=on, data=data)
    if contest.kind != "by":
        raise NotFoundError(f"by-election in {contest.constituency} on",
                            on.isoformat() if on else "(no date)",
                            [c.date.isoformat() for c in elections.by_elections(data)
                             if c.ons_id == contest.ons_id])
    return contest


def on_night(day: date, data: DataArg = None) -> list[Contest]:
    """Every Great Britain by-election held on a day."""
    found = [c for c in elections.by_elections(data) if c.date == day
             and c.country != "Northern Ireland"]
    if not found:
        raise NotFoundError("by-election night", day.isoformat(),
                            sorted({c.date.isoformat() for c in elections.by_elections(data)
                                    if abs((c.date - day).days) < 60}))
    return found


def combine(contests: Sequence[Contest], baseline: str | None = None, data: DataArg = None,
            simulations: int = 2000, seed: int = 1) -> ByElectionProjection:
    """By-elections of one parliament as one signal, answered both ways."""
    if not contests:
        raise NotFoundError("by-election", "(none given)")
    previous = []
    for c in contests:
        p = elections.previous(c, data)
        if p is None:
            raise NotFoundError("previous general election of the by-election in",
                                c.constituency)
        previous.append(p)
    keys = {_baseline_key(p) for p in previous}
    if len(keys) > 1:
        from ..errors import ChoiceError

        raise ChoiceError("by-elections of one parliament", ", ".join(sorted(keys)),
                          sorted(keys))
    key = baseline or keys.pop()
    base = baselines.load(key, data)
    sig = signal(base, contests, previous)
    names = " and ".join(f"{c.constituency}" for c in contests) if len(contests) <= 3 else \
        f"{len(contests)} by-elections"
    days = sorted({c.date.isoformat() for c in contests})
    label = f"{names} by-election{'s' if len(contests) > 1 else ''} {', '.join(days)}"
    additive = _projection(base, _frame(base, sig.before, sig.after), True,
                           label + " repeated in every seat (additive)")
    ratio = _projection(base, _frame(base, sig.before, sig.after), False,
                        label + " repeated in every seat (proportional)")
    suggested = as_history_suggests(base, sig, label, simulations, seed, data)
    moved = np.array([movers(base, c) for c in contests]).any(axis=0)
    shown = np.array([column_shares(base, c) + column_shares(base, p)
                      for c, p in zip(contests, previous, strict=True)]).any(axis=0)
    dropped = [base.parties[i] for i in np.flatnonzero(shown & ~moved)]
    notices = (f"not transferred to other seats: {', '.join(dropped)} (independents, local and "
               "minor candidates, who contest too few of the nation's seats)",) if dropped else ()
    return ByElectionProjection(tuple(contests), tuple(previous), base.key, sig.change(base),
                                additive, ratio, suggested,
                                next_general_election(base, contests, previous[0], data),
                                caveat(None, data), notices)


def repeat_nationally(seat: str, on: date | None = None, baseline: str | None = None,
                      data: DataArg = None) -> ByElectionProjection:
    """Apply a by-election's changes since the previous general election to every seat."""
    return combine([find_by_election(seat, on, data)], baseline, data)


__all__ = ["ByElectionProjection", "Caveat", "HistoryAnswer", "Outcome", "caveat", "combine",
           "find_by_election", "on_night", "repeat_nationally"]

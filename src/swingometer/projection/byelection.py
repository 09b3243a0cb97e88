"""A by-election repeated nationally: its share changes applied to every seat.

Each party's change is its by-election share minus its share at the previous general election
in the same seat (the House of Commons Library's baseline). *Additive*: every Great Britain
seat moves by those points. *Proportional*: every seat's share is multiplied by the party's
by-election share over its previous share (a party new to the seat gains additively). The
Speaker's seat and Northern Ireland stay put. Negative shares are clipped and seats
renormalised, as in every projection.

By-election swings overstate general-election swings: governments recover, tactical and
protest votes unwind. :func:`caveat` gives the 2019–24 evidence from the data.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from .. import catalogue, elections
from ..model import Contest
from . import baseline as baselines
from .areas import Frame, layout
from .base import settle
from .baseline import OTHERS, Baseline, Vector, seat_votes
from .incumbency import successors
from .proportional import proportional
from .result import Projection
from .targets import Targets
from .uniform import uniform

DataArg = str | os.PathLike[str] | None


def column_shares(base: Baseline, contest: Contest) -> Vector:
    """A contest's shares (fractions) on the baseline's columns (unknown parties pool in Oth)."""
    shares = np.zeros(len(base.parties))
    votes = seat_votes(contest)
    total = sum(votes.values()) or 1.0
    for party, v in votes.items():
        i = base.column(party) if base.has(party) else base.parties.index(OTHERS)
        shares[i] += v / total
    return shares


def _scenario(base: Baseline, before: Vector, after: Vector, additive: bool) -> Frame:
    """A frame whose every moving seat has ``before``→``after`` as its reference change."""
    lay = layout(base, ())
    home = lay.home.astype(float)
    if additive:
        return Frame(base, lay, base.shares, np.zeros_like(home), (after - before) * home)
    return Frame(base, lay, base.shares, before * home, after * home)


def _projection(base: Baseline, seats_frame: Frame, additive: bool, label: str) -> Projection:
    model = uniform if additive else proportional
    shares = settle(seats_frame, model(seats_frame))
    gb = base.gb
    votes = (shares[gb] * base.valid[gb, None]).sum(axis=0)
    implied = Targets(votes / votes.sum())
    method = "uns" if additive else "proportional"
    return Projection(method, base, implied, shares, base.winners(shares), seats_frame.moving,
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
class ByElectionProjection:
    contest: Contest
    previous: Contest
    baseline: str
    change: dict[str, float]
    additive: Projection
    proportional: Projection
    caveat: Caveat

    def gains(self, projection: Projection) -> dict[str, int]:
        """Projected seat changes by kind ("LD gain from Con": n), largest first."""
        counts = Counter(f"{c['to']} gain from {c['from']}" for c in projection.changes)
        return dict(counts.most_common())

    def as_dict(self) -> dict[str, Any]:
        def one(p: Projection) -> dict[str, Any]:
            return {**p.as_dict(), "gains": self.gains(p)}

        return {"by_election": {"id": self.contest.id, "constituency": self.contest.constituency,
                                "date": self.contest.date.isoformat(),
                                "previous": self.previous.id},
                "baseline": self.baseline, "change": self.change,
                "additive": one(self.additive), "proportional": one(self.proportional),
                "caveat": self.caveat.as_dict()}


def _baseline_key(previous: Contest) -> str:
    return next(s.key for s in elections.SOURCES
                if s.kind == previous.kind and s.date == previous.date)


def repeat_nationally(seat: str, on: date | None = None, baseline: str | None = None,
                      data: DataArg = None) -> ByElectionProjection:
    """Apply a by-election's changes since the previous general election to every seat."""
    contest = elections.find_contest(seat, on=on, data=data)
    if contest.kind != "by":
        from ..errors import NotFoundError

        raise NotFoundError(f"by-election in {contest.constituency} on",
                            on.isoformat() if on else "(no date)",
                            [c.date.isoformat() for c in elections.by_elections(data)
                             if c.ons_id == contest.ons_id])
    previous = elections.previous(contest, data)
    assert previous is not None, "every by-election in the official files has a baseline"
    key = baseline or _baseline_key(previous)
    base = baselines.load(key, data)
    before, after = column_shares(base, previous), column_shares(base, contest)
    change = {p: float(100 * (a - b)) for p, a, b in zip(base.parties, after, before,
                                                           strict=True) if a or b}
    label = f"{contest.constituency} by-election {contest.date.isoformat()} repeated in every seat"
    additive = _projection(base, _scenario(base, before, after, True), True,
                           label + " (additive)")
    ratio = _projection(base, _scenario(base, before, after, False), False,
                        label + " (proportional)")
    return ByElectionProjection(contest, previous, base.key, change, additive, ratio,
                                caveat(None, data))


__all__ = ["ByElectionProjection", "Caveat", "caveat", "repeat_nationally"]

"""A projection's result: seat shares and winners, and the figures read from them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from .baseline import REGIONS, Baseline, Index, Mask, Matrix
from .targets import Targets

if TYPE_CHECKING:
    import pandas as pd

    from .simulate import Simulation


def seat_counts(parties: tuple[str, ...], winners: Index) -> dict[str, int]:
    """Seats by party, largest first (parties with none left out)."""
    counts = np.bincount(winners, minlength=len(parties))
    order = sorted((i for i in range(len(parties)) if counts[i]),
                   key=lambda i: (-counts[i], parties[i]))
    return {parties[i]: int(counts[i]) for i in order}


def percentages(parties: tuple[str, ...], fractions: np.ndarray) -> dict[str, float]:
    """Party → per cent for the parties with a share, largest first."""
    order = np.argsort(-fractions, kind="stable")
    return {parties[i]: float(100 * fractions[i]) for i in order if fractions[i] > 0}


@dataclass(frozen=True, eq=False, repr=False)
class Projection:
    """Projected seat shares and winners for one scenario, from one baseline and method."""

    method: str
    baseline: Baseline
    targets: Targets
    #: seats × parties, fractions (rows sum to 1)
    seat_shares: Matrix
    winner_index: Index
    #: seats the projection moved (not the Speaker's, nor Northern Ireland unless projected)
    moving: Mask
    options: Mapping[str, Any] = field(default_factory=dict)
    notices: tuple[str, ...] = ()
    simulation: Simulation | None = None
    #: what the scenario is, when it is not plain national shares (e.g. a by-election)
    scenario: str | None = None

    @property
    def n_seats(self) -> int:
        return self.baseline.n_seats

    @cached_property
    def seats(self) -> dict[str, int]:
        """Seats per party; they sum to every seat of the baseline (all 650)."""
        return seat_counts(self.baseline.parties, self.winner_index)

    @cached_property
    def baseline_seats(self) -> dict[str, int]:
        return seat_counts(self.baseline.parties, self.baseline.winners())

    @cached_property
    def winners(self) -> dict[str, str]:
        """GSS code → projected winner."""
        parties = self.baseline.parties
        return {code: parties[i] for code, i in zip(self.baseline.ons_ids,
                                                     self.winner_index.tolist(), strict=True)}

    @property
    def shares(self) -> dict[str, float]:
        """The Great Britain shares (per cent) the projection used, after rescaling."""
        return percentages(self.baseline.parties, self.targets.gb)

    @cached_property
    def implied_shares(self) -> dict[str, float]:
        """Great Britain shares (per cent) of the projected seats, weighted by valid votes:
        what the scenario implies nationally once negative shares are clipped."""
        gb = self.baseline.gb
        votes = self.seat_shares[gb] * self.baseline.valid[gb, None]
        return percentages(self.baseline.parties, votes.sum(axis=0) / votes.sum())

    @property
    def majority_line(self) -> int:
        return self.n_seats // 2 + 1

    @cached_property
    def majority(self) -> dict[str, Any] | None:
        """``{party, size}`` of an overall majority (seats minus all other seats), or None."""
        party, seats = next(iter(self.seats.items()))
        if seats < self.majority_line:
            return None
        return {"party": party, "size": 2 * seats - self.n_seats}

    @cached_property
    def changes(self) -> list[dict[str, str]]:
        """Seats whose projected winner differs from the baseline winner."""
        before = self.baseline.winners()
        parties = self.baseline.parties
        return [{"ons_id": self.baseline.ons_ids[i],
                 "constituency": self.baseline.constituencies[i],
                 "from": parties[before[i]], "to": parties[self.winner_index[i]]}
                for i in np.flatnonzero(before != self.winner_index)]

    def __repr__(self) -> str:
        """``<Projection uns from 2024: Lab 468, Con 72, LD 72, … (650 seats)>``."""
        top = ", ".join(f"{p} {n}" for p, n in list(self.seats.items())[:4])
        more = ", …" if len(self.seats) > 4 else ""
        return f"<Projection {self.method} from {self.baseline.key}: {top}{more} " \
               f"({self.n_seats} seats)>"

    def _repr_html_(self) -> str:
        from ..report.notebook import table_html

        return table_html(repr(self), self.to_frame())

    def to_frame(self, level: Literal["party", "seat"] = "party") -> pd.DataFrame:
        """The projection as a tidy DataFrame: one row per party (implied Great Britain
        share, seats, change on the baseline; with a simulation its median and 5–95% range)
        or one row per seat (GSS code, name, baseline and projected winner, and the projected
        share of every party, per cent)."""
        import pandas as pd

        if level == "seat":
            parties = self.baseline.parties
            before = self.baseline.winners()
            table = pd.DataFrame({
                "ons_id": self.baseline.ons_ids, "constituency": self.baseline.constituencies,
                "baseline_winner": [parties[i] for i in before.tolist()],
                "winner": [parties[i] for i in self.winner_index.tolist()]})
            table["changed"] = table["winner"] != table["baseline_winner"]
            shares = pd.DataFrame(100 * self.seat_shares, columns=list(parties))
            return pd.concat([table, shares], axis=1)
        if level != "party":
            from ..errors import ChoiceError

            raise ChoiceError("projection level", level, ("party", "seat"))
        implied = self.implied_shares
        rows = [{"party": p, "gb_share": implied.get(p), "seats": n,
                 "change": n - self.baseline_seats.get(p, 0)} for p, n in self.seats.items()]
        table = pd.DataFrame(rows, columns=["party", "gb_share", "seats", "change"])
        if self.simulation is not None:
            bands = self.simulation.seats_summary()
            for key in ("median", "p05", "p95"):
                table[key] = [bands.get(p, {}).get(key) for p in table["party"]]
        return table

    def as_dict(self) -> dict[str, Any]:
        """The JSON contract of ``swingometer project --json``."""
        out: dict[str, Any] = {
            "method": self.method,
            "baseline": self.baseline.key,
            "scenario": self.scenario,
            "shares": self.shares,
            "implied_shares": self.implied_shares,
            "regions": {REGIONS[r]: percentages(self.baseline.parties, v)
                        for r, v in self.targets.regions.items()},
            "options": dict(self.options),
            "seats": self.seats,
            "seats_total": self.n_seats,
            "baseline_seats": self.baseline_seats,
            "majority_line": self.majority_line,
        }
        if self.majority:
            out["majority"] = self.majority
        else:
            out["hung"] = True
        out["changes"] = self.changes
        out["notices"] = list(self.notices)
        if self.simulation is not None:
            out["simulation"] = self.simulation.as_dict()
        return out

"""How much of a by-election's change lasts to the next general election, fitted on history.

Every Great Britain by-election since 1945 is one observation per party group (Con, Lab, the
Lib Dems with their predecessors, the SNP in Scotland, Plaid Cymru in Wales): its change in
share since the previous general election, and that party's national change (Great Britain;
the nation's, for the nationalists) from the same general election to the next one. The
House of Commons Library's list gives the changes up to the end of its coverage (every change
it prints); the official Parliament files give them after it (the changes of the parties that
stood at both, as :func:`swingometer.analysis.records.official_row` has them). National shares
come from the Library's 1918–2019 constituency series (votes summed over Great Britain) and,
for 2024, the official files.

A party's *role* is read from the seats of the general election that elected the parliament:
the largest party is ``governing``, the second the ``opposition``, every other one ``third``
(so the Lib Dems of the 2010–15 coalition count as a third party). The *time* to the next
general election is from the by-election's polling day to that election's.

A model is a ratio per cell, fitted by least squares through the origin (next election's
change ≈ ratio × by-election change): one ratio for all (``pooled``), one per role (``role``),
or one per role and period (``role-time``: the final year before the election, and earlier).
Each is scored leave-one-parliament-out: every parliament's by-elections are predicted by a
fit on all the others. The answer "as history suggests" uses the model that scores best;
its own score (``history``) chooses the model inside each fold, on the other parliaments only,
so it is an honest out-of-sample figure.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from .. import elections
from ..analysis.records import group_of, official_row
from ..errors import MissingFileError
from ..files import Mirror, fetch
from ..sources.byelections_history import read_byelections_history
from ..sources.sheet import Sheet, read_text

LIBRARY_LIST = "historical/hoc_CBP7529_gb_byelections_1945_2019.csv"
SERIES = "historical/1918-2019election_results.csv"
ROLES = ("governing", "opposition", "third")
MODELS = ("pooled", "role", "role-time")
#: the party groups the history covers, and the area each one's national change is taken in
AREAS = {"Con": "GB", "Lab": "GB", "LD": "GB", "SNP": "Scotland", "PC": "Wales"}
#: polling days of the general elections the Library's series labels (2010 on: the catalogue)
POLLING_DAYS = {
    "1945": date(1945, 7, 5), "1950": date(1950, 2, 23), "1951": date(1951, 10, 25),
    "1955": date(1955, 5, 26), "1959": date(1959, 10, 8), "1964": date(1964, 10, 15),
    "1966": date(1966, 3, 31), "1970": date(1970, 6, 18), "1974F": date(1974, 2, 28),
    "1974O": date(1974, 10, 10), "1979": date(1979, 5, 3), "1983": date(1983, 6, 9),
    "1987": date(1987, 6, 11), "1992": date(1992, 4, 9), "1997": date(1997, 5, 1),
    "2001": date(2001, 6, 7), "2005": date(2005, 5, 5)}
#: the period a by-election falls in for the ``role-time`` model
FINAL_YEAR = 1.0
#: a role × period cell with fewer observations takes its role's ratio
MIN_CELL = 20
_GROUP_COLUMNS = {"con_votes": "Con", "lab_votes": "Lab", "lib_votes": "LD",
                  "natSW_votes": "Nat", "oth_votes": "Oth"}


@dataclass(frozen=True)
class Observation:
    """One party's change at one by-election, and its national change at the next election."""

    parliament: str
    date: date
    constituency: str
    party: str
    role: str
    #: years from polling day to the next general election
    years: float
    #: change in share at the by-election since the general election, points
    by: float
    #: the party's national change from that general election to the next, points
    ge: float
    source: str


def period(years: float) -> str:
    return "final year" if years < FINAL_YEAR else "earlier"


# --- national shares and roles -------------------------------------------------------------


def _series(data: elections.DataArg) -> pd.DataFrame:
    path = fetch(SERIES, data)
    sheet = Sheet.from_text(read_text(path, str(path), encoding="cp1252"), str(path))
    frame = sheet.frame.rename(columns=lambda c: c.strip())
    region = frame["country/region"].str.strip()
    # the series names English seats by region; university seats and Ireland are left out
    country = region.where(region.isin(("Scotland", "Wales", "Northern Ireland", "Ireland",
                                        "University")), "England")
    out = pd.DataFrame({"election": frame["election"].str.strip(), "country": country})
    for column, group in _GROUP_COLUMNS.items():
        votes = pd.to_numeric(frame[column], errors="coerce").fillna(0.0)
        out[group] = votes
    return out


def _shares(votes: dict[str, dict[str, float]]) -> dict[str, float]:
    """Area × group votes → ``"GB:Con"`` style shares in points (nationalists by nation)."""
    out: dict[str, float] = {}
    gb = {g: sum(v.get(g, 0.0) for v in votes.values()) for g in _GROUP_COLUMNS.values()}
    total = sum(gb.values()) or 1.0
    for g in ("Con", "Lab", "LD"):
        out[f"GB:{g}"] = 100 * gb[g] / total
    for nation, party in (("Scotland", "SNP"), ("Wales", "PC")):
        there = votes.get(nation, {})
        out[f"{nation}:{party}"] = 100 * there.get("Nat", 0.0) / (sum(there.values()) or 1.0)
    return out


@dataclass(frozen=True)
class GeneralElection:
    label: str
    day: date
    #: ``"GB:Con"``, ``"Scotland:SNP"`` … → share in points
    shares: dict[str, float]
    #: party group → role in the parliament this election elected
    roles: dict[str, str]


def _roles(seats: dict[str, int]) -> dict[str, str]:
    ranked = sorted((g for g in seats if g in ("Con", "Lab", "LD", "Nat")),
                    key=lambda g: -seats[g])
    roles = {g: "third" for g in ("Con", "Lab", "LD", "SNP", "PC")}
    roles[ranked[0]], roles[ranked[1]] = "governing", "opposition"
    return roles


@cache
def _generals(data: str | None, mirror: Mirror) -> tuple[GeneralElection, ...]:
    frame = _series(data)
    frame = frame[frame["country"].isin(("England", "Scotland", "Wales"))]
    groups = list(_GROUP_COLUMNS.values())
    out = []
    for label, rows in frame.groupby("election", sort=False):
        label = str(label)
        if label not in POLLING_DAYS and not label.isdigit():
            continue
        votes: dict[str, dict[str, float]] = {
            c: {g: float(rows.loc[rows["country"] == c, g].clip(lower=0).sum()) for g in groups}
            for c in ("England", "Scotland", "Wales")}
        values = rows[groups].to_numpy()
        # an unopposed return (−1) is a seat won; else the most votes
        winners = np.where((values == -1).any(axis=1), (values == -1).argmax(axis=1),
                           values.argmax(axis=1))
        seats = {g: int((winners == i).sum()) for i, g in enumerate(groups)}
        day = POLLING_DAYS.get(label) or _official_day(label)
        if day is None or day.year < 1945:
            continue
        out.append(GeneralElection(label, day, _shares(votes), _roles(seats)))
    known = {g.label for g in out}
    for src in elections.general_elections():
        if src.key in known or src.date is None:
            continue
        votes = {}
        seats = dict.fromkeys(groups, 0)
        for c in elections.contests(src.key, data):
            if c.country not in ("England", "Scotland", "Wales"):
                continue
            area = votes.setdefault(c.country or "", dict.fromkeys(groups, 0.0))
            for party, v in c.party_votes().items():
                g = _group(party, src.date)
                area[g] += v
            seats[_group(c.winner.party, src.date)] += 1
        out.append(GeneralElection(src.key, src.date, _shares(votes), _roles(seats)))
    return tuple(sorted(out, key=lambda g: g.day))


def _group(party: str, day: date) -> str:
    g = group_of(party, day)
    return "Nat" if g in ("SNP", "PC") else g or "Oth"


def _official_day(label: str) -> date | None:
    return next((s.date for s in elections.general_elections() if s.key == label), None)


def general_elections(data: elections.DataArg = None) -> tuple[GeneralElection, ...]:
    """The general elections since 1945 with their national shares and the parties' roles."""
    return _generals(_arg(data), Mirror.configured(data))


def _arg(data: elections.DataArg) -> str | None:
    import os

    return None if data is None else os.fspath(data)


# --- the observations ----------------------------------------------------------------------


def _observe(generals: Sequence[GeneralElection], day: date, constituency: str,
             changes: dict[str, float], source: str) -> list[Observation]:
    before = max((g for g in generals if g.day < day), key=lambda g: g.day)
    after = [g for g in generals if g.day > day]
    if not after:
        return []
    nxt = min(after, key=lambda g: g.day)
    years = (nxt.day - day).days / 365.25
    out = []
    for party, value in changes.items():
        if party not in AREAS:
            continue
        key = f"{AREAS[party]}:{party}"
        out.append(Observation(before.label, day, constituency, party, before.roles[party],
                               years, value, nxt.shares[key] - before.shares[key], source))
    return out


@cache
def _observations(data: str | None, mirror: Mirror) -> tuple[tuple[Observation, ...], int]:
    generals = general_elections(data)
    library = read_byelections_history(fetch(LIBRARY_LIST, data))
    official = [s for s in elections.SOURCES if s.kind == "by" and s.baseline]
    official_from = min(elections.source(s.baseline or "").date or date.max for s in official)
    out: list[Observation] = []
    count = 0
    for row in library:
        if row.date >= official_from:
            continue
        count += 1
        changes = {(_nationalist(row.nation) if g == "Nat" else g): v
                   for g, v in row.raw_changes.items()}
        out += _observe(generals, row.date, row.constituency, changes, "library")
    for src in official:
        try:
            found = elections.contests(src.key, data)
        except MissingFileError:  # a parliament whose by-elections are not yet published
            continue
        for contest in found:
            if contest.country == "Northern Ireland":
                continue
            count += 1
            row_ = official_row(contest, elections.previous(contest, data))
            out += _observe(generals, contest.date, contest.constituency, dict(row_.changes),
                            "official")
    return tuple(out), count


def _nationalist(nation: str | None) -> str:
    return {"Scotland": "SNP", "Wales": "PC"}.get(nation or "", "Nat")


def observations(data: elections.DataArg = None) -> tuple[Observation, ...]:
    """Every (by-election, party) observation since 1945, oldest first (read once)."""
    return _observations(_arg(data), Mirror.configured(data))[0]


def by_election_count(data: elections.DataArg = None) -> int:
    """How many Great Britain by-elections the history holds (with or without a change)."""
    return _observations(_arg(data), Mirror.configured(data))[1]


# --- the fit -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ratios:
    """Fitted ratios of next-election change to by-election change."""

    model: str
    #: (role, period) → ratio; period ``"any"`` where the model has no time split
    ratios: dict[tuple[str, str], float]
    counts: dict[tuple[str, str], int]

    def ratio(self, role: str, years: float | None) -> float:
        """The ratio for a party of this role, ``years`` before the next general election
        (None: not known, the role's ratio over all periods)."""
        if self.model == "pooled":
            return self.ratios[("all", "any")]
        if (self.model == "role-time" and years is not None
                and (role, period(years)) in self.ratios):
            return self.ratios[(role, period(years))]
        return self.ratios[(role, "any")]

    def predict(self, obs: Sequence[Observation]) -> np.ndarray:
        return np.array([self.ratio(o.role, o.years) * o.by for o in obs])

    def as_dict(self) -> dict[str, Any]:
        return {"model": self.model, "ratios": [
            {"role": r, "period": p, "ratio": v, "n": self.counts[(r, p)]}
            for (r, p), v in self.ratios.items()]}


def _slope(obs: Sequence[Observation]) -> tuple[float, int]:
    b = np.array([o.by for o in obs], dtype=float)
    g = np.array([o.ge for o in obs], dtype=float)
    denominator = float((b * b).sum())
    return (float((b * g).sum()) / denominator if denominator else 0.0), len(b)


def fit(obs: Sequence[Observation], model: str = "role") -> Ratios:
    """Least-squares ratios (through the origin) of a model on the observations."""
    cells: dict[tuple[str, str], list[Observation]] = {("all", "any"): list(obs)}
    if model != "pooled":
        for role in ROLES:
            cells[(role, "any")] = [o for o in obs if o.role == role]
    if model == "role-time":
        for role in ROLES:
            for p in ("final year", "earlier"):
                found = [o for o in obs if o.role == role and period(o.years) == p]
                if len(found) >= MIN_CELL:
                    cells[(role, p)] = found
    ratios, counts = {}, {}
    for key, members in cells.items():
        ratios[key], counts[key] = _slope(members)
    return Ratios(model, ratios, counts)


def lopo(obs: Sequence[Observation], model: str) -> np.ndarray:
    """Each observation predicted by a fit on every other parliament."""
    out = np.zeros(len(obs))
    for parliament in dict.fromkeys(o.parliament for o in obs):
        inside = [i for i, o in enumerate(obs) if o.parliament == parliament]
        ratios = fit([o for o in obs if o.parliament != parliament], model)
        out[inside] = ratios.predict([obs[i] for i in inside])
    return out


def rmse(errors: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(errors)))) if len(errors) else math.nan


def best_model(obs: Sequence[Observation]) -> str:
    """The model with the smallest leave-one-parliament-out error on these observations."""
    actual = np.array([o.ge for o in obs])
    return min(MODELS, key=lambda m: rmse(lopo(obs, m) - actual))


def nested_lopo(obs: Sequence[Observation]) -> tuple[np.ndarray, dict[str, str]]:
    """Each parliament predicted by the model chosen and fitted on the other parliaments."""
    out = np.zeros(len(obs))
    chosen: dict[str, str] = {}
    for parliament in dict.fromkeys(o.parliament for o in obs):
        inside = [i for i, o in enumerate(obs) if o.parliament == parliament]
        rest = [o for o in obs if o.parliament != parliament]
        chosen[parliament] = model = best_model(rest)
        out[inside] = fit(rest, model).predict([obs[i] for i in inside])
    return out, chosen


@dataclass(frozen=True)
class History:
    """The fitted answer: the chosen model's ratios on all the history, and its errors."""

    ratios: Ratios
    observations: tuple[Observation, ...]
    #: the chosen model's out-of-sample error of each observation (actual − predicted)
    residuals: np.ndarray
    report: dict[str, Any]


@cache
def _history(data: str | None, mirror: Mirror) -> History:
    obs = list(observations(data))
    actual = np.array([o.ge for o in obs])
    by = np.array([o.by for o in obs])
    scores = {"no change": rmse(actual), "mirrored literally": rmse(by - actual)}
    mae = {"no change": float(np.abs(actual).mean()),
           "mirrored literally": float(np.abs(by - actual).mean())}
    predictions = {m: lopo(obs, m) for m in MODELS}
    for m, p in predictions.items():
        scores[f"ratio: {m}"] = rmse(p - actual)
        mae[f"ratio: {m}"] = float(np.abs(p - actual).mean())
    nested, chosen = nested_lopo(obs)
    scores["as history suggests"] = rmse(nested - actual)
    mae["as history suggests"] = float(np.abs(nested - actual).mean())
    model = min(MODELS, key=lambda m: scores[f"ratio: {m}"])
    ratios = fit(obs, model)
    report = {
        "by_elections": by_election_count(data),
        "observations": len(obs),
        "parliaments": len({o.parliament for o in obs}),
        "first": min(o.date for o in obs).isoformat(),
        "last": max(o.date for o in obs).isoformat(),
        "rmse": scores, "mae": mae,
        "model": model,
        "chosen_by_fold": chosen,
        "time_supported": scores["ratio: role-time"] < scores["ratio: role"],
        "role_supported": scores["ratio: role"] < scores["ratio: pooled"],
        "pooled_ratio": fit(obs, "pooled").ratios[("all", "any")],
        "fit": {m: fit(obs, m).as_dict() for m in MODELS},
    }
    return History(ratios, tuple(obs), actual - predictions[model], report)


def history(data: elections.DataArg = None) -> History:
    """The history fitted and scored (once per process and mirror)."""
    return _history(_arg(data), Mirror.configured(data))


def backtest_report(data: elections.DataArg = None) -> dict[str, Any]:
    """The leave-one-parliament-out comparison (``swingometer backtest --byelections``):
    each answer's error against the next general election's national change, the "no change"
    baseline among them, what the data support, and the ratios fitted on every parliament."""
    return dict(history(data).report)


__all__ = [
    "MODELS",
    "ROLES",
    "History",
    "Observation",
    "Ratios",
    "backtest_report",
    "best_model",
    "fit",
    "general_elections",
    "history",
    "lopo",
    "nested_lopo",
    "observations",
    "period",
    "rmse",
]

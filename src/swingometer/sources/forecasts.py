"""Published seat forecasts in the per-seat CSV shape of the open APOGEE project
(``inglesp/apogee``, ``data/processed/<forecaster>/<date>/data.csv``).

Two shapes, one row per Great Britain seat, joined on GSS code:

* ``code,name,con,grn,lab,lib,oth,pc,ref,snp``: per party either the forecast vote share in
  points, or the probability of winning (in per cent, or as a fraction: every value at most 1).
  The largest value is the forecast's call; a tie for the largest, or a row of zeros, calls
  nothing.
* ``code,name,party``: a called winner only (``party`` is one of the columns above).

``lib`` is the Liberal Democrats; ``oth`` pools every other party and independent. A file
never says whether its figures are shares or probabilities: the forecasters APOGEE collected
are known (:data:`KNOWN`); any other file is read as shares unless named as probabilities.
Every problem is reported with the file, line and column, never a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..files import fetch
from .sheet import Sheet, read_text

Matrix = npt.NDArray[np.float64]
Kind = Literal["shares", "probabilities", "winners"]

COLUMNS = ("con", "grn", "lab", "lib", "oth", "pc", "ref", "snp")
#: APOGEE column → the project's party code (``oth`` is everyone else, pooled)
PARTY_OF_COLUMN = {"con": "Con", "grn": "Green", "lab": "Lab", "lib": "LD", "oth": "Oth",
                   "pc": "PC", "ref": "RUK", "snp": "SNP"}
_COLUMN_OF_PARTY = {party: column for column, party in PARTY_OF_COLUMN.items()
                    if column != "oth"}
#: what a winners file may name: a column, or one of the project's codes for it (``LD``)
_WINNER_LABELS = {**{c: c for c in COLUMNS},
                  **{party.lower(): column for party, column in _COLUMN_OF_PARTY.items()}}
GSS = r"[ENSW]\d{8}"
REVISED_CODES = "parliament/revised_constituency_ids.csv"
#: the totals a row of vote shares (points) may have: rounding, and parties left out
SHARE_TOTAL = (80.0, 120.0)
#: a row of probabilities must sum to 1 (or 100%) within this much
PROBABILITY_TOLERANCE = 0.05


@dataclass(frozen=True)
class Forecaster:
    title: str
    kind: Kind


#: The forecasters of 2024 that APOGEE collected (file stem → title as its leaderboard names
#: them, and what their figures are).
KNOWN: dict[str, Forecaster] = {
    "britainpredicts": Forecaster("Britain Predicts (New Statesman)", "shares"),
    "economist": Forecaster("The Economist", "shares"),
    "electionmaps": Forecaster("electionmaps", "shares"),
    "electoralcalculus": Forecaster("Electoral Calculus STM", "shares"),
    "electoralcalculusmrp": Forecaster("Electoral Calculus MRP", "shares"),
    "focaldata": Forecaster("Focaldata", "shares"),
    "ft": Forecaster("The FT", "shares"),
    "ipsos": Forecaster("Ipsos", "shares"),
    "jlp": Forecaster("JLP", "shares"),
    "moreincommon": Forecaster("More in Common", "shares"),
    "savanta": Forecaster("Savanta", "shares"),
    "survation": Forecaster("Survation", "shares"),
    "wethink": Forecaster("WeThink", "shares"),
    "yougov": Forecaster("YouGov", "shares"),
    "samfr": Forecaster("Sam Freedman", "winners"),
    "exitpoll": Forecaster("Exit Poll", "probabilities"),
    "manifold": Forecaster("Manifold", "probabilities"),
}


def column_of(party: str) -> str:
    """The APOGEE column of one of the project's party codes (``LD`` → ``lib``; ``Ind`` →
    ``oth``)."""
    return _COLUMN_OF_PARTY.get(party, "oth")


@dataclass(frozen=True, eq=False)
class Forecast:
    """One forecaster's per-seat forecast, rows in file order."""

    name: str
    title: str
    kind: Kind
    source: str
    codes: tuple[str, ...]
    #: seats × COLUMNS: shares in points, probabilities as fractions, winners one-hot
    values: Matrix
    #: the column each row calls, or None (a tie for the largest value, or no figures)
    calls: tuple[str | None, ...]

    @property
    def n_seats(self) -> int:
        return len(self.codes)


def revised_codes(data: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """Old GSS code → new, for the five Scottish seats recoded after the 2019 notionals
    (Parliament's ``revised_constituency_ids.csv``): forecasts published with the old codes
    join their seats through it."""
    path = fetch(REVISED_CODES, data)
    sheet = Sheet.from_text(read_text(path, str(path)), str(path), header=False,
                            names=("old", "constituency", "new"), min_columns=3)
    old = sheet.codes("old", GSS, "a GSS constituency code")
    new = sheet.codes("new", GSS, "a GSS constituency code")
    sheet.check()
    return dict(zip(old.str.upper(), new.str.upper(), strict=True))


def kind_of(name: str, header: Iterable[str], probabilities: Collection[str] = ()) -> Kind:
    """What a file's figures are: winners (a ``party`` column), probabilities (named so, or a
    known forecaster of probabilities), otherwise shares."""
    if "party" in header:
        return "winners"
    if name in probabilities:
        return "probabilities"
    known = KNOWN.get(name)
    return known.kind if known is not None and known.kind != "winners" else "shares"


def read_forecast(path: Path | str, seats: Collection[str], *,
                  revised: Mapping[str, str] | None = None,
                  probabilities: Collection[str] = ()) -> Forecast:
    """Read and check one forecast file against the GSS codes of the election's seats.

    Every problem is collected (missing or unknown columns, codes that are not GSS codes or
    not seats of the election, repeated seats, empty or non-numeric figures, negative ones,
    shares above 100, probabilities that do not sum to 1) and raised as one
    :class:`~swingometer.errors.DataError` naming the file, line and column."""
    path = Path(path)
    source = str(path)
    sheet = Sheet.from_text(read_text(path, source), source)
    name = path.stem
    kind = kind_of(name, sheet.frame.columns, probabilities)
    wanted = ("code", "name", "party") if kind == "winners" else ("code", "name", *COLUMNS)
    sheet.require(wanted)
    extra = [c for c in sheet.frame.columns if c not in wanted]
    if extra:
        sheet.add(f"unknown column{'s' if len(extra) > 1 else ''} "
                  f"{', '.join(repr(c) for c in extra)}; a forecast has {', '.join(wanted)}")
    codes = _codes(sheet, seats, revised or {})
    values = _winners(sheet) if kind == "winners" else _figures(sheet, kind)
    sheet.check()
    known = KNOWN.get(name)
    return Forecast(name, known.title if known else name, kind, source, tuple(codes),
                    values, calls(values))


def _codes(sheet: Sheet, seats: Collection[str], revised: Mapping[str, str]) -> list[str]:
    raw = sheet.codes("code", GSS, "a GSS constituency code such as E14001063")
    valid = raw.str.fullmatch(GSS).to_numpy()
    codes = [revised.get(c.upper(), c.upper()) for c in raw]
    first: dict[str, int] = {}
    for i, code in enumerate(codes):
        if not valid[i]:
            continue
        if code in first:
            sheet.add(f"seat {code} appears twice (first on line {sheet.row(first[code])})",
                      sheet.row(i), "code")
        else:
            first[code] = i
        if code not in seats:
            sheet.add(f"{code} is not a constituency of this election", sheet.row(i), "code")
    return codes


def _figures(sheet: Sheet, kind: Kind) -> Matrix:
    values = np.zeros((len(sheet.frame), len(COLUMNS)))
    for j, column in enumerate(COLUMNS):
        try:  # fast path: a clean column of numbers from 0 to 100
            clean = pd.to_numeric(sheet.frame[column], errors="raise").to_numpy(dtype=float)
            if (np.isfinite(clean) & (clean >= 0) & (clean <= 100)).all():
                values[:, j] = clean
                continue
        except (ValueError, TypeError):
            pass
        text = sheet.column(column)
        number = pd.to_numeric(text.where(text != ""), errors="coerce").to_numpy(dtype=float)
        for i in np.flatnonzero(~np.isfinite(number)).tolist():
            found = text.iloc[i]
            sheet.add("is empty; a number is needed" if found == "" else
                      f"is not a number (found {found!r})", sheet.row(i), column)
        for i in np.flatnonzero(number < 0).tolist():
            sheet.add(f"is negative (found {text.iloc[i]!r})", sheet.row(i), column)
        for i in np.flatnonzero(number > 100).tolist():
            sheet.add(f"is above 100 (found {text.iloc[i]!r})", sheet.row(i), column)
        values[:, j] = np.where(np.isfinite(number), number, 0.0)
    if kind == "probabilities" and not sheet.problems:
        values = _as_fractions(sheet, values)
    elif not sheet.problems:
        _check_shares(sheet, values)
    return values


def _check_shares(sheet: Sheet, values: Matrix) -> None:
    """Each row of shares with figures sums to about 100 (rounding and unnamed parties
    aside): one that does not is most often win probabilities given as fractions."""
    totals = values.sum(axis=1)
    low, high = SHARE_TOTAL
    for i in np.flatnonzero((totals > 0) & ((totals < low) | (totals > high))).tolist():
        sheet.add(f"the vote shares sum to {totals[i]:g}, not about 100 (if these are win "
                  f"probabilities, say so with --probabilities {Path(sheet.source).stem})",
                  sheet.row(i))


def _as_fractions(sheet: Sheet, values: Matrix) -> Matrix:
    """Probabilities as fractions: a file whose every value is at most 1 gives fractions,
    any other per cent. Each row with figures must sum to 1."""
    scale = 1.0 if values.max(initial=0.0) <= 1.0 else 100.0
    fractions = values / scale
    totals = fractions.sum(axis=1)
    unit = "" if scale == 1.0 else "%"
    for i in np.flatnonzero((totals > 0) & (np.abs(totals - 1) > PROBABILITY_TOLERANCE)):
        sheet.add(f"the win probabilities sum to {totals[i] * scale:g}{unit}, not "
                  f"{scale:g}{unit}", sheet.row(int(i)))
    return fractions


def _winners(sheet: Sheet) -> Matrix:
    text = sheet.column("party").str.lower()
    values = np.zeros((len(sheet.frame), len(COLUMNS)))
    for i, label in enumerate(text.tolist()):
        column = _WINNER_LABELS.get(label)
        if column is None:
            found = sheet.column("party").iloc[i]
            sheet.add(("is empty; " if not label else f"is not a party column (found "
                       f"{found!r}); ") + f"choose from {', '.join(COLUMNS)}",
                      sheet.row(i), "party")
            continue
        values[i, COLUMNS.index(column)] = 1.0
    return values


def calls(values: Matrix) -> tuple[str | None, ...]:
    """The column with the largest value in each row; None for a tie or a row of zeros."""
    top = values.max(axis=1, initial=0.0)
    ties = (values == top[:, None]).sum(axis=1) > 1
    best = values.argmax(axis=1)
    return tuple(None if tied or high <= 0 else COLUMNS[b]
                 for b, tied, high in zip(best.tolist(), ties.tolist(), top.tolist(),
                                          strict=True))

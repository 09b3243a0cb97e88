"""swingometer's own forecast: the final week's polls, projected seat by seat, written in the
APOGEE shape and fingerprinted so it can be registered before an election and scored after.

* Polls: every poll of the polls file dated in the seven days before polling day (the window
  :func:`swingometer.projection.simulate.polling_error` uses), averaged with equal weight.
  Their "Others" go to the parties they do not name (Plaid Cymru, independents, the rest) in
  proportion to those parties' baseline shares, so the shares passed on sum to 100 and no
  rescaling rule changes them.
* Seats: :func:`swingometer.projection.api.project` from the election's baseline (2024: the
  2019 notional results), with the method given (uniform swing by default).
* Fingerprint: SHA-256 of a canonical JSON record of the inputs (the polls file's SHA-256,
  the polls used, the shares, baseline, method, software version) and of the output (the
  forecast file's SHA-256). ``register`` writes ``<name>.csv`` and ``<name>.fingerprint.json``;
  scoring a folder verifies every fingerprint it finds and refuses a forecast changed since.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from .. import __version__, elections
from ..errors import DataError, DownloadError, Problem
from ..files import Mirror
from ..sources.forecasts import COLUMNS, Forecast, calls, column_of
from ..sources.sheet import Sheet, read_text

DataArg = str | os.PathLike[str] | None
POLLS = "polls/GE_polls_all_2010_2025.csv"
#: the polls file's share columns (fractions) → party codes; Reform_UKIP is UKIP before Reform
POLL_PARTIES = {"Conservative": "Con", "Labour": "Lab", "Lib_Dem": "LD", "Reform_UKIP": "RUK",
                "Green": "Green", "SNP": "SNP"}
WINDOW_DAYS = 7
NAME = "swingometer"
FORMAT = "swingometer-forecast/1"
SUFFIX = ".fingerprint.json"


@dataclass(frozen=True)
class PollAverage:
    first: date
    last: date
    #: the polls averaged: date, pollster, sample size and shares (per cent)
    polls: tuple[dict[str, Any], ...]
    #: party code → per cent
    shares: dict[str, float]


@dataclass(frozen=True, eq=False)
class OurForecast:
    forecast: Forecast
    text: str
    record: dict[str, Any]
    #: the projection it was made from (a :class:`swingometer.projection.Projection`)
    projection: Any = None

    @property
    def fingerprint(self) -> str:
        return fingerprint_of(self.record)


def polls_path(data: DataArg = None) -> Path:
    """The polls file in the data mirror (a local folder laid out like ../shared/data)."""
    base = Mirror.configured(data).library
    if base is None or base.startswith(("http://", "https://")):
        raise DownloadError("the polls file is read from a local data folder: set "
                            "SWINGOMETER_DATA to a folder with polls/ (or give --polls)")
    return Path(base) / POLLS


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def poll_average(polling_day: date, path: Path) -> PollAverage:
    """The equal-weight average of the polls of the week before polling day."""
    source = str(path)
    sheet = Sheet.from_text(read_text(path, source), source)
    sheet.require(["date", "Pollster", *POLL_PARTIES])
    days = sheet.dates("date", "%Y-%m-%d")
    sheet.check()
    first = polling_day - timedelta(days=WINDOW_DAYS)
    inside = np.array([d is not None and first <= d < polling_day for d in days])
    if not inside.any():
        raise DataError(source, [Problem(source, f"no poll is dated {first} to "
                                         f"{polling_day - timedelta(days=1)}, the week before "
                                         "polling day")])
    sheet.keep(inside)
    days = days[inside].reset_index(drop=True)
    rows: list[dict[str, Any]] = [{"date": d.isoformat(), "pollster": p} for d, p in
                                  zip(days, sheet.column("Pollster"), strict=True)]
    for column, party in POLL_PARTIES.items():
        text = sheet.column(column)
        for i, value in enumerate(text.tolist()):
            try:
                share = 100 * float(value)
            except ValueError:
                sheet.add(f"is not a share (found {value!r})", sheet.row(i), column)
                continue
            if not 0 <= share <= 100:
                sheet.add(f"is not a share from 0 to 1 (found {value!r})", sheet.row(i), column)
            rows[i][party] = share
    sheet.check()
    shares = {party: float(np.mean([r[party] for r in rows])) for party in POLL_PARTIES.values()}
    return PollAverage(min(days), max(days), tuple(rows), shares)


def national_shares(average: PollAverage, baseline: Any) -> dict[str, float]:
    """Every baseline column's Great Britain share (per cent): the polled parties as polled,
    the Speaker as at the baseline, the polls' others split over the remaining parties in
    proportion to their baseline shares."""
    named = {("RUK" if baseline.has("RUK") else "UKIP") if p == "RUK" else p: v
             for p, v in average.shares.items()}
    named = {p: v for p, v in named.items() if baseline.has(p)}
    before = 100 * np.asarray(baseline.national_shares())
    taken = {baseline.parties[baseline.column(p)] for p in named}
    speaker = {p: float(before[j]) for j, p in enumerate(baseline.parties) if p == "Spk"}
    rest = [j for j, p in enumerate(baseline.parties)
            if p not in taken and p not in speaker and before[j] > 0]
    left = max(100 - sum(named.values()) - sum(speaker.values()), 0.0)
    pool = float(sum(before[j] for j in rest)) or 1.0
    shares = {**named, **speaker}
    for j in rest:
        shares[baseline.parties[j]] = left * float(before[j]) / pool
    return shares


def forecast_text(projection: Any) -> str:
    """The projection's contested Great Britain seats as an APOGEE-shaped CSV (points)."""
    base = projection.baseline
    index = [COLUMNS.index(column_of(p)) for p in base.parties]
    lines = ["code,name," + ",".join(COLUMNS)]
    for i in np.flatnonzero(base.gb & ~base.speaker).tolist():
        row = np.zeros(len(COLUMNS))
        np.add.at(row, index, projection.seat_shares[i])
        name = base.constituencies[i].replace('"', '""')
        lines.append(f'{base.ons_ids[i]},"{name}",' + ",".join(f"{100 * v:.2f}" for v in row))
    return "\n".join(lines) + "\n"


def _parse(text: str, title: str) -> Forecast:
    rows = [line.rsplit(",", len(COLUMNS)) for line in text.splitlines()[1:]]
    values = np.array([[float(v) for v in r[1:]] for r in rows], dtype=float)
    codes = tuple(r[0].split(",", 1)[0] for r in rows)
    return Forecast(NAME, title, "shares", NAME, codes, values, calls(values))


def our_forecast(election: str, data: DataArg = None, method: str = "uns",
                 polls: Path | None = None) -> OurForecast:
    """swingometer's forecast of a general election from the final week's polls."""
    from ..projection import api

    src = elections.source(election)
    if src.kind != "general" or src.date is None or src.baseline is None:
        raise DataError(election, [Problem(election, "only a general election with a "
                                           "baseline can be forecast")])
    path = polls or polls_path(data)
    average = poll_average(src.date, path)
    baseline = api.resolve(src.baseline, data)
    shares = national_shares(average, baseline)
    projection = api.project(baseline, shares, method, data=data)
    text = forecast_text(projection)
    forecast = _parse(text, f"swingometer ({projection.method}, final-week polls)")
    record = {
        "format": FORMAT, "swingometer": __version__, "election": src.key,
        "polling_day": src.date.isoformat(), "baseline": src.baseline,
        "method": projection.method,
        "polls": {"file": path.name, "sha256": sha256_text(read_text(path, str(path))),
                  "from": average.first.isoformat(), "to": average.last.isoformat(),
                  "used": list(average.polls)},
        "shares": {p: round(v, 6) for p, v in shares.items()},
        "forecast": {"sha256": sha256_text(text), "seats": dict(forecast_totals(forecast))},
    }
    return OurForecast(forecast, text, record, projection)


def simulated(ours: OurForecast, n: int, seed: int | None = None) -> Forecast:
    """Win probabilities for our forecast's seats from ``n`` simulated elections around its
    projection (:func:`swingometer.projection.simulate.simulate`; a seed repeats a run)."""
    from ..projection.simulate import simulate

    projection = ours.projection
    run = simulate(projection, n, seed)
    base = projection.baseline
    index = [COLUMNS.index(column_of(p)) for p in base.parties]
    seats = np.flatnonzero(base.gb & ~base.speaker)
    values = np.zeros((len(seats), len(COLUMNS)))
    for row, i in enumerate(seats.tolist()):
        np.add.at(values[row], index, run.win_probability[i])
    title = f"swingometer ({projection.method}, final-week polls, {n:,} simulations)"
    return Forecast(f"{NAME}-simulated", title, "probabilities", NAME,
                    tuple(base.ons_ids[i] for i in seats.tolist()), values, calls(values))


def forecast_totals(forecast: Forecast) -> dict[str, int]:
    called = [c for c in forecast.calls if c is not None]
    return {c: called.count(c) for c in COLUMNS}


def fingerprint_of(record: dict[str, Any]) -> str:
    canonical = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return sha256_text(canonical)


def register(ours: OurForecast, target: Path) -> tuple[Path, Path]:
    """Write the forecast and its fingerprint beside it (``x.csv``, ``x.fingerprint.json``)."""
    csv_path = target if target.suffix.lower() == ".csv" else target.with_suffix(".csv")
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    csv_path.write_text(ours.text, encoding="utf-8", newline="")
    sidecar = fingerprint_path(csv_path)
    sidecar.write_text(json.dumps({"fingerprint": ours.fingerprint, "record": ours.record},
                                  indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return csv_path, sidecar


def fingerprint_path(csv_path: Path) -> Path:
    return csv_path.with_name(csv_path.stem + SUFFIX)


def verify(csv_path: Path) -> str | None:
    """The verified fingerprint of a registered forecast, None if it was never registered;
    a forecast or record changed since registration is a :class:`DataError`."""
    sidecar = fingerprint_path(csv_path)
    if not sidecar.is_file():
        return None
    source = str(sidecar)
    try:
        saved = json.loads(read_text(sidecar, source))
        record, claimed = saved["record"], saved["fingerprint"]
        expected = record["forecast"]["sha256"]
    except (ValueError, KeyError, TypeError):
        raise DataError(source, [Problem(source, "is not a fingerprint record written by "
                                         "'swingometer scoreboard --register'")]) from None
    problems = []
    actual = sha256_text(read_text(csv_path, str(csv_path)))
    if actual != expected:
        problems.append(Problem(source, f"{csv_path.name} has SHA-256 {actual}, but was "
                                f"registered with {expected}: the forecast was changed after "
                                "it was registered"))
    if fingerprint_of(record) != claimed:
        problems.append(Problem(source, "the record's fingerprint does not match its "
                                "contents: the record was changed after it was registered"))
    if problems:
        raise DataError(source, problems)
    return str(claimed)

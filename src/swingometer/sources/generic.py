"""The generic results format: anyone's results, one row per candidate, as CSV or JSON.

Columns (header names are case-insensitive; spaces and hyphens count as underscores):

=============== ========= ===============================================================
column          required  meaning
=============== ========= ===============================================================
constituency    yes       the seat's name
candidate       yes       the candidate's name (``name`` is accepted)
party           yes       party code, e.g. ``Lab``, ``Con``, ``LD`` (``party_abbreviation``)
votes           yes       whole number of votes, ≥ 0 (thousands separators allowed)
date            *         polling day, ``YYYY-MM-DD`` (or give ``--date``)
ons_id          no        GSS code of the constituency (``gss_code``, ``constituency_code``)
kind            no        ``general`` (default), ``by`` or ``notional``
electorate      no        registered electors (repeated on each row of a contest)
valid_votes     no        the declared valid vote; checked against the candidates' sum
rejected        no        rejected ballots (repeated on each row of a contest)
elected         no        ``true`` for the winner; needed only where a tie was settled by lot
party_name      no        the party's full name
region, country no        where the seat is
=============== ========= ===============================================================

JSON is a list of such objects, or an object with a ``candidates`` list.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import DataError, Problem
from ..model import KINDS, Contest
from .build import Seat, build_contests
from .sheet import Sheet, read_text

ALIASES = {
    "name": "candidate", "candidate_name": "candidate", "party_abbreviation": "party",
    "party_code": "party", "gss_code": "ons_id", "constituency_code": "ons_id",
    "ons_code": "ons_id", "constituency_name": "constituency", "election_date": "date",
    "invalid_votes": "rejected", "rejected_ballots": "rejected",
}
TRUE = {"true", "yes", "y", "1", "elected"}
FALSE = {"false", "no", "n", "0", ""}


def _column(name: object) -> str:
    key = str(name).strip().lstrip("\ufeff").lower().replace(" ", "_").replace("-", "_")
    return ALIASES.get(key, key)


def read_results(path: Path | str, default_date: date | None = None) -> list[Contest]:
    """Contests from a generic results file (``.json`` or anything else as CSV)."""
    source = str(path)
    text = read_text(path, source)
    if str(path).lower().endswith(".json"):
        sheet = _json_sheet(text, source)
    else:
        sheet = Sheet.from_text(text, source)
    _name_columns(sheet)
    sheet.require(["constituency", "candidate", "party", "votes"]
                  + ([] if default_date else ["date"]))
    return _contests(sheet, default_date)


def _name_columns(sheet: Sheet) -> None:
    """Canonical column names; two columns that mean the same thing (``Votes`` and ``votes``,
    ``name`` and ``candidate``) are refused, since either could be the one meant."""
    original = [str(c) for c in sheet.frame.columns]
    columns = [_column(c) for c in original]
    for column in dict.fromkeys(c for c in columns if columns.count(c) > 1):
        same = ", ".join(repr(o) for o, c in zip(original, columns, strict=True) if c == column)
        sheet.add(f"has several columns meaning {column!r} ({same}); keep one", None, column)
    sheet.check()
    sheet.frame.columns = columns


def _json_sheet(text: str, source: str) -> Sheet:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise DataError(source, [Problem(source, f"is not valid JSON: {error.msg}",
                                         error.lineno)]) from None
    records = document.get("candidates") if isinstance(document, dict) else document
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise DataError(source, [Problem(source, "JSON must be a list of candidate objects or "
                                         "an object with a 'candidates' list")])
    if not records:
        raise DataError(source, [Problem(source, "has no candidates")])
    frame = pd.DataFrame.from_records(records).astype(object)
    frame = frame.where(frame.notna(), "").astype(str)
    return Sheet(frame, source, first_line=1)


def _contests(sheet: Sheet, default_date: date | None) -> list[Contest]:
    frame = sheet.frame
    n = len(frame)
    blank = pd.Series("", index=frame.index)
    votes = sheet.integers("votes")
    if "date" in frame and (frame["date"].str.strip() != "").any():
        dates = sheet.dates("date", "%Y-%m-%d", required=default_date is None)
        if default_date:
            dates = dates.where(dates.notna(), default_date)
    else:
        dates = pd.Series([default_date] * n, index=frame.index, dtype=object)
    ons = (sheet.codes("ons_id", r"[A-Z]\d{8}", "a GSS code such as E14000813", required=False)
           if "ons_id" in frame else blank)
    constituency = sheet.text("constituency")
    kinds = frame["kind"].str.strip().str.lower() if "kind" in frame else blank
    kinds = kinds.replace("", "general")
    for i in (~kinds.isin(KINDS)).to_numpy().nonzero()[0]:
        sheet.add(f"is not one of {', '.join(KINDS)} (found {kinds.iloc[i]!r})", sheet.row(int(i)),
                  "kind")
    elected = frame["elected"].str.strip().str.lower() if "elected" in frame else blank
    for i in (~elected.isin(TRUE | FALSE)).to_numpy().nonzero()[0]:
        sheet.add(f"is not true or false (found {elected.iloc[i]!r})", sheet.row(int(i)), "elected")
    totals = {column: sheet.integers(column, required=False)
              for column in ("electorate", "valid_votes", "rejected") if column in frame}
    party_name = frame["party_name"].str.strip() if "party_name" in frame else blank
    key = ons.where(ons != "", constituency.str.casefold())
    candidates = pd.DataFrame({
        "key": key, "date": dates, "constituency": constituency, "ons_id": ons,
        "candidate": sheet.text("candidate"), "party": sheet.text("party"),
        "party_name": party_name, "votes": votes, "elected": elected.isin(TRUE),
        "line": sheet.lines,
    })
    seats = _seats(sheet, candidates, totals)
    kind = kinds.iloc[0] if kinds.iloc[0] in KINDS else "general"
    if kinds[kinds.isin(KINDS)].nunique() > 1:
        sheet.add("mixes contest kinds; give one kind per file", None, "kind")
    ok = (candidates["votes"].notna() & candidates["date"].notna()).to_numpy()
    # a contest whose every row was refused is reported by those rows, not as "no candidates"
    read = set(zip(candidates["key"][ok], candidates["date"][ok], strict=True))
    seats = {key: seat for key, seat in seats.items() if key in read}
    return build_contests(candidates[ok], seats, kind, sheet.source, problems=sheet.problems)


def _seats(sheet: Sheet, candidates: pd.DataFrame,
           totals: dict[str, pd.Series]) -> dict[tuple[str, date | None], Seat]:
    """Contest-level figures repeated on each row must agree within the contest."""
    def column(name: str) -> list[Any]:
        return sheet.column(name).tolist() if name in sheet.frame else [""] * len(candidates)

    figures = {name: [None if pd.isna(v) else int(v) for v in series.tolist()]
               for name, series in totals.items()}
    rows = zip(candidates["key"].tolist(), candidates["date"].tolist(),
               candidates["constituency"].tolist(), candidates["ons_id"].tolist(),
               column("region"), column("country"), sheet.lines.tolist(), strict=True)
    seats: dict[tuple[str, date | None], Seat] = {}
    for i, (key, day, name, code, region, country, line) in enumerate(rows):
        seat = seats.get((key, day))
        if seat is None:
            seat = seats[(key, day)] = Seat(name, code or None, day, region=region or None,
                                            country=country or None, line=line)
        for figure, values in figures.items():
            value, known = values[i], getattr(seat, figure)
            if value is None:
                continue
            if known is not None and known != value:
                sheet.add(f"{seat.constituency}: {figure} {value:,} differs from {known:,} on "
                          "an earlier row of the same contest", line, figure)
            elif known is None:
                setattr(seat, figure, value)
    return seats

"""The generic results format: anyone's results, one row per candidate, as CSV or JSON.

Columns (header names are case-insensitive; spaces and hyphens count as underscores):

=============== ========= ===============================================================
column          required  meaning
=============== ========= ===============================================================
constituency    yes       the seat's name
candidate       yes       the candidate's name (``name`` is accepted)
party           yes       party code, e.g. ``Lab``, ``Con``, ``LD`` (``party_abbreviation``),
                          in any case, or the party's official name; a party the registry
                          lacks needs its ``party_name``
votes           yes       whole number of votes, ≥ 0, ``13872`` or ``13,872``
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

Everything is checked as ``docs/generic-format.md`` says, the party codes against the
registry (``parties.registered_code``, the same function the live desk uses).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataError, Problem, SwingometerError
from ..model import KINDS, Contest, user_contest_id
from ..parties import UnknownPartyError, registered_code
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
    csv_file = not str(path).lower().endswith(".json")
    sheet = Sheet.from_text(text, source) if csv_file else _json_sheet(text, source)
    _name_columns(sheet)
    sheet.require(["constituency", "candidate", "party", "votes"])
    if default_date is None and "date" not in sheet.frame.columns:
        sheet.fail("missing column 'date': add a date column (YYYY-MM-DD), or give the polling "
                   "day with --date YYYY-MM-DD (default_date= in Python)")
    if csv_file:
        _check_ending(sheet, text)
    return [replace(c, id=user_contest_id(c.constituency, c.date, c.kind))
            for c in _contests(sheet, default_date)]


def _name_columns(sheet: Sheet) -> None:
    """Canonical column names; two columns that mean the same thing (``Votes`` and ``votes``,
    ``name`` and ``candidate``, or ``votes`` twice) are refused, since either could be meant."""
    original = sheet.header if len(sheet.header) == sheet.frame.shape[1] else [
        str(c) for c in sheet.frame.columns]
    columns = [_column(c) for c in original]
    for column in dict.fromkeys(c for c in columns if columns.count(c) > 1):
        same = ", ".join(repr(o) for o, c in zip(original, columns, strict=True) if c == column)
        sheet.add(f"has several columns meaning {column!r} ({same}); keep one", None, column)
    sheet.check()
    sheet.frame.columns = columns


def _check_ending(sheet: Sheet, text: str) -> None:
    """A file that stops inside its last value, with no final newline, is what an interrupted
    download leaves. A cut in most columns shows (a short row, an open quote, a bad code or
    date, a figure that differs from the contest's other rows); a cut in ``votes`` as the last
    column does not, unless ``valid_votes`` checks the sum, so it is refused."""
    frame = sheet.frame
    if text.endswith(("\n", "\r", '"')) or frame.columns[-1] != "votes" \
            or "valid_votes" in frame or frame.empty:
        return
    last = sheet.column("votes").iloc[-1]
    if last:
        sheet.add("the file ends inside this value, with no final newline: possibly truncated "
                  "(an interrupted download, or a file still being written); if the file is "
                  f"complete, end it with a newline or add a valid_votes column (found {last!r})",
                  sheet.row(len(frame) - 1), "votes")


class _Record(dict[str, Any]):
    """A JSON object, with the keys it gave more than once."""

    repeated: tuple[str, ...] = ()


def _record(pairs: list[tuple[str, Any]]) -> _Record:
    record = _Record(pairs)
    if len(record) < len(pairs):
        record.repeated = tuple(k for k, n in Counter(k for k, _ in pairs).items() if n > 1)
    return record


def _number(digits: str) -> int | str:
    """A JSON integer; a very long one stays text (and is refused as above the cap)."""
    return int(digits) if len(digits) <= 18 else digits


def _parse_json(text: str, source: str) -> Any:
    def refuse(message: str, line: int | None = None) -> DataError:
        return DataError(source, [Problem(source, message, line)])

    try:
        return json.loads(text, object_pairs_hook=_record, parse_int=_number, parse_float=str)
    except json.JSONDecodeError as error:
        cut = "; the file ends before the JSON does: possibly truncated" \
            if error.pos >= len(text.rstrip()) else ""
        raise refuse(f"is not valid JSON: {error.msg}{cut}", error.lineno) from None
    except RecursionError:
        raise refuse(f"is not a results file: its JSON nests deeper than "
                     f"{sys.getrecursionlimit():,} levels") from None


def _cell(value: Any) -> str:
    """A JSON value as the text a CSV cell would hold (``true``, ``13872``, ``12680.5``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int):
        return str(value)
    return json.dumps(value)


def _json_sheet(text: str, source: str) -> Sheet:
    document = _parse_json(text, source)
    records = document.get("candidates") if isinstance(document, dict) else document
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise DataError(source, [Problem(source, "JSON must be a list of candidate objects or "
                                         "an object with a 'candidates' list")])
    if not records:
        raise DataError(source, [Problem(source, "has no candidates")])
    repeated = [Problem(source, f"gives {key!r} twice; keep one")
                for key in getattr(document, "repeated", ())]
    repeated += [Problem(source, f"gives {key!r} twice; keep one", row, _column(key))
                 for row, r in enumerate(records, start=1) for key in getattr(r, "repeated", ())]
    if repeated:
        raise DataError(source, repeated)
    frame = pd.DataFrame.from_records([{k: _cell(v) for k, v in r.items()} for r in records])
    frame = frame.astype(object).where(frame.notna(), "").astype(str)
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
    constituency = sheet.names("constituency")
    if (ons != "").any():
        _check_codes(sheet, ons, constituency)
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
    party_name = sheet.names("party_name", required=False) if "party_name" in frame else blank
    key = ons.where(ons != "", constituency.str.casefold())
    candidates = pd.DataFrame({
        "key": key, "date": dates, "constituency": constituency, "ons_id": ons,
        "candidate": sheet.names("candidate"), "party": _parties(sheet, party_name),
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


def _parties(sheet: Sheet, party_name: pd.Series) -> pd.Series:
    """Registered party codes (``con``, ``Conservative`` → ``Con``), one look-up for each
    distinct party and name; a label the registry refuses is a problem of each of its rows."""
    given = pd.DataFrame({"party": sheet.names("party"), "name": party_name})
    codes = given["party"].copy()
    groups: dict[tuple[str, str], np.ndarray] = given.groupby(
        ["party", "name"], sort=False).indices  # type: ignore[assignment]
    for (label, name), rows in groups.items():
        if not label:
            continue
        try:
            code = registered_code(label, name)
        except UnknownPartyError as error:
            for i in rows.tolist():
                sheet.add(str(error), sheet.row(i), error.column)
            continue
        if code != label:
            codes.iloc[rows] = code
    return codes


@cache
def _official_names() -> dict[str, dict[str, str]]:
    """GSS code → {name key: official name} over the general elections and notionals."""
    from .. import elections
    from ..analysis.history import name_key

    names: dict[str, dict[str, str]] = {}
    for src in elections.SOURCES:
        if src.kind == "by":
            continue
        try:
            pool: Sequence[Contest] = elections.contests(src.key)
        except SwingometerError:  # a file that cannot be had: nothing to compare with
            continue
        for contest in pool:
            if contest.ons_id:
                names.setdefault(contest.ons_id, {})[name_key(contest.constituency)] = \
                    contest.constituency
    return names


def _check_codes(sheet: Sheet, ons: pd.Series, constituency: pd.Series) -> None:
    """A GSS code must be the seat named: a typo would compare the seat with another seat's
    baseline. Names are compared spelling-proof (``Bedfordshire, Mid``)."""
    from ..analysis.history import name_key

    first = {}
    for i, pair in enumerate(zip(ons.tolist(), constituency.tolist(), strict=True)):
        if pair[0] and pair not in first:
            first[pair] = i
    official = _official_names()
    for (code, name), i in first.items():
        known = official.get(code)
        if known and name and name_key(name) not in known:
            sheet.add(f"{code} is {' or '.join(sorted(set(known.values())))} in the official "
                      f"files, but the constituency is given as {name!r}: check the code",
                      sheet.row(i), "ons_id")


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

"""Adapters for the UK Parliament election results service files (``ukparliament/psephology``,
``db/data``). Quirks handled, as PROVENANCE.md lists them: general-election files of 2010–2019
have no header row; by-election files may start with a byte-order mark and call the code
column ``ONS ID2``; ``[x]`` stands for "not known"; dates are dd/mm/yyyy."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from .. import errata
from ..errors import Problem
from ..model import Contest, Correction, Kind, Reading
from ..parties import canonical_code
from .build import Key, Place, Rows, Seat, build_reading
from .crosscheck import OTHER_WINNER, OTHERS, Summaries
from .sheet import Sheet, read_text, repair_all

ONS_CODE = r"[ENSW]\d{8}"
#: the constituency files' columns of each main party's votes
PARTY_COLUMNS = ("Con", "Lab", "LD", "UKIP", "BRX", "RUK", "Green", "SNP", "PC", "DUP", "SF",
                 "SDLP", "UUP", "UCUNF", "APNI")

CANDIDATE_FIELDS = (
    "ons_id", "region_id", "constituency", "county", "region", "country", "constituency_type",
    "party_name", "party", "ec_party_id", "mnis_party_id", "ec_adjunct_id", "first_name",
    "surname", "gender", "sitting_mp", "former_mp", "member_mnis_id", "votes", "share", "change",
)
SEAT_FIELDS = (
    "ons_id", "region_id", "constituency", "county", "region", "country", "constituency_type",
    "declared_at", "member_first_name", "member_surname", "member_gender", "result",
    "first_party", "second_party", "electorate", "valid_votes", "rejected", "majority",
)
#: official header → canonical column
HEADERS = {
    "ONS ID": "ons_id", "ONS ID2": "ons_id", "Constituency name": "constituency",
    "Region name": "region", "Country name": "country", "Party name": "party_name",
    "Party abbreviation": "party", "Candidate first name": "first_name",
    "Candidate surname": "surname", "Votes": "votes", "Election date": "date",
    "By-election date": "date", "Electorate": "electorate", "Valid votes": "valid_votes",
    "Invalid votes": "rejected", "Majority": "majority", "Result": "result",
    "Declaration time": "declared_at", "First party": "first_party",
    "Second party": "second_party", "Share": "share",
}
#: files without a header row: the party-vote columns after the contest fields, by file
#: (package data ``summary_columns.csv``, found by matching each column with the candidates)
SUMMARY_COLUMNS: dict[str, tuple[str, ...]] = {
    row["file"].removeprefix("parliament/"): tuple(row["columns"].split(";"))
    for row in csv.DictReader((resources.files("swingometer") / "data" / "summary_columns.csv")
                              .read_text(encoding="utf-8").splitlines())}


def _sheet(path: Path | str, fields: tuple[str, ...], header: bool | None = None) -> Sheet:
    """Read an official file, with or without its header row. Unless told, the header is
    detected: a header never starts with a GSS code, a headerless results file always does."""
    source = str(path)
    text = read_text(path, source)
    if header is None:
        cut = text.find(",")
        first = text if cut < 0 else text[:cut]
        header = not re.fullmatch(ONS_CODE, first.strip().strip('"'))
    if not header:
        extra = next((cols for rel, cols in SUMMARY_COLUMNS.items()
                      if Path(source).as_posix().endswith("/" + rel)), ())
        names = fields + extra if fields == SEAT_FIELDS else fields
        return Sheet.from_text(text, source, header=False, names=names, min_columns=len(fields))
    sheet = Sheet.from_text(text, source)
    sheet.rename(HEADERS)
    return sheet


@dataclass
class _File:
    """An official file read and corrected by the errata in force."""

    sheet: Sheet
    corrections: dict[Place, list[Correction]]
    stale: list[Problem]


def _corrected(path: Path | str, fields: tuple[str, ...], header: bool | None = None,
               rename: dict[str, str] | None = None) -> _File:
    sheet = _sheet(path, fields, header)
    if rename:
        sheet.rename(rename)
    fixed, stale = errata.apply(sheet)
    return _File(sheet, {(sheet.source, line): found for line, found in fixed.items()}, stale)


def candidate_rows(sheet: Sheet, day: date | None = None,
                   places: Rows | None = None) -> pd.DataFrame:
    """The canonical candidate frame (see ``build.CANDIDATE_COLUMNS``) of an official file."""
    needed = ["ons_id", "constituency", "party", "party_name", "first_name", "surname", "votes"]
    sheet.require(needed + ([] if day else ["date"]))
    frame = sheet.frame
    ons = sheet.codes("ons_id", ONS_CODE, "a GSS constituency code such as E14000813")
    votes = sheet.integers("votes")
    dates = sheet.dates("date", "%d/%m/%Y") if day is None else pd.Series(day, index=frame.index)
    _place(places, sheet, ons, dates.tolist() if day is None else [day] * len(frame))
    party = sheet.column("party")
    unnamed = (party == "").to_numpy()
    if unnamed.any():
        party = party.where(~unnamed, sheet.column("party_name").map(canonical_code))
        party = party.replace("", "Oth")
    first, last = sheet.column("first_name"), sheet.column("surname")
    both = first.to_numpy(dtype=object) + " " + last.to_numpy(dtype=object)
    one = ((first == "") | (last == "")).to_numpy()  # "first last" has a space at one end
    both[one] = [text.strip() for text in both[one].tolist()]
    name = repair_all(both.tolist())
    keep = votes.notna()
    share = (pd.to_numeric(sheet.column("share"), errors="coerce") if "share" in frame
             else pd.Series(np.nan, index=frame.index))
    rows = pd.DataFrame({
        "key": ons, "date": dates, "constituency": sheet.text("constituency"), "ons_id": ons,
        "candidate": name, "party": party, "party_name": sheet.column("party_name"),
        "votes": votes, "elected": False, "line": sheet.lines,
        "share": share.where(share.notna(), None).astype(object),
    })
    return rows if keep.all() else rows[keep.to_numpy()]


def _place(places: Rows | None, sheet: Sheet, codes: pd.Series,
           dates: Sequence[date | None]) -> None:
    """Record each row of an official file in its contest (GSS code and polling day), so that
    a problem at that row sets aside that contest only."""
    if places is not None:
        places.add(sheet.source, sheet.lines, codes.to_numpy(), dates)


def seat_rows(sheet: Sheet, day: date | None = None,
              places: Rows | None = None) -> dict[Key, Seat]:
    """Contest-level facts (electorate, valid and rejected votes, declared result), each
    with the figures the file restates (``Seat.summary``)."""
    seats, table = _seats(sheet, day, places)
    if table is not None:
        for key, seat in seats.items():
            seat.summary = table.row(table.rows[key])
    return seats


def _seats(sheet: Sheet, day: date | None,
           places: Rows | None) -> tuple[dict[Key, Seat], Summaries | None]:
    """The seats of a constituency file, and the figures it restates (by column)."""
    sheet.require(["ons_id", "constituency", "electorate", "valid_votes", "rejected", "result"]
                  + ([] if day else ["date"]))
    frame = sheet.frame
    ons = sheet.codes("ons_id", ONS_CODE, "a GSS constituency code such as E14000813")
    electorate = sheet.integers("electorate", required=False)
    valid = sheet.integers("valid_votes", required=False)
    rejected = sheet.integers("rejected", required=False)
    dates = sheet.dates("date", "%d/%m/%Y").tolist() if day is None else [day] * len(frame)
    _place(places, sheet, ons, dates)
    def column(name: str) -> list[str]:
        return sheet.column(name).tolist() if name in frame else [""] * len(frame)

    table = _summaries(sheet)
    rows = zip(ons.tolist(), dates, column("constituency"), electorate.tolist(), valid.tolist(),
               rejected.tolist(), column("region"), column("country"), column("result"),
               column("declared_at"), sheet.lines.tolist(), strict=True)
    seats: dict[Key, Seat] = {}
    for i, (code, day_, name, electors, valid_votes, spoilt, region, country, result, at,
            line) in enumerate(rows):
        key = (code, day_)
        if key in seats:
            sheet.add(f"constituency {code} appears twice", line, "ons_id")
        seats[key] = Seat(name, code, day_, electorate=_int(electors),
                          valid_votes=_int(valid_votes), rejected=_int(spoilt),
                          region=region or None, country=country or None,
                          declared_result=result or None, declared_at=at or None, line=line)
        if table is not None:
            table.rows[key] = i
    return seats, table


def _summaries(sheet: Sheet) -> Summaries | None:
    """The file's restated figures (majority, first and second party, result, party votes)
    by column, where it has them."""
    frame = sheet.frame
    if "majority" not in frame or "first_party" not in frame:
        return None
    parties = [c for c in frame.columns if c in PARTY_COLUMNS or c in (OTHERS, OTHER_WINNER)]

    counts = sheet.counts(["majority", *parties])
    majority = counts.pop("majority")
    votes = counts
    text = {c: sheet.column(c).tolist() for c in ("first_party", "second_party", "result")}
    return Summaries(majority, text["first_party"], text["second_party"], text["result"],
                     votes)


def _int(value: object) -> int | None:
    """A whole number from an ``Int64`` column's ``tolist()`` (ints, or ``<NA>`` for blanks)."""
    return value if isinstance(value, int) else None


def general_election_reading(candidacies: Path | str, constituencies: Path | str,
                             day: date) -> Reading:
    """A general election from its ``candidacies.csv`` and ``constituencies.csv``; a contest
    that fails its checks is set aside (see ``build.build_reading``)."""
    return _results_reading(candidacies, constituencies, "general", day)


def by_election_reading(candidacies: Path | str, constituencies: Path | str) -> Reading:
    """The by-elections of one parliament (``by-elections/candidacies.csv`` and
    ``constituencies.csv``), each dated by its ``Election date``."""
    return _results_reading(candidacies, constituencies, "by", None)


def _results_reading(candidacies: Path | str, constituencies: Path | str, kind: Kind,
                     day: date | None) -> Reading:
    cand = _corrected(candidacies, CANDIDATE_FIELDS)
    seat = _corrected(constituencies, SEAT_FIELDS)
    places = Rows()
    candidates = candidate_rows(cand.sheet, day, places)
    seats, summaries = _seats(seat.sheet, day, places)
    reading = build_reading(candidates, seats, kind, cand.sheet.source, seat.sheet.source,
                            cand.sheet.problems + seat.sheet.problems, places,
                            {**cand.corrections, **seat.corrections}, summaries)
    return replace(reading, stale_errata=tuple(cand.stale + seat.stale))


def read_general_election(candidacies: Path | str, constituencies: Path | str,
                          day: date) -> list[Contest]:
    """A general election, refused whole if any contest fails its checks."""
    reading = general_election_reading(candidacies, constituencies, day)
    return list(reading.strict(str(candidacies)))


def read_by_elections(candidacies: Path | str, constituencies: Path | str) -> list[Contest]:
    """One parliament's by-elections, refused whole if any contest fails its checks."""
    return list(by_election_reading(candidacies, constituencies).strict(str(candidacies)))


#: The 2019 notionals give many minor parties by name ("People before Profit") where the
#: results files use codes ("PBPA"); this table (package data, from the parties' MNIS ids in
#: Parliament's 2019 and 2024 files) maps them so change and swing join across the two.
NOTIONAL_CODES: dict[str, str] = {
    row["label"]: row["code"] for row in csv.DictReader(
        (resources.files("swingometer") / "data" / "notional_parties.csv")
        .read_text(encoding="utf-8").splitlines())}

NOTIONAL_2019_FIELDS = (
    "constituency", "name", "ons_id", "unknown", "country_code", "country", "constituency_type",
    "turnout", "electorate", "valid_votes", "majority", "party_code", "votes", "party",
    "party_name", "mnis_party_id",
)


def notional_2019_reading(results: Path | str) -> Reading:
    """The 2019 general election recast on the 2024 boundaries (Rallings & Thrasher, as
    Parliament publishes it): one row per party per new constituency, no header."""
    file = _corrected(results, NOTIONAL_2019_FIELDS, header=False)
    file.sheet.require(["ons_id", "constituency", "votes", "party", "party_name", "electorate"])
    return _notional(file, date(2019, 12, 12), "electorate", "valid_votes")


def notional_2005_reading(results: Path | str) -> Reading:
    """The 2005 general election recast on the 2010 boundaries (header row; one row a party)."""
    file = _corrected(results, (), header=True, rename={
        "constituency_id": "ons_id", "constituency_name": "constituency",
        "mnis_party_abbrev": "party", "mnis_party_name": "party_name",
        "total_votes": "valid_votes"})
    file.sheet.require(["ons_id", "constituency", "votes", "party", "party_name", "electorate",
                        "valid_votes"])
    return _notional(file, date(2005, 5, 5), "electorate", "valid_votes")


def read_notional_2019(results: Path | str) -> list[Contest]:
    """The 2019 notionals, refused whole if any contest fails its checks."""
    return list(notional_2019_reading(results).strict(str(results)))


def read_notional_2005(results: Path | str) -> list[Contest]:
    """The 2005 notionals, refused whole if any contest fails its checks."""
    return list(notional_2005_reading(results).strict(str(results)))


#: how the 2019 notionals code, and name, an independent
INDEPENDENT_CODE = re.compile(r"IND\d+V")
INDEPENDENT_NAME = re.compile(r"Independent \d")


def _each_distinct(values: pd.Series, f: Callable[[str], object]) -> pd.Series:
    """``values.map(f)`` for a column of text, calling ``f`` once for each distinct value."""
    which, distinct = pd.factorize(values.to_numpy(dtype=object))
    if (which < 0).any():  # not all text: map each value
        return values.map(f)
    mapped = np.empty(len(distinct), dtype=object)
    mapped[:] = [f(text) for text in distinct.tolist()]
    return pd.Series(mapped[which], index=values.index, dtype=object)


def _notional(file: _File, day: date, electorate_col: str, valid_col: str) -> Reading:
    sheet = file.sheet
    if "party_code" in sheet.frame:
        # the 2019 notionals carry summary rows (total and largest "other") besides the parties
        summary = sheet.frame["party_code"].str.startswith(("TOTOTH", "MAXOTH"))
        sheet.keep(~summary.to_numpy())
    frame = sheet.frame
    ons = sheet.codes("ons_id", ONS_CODE, "a GSS constituency code such as E14000813")
    places = Rows()
    _place(places, sheet, ons, [day] * len(frame))
    votes = sheet.integers("votes")
    electorate = sheet.integers(electorate_col, required=False)
    valid = sheet.integers(valid_col, required=False)
    code = frame["party_code"] if "party_code" in frame else frame["party"]
    label = sheet.column("party_name")
    label = label.where(~label.isin(("", "NA")), code.str.strip())
    party = sheet.column("party")
    party = _each_distinct(party.where(~party.isin(("", "NA")), label),
                           lambda text: NOTIONAL_CODES.get(canonical_code(text),
                                                           canonical_code(text)))
    independent = (_each_distinct(code, lambda text: bool(INDEPENDENT_CODE.fullmatch(text)))
                   | _each_distinct(party, lambda text: bool(INDEPENDENT_NAME.match(text))))
    party = party.where(~independent.to_numpy(dtype=bool), "Ind").replace("", "Oth")
    candidates = pd.DataFrame({
        "key": ons, "date": day, "constituency": sheet.column("constituency"),
        "ons_id": ons, "candidate": label, "party": party, "party_name": label,
        "votes": votes, "elected": False,
        "line": sheet.lines,
    })
    if not votes.notna().all():
        candidates = candidates[votes.notna().to_numpy()]
    seats: dict[tuple[str, date | None], Seat] = {}
    country = sheet.column("country").tolist() if "country" in frame else [""] * len(frame)
    rows = zip(ons.tolist(), sheet.column("constituency").tolist(), electorate.tolist(),
               valid.tolist(), country, sheet.lines.tolist(), strict=True)
    for code, name, electors, valid_votes, nation, line in rows:
        if (code, day) not in seats:
            seats[(code, day)] = Seat(name, code, day, country=nation or None,
                                      electorate=_int(electors),
                                      valid_votes=_int(valid_votes), line=line)
    reading = build_reading(candidates, seats, "notional", sheet.source,
                            problems=sheet.problems, rows=places, corrections=file.corrections)
    return replace(reading, stale_errata=tuple(file.stale))

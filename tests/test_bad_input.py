"""A corpus of broken input files. Each is made by the test in a tmp folder — from the real
Mid Bedfordshire 2023 result or from a slice of an official file — and each must raise ONE
DataError that lists every problem with its file, row and column: never a traceback, never a
wrong number. The cases are a declarative table, one row per broken file (like abcvoting's
folder of malformed inputs); a row names the good file it starts from, the edits that break it,
and every problem the reader must report.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from swingometer import elections
from swingometer.errors import DataError, Problem
from swingometer.model import Contest
from swingometer.sources import (
    read_by_elections,
    read_general_election,
    read_hoc_library,
    read_notional_2019,
    read_results,
)

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
RESULTS = SHARED / "parliament" / "results-by-parliament"
LIBRARY = SHARED / "hoc_library"
MID_BEDS = ("E14000813", date(2023, 10, 19))
GENERIC_COLUMNS = ("constituency", "ons_id", "date", "kind", "candidate", "party", "party_name",
                   "votes", "electorate", "rejected", "elected")

Files = dict[str, Path]
Edit = Callable[[Files], None]


# --- the good files every case starts from ------------------------------------------------


def mid_bedfordshire() -> Contest:
    """The real by-election of 19 October 2023, from the official files."""
    return next(c for c in elections.contests("by-2019") if (c.ons_id, c.date) == MID_BEDS)


def generic_records(contest: Contest) -> list[dict[str, object]]:
    """The contest as generic-format records, winner first (so file row 2 is Strathern)."""
    return [{"constituency": contest.constituency, "ons_id": contest.ons_id,
             "date": contest.date.isoformat(), "kind": contest.kind, "candidate": c.name,
             "party": c.party, "party_name": c.party_name, "votes": c.votes,
             "electorate": contest.electorate, "rejected": contest.rejected,
             "elected": c is contest.winner} for c in contest.candidates]


def _generic_csv(folder: Path) -> Files:
    text = io.StringIO()
    writer = csv.DictWriter(text, GENERIC_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in generic_records(mid_bedfordshire()):
        writer.writerow({**record, "elected": str(record["elected"]).lower()})
    path = folder / "results.csv"
    path.write_text(text.getvalue(), encoding="utf-8")
    return {"results": path}


def _generic_json(folder: Path) -> Files:
    path = folder / "results.json"
    path.write_text(json.dumps(generic_records(mid_bedfordshire()), indent=1, ensure_ascii=False),
                    encoding="utf-8")
    return {"results": path}


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def _slice(folder: Path, seats: Path, people: Path, n: int, *, header: bool,
           names: tuple[str, str] = ("constituencies", "candidacies")) -> Files:
    """The first ``n`` constituencies of an official pair of files and their candidates, kept
    byte for byte (byte-order marks, quoting and line endings included)."""
    seat_lines, people_lines = _lines(seats), _lines(people)
    head = 1 if header else 0
    kept = seat_lines[head:head + n]
    codes = {next(csv.reader([line]))[_code_column(seat_lines, header)] for line in kept}
    code_at = _code_column(people_lines, header)
    mine = [line for line in people_lines[head:] if next(csv.reader([line]))[code_at] in codes]
    files = {names[0]: folder / seats.name, names[1]: folder / people.name}
    files[names[0]].write_text("".join(seat_lines[:head] + kept), encoding="utf-8")
    files[names[1]].write_text("".join(people_lines[:head] + mine), encoding="utf-8")
    return files


def _code_column(lines: list[str], header: bool) -> int:
    if not header:
        return 0
    columns = [c.strip().lstrip("\ufeff") for c in next(csv.reader([lines[0]]))]
    return next(i for i, c in enumerate(columns) if c in ("ONS ID", "ONS ID2", "ons_id"))


def _ge_headerless(folder: Path) -> Files:
    """2019: Aberavon, Aberconwy, Aberdeen North (17 candidates), no header rows."""
    ge = RESULTS / "58" / "general-election"
    return _slice(folder, ge / "constituencies.csv", ge / "candidacies.csv", 3, header=False)


def _ge_headed(folder: Path) -> Files:
    """2024: Aberafan Maesteg, Aberdeen North, Aberdeen South, with header rows."""
    ge = RESULTS / "59" / "general-election"
    return _slice(folder, ge / "constituencies.csv", ge / "candidacies.csv", 3, header=True)


def _by(folder: Path) -> Files:
    """2019–24 by-elections: Hartlepool (2021) and Airdrie and Shotts; BOM and ``ONS ID2``."""
    by = RESULTS / "58" / "by-elections"
    return _slice(folder, by / "constituencies.csv", by / "candidacies.csv", 2, header=True)


def _notional(folder: Path) -> Files:
    """2019 on the 2024 boundaries: Aberafan Maesteg (9 rows, 2 summary) and Aberdeen North."""
    lines = _lines(RESULTS / "58" / "notional-general-election" / "results.csv")
    path = folder / "results.csv"
    path.write_text("".join(lines[:15]), encoding="utf-8")
    return {"results": path}


def _hoc(folder: Path) -> Files:
    """House of Commons Library 2019: Aberavon, Aberconwy, Aberdeen North."""
    return _slice(folder, LIBRARY / "HoC-GE2019-results-by-constituency.csv",
                  LIBRARY / "HoC-GE2019-results-by-candidate.csv", 3, header=True,
                  names=("constituencies", "candidates"))


@dataclass(frozen=True)
class Reader:
    make: Callable[[Path], Files]
    read: Callable[[Files], list[Contest]]


READERS = {
    "generic-csv": Reader(_generic_csv, lambda f: read_results(f["results"])),
    "generic-json": Reader(_generic_json, lambda f: read_results(f["results"])),
    "ge-headerless": Reader(_ge_headerless, lambda f: read_general_election(
        f["candidacies"], f["constituencies"], date(2019, 12, 12))),
    "ge-headed": Reader(_ge_headed, lambda f: read_general_election(
        f["candidacies"], f["constituencies"], date(2024, 7, 4))),
    "by-elections": Reader(_by, lambda f: read_by_elections(f["candidacies"],
                                                             f["constituencies"])),
    "notional-2019": Reader(_notional, lambda f: read_notional_2019(f["results"])),
    "hoc-library": Reader(_hoc, lambda f: read_hoc_library(
        f["candidates"], f["constituencies"], date(2019, 12, 12))),
}


# --- edits that break a file --------------------------------------------------------------


def _edit_lines(key: str, change: Callable[[list[str]], list[str]]) -> Edit:
    def edit(files: Files) -> None:
        files[key].write_text("".join(change(_lines(files[key]))), encoding="utf-8")
    return edit


def _fields(line: str) -> list[str]:
    return next(csv.reader([line]))


def _joined(fields: list[str], ending: str = "\n") -> str:
    text = io.StringIO()
    csv.writer(text, lineterminator=ending).writerow(fields)
    return text.getvalue()


def _index(lines: list[str], column: str | int) -> int:
    if isinstance(column, int):
        return column
    return [c.lstrip("\ufeff") for c in _fields(lines[0])].index(column)


def cell(key: str, row: int, column: str | int, value: str) -> Edit:
    """Set one field: ``row`` is the file's line number, ``column`` a header name or index."""
    def change(lines: list[str]) -> list[str]:
        fields = _fields(lines[row - 1])
        fields[_index(lines, column)] = value
        lines[row - 1] = _joined(fields)
        return lines
    return _edit_lines(key, change)


def column_everywhere(key: str, column: str, value: str) -> Edit:
    def change(lines: list[str]) -> list[str]:
        at = _index(lines, column)
        return [lines[0]] + [_joined([*f[:at], value, *f[at + 1:]]) for f in map(_fields,
                                                                                 lines[1:])]
    return _edit_lines(key, change)


def add_column(key: str, name: str, value: str) -> Edit:
    return _edit_lines(key, lambda lines: [_joined([*_fields(lines[0]), name])] + [
        _joined([*_fields(line), value]) for line in lines[1:]])


def drop_column(key: str, column: str) -> Edit:
    def change(lines: list[str]) -> list[str]:
        at = _index(lines, column)
        return [_joined(f[:at] + f[at + 1:]) for f in map(_fields, lines)]
    return _edit_lines(key, change)


def rename_column(key: str, old: str, new: str) -> Edit:
    return _edit_lines(key, lambda lines: [lines[0].replace(old, new, 1), *lines[1:]])


def keep_columns(key: str, n: int) -> Edit:
    return _edit_lines(key, lambda lines: [_joined(_fields(line)[:n]) for line in lines])


def drop_rows(key: str, *rows: int) -> Edit:
    return _edit_lines(key, lambda lines: [x for i, x in enumerate(lines, 1) if i not in rows])


def keep_rows(key: str, n: int) -> Edit:
    return _edit_lines(key, lambda lines: lines[:n])


def repeat_row(key: str, row: int) -> Edit:
    return _edit_lines(key, lambda lines: [*lines, lines[row - 1]])


def replace(key: str, row: int, old: str, new: str) -> Edit:
    def change(lines: list[str]) -> list[str]:
        assert old in lines[row - 1], f"{old!r} is not on line {row}"
        lines[row - 1] = lines[row - 1].replace(old, new, 1)
        return lines
    return _edit_lines(key, change)


def cut(key: str, row: int, characters: int) -> Edit:
    """Truncate the file in the middle of line ``row``, as an interrupted download would."""
    return _edit_lines(key, lambda lines: [*lines[:row - 1], lines[row - 1][:characters]])


def put(key: str, content: bytes) -> Edit:
    def edit(files: Files) -> None:
        files[key].write_bytes(content)
    return edit


def encode(key: str, encoding: str) -> Edit:
    """Save the (edited) text in another encoding."""
    def edit(files: Files) -> None:
        files[key].write_bytes(files[key].read_text(encoding="utf-8").encode(encoding))
    return edit


def record(index: int, field: str, value: object) -> Edit:
    """Set one field of the ``index``-th (1-based) object of a JSON list."""
    def edit(files: Files) -> None:
        records = json.loads(files["results"].read_text(encoding="utf-8"))
        records[index - 1][field] = value
        files["results"].write_text(json.dumps(records, indent=1), encoding="utf-8")
    return edit


def drop_key(field: str) -> Edit:
    def edit(files: Files) -> None:
        records = json.loads(files["results"].read_text(encoding="utf-8"))
        files["results"].write_text(json.dumps([{k: v for k, v in r.items() if k != field}
                                                for r in records]), encoding="utf-8")
    return edit


# --- the corpus ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    """A problem the reader must report: in which file, row and column, saying what."""

    file: str
    row: int | None
    column: str | None
    says: str

    def matches(self, problem: Problem, files: Files) -> bool:
        return (problem.source == str(files[self.file]) and problem.row == self.row
                and problem.column == self.column and self.says in problem.message)


@dataclass(frozen=True)
class Case:
    id: str
    reader: str
    edits: tuple[Edit, ...]
    expect: tuple[Expect, ...]


P = Expect


R, CAND, SEAT, LIB = "results", "candidacies", "constituencies", "candidates"
NOT_UTF8 = "is not UTF-8 text"
VOTES_58, ELECTORATE_58, VALID_58 = 18, 14, 15  # columns of the headerless 2019 files
NOTIONAL_VALID, NOTIONAL_VOTES = 9, 12

CASES = [
    # generic CSV: the file as a whole
    Case("empty-file", "generic-csv", (put(R, b""),), (P(R, None, None, "the file is empty"),)),
    Case("whitespace-only", "generic-csv", (put(R, b"  \n\t\r\n   \n"),),
         (P(R, None, None, "the file is empty"),)),
    Case("cp1252-bytes", "generic-csv",
         (replace(R, 4, "Holland-Lindsay", "Holland–Lindsay"), encode(R, "cp1252")),
         (P(R, 4, None, f"{NOT_UTF8} (byte 0x96 cannot be decoded); save it as UTF-8"),)),
    Case("latin-1-bytes", "generic-csv",
         (replace(R, 3, "Akinbusoye", "Akinbusoyé"), encode(R, "latin-1")),
         (P(R, 3, None, f"{NOT_UTF8} (byte 0xe9 cannot be decoded)"),)),
    Case("utf-16", "generic-csv", (encode(R, "utf-16"),),
         (P(R, None, None, "is UTF-16 text; save it as UTF-8"),)),
    Case("binary", "generic-csv", (put(R, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x10"),),
         (P(R, 1, None, f"{NOT_UTF8} (byte 0x89 cannot be decoded)"),)),
    Case("nul-bytes", "generic-csv", (replace(R, 3, "Festus", "Fes\x00tus"),),
         (P(R, None, None, "contains NUL bytes"),)),
    Case("header-only", "generic-csv", (keep_rows(R, 1),),
         (P(R, None, None, "has a header but no rows"),)),
    Case("unclosed-quote", "generic-csv", (replace(R, 3, "Festus", '"Festus'),),
         (P(R, None, None, "is not a well-formed CSV file"),)),
    Case("extra-field", "generic-csv", (replace(R, 5, "\n", ",surplus\n"),),
         (P(R, None, None, "Expected 11 fields in line 5, saw 12"),)),
    Case("cut-mid-row", "generic-csv", (cut(R, 14, 70),),
         (P(R, 14, None, "has 8 of the 11 fields: the row is cut short"),)),
    # generic CSV: columns
    Case("missing-column", "generic-csv", (drop_column(R, "party"),),
         (P(R, None, None, "missing column 'party'; the file has 'constituency'"),)),
    Case("missing-columns", "generic-csv", (drop_column(R, "votes"), drop_column(R, "candidate")),
         (P(R, None, None, "missing columns 'candidate', 'votes'"),)),
    Case("renamed-column", "generic-csv", (rename_column(R, "votes", "ballots"),),
         (P(R, None, None, "missing column 'votes'; the file has"),)),
    Case("two-columns-one-meaning", "generic-csv", (add_column(R, "Votes", "1"),),
         (P(R, None, "votes", "has several columns meaning 'votes' ('votes', 'Votes')"),)),
    # generic CSV: values
    Case("non-numeric-votes", "generic-csv", (cell(R, 2, "votes", "lots"),),
         (P(R, 2, "votes", "is not a number (found 'lots')"),)),
    Case("negative-votes", "generic-csv", (cell(R, 3, "votes", "-12680"),),
         (P(R, 3, "votes", "is negative (found '-12680')"),)),
    Case("fractional-votes", "generic-csv", (cell(R, 4, "votes", "9420.5"),),
         (P(R, 4, "votes", "is not a whole number (found '9420.5')"),)),
    Case("blank-votes", "generic-csv", (cell(R, 5, "votes", ""),),
         (P(R, 5, "votes", "is empty; a number is needed"),)),
    Case("blank-candidate", "generic-csv", (cell(R, 6, "candidate", ""),),
         (P(R, 6, "candidate", "is empty"),)),
    Case("malformed-gss-code", "generic-csv", (cell(R, 2, "ons_id", "E1400081"),),
         (P(R, 2, "ons_id", "is not a GSS code such as E14000813 (found 'E1400081')"),)),
    Case("date-not-iso", "generic-csv", (cell(R, 2, "date", "19/10/2023"),),
         (P(R, 2, "date", "is not a date in the form 2023-10-19 (Y-m-d) (found '19/10/2023')"),)),
    Case("date-impossible", "generic-csv", (column_everywhere(R, "date", "2023-02-30"),),
         tuple(P(R, row, "date", "(found '2023-02-30')") for row in range(2, 15))),
    Case("bad-kind", "generic-csv", (cell(R, 2, "kind", "bye"),),
         (P(R, 2, "kind", "is not one of general, by, notional (found 'bye')"),)),
    Case("mixed-kinds", "generic-csv", (cell(R, 2, "kind", "general"),),
         (P(R, None, "kind", "mixes contest kinds"),)),
    Case("bad-elected", "generic-csv", (cell(R, 2, "elected", "maybe"),),
         (P(R, 2, "elected", "is not true or false (found 'maybe')"),)),
    # generic CSV: a contest that does not add up
    Case("votes-above-electorate", "generic-csv", (column_everywhere(R, "electorate", "30000"),),
         (P(R, 2, "electorate", "40,822 ballots counted but the electorate is 30,000"),)),
    Case("conflicting-electorate", "generic-csv", (cell(R, 5, "electorate", "92579"),),
         (P(R, 5, "electorate", "electorate 92,579 differs from 92,578 on an earlier row"),)),
    Case("valid-votes-not-summing", "generic-csv", (add_column(R, "valid_votes", "40721"),),
         (P(R, 2, "valid_votes", "votes sum to 40,720 but the valid vote is given as 40,721"),)),
    Case("duplicate-candidate", "generic-csv",
         (cell(R, 3, "candidate", "Alistair Strathern"), cell(R, 3, "party", "Lab")),
         (P(R, 3, "candidate", "Alistair Strathern (Lab) appears twice in Mid Bedfordshire "
            "(also row 2): duplicate candidate"),
          P(R, 3, "party_name", "party 'Lab' is Labour but party_name 'Conservative' is Con"))),
    Case("tie-nobody-elected", "generic-csv",
         (cell(R, 3, "votes", "13872"), cell(R, 2, "elected", "false")),
         (P(R, 2, "votes", "tie for first place between Alistair Strathern (Lab) and Festus "
            "Akinbusoye (Con) on 13,872 votes"),)),
    Case("tie-both-elected", "generic-csv",
         (cell(R, 3, "votes", "13872"), cell(R, 3, "elected", "true")),
         (P(R, 2, "votes", "tie for first place"),)),
    # generic JSON
    Case("json-invalid", "generic-json", (cut(R, 20, 8),),
         (P(R, 20, None, "is not valid JSON"),)),
    Case("json-not-a-list", "generic-json", (put(R, b'{"constituency": "Mid Bedfordshire"}'),),
         (P(R, None, None, "JSON must be a list of candidate objects"),)),
    Case("json-list-of-numbers", "generic-json", (put(R, b"[13872, 12680]"),),
         (P(R, None, None, "JSON must be a list of candidate objects"),)),
    Case("json-empty-list", "generic-json", (put(R, b"[]"),),
         (P(R, None, None, "has no candidates"),)),
    Case("json-utf-16", "generic-json", (encode(R, "utf-16"),),
         (P(R, None, None, "is UTF-16 text"),)),
    Case("json-missing-key", "generic-json", (drop_key("votes"),),
         (P(R, None, None, "missing column 'votes'"),)),
    Case("json-votes-text", "generic-json", (record(1, "votes", "lots"),),
         (P(R, 1, "votes", "is not a number (found 'lots')"),)),
    Case("json-votes-fraction", "generic-json", (record(2, "votes", 12680.5),),
         (P(R, 2, "votes", "is not a whole number"),)),
    Case("json-votes-list", "generic-json", (record(3, "votes", [9000, 420]),),
         (P(R, 3, "votes", "is not a number"),)),
    Case("json-tie", "generic-json", (record(2, "votes", 13872), record(1, "elected", False)),
         (P(R, 1, "votes", "tie for first place"),)),
    Case("json-bad-date", "generic-json", (record(4, "date", "19 October 2023"),),
         (P(R, 4, "date", "is not a date in the form 2023-10-19"),)),
    # official general election, headerless (2010–2019 layout)
    Case("official-empty", "ge-headerless", (put(CAND, b""),),
         (P(CAND, None, None, "the file is empty"),)),
    Case("official-cp1252", "ge-headerless",
         (replace(CAND, 5, "Kingston-Jones", "Kingston–Jones"), encode(CAND, "cp1252")),
         (P(CAND, 5, None, f"{NOT_UTF8} (byte 0x96"),)),
    Case("official-too-few-columns", "ge-headerless", (keep_columns(CAND, 12),),
         (P(CAND, None, None, "has 12 columns; this headerless file needs at least 21"),)),
    Case("official-non-numeric-votes", "ge-headerless", (cell(CAND, 1, VOTES_58, "6,5l8"),),
         (P(CAND, 1, "votes", "is not a number (found '6,5l8')"),
          P(SEAT, 1, "valid_votes", "Aberavon: candidates' votes sum to 25,080 but the valid "
            "vote is given as 31,598"))),
    Case("official-valid-votes-not-summing", "ge-headerless",
         (cell(SEAT, 1, VALID_58, "31600"),),
         (P(SEAT, 1, "valid_votes", "votes sum to 31,598 but the valid vote is given as 31,600"),)),
    Case("official-votes-above-electorate", "ge-headerless",
         (cell(SEAT, 3, ELECTORATE_58, "30000"),),
         (P(SEAT, 3, "electorate", "Aberdeen North: 37,485 ballots counted but the electorate "
            "is 30,000: votes above the electorate"),)),
    Case("official-unknown-constituency-code", "ge-headerless", (drop_rows(SEAT, 3),),
         (P(CAND, 12, "ons_id", "constituency 'S14000001' is not in the constituency file: "
            "unknown constituency code"),)),
    Case("official-constituency-without-candidates", "ge-headerless",
         (drop_rows(CAND, 8, 9, 10, 11),),
         (P(SEAT, 2, None, "constituency 'W07000058' has no candidates"),)),
    Case("official-malformed-gss-code", "ge-headerless", (cell(SEAT, 2, 0, "W7000058"),),
         (P(SEAT, 2, "ons_id", "is not a GSS constituency code such as E14000813"),
          P(SEAT, 2, None, "constituency 'W7000058' has no candidates"),
          P(CAND, 8, "ons_id", "constituency 'W07000058' is not in the constituency file"))),
    Case("official-duplicate-constituency", "ge-headerless", (repeat_row(SEAT, 1),),
         (P(SEAT, 4, "ons_id", "constituency W07000049 appears twice"),)),
    Case("official-truncated", "ge-headerless", (cut(CAND, 17, 80),),
         (P(CAND, 17, None, "has 8 of the 21 fields: the row is cut short (is the file "
            "truncated?)"),
          P(CAND, 17, "votes", "is empty; a number is needed"),
          P(SEAT, 3, "valid_votes", "Aberdeen North: candidates' votes sum to 36,405"))),
    Case("official-truncated-constituencies", "ge-headerless", (cut(SEAT, 3, 45),),
         (P(SEAT, 3, None, "has 5 of the 32 fields: the row is cut short"),)),
    # official general election with header rows (2024 layout)
    Case("official-renamed-column", "ge-headed", (rename_column(CAND, "Votes", "Vote count"),),
         (P(CAND, None, None, "missing column 'votes'; the file has"),)),
    Case("official-missing-column", "ge-headed", (drop_column(SEAT, "Valid votes"),),
         (P(SEAT, None, None, "missing column 'valid_votes'"),)),
    Case("official-header-only", "ge-headed", (keep_rows(CAND, 1),),
         (P(CAND, None, None, "has a header but no rows"),)),
    Case("official-unclosed-quote", "ge-headed", (replace(CAND, 3, "Captain", '"Captain'),),
         (P(CAND, None, None, "is not a well-formed CSV file"),)),
    Case("official-tie", "ge-headed",
         (cell(CAND, 8, "Votes", "17838"), cell(SEAT, 2, "Valid votes", "46109")),
         (P(CAND, 8, "votes", "Aberafan Maesteg: tie for first place between Mark Griffiths "
            "(RUK) and Stephen Kinnock (Lab) on 17,838 votes"),)),
    # official by-elections (dd/mm/yyyy dates)
    Case("by-election-iso-date", "by-elections", (cell(CAND, 2, "Election date", "2021-05-06"),),
         (P(CAND, 2, "date", "is not a date in the form 19/10/2023 (d/m/Y) (found "
            "'2021-05-06')"),
          P(SEAT, 2, "valid_votes", "Hartlepool: candidates' votes sum to 14,404"))),
    Case("by-election-impossible-date", "by-elections",
         (cell(SEAT, 2, "By-election date", "31/02/2021"),),
         (P(SEAT, 2, "date", "(found '31/02/2021')"),
          P(CAND, 2, "ons_id", "constituency 'E14000733' is not in the constituency file"))),
    Case("by-election-missing-date-column", "by-elections",
         (rename_column(CAND, "Election date", "Poll"),),
         (P(CAND, None, None, "missing column 'date'"),)),
    # official notional results (headerless, one row a party)
    Case("notional-non-numeric-votes", "notional-2019", (cell(R, 1, NOTIONAL_VOTES, "n/k"),),
         (P(R, 1, "votes", "is not a number (found 'n/k')"),
          P(R, 1, "valid_votes", "Aberafan Maesteg: candidates' votes sum to 34,371"))),
    Case("notional-valid-votes-not-summing", "notional-2019",
         (cell(R, 1, NOTIONAL_VALID, "44424"),),
         (P(R, 1, "valid_votes", "votes sum to 44,423 but the valid vote is given as 44,424"),)),
    Case("notional-truncated", "notional-2019", (cut(R, 15, 60),),
         (P(R, 15, None, "the row is cut short"),
          P(R, 15, "votes", "is empty; a number is needed"),
          P(R, 10, "valid_votes", "Aberdeen North: candidates' votes sum to 23,611"))),
    # House of Commons Library briefing files
    Case("library-missing-column", "hoc-library", (drop_column(LIB, "votes"),),
         (P(LIB, None, None, "missing column 'votes'"),)),
    Case("library-unknown-constituency-code", "hoc-library", (drop_rows(SEAT, 4),),
         (P(LIB, 13, "ons_id", "constituency 'S14000001' is not in the constituency file"),)),
    Case("library-valid-votes-not-summing", "hoc-library", (cell(SEAT, 2, "Valid votes", "1"),),
         (P(SEAT, 2, "valid_votes", "Aberavon: candidates' votes sum to 31,598 but the valid "
            "vote is given as 1"),)),
    Case("library-negative-votes", "hoc-library", (cell(LIB, 2, "votes", "-17008"),),
         (P(LIB, 2, "votes", "is negative"),
          P(SEAT, 2, "valid_votes", "Aberavon: candidates' votes sum to 14,590"))),
    Case("library-latin-1", "hoc-library",
         (replace(LIB, 3, "Charlotte", "Charlotté"), encode(LIB, "latin-1")),
         (P(LIB, 3, None, f"{NOT_UTF8} (byte 0xe9"),)),
]


@pytest.fixture
def broken(tmp_path: Path, request: pytest.FixtureRequest) -> tuple[Case, Files]:
    case: Case = request.param
    files = READERS[case.reader].make(tmp_path)
    for edit in case.edits:
        edit(files)
    return case, files


def test_every_good_file_reads(tmp_path: Path) -> None:
    """The untouched slices read cleanly, so every problem below comes from its edit."""
    counts = {}
    for name, reader in READERS.items():
        (tmp_path / name).mkdir()
        counts[name] = len(reader.read(reader.make(tmp_path / name)))
    assert counts == {"generic-csv": 1, "generic-json": 1, "ge-headerless": 3, "ge-headed": 3,
                      "by-elections": 2, "notional-2019": 2, "hoc-library": 3}


def test_corpus_is_large_and_covers_every_reader() -> None:
    assert len(CASES) >= 25 and len({c.id for c in CASES}) == len(CASES)
    assert {c.reader for c in CASES} == set(READERS)


@pytest.mark.parametrize("broken", CASES, ids=[f"{c.reader}:{c.id}" for c in CASES],
                         indirect=True)
def test_broken_file_gives_one_error_listing_every_problem(
        broken: tuple[Case, Files]) -> None:
    case, files = broken
    with pytest.raises(DataError) as caught:
        READERS[case.reader].read(files)
    problems = caught.value.problems
    unmatched = [e for e in case.expect if not any(e.matches(p, files) for p in problems)]
    assert not unmatched, f"not reported: {unmatched}\nreported: {problems}"
    assert len(problems) == len(case.expect), [str(p) for p in problems]
    message = str(caught.value)
    assert all(str(p) in message for p in problems)


# --- many problems in one file ------------------------------------------------------------

MANY = (
    (cell(R, 2, "votes", "lots"), Expect(R, 2, "votes", "is not a number")),
    (cell(R, 3, "votes", "-3"), Expect(R, 3, "votes", "is negative")),
    (cell(R, 4, "date", "19/10/2023"), Expect(R, 4, "date", "is not a date")),
    (cell(R, 5, "ons_id", "E1400081"), Expect(R, 5, "ons_id", "is not a GSS code")),
    (cell(R, 6, "elected", "maybe"), Expect(R, 6, "elected", "is not true or false")),
    (cell(R, 7, "kind", "bye"), Expect(R, 7, "kind", "is not one of general, by, notional")),
    (cell(R, 8, "party", ""), Expect(R, 8, "party", "is empty")),
    (cell(R, 9, "electorate", "92579"), Expect(R, 9, "electorate", "differs from 92,578")),
    (cell(R, 10, "votes", "93.5"), Expect(R, 10, "votes", "is not a whole number")),
    (cell(R, 11, "rejected", "some"), Expect(R, 11, "rejected", "is not a number")),
)


def test_many_problems_in_one_file_give_one_error_listing_each(tmp_path: Path) -> None:
    files = _generic_csv(tmp_path)
    for edit, _ in MANY:
        edit(files)
    with pytest.raises(DataError) as caught:
        read_results(files["results"])
    problems = caught.value.problems
    assert len(problems) == len(MANY) == 10
    for _, expected in MANY:
        assert sum(expected.matches(p, files) for p in problems) == 1, expected
    assert all(p.source == str(files[R]) and p.row is not None and p.column for p in problems)
    assert str(caught.value).startswith(f"{files[R]}: 10 problems found\n  - ")


def test_problems_in_two_official_files_come_in_one_error(tmp_path: Path) -> None:
    files = _ge_headerless(tmp_path)
    for edit in (cell(CAND, 2, VOTES_58, "450.5"), cell(CAND, 9, 0, "W0700005"),
                 cell(SEAT, 3, VALID_58, "37414"), cell(SEAT, 1, ELECTORATE_58, "lots")):
        edit(files)
    with pytest.raises(DataError) as caught:
        READERS["ge-headerless"].read(files)
    where = sorted((Path(p.source).name, p.row, p.column) for p in caught.value.problems)
    assert where == [
        ("candidacies.csv", 2, "votes"),  # not a whole number
        ("candidacies.csv", 9, "ons_id"),  # not a GSS code
        ("candidacies.csv", 9, "ons_id"),  # ... so not in the constituency file
        ("constituencies.csv", 1, "electorate"),  # not a number
        ("constituencies.csv", 1, "valid_votes"),  # Aberavon lacks the refused row 2
        ("constituencies.csv", 2, "valid_votes"),  # Aberconwy lacks row 9's votes
        ("constituencies.csv", 3, "valid_votes"),  # 37,413 declared as 37,414
    ]


# --- what is accepted ----------------------------------------------------------------------


def test_a_tie_settled_by_lot_passes_when_one_tied_candidate_is_elected(tmp_path: Path) -> None:
    files = _generic_csv(tmp_path)
    for edit in (cell(R, 3, "votes", "13872"), cell(R, 2, "elected", "false"),
                 cell(R, 3, "elected", "true")):
        edit(files)
    (contest,) = read_results(files[R])
    assert contest.winner.name == "Festus Akinbusoye" and contest.winner.elected
    assert contest.runner_up is not None and contest.runner_up.votes == contest.winner.votes


def test_json_tie_settled_by_lot_passes(tmp_path: Path) -> None:
    files = _generic_json(tmp_path)
    for edit in (record(2, "votes", 13872), record(1, "elected", False),
                 record(2, "elected", True)):
        edit(files)
    (contest,) = read_results(files[R])
    assert (contest.winner.party, contest.winner.votes) == ("Con", 13_872)


def test_spreadsheet_habits_are_accepted(tmp_path: Path) -> None:
    """Byte-order mark, any-case headers with spaces, aliases, thousands separators and no
    date column when the caller gives the polling day."""
    files = _generic_csv(tmp_path)
    for edit in (drop_column(R, "date"), rename_column(R, "candidate", "Candidate Name"),
                 rename_column(R, "ons_id", "GSS code"), cell(R, 2, "votes", "13,872"),
                 column_everywhere(R, "electorate", " 92,578 ")):
        edit(files)
    files[R].write_bytes(b"\xef\xbb\xbf" + files[R].read_bytes())
    (contest,) = read_results(files[R], default_date=MID_BEDS[1])
    assert (contest.ons_id, contest.date, contest.electorate) == ("E14000813", MID_BEDS[1], 92_578)
    assert (contest.winner.name, contest.winner.votes, contest.valid_votes) == (
        "Alistair Strathern", 13_872, 40_720)


# --- the command line ----------------------------------------------------------------------


def _swingometer(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "swingometer", *args], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "COLUMNS": "200"})


@pytest.fixture
def broken_csv(tmp_path: Path) -> Path:
    files = _generic_csv(tmp_path)
    for edit, _ in MANY[:3]:
        edit(files)
    return files[R]


def test_cli_lists_every_problem_and_exits_1(broken_csv: Path) -> None:
    run = _swingometer("result", "--file", str(broken_csv))
    assert run.returncode == 1
    assert run.stdout == ""
    assert "Traceback" not in run.stderr
    assert run.stderr.startswith(f"error: {broken_csv}: 3 problems found\n")
    for row, column in ((2, "votes"), (3, "votes"), (4, "date")):
        assert f"{broken_csv}, row {row}, column {column!r}: " in run.stderr


def test_cli_json_error_carries_the_problems(broken_csv: Path) -> None:
    run = _swingometer("result", "--file", str(broken_csv), "--json")
    assert run.returncode == 1 and run.stdout == ""
    error = json.loads(run.stderr)
    assert error["error"] == "DataError"
    assert [(p["source"], p["row"], p["column"]) for p in error["problems"]] == [
        (str(broken_csv), 2, "votes"), (str(broken_csv), 3, "votes"),
        (str(broken_csv), 4, "date")]
    assert error["problems"][0]["message"] == "is not a number (found 'lots')"


def test_cli_refuses_an_unreadable_file_without_a_traceback(tmp_path: Path) -> None:
    binary = tmp_path / "results.csv"
    binary.write_bytes(b"\x00\x01\x02\xff" * 64)
    run = _swingometer("result", "--file", str(binary))
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "is not UTF-8 text" in run.stderr


def test_the_documented_error_is_what_users_see(tmp_path: Path) -> None:
    """docs/generic-format.md shows a broken file and the error it gives: both stay true."""
    doc = (Path(__file__).resolve().parents[1] / "docs" / "generic-format.md").read_text(
        encoding="utf-8").split("```")
    broken = [b.removeprefix("csv\n") for b in doc[1::2] if b.startswith("csv\n")][1]
    console = next(b for b in doc[1::2] if "$ swingometer result --file broken.csv\n" in b)
    shown = console.split("$ swingometer result --file broken.csv\n")[1].split("$ echo")[0]
    (tmp_path / "broken.csv").write_text(broken, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "swingometer", "result", "--file", "broken.csv"],
                         capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert (run.returncode, run.stdout, run.stderr) == (1, "", shown)
    documented = json.loads(next(b.removeprefix("json\n") for b in doc[1::2]
                                 if b.startswith("json\n") and '"problems"' in b))
    run = subprocess.run([sys.executable, "-m", "swingometer", "result", "--file", "broken.csv",
                          "--json"], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert json.loads(run.stderr)["problems"] == documented["problems"]

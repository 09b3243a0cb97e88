"""Adapters for the House of Commons Library briefing CSVs (CBP-7186, 7979, 8749, 10009) — the
files journalists download. Quirks: byte-order marks; snake_case headers in 2015/2017; some
double-encoded names in 2024 (``Ãine`` for ``Áine``); trailing spaces in names."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..model import Contest
from ..parties import canonical_code
from .build import build_contests
from .parliament import HEADERS, candidate_rows, seat_rows
from .sheet import Sheet, read_text, repair

SNAKE_HEADERS = {
    "constituency_name": "constituency", "region_name": "region", "country_name": "country",
    "party_abbreviation": "party", "firstname": "first_name", "valid_votes": "valid_votes",
    "invalid_votes": "rejected", "declaration_time": "declared_at",
}
#: the Library's labels for parties whose official abbreviation differs (2019: ``Brexit``)
LIBRARY_PARTIES = {"Brexit": "BRX"}


def library_party(label: str) -> str:
    """The official abbreviation for a party label of the Library files."""
    return canonical_code(LIBRARY_PARTIES.get(label, label))


def _sheet(path: Path | str) -> Sheet:
    source = str(path)
    sheet = Sheet.from_text(read_text(path, source), source)
    sheet.rename({**HEADERS, **SNAKE_HEADERS})
    for column in ("first_name", "surname", "constituency"):
        if column in sheet.frame:
            sheet.frame[column] = sheet.frame[column].map(repair).str.strip()
    return sheet


def read_hoc_library(candidates: Path | str, constituencies: Path | str | None,
                     day: date) -> list[Contest]:
    """A general election from a Library candidate file, checked against its constituency
    file where one is given (electorate, valid and rejected votes, declared result)."""
    cand_sheet = _sheet(candidates)
    rows = candidate_rows(cand_sheet, day)
    rows = rows.assign(party=rows["party"].map(library_party))
    problems = cand_sheet.problems
    seats = None
    seat_source = None
    if constituencies is not None:
        seat_sheet = _sheet(constituencies)
        seats = seat_rows(seat_sheet, day)
        problems = problems + seat_sheet.problems
        seat_source = seat_sheet.source
    return build_contests(rows, seats, "general", cand_sheet.source, seat_source, problems)

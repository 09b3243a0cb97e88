"""Errata: pinned corrections of figures the official files get wrong.

The table ships beside the SHA-256 list (``data/errata.csv``) and is applied after a file's hash
has been checked, before its rows are read. A row names the contest, the file (its name in a full
mirror, ``parliament/…``), the row (``column=value`` pairs joined by ``;``, in the reader's
canonical column names), the field, the official value, the corrected value and the evidence.
An erratum is only ever added where the files' own redundancy (summary columns that agree with
each other) or a cited official source settles the figure; every correction is carried on the
contest and shown on its card. ``SWINGOMETER_ERRATA`` names a table of the user's own, in the
same format, applied after the shipped one.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DataError, Problem
from .model import Correction

if TYPE_CHECKING:  # the table is read without pandas: a cached load never imports it
    from .sources.sheet import Sheet

COLUMNS = ("contest", "file", "row_key", "field", "official", "corrected", "evidence")
SHIPPED = "errata.csv"


@dataclass(frozen=True)
class Erratum:
    contest: str
    file: str
    row_key: tuple[tuple[str, str], ...]
    field: str
    official: str
    corrected: str
    evidence: str
    table: str

    def correction(self, row: int) -> Correction:
        return Correction(self.file, row, self.field, self.official, self.corrected,
                          self.evidence)

    def applies_to(self, path: str) -> bool:
        """The file this erratum is for, wherever the mirror or cache keeps it."""
        return self._names(Path(path).as_posix())

    def _names(self, posix: str) -> bool:
        rel = self.file.removeprefix("parliament/")
        return posix.endswith("/" + rel) or posix == rel


def _row_key(text: str) -> tuple[tuple[str, str], ...] | None:
    """``ons_id=E14000921;surname=Furniss`` as pairs, or None if it is not that form."""
    pairs = [part.partition("=") for part in text.split(";")]
    if any(not sep or not column.strip() for column, sep, _ in pairs):
        return None
    return tuple((column.strip(), value.strip()) for column, _, value in pairs)


def parse(text: str, table: str) -> tuple[Erratum, ...]:
    """The errata of one table; a malformed table is a :class:`DataError` naming its rows."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise DataError(table, [Problem(table, f"missing column(s) {', '.join(missing)}; an "
                                        f"errata table has {', '.join(COLUMNS)}")])
    found = []
    problems = []
    for line, row in enumerate(reader, start=2):
        empty = [c for c in COLUMNS if not (row.get(c) or "").strip()]
        if empty:
            problems.append(Problem(table, f"is empty: {', '.join(empty)}", line))
            continue
        key = _row_key(row["row_key"])
        if key is None:
            problems.append(Problem(table, f"row key {row['row_key']!r} is not column=value "
                                    "pairs joined by ';'", line, "row_key"))
            continue
        found.append(Erratum(row["contest"].strip(), row["file"].strip(), key,
                             row["field"].strip(),
                             row["official"].strip(), row["corrected"].strip(),
                             row["evidence"].strip(), table))
    if problems:
        raise DataError(table, problems)
    return tuple(found)


def tables() -> list[Path]:
    """The errata tables in force: the shipped one, then the user's (``SWINGOMETER_ERRATA``)."""
    found = [Path(str(resources.files("swingometer") / "data" / SHIPPED))]
    user = os.environ.get("SWINGOMETER_ERRATA")
    if user:
        found.append(Path(user).expanduser())
    return found


@cache
def _read(table: Path) -> tuple[Erratum, ...]:
    try:
        text = table.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise DataError(str(table), [Problem(str(table), f"errata table cannot be read: "
                                             f"{error}")]) from None
    return parse(text, str(table))


def in_force() -> tuple[Erratum, ...]:
    return tuple(e for table in tables() for e in _read(table))


def for_file(path: str) -> tuple[Erratum, ...]:
    posix = Path(path).as_posix()
    return tuple(e for e in in_force() if e._names(posix))


def apply(sheet: Sheet) -> tuple[dict[int, list[Correction]], list[Problem]]:
    """Correct the sheet's cells in place: the corrections by line, and a problem for each
    erratum that names no single row holding its official value (it is then not applied)."""
    corrected: dict[int, list[Correction]] = {}
    stale: list[Problem] = []
    #: the rows holding each combination of values, by the row key's columns (kept until one
    #: of those columns is corrected)
    indexes: dict[tuple[str, ...], dict[tuple[str, ...], list[int]]] = {}
    for erratum in for_file(sheet.source):
        frame = sheet.frame
        columns = [c for c, _ in erratum.row_key] + [erratum.field]
        absent = [c for c in columns if c not in frame.columns]
        if absent:
            stale.append(_stale(erratum, f"the file has no column {', '.join(absent)}"))
            continue
        key = tuple(c for c, _ in erratum.row_key)
        if key not in indexes:
            index: dict[tuple[str, ...], list[int]] = {}
            values = zip(*(sheet.column(c).tolist() for c in key), strict=True)
            for i, found_key in enumerate(values):
                index.setdefault(found_key, []).append(i)
            indexes[key] = index
        rows = indexes[key].get(tuple(v for _, v in erratum.row_key), [])
        if len(rows) != 1:
            stale.append(_stale(erratum, f"its row key matches {len(rows)} rows, not one"))
            continue
        i = rows[0]
        found = str(frame[erratum.field].iat[i]).strip()  # as ``sheet.column`` gives it
        if found != erratum.official:
            stale.append(_stale(erratum, f"the file gives {found!r}, not the official value "
                                f"{erratum.official!r} it corrects"))
            continue
        sheet.set_cell(i, erratum.field, erratum.corrected)
        indexes = {k: v for k, v in indexes.items() if erratum.field not in k}
        corrected.setdefault(sheet.row(i), []).append(erratum.correction(sheet.row(i)))
    return corrected, stale


def _stale(erratum: Erratum, why: str) -> Problem:
    key = ";".join(f"{c}={v}" for c, v in erratum.row_key)
    return Problem(erratum.table, f"erratum for {erratum.contest} ({erratum.file}, {key}, "
                   f"{erratum.field}) was not applied: {why}", None, erratum.field)

"""Reading a CSV as text and checking its columns, collecting every problem before failing."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError, Problem

#: placeholders official files use for "not known"
MISSING = ("", "[x]", "-", "n/a", "N/A")


def read_text(path: Path | str, source: str, encoding: str = "utf-8-sig") -> str:
    """The file's text; an empty, unreadable or wrongly encoded file is a :class:`DataError`."""
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise DataError(source, [Problem(source, f"cannot be read: {error.strerror}")]) from None
    if not raw.strip():
        raise DataError(source, [Problem(source, "the file is empty")])
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DataError(source, [Problem(source, "is UTF-16 text; save it as UTF-8")])
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(source, [Problem(
            source, f"is not {encoding.removesuffix('-sig').upper()} text "
            f"(byte 0x{raw[error.start]:02x} cannot be decoded); save it as UTF-8", row=line,
        )]) from None
    if "\x00" in text:
        raise DataError(source, [Problem(source, "contains NUL bytes: not a text CSV file")])
    return text


class Sheet:
    """A CSV table held as strings, with the problems found in it so far.

    ``row(i)`` gives the line number a person sees in a spreadsheet for frame row ``i``.
    """

    def __init__(self, frame: pd.DataFrame, source: str, first_line: int) -> None:
        self.frame = frame
        self.source = source
        self.lines = np.arange(len(frame)) + first_line
        self.problems: list[Problem] = []
        self._stripped: dict[str, pd.Series] = {}

    @classmethod
    def from_text(cls, text: str, source: str, *, header: bool = True,
                  names: Sequence[str] | None = None, min_columns: int = 0) -> Sheet:
        try:
            frame = pd.read_csv(io.StringIO(text), dtype=object, keep_default_na=False,
                                header=0 if header else None, skip_blank_lines=True,
                                quoting=csv.QUOTE_MINIMAL)
        except (pd.errors.ParserError, csv.Error) as error:
            raise DataError(source, [Problem(source, f"is not a well-formed CSV file: {error}")]) \
                from None
        except pd.errors.EmptyDataError:
            raise DataError(source, [Problem(source, "the file has no rows")]) from None
        sheet = cls(frame, source, 2 if header else 1)
        if header:
            frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
        else:
            if frame.shape[1] < min_columns:
                sheet.fail(f"has {frame.shape[1]} columns; this headerless file needs at least "
                           f"{min_columns} ({', '.join(names or [])})")
            if names:
                frame.columns = list(names) + [f"extra_{i}" for i in
                                               range(frame.shape[1] - len(names))]
        if frame.empty:
            sheet.fail("has a header but no rows")
        sheet.check_widths(text, skip=1 if header else 0)
        return sheet

    def check_widths(self, text: str, skip: int) -> None:
        """Report rows with fewer fields than the table: a file cut off mid-row (a truncated
        download) would otherwise read as blank cells."""
        width = self.frame.shape[1]
        # A short row reads with an empty last cell: only those rows need a second look.
        suspects = np.flatnonzero((self.frame.iloc[:, -1] == "").to_numpy())
        if not suspects.size:
            return
        for i, fields in self._field_counts(text, skip, suspects):
            if fields < width:
                self.add(f"has {fields} of the {width} fields: the row is cut short "
                         "(is the file truncated?)", self.row(i))

    def _field_counts(self, text: str, skip: int,
                      rows: np.ndarray) -> Iterator[tuple[int, int]]:
        """How many fields each of ``rows`` has. A file with one line per row (no blank lines,
        no line breaks inside quotes) is counted line by line; any other is parsed again."""
        lines = text.splitlines()
        if len(lines) == len(self.frame) + skip:
            for i in rows.tolist():
                line = lines[i + skip]
                yield i, (line.count(",") + 1 if '"' not in line
                          else len(next(csv.reader([line]))))
            return
        records = (r for r in csv.reader(io.StringIO(text)) if len(r) > 1 or (r and r[0].strip()))
        wanted = set(rows.tolist())
        for i, record in enumerate(itertools.islice(records, skip, None)):
            if i in wanted:
                yield i, len(record)

    def row(self, i: int) -> int:
        return int(self.lines[i])

    def keep(self, mask: np.ndarray) -> None:
        """Drop rows, keeping each remaining row's line number."""
        self.frame = self.frame[mask].reset_index(drop=True)
        self.lines = self.lines[mask]
        self._stripped.clear()

    def column(self, name: str) -> pd.Series:
        """A column's values with surrounding white space removed (computed once)."""
        if name not in self._stripped:
            values = [str(v).strip() for v in self.frame[name].tolist()]
            self._stripped[name] = pd.Series(values, index=self.frame.index, dtype=object)
        return self._stripped[name]

    def add(self, message: str, row: int | None = None, column: str | None = None) -> None:
        self.problems.append(Problem(self.source, message, row, column))

    def fail(self, message: str) -> None:
        self.add(message)
        raise DataError(self.source, self.problems)

    def rename(self, columns: dict[str, str]) -> None:
        self.frame = self.frame.rename(columns=columns)
        self._stripped.clear()

    def require(self, columns: Iterable[str], hint: dict[str, str] | None = None) -> None:
        """Stop at once if a needed column is absent: nothing else can be checked without it."""
        missing = [c for c in columns if c not in self.frame.columns]
        if missing:
            names = ", ".join(repr((hint or {}).get(c, c)) for c in missing)
            found = ", ".join(repr(c) for c in self.frame.columns[:30])
            self.fail(f"missing column{'s' if len(missing) > 1 else ''} {names}; "
                      f"the file has {found}")

    def _report(self, mask: np.ndarray, column: str, message: str,
                values: pd.Series | None = None) -> None:
        for i in np.flatnonzero(mask):
            shown = "" if values is None else f" (found {values.iloc[i]!r})"
            self.add(message + shown, self.row(int(i)), column)

    def integers(self, column: str, *, label: str | None = None, required: bool = True,
                 minimum: int = 0) -> pd.Series:
        """Whole numbers ≥ ``minimum``; thousands separators allowed; blanks become <NA>."""
        label = label or column
        try:  # fast path: a clean column of plain whole numbers
            clean = pd.to_numeric(self.frame[column], errors="raise", downcast=None)
            if clean.dtype.kind == "i" and (clean >= minimum).all():
                return clean.astype("Int64")
        except (ValueError, TypeError):
            pass
        text = self.column(column).str.replace(",", "", regex=False)
        blank = text.isin(MISSING).to_numpy()
        number = pd.to_numeric(text.where(~blank), errors="coerce")
        bad = ~blank & number.isna().to_numpy()
        self._report(bad, label, "is not a number", self.frame[column])
        ok = number.notna().to_numpy()
        fractional = ok & (number.fillna(0) % 1 != 0).to_numpy()
        self._report(fractional, label, "is not a whole number", self.frame[column])
        negative = ok & (number.fillna(0) < minimum).to_numpy()
        self._report(negative, label,
                     "is negative" if minimum == 0 else f"is below {minimum}", self.frame[column])
        if required:
            self._report(blank, label, "is empty; a number is needed")
        out = number.where(~(bad | fractional | negative))
        return out.round().astype("Int64")

    def text(self, column: str, *, label: str | None = None, required: bool = True) -> pd.Series:
        values = self.column(column)
        if required:
            self._report(values.isin(MISSING).to_numpy(), label or column, "is empty")
        return values

    def codes(self, column: str, pattern: str, what: str, *, required: bool = True) -> pd.Series:
        values = self.column(column)
        blank = (values == "").to_numpy()
        bad = (~values.str.fullmatch(pattern)).to_numpy() & ~blank
        self._report(bad, column, f"is not {what}", values)
        if required:
            self._report(blank, column, f"is empty; {what} is needed")
        return values

    def dates(self, column: str, fmt: str, *, required: bool = True) -> pd.Series:
        values = self.column(column)
        parsed = pd.to_datetime(values, format=fmt, errors="coerce")
        blank = (values == "").to_numpy()
        bad = parsed.isna().to_numpy() & ~blank
        self._report(bad, column, f"is not a date in the form {_example(fmt)}", values)
        if required:
            self._report(blank, column, "is empty; a date is needed")
        return pd.Series([d.date() if not pd.isna(d) else None for d in parsed],
                         index=values.index, dtype=object)

    def check(self) -> None:
        if self.problems:
            raise DataError(self.source, self.problems)


def _example(fmt: str) -> str:
    return date(2023, 10, 19).strftime(fmt) + f" ({fmt.replace('%', '')})"


MOJIBAKE = ("Ã", "Â", "â€")


def _cp1252_bytes(text: str) -> bytes:
    """Windows-1252 bytes of ``text``; the five bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F,
    0x90, 0x9D) come through a mis-decoding as the control characters U+0081 … and go back."""
    return b"".join(bytes([ord(ch)]) if 0x80 <= ord(ch) <= 0x9F else ch.encode("cp1252")
                    for ch in text)


def repair(text: str) -> str:
    """Undo UTF-8 that was decoded as Windows-1252 and encoded again (``Ãine`` → ``Áine``,
    where the Á's second byte 0x81 survives as U+0081).

    >>> repair("\u00c3\u0081ine"), repair("SeÃ¡n"), repair("Zoë")
    ('Áine', 'Seán', 'Zoë')
    """
    if text.isascii() or not any(mark in text for mark in MOJIBAKE):
        return text
    try:
        return _cp1252_bytes(text).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text

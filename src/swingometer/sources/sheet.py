"""Reading a CSV as text and checking its columns, collecting every problem before failing."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError, Problem

#: placeholders official files use for "not known"
MISSING = ("", "[x]", "-", "n/a", "N/A")
#: the most votes (or electors) one contest can have; the HTTP API has the same cap
MAX_COUNT = 10_000_000
#: the largest input file read, in MB, unless ``SWINGOMETER_MAX_FILE_MB`` says otherwise
MAX_FILE_MB = 200
#: a whole number as people write it: 1234 or 1,234 (commas between groups of three digits)
WHOLE = r"\d+|\d{1,3}(?:,\d{3})+"
DECIMAL = re.compile(rf"(?:{WHOLE})?\.\d+")
#: control characters (C0, DEL, C1) and invisible format characters, stripped from names
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]")
#: what a name that :func:`plain_name` would change contains (after stripping its ends)
UNPLAIN = f"{CONTROL.pattern}|[^\\S ]|  "
KINDS_OF_FILE = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                 (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                 (stat.S_ISSOCK, "a socket"))


def plain_name(text: str) -> str:
    """A name as text: control characters stripped, white space (tabs, no-break spaces, runs
    of spaces) folded to single spaces, so two spellings of one name compare equal.

    >>> plain_name(" Robin\u00a0 Millar\x07 ")
    'Robin Millar'
    """
    return " ".join(CONTROL.sub(lambda m: " " if m.group().isspace() else "", text).split())


def max_file_bytes() -> int:
    try:
        megabytes = float(os.environ.get("SWINGOMETER_MAX_FILE_MB", MAX_FILE_MB))
    except ValueError:
        megabytes = MAX_FILE_MB
    return int(megabytes * 1_000_000)


def _too_big(source: str, limit: int) -> DataError:
    return DataError(source, [Problem(source, f"is over the {limit / 1e6:g} MB limit for an "
                                      "input file (SWINGOMETER_MAX_FILE_MB raises it)")])


def read_bytes(path: Path | str, source: str) -> bytes:
    """A regular file's bytes, at most the size cap. Devices and FIFOs are refused before
    anything is read: the file is opened without blocking and checked with ``fstat``."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise DataError(source, [Problem(source, f"cannot be read: {error.strerror}")]) from None
    with os.fdopen(handle, "rb") as file:
        mode, limit = os.fstat(handle).st_mode, max_file_bytes()
        if not stat.S_ISREG(mode):
            kind = next((f" ({what})" for test, what in KINDS_OF_FILE if test(mode)), "")
            raise DataError(source, [Problem(source, f"is not a regular file{kind}; give a "
                                             "file saved on disk")])
        if os.fstat(handle).st_size > limit:
            raise _too_big(source, limit)
        try:
            raw = file.read(limit + 1)
        except OSError as error:
            raise DataError(source, [Problem(source, f"cannot be read: {error.strerror}")]) \
                from None
    if len(raw) > limit:
        raise _too_big(source, limit)
    return raw


def read_text(path: Path | str, source: str, encoding: str = "utf-8-sig") -> str:
    """The file's text; an empty, unreadable, wrongly encoded, oversized or non-regular file
    (a device, a FIFO) is a :class:`DataError`."""
    raw = read_bytes(path, source)
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
        #: the header's names as the file spells them (pandas renames a repeated one)
        self.header: list[str] = [str(c) for c in frame.columns]

    @classmethod
    def from_text(cls, text: str, source: str, *, header: bool = True,
                  names: Sequence[str] | None = None, min_columns: int = 0) -> Sheet:
        try:
            # every cell as text, none read as missing (so no missing-value scan at all)
            frame = pd.read_csv(io.StringIO(text), dtype=object, keep_default_na=False,
                                na_filter=False,
                                header=0 if header else None, skip_blank_lines=True,
                                quoting=csv.QUOTE_MINIMAL)
        except (pd.errors.ParserError, csv.Error) as error:
            raise DataError(source, [Problem(source, _malformed(text, error))]) from None
        except pd.errors.EmptyDataError:
            raise DataError(source, [Problem(source, "the file has no rows")]) from None
        sheet = cls(frame, source, 2 if header else 1)
        if header:
            sheet.header = _header_names(text)
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
        if _every_row_full(text, width, len(self.frame) + skip, self.frame.index):
            return
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
            series = self.frame[name]
            if _plain_text(series.tolist()):  # the usual case: nothing to strip
                self._stripped[name] = pd.Series(series.to_numpy(dtype=object, copy=True),
                                                 index=self.frame.index, dtype=object)
            else:
                values = [str(v).strip() for v in series.tolist()]
                self._stripped[name] = pd.Series(values, index=self.frame.index, dtype=object)
        return self._stripped[name]

    def set_cell(self, i: int, column: str, value: str) -> None:
        """Replace one cell (an erratum's correction), dropping that column's stripped copy."""
        self.frame.iat[i, list(self.frame.columns).index(column)] = value
        self._stripped.pop(column, None)

    def add(self, message: str, row: int | None = None, column: str | None = None) -> None:
        self.problems.append(Problem(self.source, message, row, column))

    def fail(self, message: str) -> None:
        self.add(message)
        raise DataError(self.source, self.problems)

    def rename(self, columns: dict[str, str]) -> None:
        frame = self.frame.copy(deep=False)  # as ``DataFrame.rename``, without its overhead
        frame.columns = [columns.get(c, c) for c in frame.columns]
        self.frame = frame
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
                 minimum: int = 0, maximum: int = MAX_COUNT) -> pd.Series:
        """Whole numbers from ``minimum`` to ``maximum``, written ``1234`` or ``1,234`` (commas
        between groups of three digits), nothing else; blanks become <NA>."""
        label = label or column
        plain = self._plain_integers(column, minimum, maximum)
        if plain is not None:
            if required:
                self._report(plain.isna().to_numpy(), label, "is empty; a number is needed")
            return plain
        try:  # fast path: a clean column of plain whole numbers
            clean = pd.to_numeric(self.frame[column], errors="raise", downcast=None)
            if clean.dtype.kind == "i":
                values = clean.to_numpy()
                if not len(values) or (minimum <= values.min() and values.max() <= maximum):
                    return clean.astype("Int64")
        except (ValueError, TypeError, OverflowError):
            pass
        text = self.column(column)
        blank = text.isin(MISSING).to_numpy()
        magnitude = text.str.removeprefix("-")
        whole = magnitude.str.fullmatch(WHOLE).to_numpy() & ~blank
        digits = magnitude.str.replace(",", "", regex=False).where(whole, "")
        short = (digits.str.len() <= 15).to_numpy()
        number = pd.to_numeric(digits.where(whole & short), errors="coerce")
        number = number.where(~text.str.startswith("-").to_numpy(), -number)
        value = number.fillna(0).to_numpy()
        below = whole & short & (value < minimum)
        above = whole & ~below & (~short | (value > maximum))
        for mask, message in ((below, "is negative" if minimum == 0 else f"is below {minimum}"),
                              (above, f"is above {maximum:,}, the most a contest can have")):
            self._report(mask, label, message, self.frame[column])
        self._not_whole(~blank & ~whole, text, label)
        if required:
            self._report(blank, label, "is empty; a number is needed")
        return number.where(whole & ~below & ~above).astype("Int64")

    def counts(self, columns: Sequence[str]) -> dict[str, np.ndarray]:
        """Optional counts (``integers(c, required=False)``) of several columns, as floats with
        NaN for blanks. A block of plain digits and blanks within range is read in one pass;
        otherwise each column is checked on its own, with its problems."""
        block = self.frame[list(columns)].to_numpy(dtype=object).T
        if block.shape[0] == len(columns) and len(set(columns)) == len(columns):
            values = block.ravel().tolist()
            if _DIGITS.fullmatch("\x00".join(values)):
                numbers = np.array([int(v) if v else -1 for v in values], dtype=np.int64)
                if not len(numbers) or numbers.max() <= MAX_COUNT:
                    floats = np.where(numbers < 0, np.nan, numbers.astype(np.float64))
                    shaped = floats.reshape(block.shape)
                    return {c: shaped[j] for j, c in enumerate(columns)}
        return {c: self.integers(c, required=False).to_numpy(dtype=np.float64, na_value=np.nan)
                for c in columns}

    def _plain_integers(self, column: str, minimum: int, maximum: int) -> pd.Series | None:
        """The column as whole numbers if every value is blank or plain digits (at most 15)
        within range — what most columns are, checked in one pass over the joined text —
        else None, for the full check to say what is wrong."""
        values = self.column(column).tolist()
        if not _DIGITS.fullmatch("\x00".join(values)):
            return None
        blank = np.array([not v for v in values], dtype=bool)
        numbers = np.array([int(v) if v else 0 for v in values], dtype=np.int64)
        given = numbers[~blank]
        if len(given) and (given.min() < minimum or given.max() > maximum):
            return None
        return pd.Series(pd.arrays.IntegerArray(numbers, blank), index=self.frame.index)

    def _not_whole(self, mask: np.ndarray, text: pd.Series, label: str) -> None:
        """Say why each masked value is not a whole number in the one accepted form."""
        for i in np.flatnonzero(mask).tolist():
            value = text.iloc[i]
            self.add(f"{_why_not_whole(value)} (found {value!r})", self.row(i), label)

    def names(self, column: str, *, required: bool = True) -> pd.Series:
        """A column of names as text (see :func:`plain_name`), computed once."""
        key = f"names:{column}"
        if key not in self._stripped:
            values = self.column(column)
            odd = values.str.contains(UNPLAIN, regex=True).to_numpy()  # most names are plain
            self._stripped[key] = values.where(~odd, values[odd].map(plain_name))
        values = self._stripped[key]
        if required:
            self._report(values.isin(MISSING).to_numpy(), column, "is empty")
        return values

    def text(self, column: str, *, label: str | None = None, required: bool = True) -> pd.Series:
        values = self.column(column)
        if required:
            self._report(values.isin(MISSING).to_numpy(), label or column, "is empty")
        return values

    def codes(self, column: str, pattern: str, what: str, *, required: bool = True) -> pd.Series:
        values = self.column(column)
        blank = (values == "").to_numpy()
        # each distinct code is matched once (a file repeats each many times)
        which, distinct = pd.factorize(values.to_numpy(dtype=object))
        form = re.compile(pattern)
        matched = np.array([form.fullmatch(code) is not None for code in distinct.tolist()],
                           dtype=bool)
        bad = ~matched[which] & ~blank
        self._report(bad, column, f"is not {what}", values)
        if required:
            self._report(blank, column, f"is empty; {what} is needed")
        return values

    def dates(self, column: str, fmt: str, *, required: bool = True) -> pd.Series:
        values = self.column(column)
        # a file holds few distinct dates: parse each once
        which, distinct = pd.factorize(values.to_numpy(dtype=object))
        parsed = pd.to_datetime(pd.Series(distinct, dtype=object), format=fmt, errors="coerce")
        days = np.array([d.date() if not pd.isna(d) else None for d in parsed], dtype=object)
        blank = (values == "").to_numpy()
        bad = parsed.isna().to_numpy()[which] & ~blank
        self._report(bad, column, f"is not a date in the form {_example(fmt)}", values)
        if required:
            self._report(blank, column, "is empty; a date is needed")
        return pd.Series(days[which], index=values.index, dtype=object)

    def check(self) -> None:
        if self.problems:
            raise DataError(self.source, self.problems)


#: values joined by NUL, each blank or at most 15 plain digits
_DIGITS = re.compile(r"[0-9]{0,15}(?:\x00[0-9]{0,15})*")
#: a value starting with white space, in values each preceded by NUL (which no text holds)
_PADDED = re.compile(r"\x00\s")


def _plain_text(values: list[object]) -> bool:
    """Whether every value is text without white space at either end (``strip`` is a no-op).
    The values are joined with NULs around each; white space after a NUL starts a value, and
    after a NUL in the reversed text it ends one."""
    try:
        joined = "\x00" + "\x00".join(values) + "\x00"  # type: ignore[arg-type]
    except TypeError:  # a value that is not text
        return False
    return not (_PADDED.search(joined) or _PADDED.search(joined[::-1]))


def _every_row_full(text: str, width: int, records: int, index: pd.Index) -> bool:
    """Whether every line of a plain file (no quotes, no blank lines, ``\n`` or ``\r\n`` line
    ends) has all ``width`` fields, known from the count of commas alone: the parser refuses
    a row with more fields, so as many commas as full rows need means no row is short."""
    if ('"' in text or "\n\n" in text or text.startswith("\n")
            or text.count("\r") != text.count("\r\n") or not isinstance(index, pd.RangeIndex)):
        return False
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    return lines == records and text.count(",") == (width - 1) * lines


def _why_not_whole(value: str) -> str:
    """The problem with a value that is not written as a whole number: ``12.000`` and
    ``1821,5`` are thousands written in another country's way, or a slip."""
    magnitude = value.removeprefix("-")
    if DECIMAL.fullmatch(magnitude):
        if set(magnitude.split(".")[1]) == {"0"}:
            return ("has a decimal point: votes are whole numbers, written 12000 or 12,000 "
                    "(a point is not a thousands separator)")
        return "is not a whole number"
    if re.fullmatch(r"[\d,.]*\d[\d,.]*", magnitude):
        return ("is not a whole number in the form 1,234,567: commas group digits in threes, "
                "and there is no decimal point")
    return "is not a number"


def _header_names(text: str) -> list[str]:
    end = text.find("\n")
    first_line = text if end < 0 else text[:end]
    return [c.strip().lstrip("\ufeff") for c in next(csv.reader([first_line]), [])]


def _malformed(text: str, error: Exception) -> str:
    """What a CSV parse error means; a quote still open where the file stops, with no final
    newline, is what an interrupted download or a file still being written leaves."""
    if "EOF inside string" in str(error) and not text.endswith(("\n", "\r")):
        return ("ends inside a quoted value, with no final newline: the file is possibly "
                "truncated (an interrupted download, or a file still being written)")
    return f"is not a well-formed CSV file: {error}"


def _example(fmt: str) -> str:
    return date(2023, 10, 19).strftime(fmt) + f" ({fmt.replace('%', '')})"


MOJIBAKE = ("Ã", "Â", "â€")


def _cp1252_bytes(text: str) -> bytes:
    """Windows-1252 bytes of ``text``; the five bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F,
    0x90, 0x9D) come through a mis-decoding as the control characters U+0081 … and go back."""
    return b"".join(bytes([ord(ch)]) if 0x80 <= ord(ch) <= 0x9F else ch.encode("cp1252")
                    for ch in text)


def repair_all(texts: list[str]) -> list[str]:
    """:func:`repair` of each text (the same list when none shows the marks of mojibake)."""
    joined = "\x00".join(texts)
    if joined.isascii() or not any(mark in joined for mark in MOJIBAKE):
        return texts
    return [repair(text) for text in texts]


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

"""The election catalogue as data: one row per election in ``data/elections.csv``.

Every fact about an election that more than one module needs lives in that table, so a new
election is one row (see ``docs/catalogue.md``). Columns:

* ``key`` — the short name users type (``2019``, ``2019-notional``, ``by-2019``); unique; a
  general election's key is its year (seat histories sort on it).
* ``name`` — in words (``2019 general election``, ``by-elections 2019–2024``).
* ``kind`` — ``general``, ``by`` (a parliament's by-elections) or ``notional``.
* ``date`` — polling day, ISO ``YYYY-MM-DD``; empty for by-elections (each has its own day).
  A notional result carries the date of the election it recasts.
* ``parliament`` — the folder number in Parliament's ``results-by-parliament/`` (55 = 2010).
* ``reader`` — which source adapter reads the files (one of ``READERS``).
* ``files`` — the official files, by their names in the SHA-256 registry, space-separated.
* ``baseline`` — key of the election that change and swing are measured against, or empty.
* ``boundaries`` — the boundary set, named by the first general election fought on it.
* ``hexmap`` — the registered HexJSON layout of those boundaries, or empty (no map).
* ``region_source`` — for a file without nations and regions: the key whose results, joined
  on GSS code, supply them.
* ``recasts`` — for a notional result: the actual election it recasts on new boundaries.
* ``replayable`` — ``yes`` where the files carry declaration times, so a night can be replayed.
* ``backtest`` — ``fit`` or ``test`` where (baseline → this election) is a backtest pair:
  ``fit`` pairs may train the model of our own, a ``test`` pair only ever tests it.

The table is checked as it is read: one ``DataError`` lists every malformed cell by row and
column, and a reference to a key the table lacks is a problem of the row that makes it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import cast

from .errors import DataError, NotFoundError, Problem
from .model import KINDS, Kind, election_id

COLUMNS = ("key", "name", "kind", "date", "parliament", "reader", "files", "baseline",
           "boundaries", "hexmap", "region_source", "recasts", "replayable", "backtest")
READERS = ("general-election", "by-elections", "notional-2019", "notional-2005")
BACKTEST_ROLES = ("", "fit", "test")
FLAGS = {"yes": True, "no": False}
KEY = re.compile(r"[a-z0-9][a-z0-9-]*")
SHIPPED = "elections.csv"


@dataclass(frozen=True)
class Entry:
    """One election of the catalogue: a row of ``elections.csv``, typed."""

    key: str
    name: str
    kind: Kind
    date: date | None
    files: tuple[str, ...]
    #: key of the election whose results are this one's baseline
    baseline: str | None
    parliament: int = 0
    reader: str = ""
    boundaries: str = ""
    hexmap: str | None = None
    region_source: str | None = None
    recasts: str | None = None
    replayable: bool = False
    backtest: str = ""

    @property
    def id(self) -> str:
        """The Democracy Club style id (``parl.2019-12-12``; ``parl.by-elections.2019``)."""
        if self.kind == "by" or self.date is None:
            return f"parl.by-elections.{self.key.removeprefix('by-')}"
        return election_id(self.date, self.kind)


@dataclass(frozen=True)
class Catalogue:
    """Every election of a table, in its order (dated rows by polling day)."""

    entries: tuple[Entry, ...]

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def entry(self, key: str) -> Entry:
        found = next((e for e in self.entries if e.key == key), None)
        if found is None:
            raise NotFoundError("election in the catalogue", key, self.keys())
        return found

    def keys(self) -> list[str]:
        return [e.key for e in self.entries]

    def general_elections(self) -> list[Entry]:
        return [e for e in self.entries if e.kind == "general"]

    def baseline_chain(self, key: str) -> list[str]:
        """The key, its baseline, that one's baseline … back to an election without one."""
        chain = [key]
        while (baseline := self.entry(chain[-1]).baseline) is not None:
            chain.append(baseline)
        return chain

    def hexmaps(self) -> dict[str, str]:
        """Election key → the HexJSON layout of its boundaries (elections with a map)."""
        return {e.key: e.hexmap for e in self.entries if e.hexmap}

    def hexmap_on(self, day: date) -> str:
        """The hex layout of the boundaries in force on a day: those of the latest general
        election on or before it (the earliest one's before the catalogue begins)."""
        dated = [e for e in self.general_elections() if e.date and e.hexmap]
        held = [e for e in dated if e.date and e.date <= day] or dated[:1]
        chosen = held[-1].hexmap
        assert chosen is not None
        return chosen

    def region_sources(self) -> dict[str, str]:
        return {e.key: e.region_source for e in self.entries if e.region_source}

    def recasts(self) -> dict[str, str]:
        """A notional result → the actual election it recasts on the old boundaries."""
        return {e.key: e.recasts for e in self.entries if e.recasts}

    def replayable(self) -> tuple[str, ...]:
        return tuple(e.key for e in self.entries if e.replayable)

    def backtest_pairs(self) -> tuple[tuple[str, str], ...]:
        """(baseline, later election) for every backtest pair, earliest first."""
        return tuple((e.baseline, e.key) for e in self.entries
                     if e.backtest and e.baseline is not None)

    def fit_pairs(self) -> int:
        """How many of the backtest pairs (the earliest ones) may train a model."""
        return sum(e.backtest == "fit" for e in self.entries)

    def holding(self, day: date) -> list[Entry]:
        """The elections whose files can hold a contest on this day: a general election (or
        its notional recast) of that day, and the by-elections of the parliament it is in."""
        found = [e for e in self.entries if e.kind != "by" and e.date == day]
        elected = sorted(e.date for e in self.general_elections() if e.date)
        for e in self.entries:
            start = self.entry(e.baseline).date if e.kind == "by" and e.baseline else None
            if start is None or not start < day:
                continue
            end = next((d for d in elected if d > start), None)
            if end is None or day < end:
                found.append(e)
        return found

    def closed_by_elections(self) -> list[str]:
        """Keys of the by-elections of parliaments already followed by a general election."""
        generals = self.general_elections()
        latest = generals[-1].key if generals else None
        return [e.key for e in self.entries if e.kind == "by" and e.baseline != latest]


class _Row:
    """One row being read: each cell parsed, problems collected with row and column."""

    def __init__(self, cells: dict[str, str], line: int, source: str,
                 problems: list[Problem]) -> None:
        self.cells, self.line, self.source, self.problems = cells, line, source, problems

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.source, message, row=self.line, column=column))

    def text(self, column: str, required: bool = True) -> str:
        value = (self.cells.get(column) or "").strip()
        if required and not value:
            self.problem(column, "expected a value, found an empty cell")
        return value

    def optional(self, column: str) -> str | None:
        return self.text(column, required=False) or None

    def choice(self, column: str, choices: tuple[str, ...]) -> str:
        value = self.text(column, required="" not in choices)
        if value and value not in choices:
            self.problem(column, f"expected one of {', '.join(c or '(empty)' for c in choices)},"
                         f" found {value!r}")
        return value

    def day(self, column: str, required: bool) -> date | None:
        value = self.text(column, required=False)
        if not value:
            if required:
                self.problem(column, "expected a polling day (YYYY-MM-DD), found an empty cell")
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.problem(column, f"expected a date as YYYY-MM-DD, found {value!r}")
            return None

    def number(self, column: str) -> int:
        value = self.text(column)
        if not value.isdigit() or int(value) == 0:
            self.problem(column, f"expected a parliament number such as 58, found {value!r}")
            return 0
        return int(value)

    def flag(self, column: str) -> bool:
        return FLAGS.get(self.choice(column, tuple(FLAGS)), False)


def _entry(row: _Row) -> Entry:
    key = row.text("key")
    if key and not KEY.fullmatch(key):
        row.problem("key", f"expected lower-case letters, digits and '-', found {key!r}")
    kind = cast(Kind, row.choice("kind", KINDS))
    files = tuple(row.text("files").split())
    if len(set(files)) != len(files):
        row.problem("files", f"a file is named twice: {' '.join(files)}")
    if (hexmap := row.optional("hexmap")) and not hexmap.endswith(".hexjson"):
        row.problem("hexmap", f"expected a .hexjson layout, found {hexmap!r}")
    return Entry(key, row.text("name"), kind, row.day("date", required=kind != "by"), files,
                 row.optional("baseline"), row.number("parliament"),
                 row.choice("reader", READERS), row.text("boundaries"), hexmap,
                 row.optional("region_source"), row.optional("recasts"),
                 row.flag("replayable"), row.choice("backtest", BACKTEST_ROLES))


def _check_references(entries: list[tuple[int, Entry]], source: str) -> list[Problem]:
    """Cross-row rules: unique keys, references to existing keys, dates in order."""
    problems: list[Problem] = []
    by_key: dict[str, Entry] = {}
    for line, e in entries:
        if e.key in by_key:
            problems.append(Problem(source, f"key {e.key!r} is repeated", line, "key"))
        by_key.setdefault(e.key, e)

    def refer(line: int, column: str, key: str | None, kinds: tuple[str, ...]) -> None:
        if key is None:
            return
        if key not in by_key:
            problems.append(Problem(source, f"names {key!r}, which is not a key of the table; "
                                    f"keys: {', '.join(by_key)}", line, column))
        elif by_key[key].kind not in kinds:
            problems.append(Problem(source, f"names {key!r}, a {by_key[key].kind} entry; "
                                    f"expected a {' or '.join(kinds)} one", line, column))

    last: date | None = None
    tested = False
    for line, e in entries:
        refer(line, "baseline", e.baseline, ("general", "notional"))
        refer(line, "boundaries", e.boundaries or None, ("general",))
        refer(line, "region_source", e.region_source, ("general",))
        refer(line, "recasts", e.recasts, ("general",))
        if e.kind == "general" and e.date and e.key != str(e.date.year):
            problems.append(Problem(source, f"a general election's key is its year "
                                    f"({e.date.year}), found {e.key!r}", line, "key"))
        if e.recasts and e.kind != "notional":
            problems.append(Problem(source, "only a notional result recasts an election",
                                    line, "recasts"))
        if e.backtest and e.baseline is None:
            problems.append(Problem(source, "a backtest pair needs a baseline", line,
                                    "backtest"))
        if e.backtest == "fit" and tested:
            problems.append(Problem(source, "a fit pair after a test pair: test pairs are "
                                    "the latest", line, "backtest"))
        tested = tested or e.backtest == "test"
        if e.date is not None:
            if last is not None and e.date < last:
                problems.append(Problem(source, f"{e.date} comes before the previous row's "
                                        f"{last}: rows are in date order", line, "date"))
            last = e.date
    return problems


def parse(text: str, source: str) -> Catalogue:
    """A catalogue from the text of a table like ``elections.csv`` (``source`` names it in
    errors). Raises ``DataError`` listing every problem."""
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    header = tuple(reader.fieldnames or ())
    missing = [c for c in COLUMNS if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    if missing or unknown or len(set(header)) != len(header):
        raise DataError(source, [Problem(source, f"expected the columns {', '.join(COLUMNS)}; "
                                         f"missing {missing}, unknown {unknown}", row=1)])
    problems: list[Problem] = []
    entries: list[tuple[int, Entry]] = []
    for line, cells in enumerate(reader, start=2):
        if None in cells:
            problems.append(Problem(source, "more cells than columns", row=line))
        entries.append((line, _entry(_Row(cells, line, source, problems))))
    if not problems:
        problems += _check_references(entries, source)
    if problems:
        raise DataError(source, problems)
    return Catalogue(tuple(e for _, e in entries))


def read(path: Path | str) -> Catalogue:
    """A catalogue from a table on disk (a copy of the shipped one, say)."""
    return parse(Path(path).read_text(encoding="utf-8"), str(path))


@cache
def load() -> Catalogue:
    """The catalogue that ships with the package."""
    table = resources.files("swingometer") / "data" / SHIPPED
    return parse(table.read_text(encoding="utf-8"), f"swingometer/data/{SHIPPED}")

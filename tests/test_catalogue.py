"""The election catalogue table (``swingometer/data/elections.csv``): its schema, the facts the
modules derive from it, malformed tables refused with row and column, and a new election
being one row."""

from __future__ import annotations

import csv
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from swingometer import catalogue, elections
from swingometer.catalogue import COLUMNS, Catalogue, Entry
from swingometer.desk import night, replay
from swingometer.errors import DataError
from swingometer.files import registry
from swingometer.projection import backtest, baseline, fit, incumbency

HEX_2010 = "hexmaps/uk-constituencies-2010-boundaries.hexjson"
HEX_2024 = "hexmaps/uk-constituencies-2024.hexjson"
KNOWN = ["2005-notional", "2010", "by-2010", "2015", "by-2015", "2017", "by-2017", "2019",
         "by-2019", "2019-notional", "2024", "by-2024"]
FUTURE = ("2029,2029 general election,general,2029-05-03,60,general-election,"
          "parliament/results-by-parliament/60/general-election/candidacies.csv "
          "parliament/results-by-parliament/60/general-election/constituencies.csv,"
          f"2024,2024,{HEX_2024},,,no,\n")


def _table() -> str:
    return (resources.files("swingometer") / "data" / "elections.csv").read_text("utf-8")


def _rows() -> list[dict[str, str]]:
    return list(csv.DictReader(_table().splitlines()))


@pytest.fixture(scope="module")
def shipped() -> Catalogue:
    return catalogue.load()


# --- the schema ---------------------------------------------------------------------------


def test_every_column_is_present_in_order() -> None:
    assert tuple(_table().splitlines()[0].split(",")) == COLUMNS


def test_every_row_is_typed(shipped: Catalogue) -> None:
    for e in shipped:
        assert isinstance(e, Entry)
        assert e.kind in ("general", "by", "notional")
        assert (e.date is None) == (e.kind == "by"), e.key
        assert isinstance(e.parliament, int) and 54 <= e.parliament <= 60
        assert e.reader in catalogue.READERS
        assert e.files and all(isinstance(f, str) for f in e.files)
        assert isinstance(e.replayable, bool)
        assert e.backtest in catalogue.BACKTEST_ROLES


def test_exactly_the_elections_the_suite_knows(shipped: Catalogue) -> None:
    assert shipped.keys() == KNOWN
    assert [s.key for s in elections.SOURCES] == KNOWN
    assert [s.key for s in elections.general_elections()] == ["2010", "2015", "2017", "2019",
                                                               "2024"]


def test_keys_are_unique(shipped: Catalogue) -> None:
    assert len(set(shipped.keys())) == len(shipped.entries)
    assert len({e.id for e in shipped}) == len(shipped.entries)


def test_every_reference_names_an_existing_key(shipped: Catalogue) -> None:
    keys = set(shipped.keys())
    for e in shipped:
        for ref in (e.baseline, e.region_source, e.recasts, e.boundaries):
            assert ref is None or ref in keys, (e.key, ref)


def test_every_file_and_hex_map_is_in_the_sha256_registry(shipped: Catalogue) -> None:
    known = registry()
    for e in shipped:
        for name in e.files:
            assert name in known, (e.key, name)
        assert e.hexmap is None or e.hexmap in known, (e.key, e.hexmap)


def test_dates_are_in_order(shipped: Catalogue) -> None:
    days = [e.date for e in shipped if e.date is not None]
    assert days == sorted(days)


def test_ids_are_the_democracy_club_ones(shipped: Catalogue) -> None:
    assert shipped.entry("2019").id == "parl.2019-12-12"
    assert shipped.entry("2019-notional").id == "parl.2019-12-12.notional"
    assert shipped.entry("by-2019").id == "parl.by-elections.2019"


def test_every_reader_named_has_an_adapter(shipped: Catalogue) -> None:
    assert {e.reader for e in shipped} == set(catalogue.READERS)
    for e in shipped:
        assert callable(elections._reader(e)), e.reader


# --- the facts the modules derive from it (as they were when they were code) ---------------


def test_the_derived_facts_are_the_ones_the_modules_had() -> None:
    assert backtest.PAIRS == (("2010", "2015"), ("2015", "2017"), ("2017", "2019"),
                              ("2019-notional", "2024"))
    assert fit.EARLIER == 3
    assert replay.YEARS == ("2010", "2015", "2017", "2019")
    assert baseline.REGION_SOURCE == {"2019-notional": "2024", "2005-notional": "2010"}
    assert incumbency.RECASTS == {"2019-notional": "2019"}


def test_hex_maps_follow_the_boundaries(shipped: Catalogue) -> None:
    assert shipped.hexmaps() == {"2005-notional": HEX_2010, "2010": HEX_2010,
                                 "2015": HEX_2010, "2017": HEX_2010, "2019": HEX_2010,
                                 "2019-notional": HEX_2024, "2024": HEX_2024}
    for day, layout in ((date(2010, 5, 6), HEX_2010), (date(2024, 7, 3), HEX_2010),
                        (date(2024, 7, 4), HEX_2024), (date(2029, 5, 3), HEX_2024)):
        seatless = night.Night("parl.x", "x", day, (), None)
        assert seatless.hexmap == layout, day


def test_the_by_election_caveat_is_the_last_closed_parliament(shipped: Catalogue) -> None:
    assert shipped.closed_by_elections()[-1] == "by-2019"


# --- malformed tables -----------------------------------------------------------------------


def _with(row: str, column: str, value: str) -> str:
    """The shipped table with one cell of one row changed."""
    rows = _rows()
    found = next(r for r in rows if r["key"] == row)
    found[column] = value
    lines = [",".join(COLUMNS)]
    lines += [",".join(_quoted(r[c]) for c in COLUMNS) for r in rows]
    return "\n".join(lines) + "\n"


def _quoted(cell: str) -> str:
    return f'"{cell}"' if "," in cell else cell


BROKEN = [
    ("2019", "kind", "generall", "expected one of general, by, notional"),
    ("2019", "date", "12/12/2019", "expected a date as YYYY-MM-DD"),
    ("2015", "date", "", "expected a polling day"),
    ("2019", "parliament", "fifty-eight", "expected a parliament number"),
    ("2019", "reader", "csv", "expected one of general-election"),
    ("2019", "files", "", "expected a value"),
    ("2019", "baseline", "2018", "names '2018', which is not a key of the table"),
    ("2019", "baseline", "by-2017", "a by entry; expected a general or notional one"),
    ("2019-notional", "region_source", "2025", "names '2025'"),
    ("2019-notional", "recasts", "2018", "names '2018'"),
    ("2019", "recasts", "2017", "only a notional result recasts an election"),
    ("2019", "replayable", "true", "expected one of yes, no"),
    ("2019", "replayable", "", "expected a value, found an empty cell"),
    ("2019", "backtest", "train", "expected one of (empty), fit, test"),
    ("2005-notional", "backtest", "fit", "a backtest pair needs a baseline"),
    ("2024", "date", "2019-01-01", "rows are in date order"),
    ("2024", "hexmap", "hexmaps/uk.json", "expected a .hexjson layout"),
    ("by-2024", "key", "2019", "key '2019' is repeated"),
    ("2017", "key", "GE 2017", "expected lower-case letters"),
    ("2017", "key", "2017-ge", "a general election's key is its year (2017)"),
]


@pytest.mark.parametrize(("row", "column", "value", "message"), BROKEN,
                         ids=[f"{r}-{c}-{v or 'empty'}" for r, c, v, _ in BROKEN])
def test_a_malformed_cell_names_its_row_and_column(row: str, column: str, value: str,
                                                   message: str) -> None:
    line = 2 + [r["key"] for r in _rows()].index(row)
    with pytest.raises(DataError) as raised:
        catalogue.parse(_with(row, column, value), "elections.csv")
    wanted = [p for p in raised.value.problems if p.column == column and p.row == line]
    assert wanted, str(raised.value)
    assert message in str(raised.value)
    assert f"row {line}, column {column!r}" in str(raised.value)


def test_every_problem_is_listed_not_just_the_first() -> None:
    text = _with("2019", "kind", "x").replace("2017-06-08", "8 June 2017")
    with pytest.raises(DataError) as raised:
        catalogue.parse(text, "elections.csv")
    assert {p.column for p in raised.value.problems} == {"kind", "date"}


def test_a_missing_or_unknown_column_is_named() -> None:
    text = _table().replace(",recasts,", ",recast,", 1)
    with pytest.raises(DataError, match=r"missing \['recasts'\], unknown \['recast'\]"):
        catalogue.parse(text, "elections.csv")


def test_a_row_with_too_many_cells_is_refused() -> None:
    text = _table().rstrip("\n") + ",extra\n"
    with pytest.raises(DataError, match="more cells than columns"):
        catalogue.parse(text, "elections.csv")


# --- a new election is one row ----------------------------------------------------------------


def test_a_new_election_is_one_row(tmp_path: Path) -> None:
    table = tmp_path / "elections.csv"
    table.write_text(_table() + FUTURE, encoding="utf-8")
    extended = catalogue.read(table)
    assert extended.keys() == [*KNOWN, "2029"]
    assert [e.key for e in extended.general_elections()][-2:] == ["2024", "2029"]
    assert extended.baseline_chain("2029") == ["2029", "2024", "2019-notional"]
    assert extended.hexmap_on(date(2029, 5, 3)) == HEX_2024
    assert extended.hexmaps()["2029"] == HEX_2024
    assert extended.closed_by_elections()[-1] == "by-2024"
    assert extended.backtest_pairs() == catalogue.load().backtest_pairs()
    assert extended.entry("2029").id == "parl.2029-05-03"
    assert all(name in registry() for name in extended.entry("2029").files)


def test_a_new_backtest_pair_is_one_row_too(tmp_path: Path) -> None:
    table = tmp_path / "elections.csv"
    table.write_text(_table() + FUTURE.replace(",no,\n", ",no,test\n"), encoding="utf-8")
    extended = catalogue.read(table)
    assert extended.backtest_pairs()[-1] == ("2024", "2029")
    assert extended.fit_pairs() == 3


@pytest.mark.parametrize(("day", "keys"), [
    (date(2023, 10, 19), ["by-2019"]),  # Mid Bedfordshire and Tamworth
    (date(2016, 5, 5), ["by-2015"]),  # Sheffield, Brightside and Hillsborough; Ogmore
    (date(2019, 12, 12), ["2019", "2019-notional"]),
    (date(2010, 5, 6), ["2010"]),  # polling day itself opens the parliament, holds no by-election
    (date(2025, 5, 1), ["by-2024"]),  # Runcorn and Helsby: the open parliament
    (date(2009, 6, 4), []),  # before the catalogue's first parliament
])
def test_the_elections_that_can_hold_a_day(shipped: Catalogue, day: date,
                                           keys: list[str]) -> None:
    assert [e.key for e in shipped.holding(day)] == keys

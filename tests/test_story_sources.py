"""The readers behind stories and maps: the Library's by-elections since 1945 and the HexJSON
layouts, on the real files, and malformed copies that must each fail with every problem
listed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from swingometer.errors import DataError
from swingometer.files import fetch
from swingometer.sources.byelections_history import clean_name, read_byelections_history
from swingometer.sources.hexjson import read_hexjson

BY_ELECTIONS = "historical/hoc_CBP7529_gb_byelections_1945_2019.csv"
LAYOUTS = {"hexmaps/uk-constituencies-2010-boundaries.hexjson": "odd-r",
           "hexmaps/uk-constituencies-2024.hexjson": "odd-r",
           "hexmaps/uk-constituencies-2019-BBC.hexjson": "odd-q"}


def test_the_library_list_of_by_elections() -> None:
    rows = read_byelections_history(fetch(BY_ELECTIONS))
    assert len(rows) == 471
    first, last = rows[0], rows[-1]
    assert (first.date, first.constituency, first.result) == (
        date(1945, 10, 1), "Smethwick", "LAB hold")
    assert (last.date, last.constituency) == (date(2019, 8, 1), "Brecon and Radnor")
    assert last.raw_changes["LD"] == pytest.approx(14.8)
    assert last.turnout == pytest.approx(59.0)
    assert "Nat" not in last.raw_changes  # blank in the file: the group did not stand
    # Plaid Cymru stood in 2017 and stood aside in 2019: the contest is out of the rankings
    assert last.changes == {} and last.left_out
    assert last.previous is not None and last.previous.constituency == "Brecon & Radnorshire"
    assert [(e.group, e.reason) for e in last.excluded] == [
        ("Nat", "stood at the previous general election but stood aside")]
    names = {r.constituency for r in rows}
    assert {"City of London", "Richmond Park", "Batley and Spen"} <= names
    assert not any(ch.isdigit() for name in names for ch in name)


@pytest.mark.parametrize(("raw", "clean"), [
    ("Edinburgh E", "Edinburgh East"), ("Glasgow, Bridegton", "Glasgow, Bridgeton"),
    ("Haltemprice & Howden6", "Haltemprice & Howden"), ("Dunfermline & W Fife",
                                                       "Dunfermline & West Fife")])
def test_names_are_cleaned(raw: str, clean: str) -> None:
    assert clean_name(raw) == clean


def test_a_broken_list_reports_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "byelections.csv"
    path.write_text(
        "date,parliament_elected,constituency,result,chg_share_con,chg_share_lab,chg_share_ld,"
        "chg_share_pc_snp,chg_share_other,turnout\n"
        "1945-13-01,1945,Smethwick,LAB hold,-0.029,0.029,,,,0.654\n"
        "1946-01-01,1945,,LAB hold,lots,0.029,,,,1.7\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_byelections_history(path)
    found = {(p.row, p.column) for p in caught.value.problems}
    assert found == {(2, "date"), (3, "constituency"), (3, "chg_share_con"), (3, "turnout")}


def test_a_list_without_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "byelections.csv"
    path.write_text("date,constituency\n2019-08-01,Brecon\n", encoding="utf-8")
    with pytest.raises(DataError, match="missing columns"):
        read_byelections_history(path)


@pytest.mark.parametrize(("name", "layout"), sorted(LAYOUTS.items()))
def test_the_hex_layouts(name: str, layout: str) -> None:
    hexes = read_hexjson(fetch(name))
    assert (hexes.layout, len(hexes)) == (layout, 650)
    assert len({(h.q, h.r) for h in hexes.hexes.values()}) == 650


def test_the_2024_layout_is_keyed_by_the_2024_codes() -> None:
    from swingometer import elections

    hexes = read_hexjson(fetch("hexmaps/uk-constituencies-2024.hexjson"))
    assert set(hexes.hexes) == {c.ons_id for c in elections.contests("2024")}
    mid_beds = elections.find_contest("Mid Bedfordshire", election="2024")
    assert hexes.hexes[mid_beds.ons_id or ""].name == "Mid Bedfordshire"


def test_a_broken_layout_reports_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.hexjson"
    path.write_text(json.dumps({"layout": "odd-x", "hexes": {
        "E1": {"q": 0, "r": 0}, "E2": {"q": 0, "r": 0}, "E3": {"q": "a", "r": 1},
        "E4": [1, 2]}}), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_hexjson(path)
    messages = " | ".join(p.message for p in caught.value.problems)
    assert len(caught.value.problems) == 4
    assert "odd-x" in messages and "share the cell" in messages
    assert "'q'" in messages and "E4" in messages


@pytest.mark.parametrize("text", ["", "{not json", "[1, 2]", '{"layout": "odd-r"}'])
def test_a_layout_that_is_not_one(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad.hexjson"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError):
        read_hexjson(path)

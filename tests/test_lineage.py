"""The seat lineage (``data/lineage.csv``) and "held since" for every seat of 2010–2024.

The table must be what ``benchmarks/lineage.py`` derives from the Library's 1918–2019 series
and Parliament's overlaps. "Held since" is then recomputed for every seat of the 2010, 2015,
2017, 2019 and 2024 general elections by test code of its own: the raw series (read here with
``csv``, winners by votes), the table's links, Parliament's results and by-elections, and the
Library's by-elections since 1945 — none of ``analysis.history`` or the seat-history code of
``elections``. The exceptions left are listed below with their reasons (docs/lineage.md).
"""

from __future__ import annotations

import csv
import importlib.util
import re
import unicodedata
from collections import defaultdict
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import pytest

from swingometer import elections
from swingometer.analysis.lineage import read_lineage
from swingometer.errors import DataError
from swingometer.sources.byelections_history import read_byelections_history

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SERIES = DATA / "historical" / "1918-2019election_results.csv"
LIBRARY = DATA / "historical" / "hoc_CBP7529_gb_byelections_1945_2019.csv"

#: polling days of the general elections of the series (1974 twice)
POLLING_DAYS = {
    "1918": date(1918, 12, 14), "1922": date(1922, 11, 15), "1923": date(1923, 12, 6),
    "1924": date(1924, 10, 29), "1929": date(1929, 5, 30), "1931": date(1931, 10, 27),
    "1935": date(1935, 11, 14), "1945": date(1945, 7, 5), "1950": date(1950, 2, 23),
    "1951": date(1951, 10, 25), "1955": date(1955, 5, 26), "1959": date(1959, 10, 8),
    "1964": date(1964, 10, 15), "1966": date(1966, 3, 31), "1970": date(1970, 6, 18),
    "1974F": date(1974, 2, 28), "1974O": date(1974, 10, 10), "1979": date(1979, 5, 3),
    "1983": date(1983, 6, 9), "1987": date(1987, 6, 11), "1992": date(1992, 4, 9),
    "1997": date(1997, 5, 1), "2001": date(2001, 6, 7), "2005": date(2005, 5, 5),
    "2010": date(2010, 5, 6), "2015": date(2015, 5, 7), "2017": date(2017, 6, 8),
    "2019": date(2019, 12, 12), "2024": date(2024, 7, 4)}
SETS = ["1918-1935", "1945", "1950-1951", "1955-1970", "1974-1979", "1983-1992", "1997-2001",
        "2005"]
#: parties one run may pass between: the Liberal Democrats continue the Liberals
FAMILIES = [{"LD", "Lib"}, {"RUK", "BRX"}]
#: the Library's list before this day; Parliament's by-election files from it
OFFICIAL_FROM = date(2010, 5, 6)
LIBRARY_PARTIES = {"LAB": "Lab", "CON": "Con", "LIB": "Lib", "LD": "LD", "SNP": "SNP",
                   "PC": "PC", "SDP": "SDP", "UKIP": "UKIP", "RESPECT": "Res", "IND": "Ind"}


def _load_tool() -> object:
    spec = importlib.util.spec_from_file_location("lineage_tool", ROOT / "benchmarks" /
                                                  "lineage.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def shipped() -> str:
    return resources.files("swingometer").joinpath("data", "lineage.csv").read_text("utf-8")


def test_the_table_is_what_the_files_give() -> None:
    tool = _load_tool()
    assert tool.derive(DATA) == shipped()  # type: ignore[attr-defined]


def test_every_2024_seat_has_one_row_and_the_relation_fits_its_shares() -> None:
    rows = [r for r in read_lineage(shipped()) if r.boundaries == "2024"]
    codes = [r.code for r in rows]
    seats = {c.ons_id for c in elections.contests("2024")}
    assert len(codes) == len(set(codes)) == 650 and set(codes) == seats
    for row in rows:
        assert row.share_of_new is not None and row.share_of_old is not None
        if row.relation == "renamed":
            assert row.share_of_new > 0.5 and row.share_of_old > 0.5
    by_relation = defaultdict(int)
    for row in rows:
        by_relation[row.relation] += 1
    assert dict(by_relation) == {"name": 444, "renamed": 171, "created": 35}


def test_the_named_links_are_in_the_table() -> None:
    links = {(r.relation, r.boundaries, r.name, r.from_name) for r in read_lineage(shipped())}
    assert ("shortened", "1955-1970", "Pontypridd", "Glamorganshire Pontypridd") in links
    assert ("shortened", "1955-1970", "Hexham", "Northumberland Hexham") in links
    assert ("spelling", "1974-1979", "Hartlepool", "The Hartlepools") in links
    assert ("spelling", "1974-1979", "Middlesbrough", "Middlesborough") in links
    assert ("spelling", "1974-1979", "Horsham & Crawley", "Horsham") in links \
        or ("spelling", "1974-1979", "Horsham", "Horsham & Crawley") in links
    # a leading block ending in "and" joins another place: not the same seat
    assert not any(r[2] == "Stoke Newington And Hackney North" for r in links)


def test_a_malformed_table_is_a_data_error() -> None:
    with pytest.raises(DataError) as caught:
        read_lineage("relation,boundaries,code,name,from_boundaries,from_code,from_name,"
                     "share_of_new,share_of_old,source\nrenamed,2031,X,Y,2024,Z,W,0.5,0.5,s\n")
    assert "row 2" in str(caught.value) or "2" in str(caught.value)


# --- "held since" recomputed ----------------------------------------------------------------


def key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = sorted(re.sub(r"[^a-z0-9]+", " ", folded.lower().replace("&", " and ")).split())
    joined = " ".join(words)
    return {"and orkney zetland": "and orkney shetland"}.get(joined, joined)


class Result(NamedTuple):
    day: date
    party: str
    kind: str


def _winner(row: dict[str, str]) -> str:
    votes = {}
    for column, party in (("con_votes", "Con"), ("lib_votes ", "Lib"), ("lab_votes", "Lab"),
                          ("natSW_votes", "Nat"), ("oth_votes", "Oth")):
        text = row[column].strip()
        if text:
            votes[party] = float("inf") if float(text) == -1 else float(text)
    if not votes:
        return "Oth"  # an unopposed return whose party the series does not give
    party = max(votes, key=lambda p: votes[p])
    year = int(row["election"].strip()[:4])
    if party == "Lib" and year >= 1992:
        return "LD"
    if party == "Nat":
        return {"Scotland": "SNP", "Wales": "PC"}.get(row["country/region"].strip(), "Nat")
    return party


@cache
def series() -> tuple[dict[tuple[str, str], list[Result]], dict[str, set[str]]]:
    """The raw series: results before 2010 by (boundary set, name key); 2010 codes' keys."""
    by_seat: dict[tuple[str, str], list[Result]] = defaultdict(list)
    codes: dict[str, set[str]] = defaultdict(set)
    with open(SERIES, encoding="cp1252", newline="") as handle:
        for row in csv.DictReader(handle):
            label, name = row["election"].strip(), row["constituency_name"].strip()
            if int(label[:4]) >= 2010:
                codes[row["constituency_id"].strip()].add(key(name))
            else:
                by_seat[row["boundary_set"].strip(), key(name)].append(
                    Result(POLLING_DAYS[label], _winner(row), "general"))
    return by_seat, codes


@cache
def links() -> tuple[dict[tuple[str, str], set[str]], dict[tuple[str, str], set[str]],
                     dict[str, tuple[str, str]]]:
    """From the table: spelling groups, shortened links (later → earlier keys), 2024 rows."""
    group: dict[tuple[str, str], set[str]] = {}
    earlier: dict[tuple[str, str], set[str]] = defaultdict(set)
    new: dict[str, tuple[str, str]] = {}
    lines = [line for line in shipped().splitlines() if not line.startswith("#")]
    for row in csv.DictReader(lines):
        a, b = key(row["name"]), key(row["from_name"])
        if row["relation"] == "spelling":
            both = group.get((row["boundaries"], a), {a}) | group.get((row["boundaries"], b), {b})
            for k in both:
                group[row["boundaries"], k] = both
        elif row["relation"] == "shortened":
            earlier[row["boundaries"], a].add(b)
        else:
            new[row["code"]] = (row["relation"], row["from_code"])
    return group, earlier, new


@cache
def library_by_elections() -> dict[tuple[str, str], list[Result]]:
    first_of = {"1974 (FEB)": "1974F", "1974 (OCT)": "1974O"}
    set_of = {}
    for boundaries in SETS:
        for (b, _), results in series()[0].items():
            if b == boundaries:
                for r in results:
                    set_of[r.day] = boundaries
    out: dict[tuple[str, str], list[Result]] = defaultdict(list)
    for row in read_byelections_history(LIBRARY):
        if row.previous is None or row.date >= OFFICIAL_FROM:
            continue
        day = POLLING_DAYS[first_of.get(row.parliament, row.parliament)]
        word = re.split(r" (gain|hold|win)", row.result)[0].strip().upper()
        out[set_of[day], key(row.previous.constituency)].append(
            Result(row.date, LIBRARY_PARTIES.get(word, "Oth"), "by"))
    return out


@cache
def official() -> tuple[dict[str, dict[str, Result]], dict[str, list[Result]]]:
    generals: dict[str, dict[str, Result]] = {}
    for src in elections.general_elections():
        assert src.date is not None
        generals[src.key] = {c.ons_id or "": Result(src.date, c.winner.party, "general")
                             for c in elections.contests(src.key)}
    by: dict[str, list[Result]] = defaultdict(list)
    for c in elections.by_elections():
        by[c.ons_id or ""].append(Result(c.date, c.winner.party, "by"))
    return generals, by


def results_before(codes: list[str], day: date) -> list[Result]:
    generals, by = official()
    out = [seats[c] for seats in generals.values() for c in codes[:1] + codes[1:2]
           if c in seats and seats[c].day < day]
    out = list({r.day: r for r in out}.values())
    out += [r for c in codes for r in by.get(c, []) if r.day < day]
    group, earlier, _ = links()
    by_seat, code_keys = series()
    keys = set().union(*(code_keys.get(c, set()) for c in codes))
    keys |= {k for k0 in list(keys) for k in earlier.get(("2010-2017", k0), set())}
    for boundaries in reversed(SETS):
        keys = {k for k0 in keys for k in group.get((boundaries, k0), {k0})}
        keys = {k for k in keys if (boundaries, k) in by_seat}
        if not keys:
            break
        for k in keys:
            out += by_seat[boundaries, k] + library_by_elections().get((boundaries, k), [])
        keys = keys | {k for k0 in keys for k in earlier.get((boundaries, k0), set())}
    return sorted(r for r in out if r.day < day)


def run(results: list[Result]) -> tuple[str, date, str, bool] | None:
    """(party, first day, kind, open) of the last winner's unbroken run."""
    if not results or results[-1].party in ("Oth", "Ind"):
        return None
    party = results[-1].party
    family = next((f for f in FAMILIES if party in f), {party})
    days = sorted(POLLING_DAYS.values())
    start = len(results) - 1
    while start > 0 and results[start - 1].party in family and not any(
            results[start - 1].day < d < results[start].day for d in days):
        start -= 1
    first = results[start]
    pooled = start > 0 and results[start - 1].party in ("Oth", "Nat")
    return party, first.day, first.kind, pooled


#: seats whose card differs from the recomputation, and why (docs/lineage.md)
KNOWN: dict[str, str] = {}


def expected(contest_code: str, day: date) -> tuple[str, date, str, bool] | None:
    _, _, new = links()
    relation, old = new.get(contest_code, ("", ""))
    if relation == "created":
        return None
    return run(results_before([contest_code, old] if old else [contest_code], day))


@pytest.mark.parametrize("election", ["2010", "2015", "2017", "2019", "2024"])
def test_held_since_for_every_seat(election: str) -> None:
    orders = elections.election_orders()
    from swingometer.analysis.card import result_card  # the card as the CLI builds it

    wrong = []
    checked = 0
    for contest in elections.contests(election):
        card = result_card(contest, elections.previous(contest), elections.seat_history(contest),
                           orders)
        found = card.held_since
        want = expected(contest.ons_id or "", contest.date)
        got = None if found is None else (found.party, found.year, found.kind, found.at_least)
        if want is not None:
            party, first, kind, pooled = want
            want_key = (party, first.year, kind, pooled)
        else:
            want_key = None
        checked += 1
        if got != want_key and contest.constituency not in KNOWN:
            wrong.append((contest.constituency, got, want_key))
    assert checked == 650
    assert wrong == []

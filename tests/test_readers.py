"""The readers on the real files: the House of Commons Library briefing CSVs agree with the
official Parliament files, seat by seat (joined on GSS code); the generic CSV/JSON format
round-trips a real contest to the same results card."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from swingometer import elections
from swingometer.analysis import majority
from swingometer.analysis.card import result_card
from swingometer.errors import DataError
from swingometer.model import Candidate, Contest
from swingometer.parties import PARTIES
from swingometer.sources import read_hoc_library, read_results
from swingometer.sources.sheet import MISSING, plain_name

LIBRARY = Path(__file__).resolve().parents[2] / "shared" / "data" / "hoc_library"
FILES = {  # election → (candidate file, constituency file)
    "2015": ("HoC-GE2015-results-by-candidate.csv", None),
    "2017": ("HoC-GE2017-results-by-candidate.csv", "HoC-GE2017-constituency-results.csv"),
    "2019": ("HoC-GE2019-results-by-candidate.csv", "HoC-GE2019-results-by-constituency.csv"),
    "2024": ("HoC-GE2024-results-by-candidate.csv", "HoC-GE2024-results-by-constituency.csv"),
}
MEON_VALLEY = "E14000811"


def library(year: str, *, with_constituencies: bool = True) -> list[Contest]:
    candidates, constituencies = FILES[year]
    seats = LIBRARY / constituencies if constituencies and with_constituencies else None
    day = elections.source(year).date
    assert day is not None
    return read_hoc_library(LIBRARY / candidates, seats, day)


def official(year: str) -> dict[str, Contest]:
    return {c.ons_id or "": c for c in elections.contests(year)}


def outcome(contest: Contest) -> tuple[str, int, int]:
    """Winner's party and votes, and the majority in votes."""
    return contest.winner.party, contest.winner.votes, majority(contest).votes


#: parties that have held seats since 2010 (the Library spells minor parties its own way:
#: ``CISTAP`` for ``CSA``, ``Yorkshire First`` for ``YF``, ``Res`` for Parliament's ``Respect``)
MAJOR = {"Con", "Lab", "LD", "SNP", "PC", "Green", "UKIP", "BRX", "RUK", "DUP", "SF", "SDLP",
         "UUP", "APNI", "Spk"}


def known_parties(contest: Contest) -> list[tuple[str, int]]:
    """Votes of the parties that have held seats, by official code."""
    return sorted((c.party, c.votes) for c in contest.candidates if c.party in MAJOR)


# --- House of Commons Library against the official files ----------------------------------


@pytest.mark.parametrize("year", ["2017", "2024"])
def test_library_files_agree_with_the_official_ones(year: str) -> None:
    mine, theirs = library(year), official(year)
    assert len(mine) == len(theirs) == 650
    assert {c.ons_id for c in mine} == set(theirs)
    for contest in mine:
        other = theirs[contest.ons_id or ""]
        assert outcome(contest) == outcome(other), contest.constituency
        assert (contest.electorate, contest.valid_votes, contest.rejected) == (
            other.electorate, other.valid_votes, other.rejected), contest.constituency
        assert known_parties(contest) == known_parties(other), contest.constituency


def test_library_2017_and_2024_seat_totals() -> None:
    seats_2017 = _seats(library("2017"))
    assert (seats_2017["Con"], seats_2017["Lab"], seats_2017["SNP"]) == (317, 262, 35)
    seats_2024 = _seats(library("2024"))
    assert (seats_2024["Lab"], seats_2024["Con"], seats_2024["LD"]) == (411, 121, 72)


def test_library_2019_candidate_file_contradicts_its_constituency_file_once() -> None:
    """A real erratum: the Library's 2019 candidate file gives Meon Valley's Labour and Green
    candidates 5,664 and 2,918 votes; its own constituency file (and Parliament's) 5,644 and
    2,198. Read together, that is the one problem reported."""
    with pytest.raises(DataError) as caught:
        library("2019")
    (problem,) = caught.value.problems
    assert Path(problem.source).name == "HoC-GE2019-results-by-constituency.csv"
    assert (problem.row, problem.column) == (358, "valid_votes")
    assert problem.message == ("Meon Valley: candidates' votes sum to 55,569 but the valid vote "
                               "is given as 54,829")


@pytest.mark.parametrize("year", ["2015", "2019"])
def test_library_candidate_file_alone_gives_the_official_winners(year: str) -> None:
    mine, theirs = library(year, with_constituencies=False), official(year)
    assert len(mine) == len(theirs) == 650
    for contest in mine:
        other = theirs[contest.ons_id or ""]
        assert outcome(contest) == outcome(other), contest.constituency
        if (year, contest.ons_id) == ("2019", MEON_VALLEY):
            assert contest.valid_votes - other.valid_votes == (5_664 - 5_644) + (2_918 - 2_198)
            continue
        assert contest.valid_votes == other.valid_votes, contest.constituency
        assert known_parties(contest) == known_parties(other), contest.constituency
    seats = _seats(mine)
    expected = {"2015": {"Con": 330, "Lab": 232, "SNP": 56},
                "2019": {"Con": 365, "Lab": 202, "SNP": 48}}[year]
    assert {party: seats[party] for party in expected} == expected


def test_library_party_labels_become_official_codes() -> None:
    """The 2019 file says ``Brexit`` and ``Alliance`` where Parliament says ``BRX``/``APNI``."""
    contests = {c.ons_id: c for c in library("2019", with_constituencies=False)}
    north_down = contests["N06000013"]
    assert (north_down.winner.party, north_down.winner.name) == ("APNI", "Stephen Farry")
    hartlepool = contests["E14000733"]
    assert [(c.party, c.votes) for c in hartlepool.candidates[:3]] == [
        ("Lab", 15_464), ("Con", 11_869), ("BRX", 10_603)]


def test_library_2024_double_encoded_names_are_repaired() -> None:
    raw = (LIBRARY / FILES["2024"][0]).read_text(encoding="utf-8-sig")
    assert "Ã\u0081ine,Groogan" in raw and "Áine" not in raw
    contest = next(c for c in library("2024") if c.ons_id == "N05000003")
    assert contest.constituency == "Belfast South and Mid Down"
    names = [c.name for c in contest.candidates]
    assert "Áine Groogan" in names
    assert not any("Ã" in name or "\u0081" in name for name in names)
    assert not any("Ã" in c.name for seat in library("2024") for c in seat.candidates)


def _seats(contests: list[Contest]) -> dict[str, int]:
    seats: dict[str, int] = {}
    for contest in contests:
        seats[contest.winner.party] = seats.get(contest.winner.party, 0) + 1
    return seats


# --- the generic format round-trips a real contest ----------------------------------------

COLUMNS = ("constituency", "ons_id", "date", "kind", "candidate", "party", "party_name",
           "votes", "electorate", "valid_votes", "rejected", "elected", "region", "country")


def generic_records(contest: Contest) -> list[dict[str, Any]]:
    return [{"constituency": contest.constituency, "ons_id": contest.ons_id,
             "date": contest.date.isoformat(), "kind": contest.kind, "candidate": c.name,
             "party": c.party, "party_name": c.party_name, "votes": c.votes,
             "electorate": contest.electorate, "valid_votes": contest.valid_votes,
             "rejected": contest.rejected, "elected": c is contest.winner,
             "region": contest.region, "country": contest.country}
            for c in contest.candidates]


Writer = Callable[[list[Contest], Path], Path]


def write_csv(contests: list[Contest], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        for contest in contests:
            for row in generic_records(contest):
                writer.writerow({k: "" if v is None else str(v).lower() if isinstance(v, bool)
                                 else v for k, v in row.items()})
    return path


def write_json(contests: list[Contest], path: Path) -> Path:
    records = [r for contest in contests for r in generic_records(contest)]
    path.write_text(json.dumps({"candidates": records}, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def mid_beds() -> Contest:
    return elections.find_contest("E14000813", on=date(2023, 10, 19))


@pytest.mark.parametrize("write", [write_csv, write_json], ids=["csv", "json"])
def test_generic_format_round_trips_mid_bedfordshire(write: Writer, mid_beds: Contest,
                                                     tmp_path: Path) -> None:
    path = write([mid_beds], tmp_path / f"mid-beds.{'json' if write is write_json else 'csv'}")
    (contest,) = read_results(path)
    # a user's file never gets an official-looking id
    assert mid_beds.id == "parl.mid-bedfordshire.by.2023-10-19"
    assert contest.id == "user.mid-bedfordshire.by.2023-10-19"
    assert [(c.name, c.party, c.votes) for c in contest.candidates] == [
        (c.name, c.party, c.votes) for c in mid_beds.candidates]
    previous = elections.previous(contest)
    assert previous is not None and previous.date == date(2019, 12, 12)
    card = result_card(contest, previous).as_dict()
    assert card["majority"]["votes"] == 1_192
    assert card["result"] == "Lab gain from Con"
    swing = card["swing"]
    assert (swing["method"], swing["from"], swing["to"]) == ("butler", "Con", "Lab")
    assert round(swing["points"], 2) == 20.52
    assert (card["electorate"], card["valid_votes"], card["rejected"]) == (92_578, 40_720, 102)
    official_card = result_card(mid_beds, elections.previous(mid_beds)).as_dict()
    assert card == {**official_card, "declared_result": None,
                    "contest": {**official_card["contest"], "id": contest.id}}


def test_generic_csv_round_trips_a_whole_general_election(tmp_path: Path) -> None:
    """All 650 seats of 2019, with their quoted names (``Birmingham, Edgbaston``)."""
    contests = list(elections.contests("2019"))
    back = {c.ons_id: c for c in read_results(write_csv(contests, tmp_path / "ge2019.csv"))}
    assert len(back) == 650
    for contest in contests:
        again = back[contest.ons_id]
        assert (again.constituency, again.date, again.kind) == (
            contest.constituency, contest.date, contest.kind)
        assert [(c.name, c.party, c.party_name, c.votes) for c in again.candidates] == [
            (c.name, c.party, c.party_name, c.votes) for c in contest.candidates]
        assert (again.electorate, again.rejected) == (contest.electorate, contest.rejected)


#: names as people type them: any printable text (commas, quotes, accents), never a placeholder,
#: as the readers keep them (white space folded, control and zero-width characters stripped)
NAMES = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
                min_size=1, max_size=20).map(plain_name).filter(lambda s: s not in MISSING)


@st.composite
def contests(draw: st.DrawFn) -> Contest:
    votes = draw(st.lists(st.integers(0, 60_000), min_size=1, max_size=12))
    leader = votes.index(max(votes))  # marked elected, which settles any tie as a lot would
    people = [Candidate(f"{draw(NAMES)} {i}", draw(st.sampled_from(sorted(PARTIES))), v,
                        elected=i == leader) for i, v in enumerate(votes)]
    rejected = draw(st.integers(0, 500))
    return Contest(draw(NAMES), draw(st.dates(date(1990, 1, 1), date(2030, 1, 1))),
                   draw(st.sampled_from(["general", "by"])), tuple(people),
                   # codes no official file uses: a real one is checked against its official name
                   ons_id=draw(st.from_regex(r"[ENSW]1499\d{4}", fullmatch=True)),
                   electorate=sum(votes) + rejected + draw(st.integers(0, 10_000)),
                   rejected=rejected)


@settings(max_examples=60, deadline=None)
@given(contest=contests())
def test_generic_csv_and_json_lose_nothing(contest: Contest,
                                           tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("roundtrip")
    for path in (write_csv([contest], folder / "c.csv"), write_json([contest], folder / "c.json")):
        (again,) = read_results(path)
        assert (again.constituency, again.date, again.kind, again.ons_id) == (
            contest.constituency, contest.date, contest.kind, contest.ons_id)
        assert (again.electorate, again.rejected) == (contest.electorate, contest.rejected)
        assert [(c.name, c.party, c.votes) for c in again.candidates] == [
            (c.name, c.party, c.votes) for c in contest.candidates]
        assert again.winner.name == contest.winner.name


# --- the examples of docs/generic-format.md ------------------------------------------------

DOC = Path(__file__).resolve().parents[1] / "docs" / "generic-format.md"


def doc_blocks(language: str) -> list[str]:
    """The fenced code blocks of the format's documentation written in ``language``."""
    parts = DOC.read_text(encoding="utf-8").split("```")
    return [p.removeprefix(language + "\n") for p in parts[1::2] if p.startswith(language + "\n")]


def test_the_documented_examples_give_the_2019_aberconwy_result(tmp_path: Path) -> None:
    (tmp_path / "aberconwy.csv").write_text(doc_blocks("csv")[0], encoding="utf-8")
    (tmp_path / "aberconwy.json").write_text(doc_blocks("json")[0], encoding="utf-8")
    (from_csv,) = read_results(tmp_path / "aberconwy.csv")
    (from_json,) = read_results(tmp_path / "aberconwy.json")
    assert from_csv == from_json
    official_2019 = official("2019")["W07000058"]
    assert [(c.name, c.party, c.votes) for c in from_csv.candidates] == [
        (c.name, c.party, c.votes) for c in official_2019.candidates]
    card = result_card(from_csv, elections.previous(from_csv))
    assert (card["result"], card["majority"]["votes"]) == ("Con hold", 2_034)
    assert (card["swing"]["from"], card["swing"]["to"]) == ("Lab", "Con")
    assert round(card["swing"]["points"], 2) == 2.20
    assert round(card["turnout"]["valid"], 2) == 71.29

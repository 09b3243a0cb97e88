"""Every contest of every general election and by-election against the official files.

The official ``constituencies.csv`` files are read here independently of swingometer's own
readers (plain pandas, columns by position as PROVENANCE.md lists them), so a figure computed
from the candidates' votes is checked against the figure Parliament published.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
import pytest

from swingometer import analysis, elections
from swingometer.analysis.card import result_card
from swingometer.model import Contest

#: general election key → number of the parliament it elected (folder of the official files)
PARLIAMENTS = {"2010": 55, "2015": 56, "2017": 57, "2019": 58, "2024": 59}
#: the first 18 columns of every official constituencies.csv, in order (PROVENANCE.md)
SEAT_COLUMNS = (
    "ons_id", "region_id", "constituency", "county", "region", "country", "type",
    "declared_at", "member_first_name", "member_surname", "member_gender", "result",
    "first_party", "second_party", "electorate", "valid_votes", "invalid_votes", "majority",
)
#: seats won, as Parliament and the House of Commons Library give them
SEATS = {
    "2010": {"Con": 306},
    "2015": {"Con": 330},
    "2017": {"Con": 317},
    "2019": {"Con": 365, "Lab": 202},
    "2024": {"Lab": 411, "Con": 121, "LD": 72, "Spk": 1},
}

# Known anomalies, kept row by row with the reason (as Democracy Club keeps its odd cases):
# (general election, GSS code) → (the official "Result", the label swingometer computes).
RESULT_ANOMALIES = {
    # 2010 Blaenau Gwent: the official label is against the seat's holder at dissolution,
    # Blaenau Gwent People's Voice (who won the 2006 by-election); swingometer's baseline is
    # the 2005 notional result, won by Peter Law as an independent. By-elections are never
    # the baseline (DESIGN.md), so the computed label is the right one by our convention.
    ("2010", "W07000072"): ("Lab gain from BGPV", "Lab gain from Ind"),
    # Where the previous winner stood for Labour and Co-operative, the official "Result" names
    # that party "Lab Coop", while the candidacies file (and swingometer) count Labour
    # Co-operative MPs as Labour, "Lab". test_lab_coop_anomalies checks the previous winner.
    ("2015", "S14000023"): ("SNP gain from Lab Coop", "SNP gain from Lab"),  # Edinburgh N & Leith
    ("2015", "S14000035"): ("SNP gain from Lab Coop", "SNP gain from Lab"),  # Glasgow South West
    ("2015", "S14000040"): ("SNP gain from Lab Coop", "SNP gain from Lab"),  # Kilmarnock & Loudoun
    ("2015", "E14000826"): ("Con gain from Lab Coop", "Con gain from Lab"),  # Morley and Outwood
    ("2015", "S14000056"): ("SNP gain from Lab Coop", "SNP gain from Lab"),  # Rutherglen & H. W.
    ("2015", "S14000059"): ("SNP gain from Lab Coop", "SNP gain from Lab"),  # West Dunbartonshire
    ("2019", "E14000543"): ("Con gain from Lab Coop", "Con gain from Lab"),  # Barrow and Furness
    ("2019", "S14000032"): ("SNP gain from Lab Coop", "SNP gain from Lab"),  # Glasgow North East
    ("2019", "E14000785"): ("Con gain from Lab Coop", "Con gain from Lab"),  # Leigh
    ("2019", "E14000891"): ("Con gain from Lab Coop", "Con gain from Lab"),  # Redcar
    ("2019", "S14000056"): ("SNP gain from Lab Coop", "SNP gain from Lab"),  # Rutherglen & H. W.
    ("2019", "E14000972"): ("Con gain from Lab Coop", "Con gain from Lab"),  # Stoke-on-Trent C.
    ("2019", "E14000980"): ("Con gain from Lab Coop", "Con gain from Lab"),  # Stroud
    ("2019", "E14001030"): ("Con gain from Lab Coop", "Con gain from Lab"),  # West Bromwich West
}
#: none left: the 2010 joint UUP–Conservative candidates (UCUNF), coded Ind in the candidacy
#: file, are corrected by errata from the constituency file (data/errata.csv)
RUNNER_UP_ANOMALIES: dict[tuple[str, str], tuple[str, str]] = {}


class OfficialSeat(NamedTuple):
    """The columns of an official constituencies.csv that the tests compare."""

    result: str
    first_party: str
    second_party: str
    electorate: int
    valid_votes: int
    invalid_votes: int
    majority: int


def official_seats(parliament_dir: Path, year: str) -> dict[str, OfficialSeat]:
    """The official constituencies.csv of a general election, by GSS code: no header row for
    2010–2019, a header row for 2024; only the first 18 columns are common to all years."""
    path = parliament_dir / "results-by-parliament" / str(PARLIAMENTS[year]) / \
        "general-election" / "constituencies.csv"
    frame = pd.read_csv(path, header=0 if year == "2024" else None, dtype=str,
                        keep_default_na=False, encoding="utf-8-sig")
    frame = frame.iloc[:, : len(SEAT_COLUMNS)]
    frame.columns = list(SEAT_COLUMNS)
    seats = {str(row["ons_id"]): OfficialSeat(
        str(row["result"]), str(row["first_party"]), str(row["second_party"]),
        int(row["electorate"]), int(row["valid_votes"]), int(row["invalid_votes"]),
        int(row["majority"])) for row in frame.to_dict("records")}
    assert len(seats) == len(frame), f"{path}: a GSS code appears twice"
    return seats


#: a general election's key and its official constituency results
General = tuple[str, dict[str, OfficialSeat]]


def label(contest: Contest) -> str:
    """The result label computed against the contest's baseline."""
    before = elections.previous(contest)
    return analysis.result_label(contest.winner.party, before.winner.party if before else None)


@pytest.fixture(scope="module", params=list(PARLIAMENTS))
def general(request: pytest.FixtureRequest, parliament_files: Path) -> General:
    year: str = request.param
    return year, official_seats(parliament_files, year)


@pytest.fixture(scope="module")
def parliament_files() -> Path:
    """The Parliament files of the mirror the tests read (conftest points SWINGOMETER_DATA at
    ../shared/data)."""
    return Path(os.environ["SWINGOMETER_DATA"]) / "parliament"


# --- general elections -------------------------------------------------------------------


def test_every_constituency_is_a_contest(general: General) -> None:
    year, official = general
    contests = elections.contests(year)
    assert len(official) == len(contests) == 650
    assert {c.ons_id for c in contests} == set(official)
    assert {c.kind for c in contests} == {"general"}


def test_winner_and_majority_are_the_official_ones(general: General) -> None:
    year, official = general
    wrong = []
    for contest in elections.contests(year):
        seat = official[contest.ons_id or ""]
        computed = (contest.winner.party, analysis.majority(contest).votes)
        if computed != (seat.first_party, seat.majority):
            wrong.append((contest.constituency, computed, (seat.first_party, seat.majority)))
    assert wrong == []


def test_runner_up_is_the_official_second_party(general: General) -> None:
    year, official = general
    found: dict[tuple[str, str | None], tuple[str, str]] = {}
    for contest in elections.contests(year):
        assert contest.runner_up is not None
        pair = (official[contest.ons_id or ""].second_party, contest.runner_up.party)
        if pair[0] != pair[1]:
            found[(year, contest.ons_id)] = pair
    assert found == {k: v for k, v in RUNNER_UP_ANOMALIES.items() if k[0] == year}


def test_candidates_votes_sum_to_the_valid_vote(general: General) -> None:
    year, official = general
    wrong = [(c.constituency, c.valid_votes, official[c.ons_id or ""].valid_votes)
             for c in elections.contests(year)
             if c.valid_votes != official[c.ons_id or ""].valid_votes]
    assert wrong == []


def test_electorate_and_rejected_ballots_are_kept(general: General) -> None:
    year, official = general
    wrong = [c.constituency for c in elections.contests(year)
             if (c.electorate, c.rejected) != (official[c.ons_id or ""].electorate,
                                               official[c.ons_id or ""].invalid_votes)]
    assert wrong == []


@pytest.mark.parametrize("year", list(SEATS))
def test_seat_totals(year: str) -> None:
    seats = elections.load(year).seats()
    assert sum(seats.values()) == 650
    assert {party: seats.get(party) for party in SEATS[year]} == SEATS[year]


def test_result_label_is_the_official_one(general: General) -> None:
    """Gain or hold against the baseline (the 2005 notionals for 2010, the 2019 notionals for
    2024) is the official "Result" in every seat but the known anomalies listed above."""
    year, official = general
    found: dict[tuple[str, str | None], tuple[str, str]] = {}
    for contest in elections.contests(year):
        pair = (official[contest.ons_id or ""].result, label(contest))
        if pair[0] != pair[1]:
            found[(year, contest.ons_id)] = pair
    assert found == {k: v for k, v in RESULT_ANOMALIES.items() if k[0] == year}


def test_lab_coop_anomalies_are_labour_co_operative_seats() -> None:
    """Each "Lab Coop" anomaly is a seat whose previous winner stood for Labour and
    Co-operative, and differs from the computed label by that name only."""
    lab_coop = {k: v for k, v in RESULT_ANOMALIES.items() if "Lab Coop" in v[0]}
    assert len(lab_coop) == 14
    for (year, ons_id), (declared, computed) in lab_coop.items():
        contest = elections.load(year).contest(ons_id)
        assert contest is not None and contest.declared_result == declared
        before = elections.previous(contest)
        assert before is not None
        assert (before.winner.party, before.winner.party_name) == ("Lab", "Labour and Co-operative")
        assert declared.replace("Lab Coop", "Lab") == computed


def test_every_2024_seat_has_its_2019_notional_baseline() -> None:
    """Including the five Scottish seats whose GSS codes Parliament revised after publishing
    the notionals (revised_constituency_ids.csv)."""
    baselines = [elections.previous(c) for c in elections.contests("2024")]
    assert [b.kind if b else None for b in baselines] == ["notional"] * 650
    ayr = elections.find_contest("Ayr, Carrick and Cumnock", election="2024")
    before = elections.previous(ayr)
    assert ayr.ons_id == "S14000107"
    assert before is not None and before.ons_id == "S14000107" and before.winner.party == "SNP"


def test_every_2010_seat_has_its_2005_notional_baseline() -> None:
    baselines = [elections.previous(c) for c in elections.contests("2010")]
    assert [b.date if b else None for b in baselines] == [date(2005, 5, 5)] * 650


# --- notional results -----------------------------------------------------------------------


def test_notional_2019_on_the_2024_boundaries() -> None:
    notional = elections.load("2019-notional")
    seats = notional.seats()
    assert len(notional.contests) == 650 == sum(seats.values())
    assert (seats["Con"], seats["Lab"]) == (372, 200)
    assert {c.ons_id for c in notional.contests} == {c.ons_id for c in elections.contests("2024")}


def test_notional_2005_on_the_2010_boundaries() -> None:
    notional = elections.load("2005-notional")
    assert len(notional.contests) == 650 == sum(notional.seats().values())
    assert {c.ons_id for c in notional.contests} == {c.ons_id for c in elections.contests("2010")}


# --- by-elections ----------------------------------------------------------------------------


def test_mirror_lacks_only_the_2024_by_election_files() -> None:
    status = {source.key: problem for source, problem in elections.available()}
    missing = {key: problem for key, problem in status.items() if problem is not None}
    assert set(missing) == {"by-2024"}
    assert "results-by-parliament/59/by-elections/candidacies.csv" in missing["by-2024"]


def test_by_elections_of_each_parliament() -> None:
    counts = {key: len(elections.contests(key))
              for key in ("by-2010", "by-2015", "by-2017", "by-2019")}
    assert counts == {"by-2010": 21, "by-2015": 10, "by-2017": 5, "by-2019": 23}
    assert len(elections.by_elections()) == 59


def test_by_election_result_labels_are_the_official_ones() -> None:
    found = elections.by_elections()
    assert all(c.kind == "by" and c.declared_result for c in found)
    wrong = [(c.id, label(c), c.declared_result) for c in found if label(c) != c.declared_result]
    assert wrong == []


def test_by_election_baselines_are_general_elections() -> None:
    """An intervening by-election is never the baseline (Tamworth 2023 is measured from
    2019, not from anything between)."""
    for contest in elections.by_elections():
        before = elections.previous(contest)
        assert before is not None and before.kind == "general" and before.date < contest.date


def test_by_election_majorities_are_the_official_ones(parliament_files: Path) -> None:
    official: dict[tuple[str, date], int] = {}
    for number in (55, 56, 57, 58):
        path = parliament_files / "results-by-parliament" / str(number) / "by-elections" / \
            "constituencies.csv"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        for _, row in frame.iterrows():
            day, month, year = (int(p) for p in row["By-election date"].split("/"))
            official[(row["ONS ID"], date(year, month, day))] = int(row["Majority"])
    computed = {(c.ons_id or "", c.date): analysis.majority(c).votes
                for c in elections.by_elections()}
    assert computed == official


@pytest.fixture(scope="module")
def tamworth() -> dict[str, Any]:
    contest = elections.find_contest("Tamworth", on=date(2023, 10, 19))
    return result_card(contest, elections.previous(contest), elections.seat_history(contest),
                       elections.election_orders())


def test_tamworth_by_election(tamworth: dict[str, Any]) -> None:
    assert tamworth["contest"]["id"] == "parl.tamworth.by.2023-10-19"
    assert tamworth["result"] == "Lab gain from Con" == tamworth["declared_result"]
    assert tamworth["majority"]["votes"] == 1_316
    swing = tamworth["swing"]
    assert (swing["method"], swing["from"], swing["to"]) == ("butler", "Con", "Lab")
    assert round(swing["points"], 1) == 23.9
    assert tamworth["previous"]["date"] == "2019-12-12"
    assert tamworth["previous"]["kind"] == "general"


@pytest.mark.parametrize("year, parliament", [("2017", "57"), ("2019", "58"), ("2024", "59")])
def test_change_is_parliaments_own(year: str, parliament: str, parliament_files: Path) -> None:
    """Every candidate's change in share equals the "Change" column Parliament published
    (against the 2019 notionals for 2024, with Reform UK measured against the Brexit Party and
    minor parties joined across the notional file's names and the results' codes)."""
    path = parliament_files / f"results-by-parliament/{parliament}/general-election/candidacies.csv"
    header = 0 if parliament == "59" else None
    table = pd.read_csv(path, header=header, dtype=str, encoding="utf-8-sig")
    table.columns = range(table.shape[1])
    table = table[table[20].notna()]
    computed: dict[tuple[str, str], float | None] = {}
    for contest in elections.contests(year):
        moved = analysis.change(analysis.shares(contest), analysis.shares(
            elections.previous(contest)))  # type: ignore[arg-type]
        computed.update({(contest.ons_id or "", party): v for party, v in moved.items()})
    wrong = [(code, party, computed.get((code, party)), 100 * float(official))
             for code, party, official in zip(table[0], table[8], table[20], strict=True)
             if computed.get((code, party)) is None
             or abs(computed[(code, party)] - 100 * float(official)) > 0.01]  # type: ignore[operator]
    assert len(table) > 2500
    assert wrong == []

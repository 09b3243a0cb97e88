"""Records by rule, on the real files: a ranking pools like with like (one party family in one
nation, only contests where the party stood at both the by-election and the previous general
election, no Speaker's seat, none where a main party stood aside), and every contest or change
left out is listed with its reason."""

from __future__ import annotations

from datetime import date

import pytest

from swingometer import elections
from swingometer.analysis.context import by_election_history
from swingometer.analysis.records import (
    ByElectionRow,
    exclusions,
    group_of,
    library_row,
    official_row,
    stood_aside,
)
from swingometer.files import fetch
from swingometer.report.story import Story, render
from swingometer.sources.byelections_history import read_byelections_history

LIST = "historical/hoc_CBP7529_gb_byelections_1945_2019.csv"


@pytest.fixture(scope="module")
def library() -> list[ByElectionRow]:
    return [library_row(r) for r in read_byelections_history(fetch(LIST))]


def story_of(seat: str, on: date) -> Story:
    return elections.story(elections.find_contest(seat, on=on))


def text_of(seat: str, on: date) -> str:
    return render(story_of(seat, on), "text").replace("\n", " ")


def one(rows: list[ByElectionRow], name: str, on: date) -> ByElectionRow:
    return next(r for r in rows if r.constituency == name and r.date == on)


# --- the named cases ------------------------------------------------------------------------


def test_airdrie_is_not_ranked_against_plaid_cymru() -> None:
    """Airdrie and Shotts 2021 (SNP): the record cited was Vale of Glamorgan 1989, a Plaid
    contest pooled with the SNP. A nationalist change is the SNP's in Scotland, Plaid's in
    Wales, and the two are never pooled."""
    text = text_of("Airdrie and Shotts", date(2021, 5, 13))
    assert "Vale of Glamorgan" not in text
    history = by_election_history()
    assert all("Nat" not in r.changes for r in history.since_1945)
    vale = one(list(history.since_1945), "Vale of Glamorgan", date(1989, 5, 4))
    assert "PC" in vale.changes and "SNP" not in vale.changes


def test_hartlepool_2021_is_not_ranked_against_the_speakers_seat(
        library: list[ByElectionRow]) -> None:
    """Southampton, Itchen 1971: the Speaker's seat in 1970, with no Conservative standing —
    its "change" of 31.6 points is the whole Conservative share."""
    text = text_of("Hartlepool", date(2021, 5, 6))
    assert "Southampton, Itchen" not in text and "31.6" not in text
    itchen = one(library, "Southampton, Itchen", date(1971, 5, 27))
    assert itchen.changes == {} and itchen.left_out
    assert "Speaker" in " ".join(itchen.excluded)


@pytest.mark.parametrize(("seat", "on"), [("North Shropshire", date(2021, 12, 16)),
                                          ("Tiverton and Honiton", date(2022, 6, 23))])
def test_paisley_1961_is_not_a_liberal_record(seat: str, on: date,
                                              library: list[ByElectionRow]) -> None:
    """The Liberals had not stood at Paisley in 1959: their 41.4 points is their whole share."""
    assert "Paisley" not in text_of(seat, on)
    paisley = one(library, "Paisley", date(1961, 4, 20))
    assert "LD" not in paisley.changes and "Con" in paisley.changes
    assert "LD: did not stand at the previous general election" in paisley.excluded


def test_stood_at_both_is_a_rule_not_a_list(library: list[ByElectionRow]) -> None:
    """The four contests the hand list named fall out by the rule, and so do many more."""
    for name, on, group in [("Bristol South East", date(1963, 8, 20), "Con"),
                            ("Inverness", date(1954, 12, 21), "Lab"),
                            ("Glasgow, Camlachie", date(1948, 1, 28), "Lab"),
                            ("Glasgow, Bridgeton", date(1946, 8, 29), "Lab")]:
        assert group not in one(library, name, on).changes, name
    stood_once = [e for e in exclusions(library) if "did not stand" in e.reason]
    assert len(stood_once) > 50
    # a change of minus the whole previous share: stood aside at the by-election
    bristol = one(library, "Bristol South East", date(1963, 8, 20))
    assert bristol.left_out and "Con: stood at the previous general election but stood aside" \
        in bristol.excluded


def test_every_library_change_kept_is_between_two_candidacies() -> None:
    """Test-side: for each change kept, the party has votes in the 1918–2019 series at the
    previous general election, and its change is not minus its whole share."""
    rows = read_byelections_history(fetch(LIST))
    kept = 0
    for row in rows:
        if not row.changes:
            continue
        assert row.previous is not None
        for group, value in row.changes.items():
            if group == "Oth":
                continue
            column = "Nat" if group in ("SNP", "PC") else group
            assert column in row.previous.shares, (row.constituency, row.date, group)
            assert abs(value + row.previous.shares[column]) > 0.06
            kept += 1
    assert kept > 1000


def test_batley_and_southend_west_are_out_of_the_rankings() -> None:
    """A main party that stood last time stood aside: the contest is ranked on nothing."""
    for seat, on, aside in [("Batley and Spen", date(2016, 10, 20), ("Con", "LD")),
                            ("Southend West", date(2022, 2, 3), ("Lab", "LD"))]:
        contest = elections.find_contest(seat, on=on)
        previous = elections.previous(contest)
        assert previous is not None
        assert stood_aside(contest, previous) == aside
        row = official_row(contest, previous)
        assert row.left_out and row.changes == {}
        _, context = elections.card_and_context(contest)
        assert context.ranks == {}


def test_the_modern_liberals_and_sdp_are_not_the_lib_dems() -> None:
    """After the 1988 merger the Liberal Party and the SDP are other parties."""
    assert group_of("Lib", date(1983, 2, 24)) == "LD"
    assert group_of("SDP", date(1987, 2, 26)) == "LD"
    assert group_of("Lib", date(2021, 5, 6)) is None and group_of("SDP") is None
    for contest in elections.by_elections():
        previous = elections.previous(contest)
        if previous is None:
            continue
        row = official_row(contest, previous)
        lib_dems = {c.party for c in contest.candidates} & {"LD"}
        assert set(row.changes) <= {"Con", "Lab", "LD", "SNP", "PC"}
        if "LD" in row.changes:  # the Lib Dems' own change, never a Liberal's or the SDP's
            assert lib_dems
            now, then = contest.party_votes(), previous.party_votes()
            mine = 100 * now["LD"] / sum(now.values()) - 100 * then["LD"] / sum(then.values())
            assert row.changes["LD"] == pytest.approx(mine)


def test_the_fifth_largest_majority_overturned_says_of_how_many() -> None:
    """A ranking of fewer than twenty says 'the fifth of six', never a bare 'fifth-largest'."""
    found = 0
    for contest in elections.by_elections():
        story = elections.story(contest)
        for figure in story.figures:
            if figure.name == "rank:majority_overturned.position":
                of = next(f for f in story.figures if f.name == "rank:majority_overturned.of")
                text = " ".join(story.paragraphs)
                assert f"{figure.text} of {of.text}" in text
                found += 1
    assert found >= 5


def test_excluded_contests_are_listed_with_reasons(library: list[ByElectionRow]) -> None:
    found = exclusions([*library, *by_election_history().official])
    reasons = {(e.constituency, e.date): e.reason for e in found}
    assert any("Speaker" in why for why in reasons.values())
    assert ("Batley and Spen", date(2016, 10, 20)) in reasons
    assert all(e.reason for e in found)


@pytest.mark.parametrize(("seat", "on", "sentence"), [
    ("Batley and Spen", date(2016, 10, 20), "The Conservatives and the Liberal Democrats, who "
     "stood here at the 2015 general election, did not put up a candidate"),
    ("Southend West", date(2022, 2, 3), "Labour and the Liberal Democrats, who stood here at "
     "the 2019 general election, did not put up a candidate")])
def test_a_main_party_standing_aside_is_said(seat: str, on: date, sentence: str) -> None:
    story = story_of(seat, on)
    assert sentence in " ".join(story.paragraphs)
    assert not [f for f in story.figures if f.name.startswith("rank:")]


def test_the_smallest_majority_at_a_by_election_is_said() -> None:
    """Batley and Spen 2021: 323 votes, the smallest of the official by-elections since 2010
    (the Library's list since 1945 has no votes, so no claim reaches before 2010)."""
    text = " ".join(story_of("Batley and Spen", date(2021, 7, 1)).paragraphs)
    assert "The majority, 323, was the smallest of 37 at by-elections since the 2010 " \
        "general election." in text
    majorities = sorted(c.winner.votes - (c.runner_up.votes if c.runner_up else 0)
                        for c in elections.by_elections() if c.date <= date(2021, 7, 1)
                        and not c.ons_id.startswith("N"))  # type: ignore[union-attr]
    assert majorities[0] == 323
    uxbridge = " ".join(story_of("Uxbridge and South Ruislip", date(2023, 7, 20)).paragraphs)
    assert "smallest" not in uxbridge  # 495: the second-smallest is not a record


def test_a_nationalist_record_names_its_nation() -> None:
    """The SNP is ranked among Scottish by-elections only, and the story says so."""
    text = text_of("Airdrie and Shotts", date(2021, 5, 13))
    assert "by-elections in Scotland since" in text
    assert "in Great Britain since" not in text

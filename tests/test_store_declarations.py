"""Declarations are checked with the file readers' own checks before they reach the ledger,
and refused whole with every problem listed; nights and contests are found by id or GSS code."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from swingometer.desk import Submission, load_night, validate
from swingometer.desk.night import Night
from swingometer.errors import ChoiceError, DataError
from swingometer.store import Entry

NIGHT = load_night("2019")


def night_for(day: date) -> Night:
    return NIGHT if day == NIGHT.date else load_night(day.isoformat())


def blyth_valley(**changes: object) -> Submission:
    seat = NIGHT.by_ons["E14000575"]
    contest = seat.official
    assert contest is not None
    entries = tuple(Entry(c.name, c.party, c.votes, c.party_name) for c in contest.candidates)
    base = Submission(seat.target.contest_id, "result", 1, entries,
                      electorate=contest.electorate, rejected=contest.rejected)
    return replace(base, **changes)  # type: ignore[arg-type]


def problems(submission: Submission) -> list[str]:
    with pytest.raises(DataError) as caught:
        validate(submission, night_for)
    return [str(p) for p in caught.value.problems]


def test_a_good_declaration_becomes_a_ledger_entry_ordered_by_votes() -> None:
    entry = validate(blyth_valley(), night_for, "desk")
    assert entry.target.constituency == "Blyth Valley"
    assert entry.target.election_id == "parl.2019-12-12"
    assert [e.party for e in entry.candidates[:2]] == ["Con", "Lab"]
    assert entry.token_name == "desk"


def test_a_gss_code_and_date_name_the_same_contest() -> None:
    by_code = validate(blyth_valley(contest="E14000575", date=date(2019, 12, 12)), night_for)
    assert by_code.target.contest_id == "parl.blyth-valley.2019-12-12"


def test_every_problem_is_listed_at_once() -> None:
    entries = blyth_valley().candidates
    bad = blyth_valley(candidates=(entries[0], entries[0], replace(entries[1], votes=None)),
                       electorate=20_000)
    found = problems(bad)
    assert len(found) == 4, found
    assert any("tie for first place" in p for p in found)  # the duplicate ties with itself
    assert any("appears twice" in p and "duplicate candidate" in p for p in found)
    assert any("has no votes" in p and "Susan Dungworth" in p for p in found)
    assert any("votes above the electorate" in p for p in found)


def test_a_tie_must_say_who_won_by_lot() -> None:
    a, b, *rest = blyth_valley().candidates
    tied = (replace(a, votes=17_000), replace(b, votes=17_000), *rest)
    assert any("tie for first place" in p for p in problems(blyth_valley(candidates=tied)))
    settled = (replace(a, votes=17_000, elected=True), replace(b, votes=17_000), *rest)
    assert validate(blyth_valley(candidates=settled), night_for).candidates[0].elected


def test_an_unknown_constituency_is_refused_with_its_other_problems() -> None:
    found = problems(blyth_valley(contest="parl.nowhere-at-all.2019-12-12", state="elected"))
    assert any("unknown constituency" in p for p in found)
    assert any("state 'elected' is not one of" in p for p in found)
    assert any("unknown constituency" in p for p in problems(
        blyth_valley(contest="E14099999", date=date(2019, 12, 12))))


def test_a_winner_rush_needs_no_votes_but_one_winner() -> None:
    entries = blyth_valley().candidates
    rush = blyth_valley(state="winner", candidates=(replace(entries[0], votes=None),))
    assert validate(rush, night_for).state == "winner"
    two = blyth_valley(state="winner", candidates=tuple(replace(e, votes=None)
                                                        for e in entries[:2]))
    assert any("names one candidate" in p for p in problems(two))


def test_a_future_night_uses_the_latest_boundaries_and_their_results_as_baseline() -> None:
    night = load_night("2029-05-03")
    assert night.size == 650
    seat = night.by_ons["E14001359"]  # Mid Bedfordshire on the 2024 boundaries
    assert seat.target.contest_id == "parl.mid-bedfordshire.2029-05-03"
    assert seat.baseline is not None and seat.baseline.date == date(2024, 7, 4)
    assert night.hexmap.endswith("uk-constituencies-2024.hexjson")


def test_a_past_date_with_no_contest_is_refused() -> None:
    with pytest.raises(ChoiceError):
        load_night("2018-05-04")


def test_a_by_election_day_is_a_night_of_its_by_elections() -> None:
    night = load_night("2023-10-19")
    assert night.kind == "by-elections"
    assert [s.target.contest_id for s in night.seats] == [
        "parl.mid-bedfordshire.by.2023-10-19", "parl.tamworth.by.2023-10-19"]
    for seat in night.seats:
        assert seat.baseline is not None and seat.baseline.date == date(2019, 12, 12)
        assert seat.official is not None and seat.official.kind == "by"
        assert seat.baseline.ons_id == seat.target.ons_id


def test_a_by_election_declaration_is_checked_against_its_constituency() -> None:
    night = load_night("2023-10-19")
    seat = night.by_id["parl.tamworth.by.2023-10-19"]
    assert seat.official is not None
    entries = tuple(Entry(c.name, c.party, c.votes, c.party_name)
                    for c in seat.official.candidates)
    good = Submission(seat.target.contest_id, "result", 1, entries,
                      electorate=seat.official.electorate, rejected=seat.official.rejected)
    stored = validate(good, night_for)
    assert stored.target.kind == "by" and stored.candidates[0].party == "Lab"
    # more votes than electors in Tamworth
    with pytest.raises(DataError):
        validate(replace(good, electorate=1000), night_for)
    # a GSS code and the day name the by-election
    by_code = validate(replace(good, contest=seat.target.ons_id or "", date=night.date),
                       night_for)
    assert by_code.target.contest_id == "parl.tamworth.by.2023-10-19"

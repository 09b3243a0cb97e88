""""Held since" on the cases of issue 9, on the real files: by-elections change a seat's
holder, and the run follows the seat through the Library's spellings and the 2024 boundaries.

Each figure is checked by hand against the Library's 1918–2019 series (CBP-8647), its list of
by-elections since 1945 (CBP-7529) and Parliament's by-election files.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from swingometer import elections
from swingometer.analysis.history import Standing, standing
from swingometer.model import Contest


def standing_of(contest: Contest) -> Standing:
    before = elections.previous(contest)
    holder = before.winner.party if before else contest.winner.party
    return standing(contest.kind, contest.date.year, holder, elections.seat_history(contest),
                    elections.election_orders())


def held(contest: Contest) -> dict[str, Any]:
    found = elections.card(contest)["held_since"]
    assert found is not None
    return dict(found)


# --- by-elections change the holder ----------------------------------------------------------

#: seats that changed hands at a by-election of the 2019 parliament: at the 2024 general
#: election the seat was the by-election winner's, not the 2019 winner's
BY_ELECTION_GAINS = [
    ("Rochdale", "WPB", date(2024, 2, 29), "Lab"),
    ("Hartlepool", "Con", date(2021, 5, 6), "Lab"),
    ("Mid Bedfordshire", "Lab", date(2023, 10, 19), "Con"),
    ("Tamworth", "Lab", date(2023, 10, 19), "Con"),
    ("Chesham and Amersham", "LD", date(2021, 6, 17), "Con"),
    ("North Shropshire", "LD", date(2021, 12, 16), "Con"),
    ("Blackpool South", "Lab", date(2024, 5, 2), "Con"),
]


@pytest.mark.parametrize(("seat", "party", "day", "baseline"), BY_ELECTION_GAINS)
def test_a_by_election_gain_is_the_holder_at_dissolution(seat: str, party: str, day: date,
                                                          baseline: str) -> None:
    contest = elections.find_contest(seat, election="2024")
    found = standing_of(contest)
    assert found.sitting is not None
    assert (found.sitting.party, found.sitting.kind, found.sitting.date) == (party, "by", day)
    assert found.sitting_differs == "by-election"
    found_held = held(contest)
    assert {k: found_held[k] for k in ("party", "year", "election", "at_least", "kind", "date",
                                       "created")} == {
        "party": party, "year": day.year, "election": f"{day:%B} {day.year} by-election",
        "at_least": False, "kind": "by", "date": day.isoformat(), "created": False}
    # the Library's label is still against the 2019 (notional) result
    assert elections.previous(contest).winner.party == baseline  # type: ignore[union-attr]


def test_rochdale_2024_by_election_card_describes_labour_before_it() -> None:
    """At the by-election itself the seat was Labour's (since 2010, when Rochdale was taken
    from the Liberal Democrats)."""
    contest = elections.find_contest("Rochdale", on=date(2024, 2, 29))
    assert (held(contest)["party"], held(contest)["year"]) == ("Lab", 2010)
    assert standing_of(contest).sitting_differs is None


@pytest.mark.parametrize(("seat", "election", "party", "label"), [
    # Willie Rennie took Dunfermline and West Fife for the Liberal Democrats in 2006
    ("Dunfermline and West Fife", "2010", "LD", "February 2006 by-election"),
    # Edward Timpson took Crewe and Nantwich for the Conservatives in 2008 and held it
    ("Crewe and Nantwich", "2015", "Con", "May 2008 by-election"),
    # John Mason took Glasgow East for the SNP in 2008
    ("Glasgow East", "2010", "SNP", "July 2008 by-election"),
    # George Galloway took Bradford West for Respect in 2012 (the official files)
    ("Bradford West", "2015", "Res", "March 2012 by-election"),
])
def test_library_and_official_by_elections_before_a_general_election(
        seat: str, election: str, party: str, label: str) -> None:
    contest = elections.find_contest(seat, election=election)
    assert (held(contest)["party"], held(contest)["election"]) == (party, label)


def test_a_by_election_regained_at_the_next_general_election_breaks_the_run() -> None:
    """Leicester South: Liberal Democrat gain at the July 2004 by-election, Labour again in
    2005, so in 2010 Labour's run began in 2005 — not in 1987."""
    contest = elections.find_contest("Leicester South", election="2010")
    parties = [(h.kind, h.party) for h in elections.seat_history(contest) if h.year >= 2001]
    assert parties[:3] == [("general", "Lab"), ("by", "LD"), ("general", "Lab")]
    assert (held(contest)["party"], held(contest)["year"]) == ("Lab", 2005)


# --- the seat, not its spelling ------------------------------------------------------------------

@pytest.mark.parametrize(("seat", "when", "party", "year", "first_name"), [
    # "Glamorganshire Pontypridd" 1918–1951; the 1918 winner is pooled, so "at least"
    ("Pontypridd", "2024", "Lab", 1922, "Glamorganshire Pontypridd"),
    ("Hexham", "2024", "Con", 1924, "Northumberland Hexham"),
    # "Sussex (West) Horsham" 1945–1951, "Horsham & Crawley" in February 1974
    ("Horsham", "2024", "Con", 1945, "Sussex (West) Horsham"),
    # "The Hartlepools" before 1974 (and the series' October 1974 and 1979 rows)
    ("Hartlepool", date(2021, 5, 6), "Lab", 1964, "The Hartlepools"),
    ("Ogmore", date(2016, 5, 5), "Lab", 1918, "Glamorganshire Ogmore"),
    # "Middlesborough" in October 1974 and 1979
    ("Middlesbrough", date(2012, 11, 29), "Lab", 1974, "Middlesbrough"),
])
def test_held_since_follows_the_seat_through_its_spellings(
        seat: str, when: str | date, party: str, year: int, first_name: str) -> None:
    contest = elections.find_contest(seat, election=when) if isinstance(when, str) else \
        elections.find_contest(seat, on=when)
    found = held(contest)
    assert (found["party"], found["year"], found["constituency"]) == (party, year, first_name)


def test_middlesbrough_run_begins_in_february_1974() -> None:
    contest = elections.find_contest("Middlesbrough", on=date(2012, 11, 29))
    assert held(contest)["election"] == "February 1974"


def test_horsham_was_conservative_at_every_election_under_that_name() -> None:
    contest = elections.find_contest("Horsham", election="2024")
    earlier = [h for h in elections.seat_history(contest) if h.year < 2024]
    assert {h.party for h in earlier} == {"Con"} and earlier[0].year == 1945


# --- the 2024 boundaries ---------------------------------------------------------------------


def test_a_new_2024_seat_names_its_creation_and_largest_predecessor() -> None:
    """Stratford and Bow: 65% of its population from West Ham (Labour since its creation in
    1997), which sent only 55% of its own there."""
    contest = elections.find_contest("Stratford and Bow", election="2024")
    found = standing_of(contest)
    assert found.held_since is None and found.created == 2024
    assert found.predecessor is not None
    assert found.predecessor.constituency == "West Ham"
    assert found.predecessor.share == pytest.approx(0.65, abs=0.01)
    assert found.predecessor.held_since is not None
    assert (found.predecessor.held_since.party, found.predecessor.held_since.year) == ("Lab",
                                                                                      1997)


def test_a_renamed_2024_seat_continues_its_predecessor() -> None:
    """Wolverhampton West is Wolverhampton South West renamed (78% of its population, all of
    the old seat's): the Conservatives had held it since 2019."""
    contest = elections.find_contest("Wolverhampton West", election="2024")
    found = held(contest)
    assert (found["party"], found["year"], found["constituency"]) == (
        "Con", 2019, "Wolverhampton South West")


def test_a_2024_name_of_a_long_gone_seat_is_not_its_history() -> None:
    """West Bromwich (2024) is not the West Bromwich of 1918–1970: its history is West
    Bromwich East's."""
    contest = elections.find_contest("West Bromwich", election="2024")
    names = {h.constituency for h in elections.seat_history(contest) if h.year < 2024}
    assert "West Bromwich" not in names
    assert "West Bromwich East" in names


def test_every_2024_seat_gets_an_answer() -> None:
    """A run of its own, or its creation and its largest predecessor's standing."""
    orders = elections.election_orders()
    unanswered = []
    created = 0
    for contest in elections.contests("2024"):
        before = elections.previous(contest)
        assert before is not None
        found = standing(contest.kind, 2024, before.winner.party,
                         elections.seat_history(contest), orders)
        if found.created:
            created += 1
            assert found.predecessor is not None and found.predecessor.sitting is not None
        elif found.held_since is None:
            unanswered.append(contest.constituency)
    assert unanswered == []
    assert created == 35


def test_a_revised_scottish_code_keeps_its_history() -> None:
    """Kilmarnock and Loudoun's 2024 code was revised after the overlaps were published."""
    contest = elections.find_contest("Kilmarnock and Loudoun", election="2024")
    assert contest.ons_id == "S14000110"
    assert held(contest)["party"] == "SNP"

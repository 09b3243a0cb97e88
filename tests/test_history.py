"""Seat history and "held since" on real seats, each checked by hand against the House of
Commons Library's 1918–2019 series (CBP-8647) and Parliament's own files from 2010.

Mid Bedfordshire (Conservative since 1931) is in test_mid_bedfordshire.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from swingometer import elections
from swingometer.analysis.card import result_card
from swingometer.analysis.history import held_since
from swingometer.model import Candidate, Contest


def since(party: str, year: int, at_least: bool = False) -> dict[str, Any]:
    """The card's ``held_since`` for a run that starts at a general election of ``year``."""
    return {"party": party, "year": year, "election": str(year), "at_least": at_least}


def core(held: dict[str, Any] | None) -> dict[str, Any] | None:
    """The four keys every ``held_since`` has had (the card adds kind, date, created...)."""
    return None if held is None else {k: held[k] for k in ("party", "year", "election",
                                                           "at_least")}


def card_of(contest: Contest) -> dict[str, Any]:
    return result_card(contest, elections.previous(contest), elections.seat_history(contest),
                       elections.election_orders())


def winners(contest: Contest, since: int) -> list[tuple[str, str]]:
    """(election, party) of the seat's history from ``since`` on."""
    return [(h.election, h.party) for h in elections.seat_history(contest) if h.year >= since]


def test_a_seat_that_changed_hands_in_1997() -> None:
    """Birmingham Edgbaston: Conservative in 1992 (49.0% to Labour's 37.6%), Labour in 1997
    (48.6%) and at every election since, so in 2019 it is a Labour hold held since 1997."""
    contest = elections.find_contest("Birmingham, Edgbaston", election="2019")
    assert winners(contest, 1987) == [
        ("1987", "Con"), ("1992", "Con"), ("1997", "Lab"), ("2001", "Lab"), ("2005", "Lab"),
        ("2010", "Lab"), ("2015", "Lab"), ("2017", "Lab"), ("2019", "Lab")]
    card = card_of(contest)
    assert card["result"] == "Lab hold"
    assert core(card["held_since"]) == since("Lab", 1997)


def test_a_scottish_seat_held_by_the_snp() -> None:
    """Banff and Buchan: Conservative when created in 1983 (39.7% to the SNP's 37.4%), SNP
    from 1987 (Alex Salmond, 44.3%) to 2015, taken by the Conservatives in 2017. The Library
    spells it "Banff & Buchan"; Parliament "Banff and Buchan"."""
    contest = elections.find_contest("Banff and Buchan", election="2017")
    history = elections.seat_history(contest)
    assert {h.constituency for h in history if h.year < 2010} == {"Banff & Buchan"}
    assert winners(contest, 1983) == [
        ("1983", "Con"), ("1987", "SNP"), ("1992", "SNP"), ("1997", "SNP"), ("2001", "SNP"),
        ("2005", "SNP"), ("2010", "SNP"), ("2015", "SNP"), ("2017", "Con")]
    card = card_of(contest)
    assert card["result"] == "Con gain from SNP" == contest.declared_result
    # for a gain, "held since" describes the loser's run up to this election
    assert core(card["held_since"]) == since("SNP", 1987)


def test_a_seat_whose_name_is_spelt_differently_across_years() -> None:
    """Hackney North and Stoke Newington: "Stoke Newington And Hackney North" 1950–1970,
    October 1974 and 1979, "Hackney North & Stoke Newington" in February 1974 and 1983–2005,
    "Hackney North and Stoke Newington" from 2010 — Labour at every one of them. The 1945 seat,
    "Hackney North", is another name, so the run starts in 1950."""
    contest = elections.find_contest("Hackney North and Stoke Newington", election="2019")
    names = {h.constituency for h in elections.seat_history(contest)}
    assert names == {"Stoke Newington And Hackney North", "Hackney North & Stoke Newington",
                     "Hackney North and Stoke Newington"}
    card = card_of(contest)
    assert card["result"] == "Lab hold"
    assert core(card["held_since"]) == since("Lab", 1950)


def test_the_two_elections_of_1974_are_two_steps_of_a_run() -> None:
    contest = elections.find_contest("Hackney North and Stoke Newington", election="2019")
    elections_1974 = [h.election for h in elections.seat_history(contest) if h.year == 1974]
    assert elections_1974 == ["February 1974", "October 1974"]


def test_a_by_election_seat_created_in_1997() -> None:
    """Tamworth: Labour 1997, 2001, 2005; Conservative from 2010 to 2019; the 2023 by-election
    is a Labour gain from a seat held by the Conservatives since 2010."""
    contest = elections.find_contest("Tamworth", on=date(2023, 10, 19))
    assert winners(contest, 1900) == [
        ("1997", "Lab"), ("2001", "Lab"), ("2005", "Lab"), ("2010", "Con"), ("2015", "Con"),
        ("2017", "Con"), ("2019", "Con")]
    assert core(card_of(contest)["held_since"]) == since("Con", 2010)


# Unopposed returns: the Library's file gives the unopposed winner's votes as −1 with an empty
# share. Leigh and Swansea East were Labour from 1922 (Labour unopposed in 1935), so held since
# 1922 — not 1945, which is what reading the blank share as a loss would give. Swansea East's
# 1918 winner is pooled as "other" in the series, so its run is open: "since at least 1922".
@pytest.mark.parametrize(("seat", "label", "at_least"), [("Leigh", "Con gain from Lab", False),
                                                         ("Swansea East", "Lab hold", True)])
def test_a_run_through_an_unopposed_return(seat: str, label: str, at_least: bool) -> None:
    contest = elections.find_contest(seat, election="2019")
    card = card_of(contest)
    assert card["result"] == label
    assert ("1935", "Lab") in winners(contest, 1935)
    assert core(card["held_since"]) == {"party": "Lab", "year": 1922, "election": "1922",
                                  "at_least": at_least}


def test_a_by_election_later_in_the_year_of_a_general_election() -> None:
    """A by-election after a general election of the same year (as Oldham West and Royton,
    3 December 2015, whose file the mirror lacks) counts that general election: Leigh, which
    the Conservatives took in December 2019, would have been held by them since 2019."""
    general = elections.find_contest("Leigh", election="2019")
    contest = Contest(general.constituency, date(2019, 12, 30), "by", general.candidates,
                      ons_id=general.ons_id)
    assert elections.previous(contest) == general
    assert core(card_of(contest)["held_since"]) == since("Con", 2019)


# --- contests missing optional data --------------------------------------------------------


def test_a_contest_with_no_previous_result() -> None:
    """The 2005 notionals are the oldest results in the catalogue: no baseline, so no change,
    swing or overturned majority — but "held since" still comes from the Library's series."""
    contest = elections.find_contest("Mid Bedfordshire", election="2005-notional")
    assert elections.previous(contest) is None
    card = card_of(contest)
    assert card["result"] == "Con win"
    assert card["previous"] is None
    assert card["swing"] is card["steed_swing"] is card["majority_overturned"] is None
    assert {c["change"] for c in card["candidates"]} == {None}
    assert {c["previous_share"] for c in card["candidates"]} == {None}
    assert core(card["held_since"]) == since("Con", 1931)


def test_a_contest_with_no_code_electorate_or_history() -> None:
    """A user's own contest with only names and votes: every optional figure is None, and
    nothing is made up."""
    contest = Contest("Nowhere Special", date(2025, 5, 1), "by", (
        Candidate("A. Person", "Lab", 1_200), Candidate("B. Person", "Con", 1_000)))
    assert elections.previous(contest) is None
    assert elections.seat_history(contest) == []
    card = card_of(contest)
    assert card["result"] == "Lab win"
    assert card["majority"] == {"votes": 200, "share": pytest.approx(100 * 200 / 2_200)}
    assert (card["electorate"], card["rejected"]) == (None, None)
    assert (card["turnout"]["valid"], card["turnout"]["ballot_box"]) == (None, None)
    assert card["held_since"] is None and card["history"] == []


def test_held_since_with_no_history_or_a_pooled_label() -> None:
    orders = elections.election_orders()
    assert held_since([], "Con", orders) is None
    leigh = elections.seat_history(elections.find_contest("Leigh", election="2019"))
    assert held_since(leigh, "Oth", orders) is None  # "Oth" pools different people


def test_a_renamed_seat_keeps_its_history() -> None:
    """Orkney and Shetland was "Orkney And Zetland" in 1955–1970: Liberal since 1950."""
    contest = elections.find_contest("Orkney and Shetland", election="2019")
    assert core(card_of(contest)["held_since"]) == since("LD", 1950)


def test_a_run_behind_a_pooled_result_is_open() -> None:
    """Before 2010 the Library's series pools Sinn Féin as "other", so West Tyrone's run can
    only be said to reach back at least to 2010."""
    contest = elections.find_contest("West Tyrone", election="2019")
    assert core(card_of(contest)["held_since"]) == {"party": "SF", "year": 2010,
                                                    "election": "2010", "at_least": True}

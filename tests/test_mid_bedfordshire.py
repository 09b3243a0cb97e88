"""The running example: every figure DESIGN.md gives for Mid Bedfordshire 2023."""

from __future__ import annotations

from datetime import date

import pytest

from swingometer import elections
from swingometer.analysis.card import ResultCard, result_card


@pytest.fixture(scope="module")
def card() -> ResultCard:
    contest = elections.find_contest("Mid Bedfordshire", on=date(2023, 10, 19))
    return result_card(contest, elections.previous(contest), elections.seat_history(contest),
                       elections.election_orders())


def test_contest_identity(card: ResultCard) -> None:
    assert card.contest.id == "parl.mid-bedfordshire.by.2023-10-19"
    assert card.contest.ons_id == "E14000813"
    assert card.contest.kind == "by"
    assert len(card.candidates) == 13


def test_result_and_winner(card: ResultCard) -> None:
    assert card.result.text == "Lab gain from Con" == card.declared_result
    assert (card.result.winner, card.result.loser, card.result.gain) == ("Lab", "Con", True)
    assert card.result_pa is not None and card.result_pa.text == "Lab gain from Con"
    assert card.changed_hands and not card.regained
    assert card.winner.candidate == "Alistair Strathern"
    assert card.winner.votes == 13_872
    assert round(card.winner.share, 2) == 34.07
    assert card.runner_up is not None
    assert card.runner_up.party == "Con" and card.runner_up.votes == 12_680


def test_majority_and_turnout(card: ResultCard) -> None:
    assert card.majority.votes == 1_192
    assert round(card.majority.share, 2) == 2.93
    assert (card.electorate, card.valid_votes, card.rejected) == (92_578, 40_720, 102)
    assert round(card.turnout.valid or 0, 2) == 43.98
    assert round(card.turnout.ballot_box or 0, 2) == 44.09


def test_against_2019(card: ResultCard) -> None:
    previous = card.previous
    assert previous is not None
    assert previous.date == date(2019, 12, 12) and previous.winner.party == "Con"
    assert previous.winner.votes == 38_692
    assert previous.majority.votes == 24_664
    assert card.majority_overturned == 24_664
    swing = card.swing
    assert swing is not None
    assert (swing.method, swing.frm, swing.to) == ("butler", "Con", "Lab")
    assert round(swing.points or 0, 2) == 20.52
    assert card.swing_note is None  # both parties stood both times; Steed agrees in sign
    lib_dems = next(c for c in card.candidates if c.party == "LD")
    assert round(lib_dems.previous_share or 0, 2) == 12.63
    assert round(lib_dems.share, 2) == 23.13


def test_held_since(card: ResultCard) -> None:
    assert card.held_since is not None
    assert (card.held_since.party, card.held_since.year, card.held_since.election,
            card.held_since.at_least) == ("Con", 1931, "1931", False)
    assert [h.party for h in card.history] == ["Con"] * 4
    assert card.sitting is not None and (card.sitting.party, card.sitting.year) == ("Con", 2019)


def test_the_json_contract(card: ResultCard) -> None:
    data = card.as_dict()
    assert data["contest"]["date"] == "2023-10-19" and data["result"] == "Lab gain from Con"
    assert data["swing"] == {"method": "butler", "from": "Con", "to": "Lab",
                             "points": card.swing.points if card.swing else None}
    assert data["held_since"] is not None
    assert {k: data["held_since"][k] for k in ("party", "year", "election", "at_least")} == {
        "party": "Con", "year": 1931, "election": "1931", "at_least": False}

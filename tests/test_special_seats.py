"""Seats that need care: the Speaker's, and names with accents."""

from __future__ import annotations

from swingometer import elections
from swingometer.analysis.card import ResultCard, result_card
from swingometer.cli.story import contest_text
from swingometer.model import Contest


def card_of(contest: Contest) -> ResultCard:
    return result_card(contest, elections.previous(contest), elections.seat_history(contest),
                       elections.election_orders())


def test_a_new_speaker_has_no_swing_and_overturns_no_majority() -> None:
    """Chorley 2019: Lindsay Hoyle, Labour in 2017, stood as Speaker. The official label is
    "Spk gain from Lab", but no swing or majority overturned is quoted for the Speaker."""
    contest = elections.find_contest("Chorley", election="2019")
    card = card_of(contest)
    assert card.result.text == "Spk gain from Lab" == contest.declared_result
    assert card.result.gain and not card.changed_hands  # told as a hold
    assert card.speaker_seat is True
    assert (card.swing, card.steed_swing, card.majority_overturned) == (None, None, None)
    assert card.swing_note is not None and "Speaker" in card.swing_note
    assert card.majority.votes == 17_392
    story = contest_text(contest, "text", None)
    assert story.startswith("Lindsay Hoyle holds Chorley")
    assert "overturned" not in story and "swing" not in story.lower()


def test_the_speakers_seat_at_the_next_election() -> None:
    """Buckingham 2010: John Bercow held the seat as Speaker against a Conservative notional."""
    card = card_of(elections.find_contest("Buckingham", election="2010"))
    assert card.speaker_seat is True and card.swing is None
    assert card.majority_overturned is None


def test_an_accented_name_matches_its_plain_spelling() -> None:
    """Ynys Môn is "Ynys Mon" in the Library's series: Labour held it from 2001 to 2019."""
    for spelling in ("Ynys Môn", "ynys mon", "YNYS MON"):
        assert elections.find_contest(spelling, election="2019").ons_id == "W07000041"
    card = card_of(elections.find_contest("Ynys Mon", election="2015"))
    assert card.held_since is not None
    assert (card.held_since.party, card.held_since.year) == ("Lab", 2001)

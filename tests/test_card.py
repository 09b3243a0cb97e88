"""The typed results card on the real files: its JSON contract, its result labels under both
conventions, and swing quoted only between parties that stood at both contests."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from swingometer import elections
from swingometer.analysis.card import ResultCard
from swingometer.analysis.labels import label_of
from swingometer.model import Contest


def card_of(name: str, on: date) -> ResultCard:
    return elections.result_card(elections.find_contest(name, on=on))


def stood_both(card: ResultCard, party: str) -> bool:
    """Test-side: the party has a change in share (a share now and at the baseline)."""
    return any(c.party == party and c.change is not None for c in card.candidates)


def raw_share(contest: Contest, party: str) -> float:
    """Test-side: a party's share of the valid vote from the candidates' votes."""
    votes = sum(c.votes for c in contest.candidates)
    return 100 * sum(c.votes for c in contest.candidates if c.party == party) / votes


def change_of(card: ResultCard, party: str) -> float:
    (line,) = {c.party: c for c in card.candidates if c.party == party}.values()
    assert line.change is not None
    return line.change


# --- swing only between parties that stood at both contests --------------------------------


def test_rochdale_2024_by_election_swing_is_not_against_the_workers_party() -> None:
    # WPB (George Galloway) did not stand in 2019: no Lab→WPB swing; the two leading parties
    # that stood both times are the Conservatives (12.0%) and Labour (7.7%)
    contest = elections.find_contest("Rochdale", on=date(2024, 2, 29))
    card = elections.result_card(contest)
    assert card.result.text == "WPB gain from Lab"
    assert card.swing is not None and card.steed_swing is not None
    assert (card.swing.frm, card.swing.to) == ("Lab", "Con")  # Labour fell further
    before = elections.previous(contest)
    assert before is not None
    lab = raw_share(contest, "Lab") - raw_share(before, "Lab")
    con = raw_share(contest, "Con") - raw_share(before, "Con")
    assert card.swing.points == pytest.approx((con - lab) / 2)
    assert round(card.swing.points, 2) == 12.32
    assert card.swing_note is not None and "Workers Party" in card.swing_note


def test_richmond_park_2016_no_conservative_swing() -> None:
    # Zac Goldsmith stood as an independent: the Conservatives did not stand in 2016
    card = card_of("Richmond Park", date(2016, 12, 1))
    assert card.result.text == "LD gain from Con"
    assert card.swing is not None and {card.swing.frm, card.swing.to} == {"LD", "Lab"}
    assert card.swing.points == pytest.approx(19.55, abs=0.01)
    assert card.swing_note is not None and "Conservatives" in card.swing_note


@pytest.mark.parametrize(("seat", "day", "missing"), [
    ("Batley and Spen", date(2016, 10, 20), "ED"),
    ("Southend West", date(2022, 2, 3), "PSY"),
])
def test_no_swing_where_only_the_winner_stood_both_times(seat: str, day: date,
                                                        missing: str) -> None:
    # the main parties stood aside; the runner-up had not stood at the general election
    card = card_of(seat, day)
    assert card.result.hold
    assert card.swing is None and card.steed_swing is None
    assert card.swing_note
    data = card.as_dict()
    assert data["swing"] is None and data["steed_swing"] is None and data["swing_note"]


def test_rochdale_2024_general_election_swing_between_parties_that_stood_both_times() -> None:
    card = card_of("Rochdale", date(2024, 7, 4))
    assert card.swing is not None and "WPB" not in (card.swing.frm, card.swing.to)
    assert card.swing_note


def test_mid_bedfordshire_keeps_the_conventional_pair() -> None:
    card = card_of("Mid Bedfordshire", date(2023, 10, 19))
    assert card.swing is not None and (card.swing.frm, card.swing.to) == ("Con", "Lab")
    assert card.swing_note is None
    assert round(card.swing.points or 0, 2) == 20.52


def _every_card() -> list[tuple[Contest, ResultCard]]:
    contests = list(elections.by_elections()) + list(elections.contests("2024"))
    return [(c, elections.result_card(c)) for c in contests]


@pytest.fixture(scope="module")
def every_card() -> list[tuple[Contest, ResultCard]]:
    return _every_card()


def test_every_swing_is_between_parties_that_stood_both_times(
        every_card: list[tuple[Contest, ResultCard]]) -> None:
    quoted = 0
    for contest, card in every_card:
        if card.swing is None:
            assert card.previous is None or card.swing_note, contest.id
            continue
        quoted += 1
        for code in (card.swing.frm, card.swing.to):
            assert stood_both(card, code), (contest.id, code)
        assert card.swing.points == pytest.approx(
            (change_of(card, card.swing.to) - change_of(card, card.swing.frm)) / 2)
    assert quoted > 600


def test_butler_and_steed_of_opposite_sign_are_explained(
        every_card: list[tuple[Contest, ResultCard]]) -> None:
    opposite = 0
    for contest, card in every_card:
        if card.swing is None or card.steed_swing is None:
            continue
        butler, steed = card.swing.points, card.steed_swing.points
        if butler is not None and steed is not None and butler * steed < 0:
            opposite += 1
            assert card.swing_note and "Steed" in card.swing_note, contest.id
    assert opposite >= 0


# --- result labels: both conventions --------------------------------------------------------


def test_labels_are_typed_values() -> None:
    gain, hold = label_of("Lab", "Con"), label_of("RUK", "BRX")
    assert (gain.gain, gain.loser, gain.text) == (True, "Con", "Lab gain from Con")
    assert (hold.hold, hold.loser, hold.text) == (True, None, "RUK hold")
    assert label_of("Con", None).outcome == "win"


def test_both_conventions_on_the_card() -> None:
    card = card_of("Mid Bedfordshire", date(2023, 10, 19))
    assert card.result.convention == "library" and card.result.text == "Lab gain from Con"
    assert card.result_pa is not None and card.result_pa.convention == "pa"
    assert card.sitting is not None and card.sitting.party == "Con"
    assert card.result_pa.text == "Lab gain from Con"
    data = card.as_dict()
    assert data["results"]["library"]["label"] == data["result"] == "Lab gain from Con"
    assert data["results"]["pa"]["label"] == data["result_pa"] == "Lab gain from Con"


def test_pa_label_measures_against_the_sitting_member(
        every_card: list[tuple[Contest, ResultCard]]) -> None:
    for contest, card in every_card:
        if card.sitting is None:
            assert card.result_pa is None, contest.id
            continue
        assert card.result_pa == label_of(card.winner.party, card.sitting.party, "pa")


def test_rochdale_2024_is_a_hold_and_a_regain() -> None:
    card = card_of("Rochdale", date(2024, 7, 4))
    assert card.result.text == "Lab hold"
    assert card.sitting is not None and card.sitting.kind == "by"
    assert card.sitting.election == "February 2024 by-election"
    assert card.result_pa is not None and card.result_pa.text == "Lab gain from WPB"
    assert card.regained


# --- the JSON contract ----------------------------------------------------------------------

CONTRACT = {"contest", "result", "declared_result", "winner", "runner_up", "majority",
            "turnout", "electorate", "valid_votes", "rejected", "previous",
            "majority_overturned", "swing", "steed_swing", "speaker_seat", "held_since",
            "history", "corrections", "candidates"}


def test_as_dict_keeps_every_key_and_is_json(
        every_card: list[tuple[Contest, ResultCard]]) -> None:
    for _, card in every_card[:50]:
        data = card.as_dict()
        assert set(data) >= CONTRACT | {"swing_note", "result_pa", "results", "sitting"}
        assert json.loads(card.to_json()) == data


def test_the_card_view_shows_both_conventions_and_the_swing_note() -> None:
    from rich.console import Console

    from swingometer.report.tables import card_view

    console = Console(record=True, width=400, color_system=None)
    console.print(card_view(card_of("Richmond Park", date(2016, 12, 1))))
    shown = console.export_text()
    assert "Result LD gain from Con (against the 2015 general election; Commons Library" in shown
    assert "Result LD gain from Con against the sitting member (Con, elected at the 2015 " \
        "general election; PA convention)" in shown
    assert "Swing Lab→LD: 19.54 points (Butler)" in shown
    assert "The Conservatives did not stand this time" in shown


# --- the published JSON Schema ------------------------------------------------------------

SCHEMA = Path(__file__).parent.parent / "docs" / "card.schema.json"


def test_the_published_schema_is_generated_from_the_type() -> None:
    from swingometer.analysis.card_json import card_schema

    assert json.loads(SCHEMA.read_text(encoding="utf-8")) == card_schema(), \
        "docs/card.schema.json is stale: regenerate it (docs/card.md says how)"


def test_every_card_keeps_the_published_schema(
        every_card: list[tuple[Contest, ResultCard]]) -> None:
    import jsonschema_rs

    check = jsonschema_rs.validator_for(json.loads(SCHEMA.read_text(encoding="utf-8")))
    for contest, card in every_card:
        errors = [e.message for e in check.iter_errors(json.loads(card.to_json()))]
        assert not errors, (contest.id, errors[:3])
    bad = every_card[0][1].as_dict() | {"swing": {"from": "Con"}}
    assert not check.is_valid(bad)


def test_result_json_prints_the_card_with_both_conventions_and_the_swing_note() -> None:
    from typer.testing import CliRunner

    from swingometer.cli import app

    run = CliRunner().invoke(app, ["result", "Batley and Spen", "--date", "2016-10-20",
                                   "--json"])
    assert run.exit_code == 0, run.output
    data = json.loads(run.output)
    assert (data["result"], data["result_pa"]) == ("Lab hold", "Lab hold")
    assert data["results"]["library"]["outcome"] == "hold"
    assert data["swing"] is None and data["steed_swing"] is None
    assert data["swing_note"].startswith("No swing: ")
    assert data == card_of("Batley and Spen", date(2016, 10, 20)).as_dict()

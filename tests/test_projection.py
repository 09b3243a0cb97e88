"""Seat projection on the real files: the baseline matrices, every model behind one interface,
the rescaling rule, regions, successions, the Speaker, tactical voting and bad inputs."""

from __future__ import annotations

import math

import numpy as np
import pytest

from swingometer import elections
from swingometer.errors import ChoiceError, DataError, SwingometerError
from swingometer.projection import Projection, load_baseline, methods, project, project_change
from swingometer.projection.baseline import REGIONS
from swingometer.projection.targets import ShareError

#: the 2024 Great Britain shares, as the issue gives them
GB_2024 = {"Lab": 34.7, "Con": 24.4, "LD": 12.6, "RUK": 14.7, "Green": 6.9, "SNP": 2.6,
           "PC": 0.7}
BASELINES = ("2010", "2015", "2017", "2019", "2019-notional", "2024", "2005-notional")
#: seats won, as Parliament gives them (PROVENANCE.md)
WINNERS = {"2010": {"Con": 306}, "2015": {"Con": 330}, "2017": {"Con": 317},
           "2019": {"Con": 365, "Lab": 202}, "2024": {"Lab": 411, "Con": 121, "LD": 72},
           "2019-notional": {"Con": 372, "Lab": 200}}


# --- the baseline matrices -------------------------------------------------------------------


@pytest.mark.parametrize("key", BASELINES)
def test_baseline_matrix_holds_every_vote_of_every_seat(key: str) -> None:
    base = load_baseline(key)
    contests = {c.ons_id: c for c in elections.contests(key)}
    assert base.n_seats == 650 == len(contests)
    assert np.allclose(base.shares.sum(axis=1), 1.0)
    valid = np.array([contests[code].valid_votes for code in base.ons_ids])
    assert np.array_equal(base.valid, valid)
    winners = [base.parties[i] for i in base.winners()]
    assert winners == [contests[code].winner.party for code in base.ons_ids]
    for party, seats in WINNERS.get(key, {}).items():
        assert winners.count(party) == seats


def test_notional_regions_come_from_the_2024_contests_by_gss_code() -> None:
    base = load_baseline("2019-notional")
    later = {c.ons_id: c.region for c in elections.contests("2024")}
    assert all(REGIONS[r] == later[code] for code, r in zip(base.ons_ids, base.region,
                                                             strict=True))
    assert np.bincount(base.region).tolist() == [27, 73, 54, 47, 57, 61, 75, 91, 58, 32, 57, 18]


def test_brexit_party_votes_are_reform_uks_baseline() -> None:
    base = load_baseline("2019")
    assert "RUK" in base.parties and "BRX" not in base.parties
    assert base.column("BRX") == base.column("RUK")
    brexit = sum(c.party_votes().get("BRX", 0) for c in elections.contests("2019"))
    assert base.votes[:, base.column("RUK")].sum() == brexit == 644_257


def test_great_britain_shares_leave_out_northern_ireland() -> None:
    base = load_baseline("2024")
    shares = dict(zip(base.parties, base.national_shares(), strict=True))
    gb = [c for c in elections.contests("2024") if not (c.ons_id or "").startswith("N")]
    labour = sum(c.party_votes().get("Lab", 0) for c in gb) / sum(c.valid_votes for c in gb)
    assert shares["Lab"] == pytest.approx(labour) and round(100 * labour, 1) == 34.6
    assert round(100 * shares["RUK"], 1) == 14.7 and shares["DUP"] == 0.0


# --- every model behind one interface -------------------------------------------------------


@pytest.mark.parametrize("key", BASELINES)
@pytest.mark.parametrize("method", list(methods()))
def test_zero_change_reproduces_the_baseline_winners(key: str, method: str) -> None:
    base = load_baseline(key)
    projection = project(base, {}, method)
    assert np.array_equal(projection.winner_index, base.winners())
    assert projection.changes == []


@pytest.mark.parametrize("method", list(methods()))
def test_every_seat_is_accounted_for(method: str) -> None:
    projection = project("2019-notional", GB_2024, method)
    assert sum(projection.seats.values()) == 650
    assert len(projection.winners) == 650
    assert np.allclose(projection.seat_shares.sum(axis=1), 1.0)
    assert (projection.seat_shares >= 0).all()


def test_methods_name_their_sources() -> None:
    found = methods()
    assert {"uns", "proportional", "transition", "strong-transition", "regional-uns",
            "regional-proportional", "regional-transition", "regional-strong-transition",
            "tactical", "ours"} <= set(found)
    for description, source in found.values():
        assert description and source


def test_uniform_swing_adds_the_national_change_to_every_seat() -> None:
    base = load_baseline("2019-notional")
    projection = project(base, {"Con": 40.0, "Lab": 37.0})
    moving = projection.moving
    # the Speaker's seat does not move, so the rest of Great Britain carries its share of the
    # change: the GB totals hold exactly
    carried = base.valid[base.gb].sum() / base.valid[moving].sum()
    change = (projection.targets.gb - base.national_shares()) * carried
    expected = base.shares[moving] + change
    kept = (expected >= 0).all(axis=1)  # seats where nothing had to be clipped
    assert kept.sum() > 600
    assert np.allclose(projection.seat_shares[moving][kept], expected[kept])


def test_proportional_swing_scales_each_seat_by_the_national_ratio() -> None:
    base = load_baseline("2019-notional")
    projection = project(base, {"Con": 30.0}, "proportional")
    before = base.national_shares()
    ratio = np.divide(projection.targets.gb, before, out=np.ones_like(before),
                      where=before > 0)
    i = base.ons_ids.index("E14001359")  # Mid Bedfordshire
    assert ratio[base.column("Con")] < 0.75  # the Conservatives really fall
    raw = base.shares[i] * ratio
    # (the Speaker's seat does not move, so the rest carries a hair more: within 0.1 points)
    assert np.allclose(projection.seat_shares[i], raw / raw.sum(), atol=1e-3)


def test_transition_keeps_shares_within_bounds_and_national_totals() -> None:
    base = load_baseline("2019-notional")
    projection = project(base, GB_2024, "transition")
    gb = base.gb & projection.moving
    votes = projection.seat_shares[gb] * base.valid[gb, None]
    national = votes.sum(axis=0) / votes.sum()
    wanted = projection.targets.gb
    assert np.abs(national - wanted).max() < 0.005  # Speaker's seat and rounding only
    con = base.column("Con")
    ratio = projection.targets.gb[con] / base.national_shares()[con]
    assert np.allclose(projection.seat_shares[gb, con], base.shares[gb, con] * ratio)


def test_strong_transition_spares_strong_support_and_takes_a_threshold() -> None:
    base = load_baseline("2019-notional")
    weak = project(base, GB_2024, "strong-transition")
    stronger = project(base, GB_2024, "strong-transition", threshold=40)
    con = base.column("Con")
    safest = int(np.argmax(np.where(base.gb, base.shares[:, con], 0)))
    loss_20 = base.shares[safest, con] - weak.seat_shares[safest, con]
    plain = project(base, GB_2024, "transition")
    loss_plain = base.shares[safest, con] - plain.seat_shares[safest, con]
    assert loss_20 < loss_plain  # the strongest seat loses less than in the plain model
    assert weak.seat_shares[safest, con] != stronger.seat_shares[safest, con]


def test_negative_shares_are_clipped_and_the_seat_renormalised() -> None:
    base = load_baseline("2019-notional")
    projection = project_change(base, {"Con": -40.0, "Lab": 40.0}, "uns")
    con = base.column("Con")
    carried = base.valid[base.gb].sum() / base.valid[projection.moving].sum()
    raw = base.shares + (projection.targets.gb - base.national_shares()) * carried
    clipped = (raw < 0).any(axis=1) & projection.moving
    assert clipped.sum() > 100
    assert (projection.seat_shares >= 0).all()
    i = int(np.flatnonzero(clipped)[0])
    expected = np.clip(raw[i], 0, None)
    assert np.allclose(projection.seat_shares[i], expected / expected.sum())
    assert projection.seat_shares[i, con] == 0 or raw[i, con] > 0


def test_the_speaker_keeps_the_speakers_seat() -> None:
    base = load_baseline("2024")
    projection = project(base, {"Lab": 20.0, "Con": 45.0})
    chorley = base.ons_ids.index(next(c.ons_id for c in elections.contests("2024")
                                      if c.constituency == "Chorley"))
    assert projection.winners[base.ons_ids[chorley]] == "Spk"
    assert np.array_equal(projection.seat_shares[chorley], base.shares[chorley])


def test_northern_ireland_moves_only_when_given() -> None:
    base = load_baseline("2024")
    ni = ~base.gb
    plain = project(base, GB_2024 | {"Lab": 20.0, "Con": 40.0})
    assert np.array_equal(plain.seat_shares[ni], base.shares[ni])
    assert any("Northern Ireland stays at its baseline" in n for n in plain.notices)
    moved = project(base, {}, regions={"Northern Ireland": {"SF": 40.0, "DUP": 10.0}})
    assert not np.array_equal(moved.seat_shares[ni], base.shares[ni])
    assert moved.seats["SF"] > 7


# --- shares: the rescaling rule, regions, change vectors -------------------------------------


def test_named_parties_take_their_shares_and_the_unnamed_absorb_the_difference() -> None:
    base = load_baseline("2019-notional")
    projection = project(base, GB_2024)
    before = dict(zip(base.parties, 100 * base.national_shares(), strict=True))
    rest = sum(v for p, v in before.items() if p not in GB_2024 and p != "Spk")
    factor = (100 - sum(GB_2024.values()) - before["Spk"]) / rest
    assert math.isclose(sum(projection.shares.values()), 100)
    for party, value in GB_2024.items():
        assert math.isclose(projection.shares[party], value)
    assert math.isclose(projection.shares["Ind"], before["Ind"] * factor)
    assert math.isclose(projection.shares["Spk"], before["Spk"])  # the Speaker never moves
    assert any("scaled by" in n and "Great Britain" in n for n in projection.notices)


def test_one_share_moves_that_party_and_seats() -> None:
    """``--share Lab=40`` as on Electoral Calculus: Labour on 40%, everyone else shrunk."""
    base = load_baseline("2024")
    projection = project(base, {"Lab": 40})
    before = dict(zip(base.parties, 100 * base.national_shares(), strict=True))
    assert math.isclose(projection.shares["Lab"], 40)
    factor = (100 - 40 - before["Spk"]) / (100 - before["Lab"] - before["Spk"])
    assert math.isclose(projection.shares["Con"], before["Con"] * factor)
    assert projection.seats["Lab"] > 411 + 40 and projection.seats["Con"] < 121


def test_shares_and_changes_combine_and_a_party_in_both_is_refused() -> None:
    base = load_baseline("2024")
    before = dict(zip(base.parties, 100 * base.national_shares(), strict=True))
    both = project(base, {"Lab": 30}, change={"Con": 5})
    assert math.isclose(both.shares["Lab"], 30)
    assert math.isclose(both.shares["Con"], before["Con"] + 5)
    with pytest.raises(ShareError, match="both a share") as raised:
        project(base, {"Lab": 30}, change={"Lab": 5})
    assert raised.value.exit_code == 2


def test_one_parser_for_typed_shares() -> None:
    from swingometer.cli.chart import _parse_shares
    from swingometer.projection.shares import parse_shares

    assert parse_shares(["Lab=40", "Con=24.5,LD=12"]) == {"Lab": 40, "Con": 24.5, "LD": 12}
    with pytest.raises(ShareError) as raised:
        parse_shares(["Lab=4x0", "Con", "LD=1", "LD=2"])
    assert len(raised.value.problems) == 3 and raised.value.exit_code == 2
    with pytest.raises(ShareError) as again:
        _parse_shares(["Lab=4x0", "Con", "LD=1", "LD=2"])
    assert str(again.value) == str(raised.value)


def test_shares_that_make_100_are_used_as_given() -> None:
    base = load_baseline("2024")
    exact = {p: 100 * float(v) for p, v in zip(base.parties, base.national_shares(),
                                               strict=True)}
    projection = project(base, exact)
    assert not any("scaled" in n for n in projection.notices)
    assert projection.seats == projection.baseline_seats


def test_regional_shares_move_their_region_and_the_rest_keeps_gb_totals() -> None:
    base = load_baseline("2019-notional")
    projection = project(base, GB_2024, "uns", regions={"Scotland": {"SNP": 30, "Lab": 35.3}})
    scotland = base.region == REGIONS.index("Scotland")
    votes = projection.seat_shares[scotland] * base.valid[scotland, None]
    regional = votes.sum(axis=0) / votes.sum()
    assert abs(100 * regional[base.column("SNP")] - projection.as_dict()["regions"]["Scotland"]
               ["SNP"]) < 0.5
    gb = base.gb & projection.moving
    votes = projection.seat_shares[gb] * base.valid[gb, None]
    national = votes.sum(axis=0) / votes.sum()
    lab = base.column("Lab")
    assert abs(national[lab] - projection.targets.gb[lab]) < 0.004


def test_a_change_vector_is_a_butler_swing_slider() -> None:
    base = load_baseline("2024")
    swing = project_change(base, {"Con": 5, "Lab": -5})
    before = dict(zip(base.parties, 100 * base.national_shares(), strict=True))
    assert math.isclose(swing.shares["Con"], before["Con"] + 5)
    assert math.isclose(swing.shares["Lab"], before["Lab"] - 5)
    assert not any("scaled" in n for n in swing.notices)
    assert swing.seats["Con"] > 121 and swing.seats["Lab"] < 411
    assert project_change(base, {}).changes == []


def test_as_dict_is_the_json_contract() -> None:
    found = project("2019-notional", GB_2024, "uns").as_dict()
    assert found["method"] == "uns" and found["baseline"] == "2019-notional"
    assert sum(found["seats"].values()) == 650
    assert ("majority" in found) != ("hung" in found)
    change = found["changes"][0]
    assert set(change) == {"ons_id", "constituency", "from", "to"}
    assert math.isclose(sum(found["shares"].values()), 100)


def test_majority_is_seats_minus_all_other_seats() -> None:
    projection = project("2024", {})
    assert projection.majority == {"party": "Lab", "size": 2 * 411 - 650}
    hung = project("2019-notional", GB_2024, "uns")
    assert hung.majority is None and hung.as_dict()["hung"] is True


# --- tactical voting --------------------------------------------------------------------------


def test_tactical_lending_moves_votes_to_the_top_two_net_of_the_baseline() -> None:
    base = load_baseline("2019-notional")
    plain = project(base, GB_2024, "uns")
    lent = project(base, GB_2024, "uns", tactical={"Green": {"LD": 1.0}})
    green, ld = base.column("Green"), base.column("LD")
    moved = lent.seat_shares[:, ld] - plain.seat_shares[:, ld]
    assert (moved > 0).any()
    assert lent.seats["LD"] >= plain.seats["LD"]
    assert np.allclose(lent.seat_shares.sum(axis=1), 1.0)
    assert (lent.seat_shares[:, green] <= plain.seat_shares[:, green] + 1e-9).sum() > 300


# --- bad inputs: one clear error each, listing every problem ----------------------------------


def test_shares_above_100_are_an_error() -> None:
    with pytest.raises(ShareError, match="sum to 110"):
        project("2024", {"Lab": 60, "Con": 50})


def test_negative_and_non_numeric_shares_are_all_listed() -> None:
    with pytest.raises(ShareError) as raised:
        project("2024", {"Lab": -3, "Con": float("nan"), "LD": 120})
    assert len(raised.value.problems) == 3
    assert isinstance(raised.value, DataError) and isinstance(raised.value, ValueError)


def test_every_party_named_short_of_100_is_an_error() -> None:
    base = load_baseline("2024")
    every = {p: 50 * float(v) for p, v in zip(base.parties, base.national_shares(),
                                              strict=True)}
    with pytest.raises(ShareError, match="no party not named"):
        project(base, every)


def test_unknown_parties_are_listed_with_the_valid_ones() -> None:
    with pytest.raises(ChoiceError) as raised:
        project("2024", {"Labour Party": 40, "Kon": 20})
    assert "Labour Party, Kon" in str(raised.value)
    assert "Lab" in raised.value.choices and raised.value.exit_code == 2


def test_an_unknown_method_lists_the_valid_ones() -> None:
    with pytest.raises(ChoiceError, match=r"choose from: .*strong-transition"):
        project("2024", {}, "cube-law")


def test_an_unknown_region_option_or_baseline_is_an_error() -> None:
    with pytest.raises(ChoiceError, match="region"):
        project("2024", {}, regions={"Mercia": {"Lab": 40}})
    with pytest.raises(ChoiceError, match="threshold"):
        project("2024", {}, "uns", threshold=20)
    with pytest.raises(ChoiceError, match="baseline"):
        project("by-2019", {})


def test_a_bad_tactical_matrix_lists_every_problem() -> None:
    with pytest.raises(DataError) as raised:
        project("2024", {}, tactical={"Green": {"Lab": 0.8, "LD": 0.4}, "Xyz": {"Lab": 0.1},
                                      "LD": {"Lab": -1}})
    assert len(raised.value.problems) == 3


def test_a_change_that_drives_a_share_below_zero_is_an_error() -> None:
    with pytest.raises(ShareError, match="Green would fall"):
        project_change("2024", {"Green": -10})


def test_every_error_is_a_swingometer_error() -> None:
    for bad in ({"Lab": 200}, {"Nope": 1}):
        with pytest.raises(SwingometerError):
            project("2024", bad)


def test_projection_is_the_exported_type() -> None:
    assert isinstance(project("2024", {}), Projection)

"""Mid Bedfordshire 2023 repeated nationally, on the real files: the changes against 2019, the
additive and proportional Houses, the claim that the Lib Dems "would win dozens of seats off
the Conservatives", and the 2019–24 evidence that by-election gains do not all last."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from swingometer import elections
from swingometer.analysis import change, shares
from swingometer.errors import NotFoundError
from swingometer.projection.byelection import ByElectionProjection, caveat, repeat_nationally

MID_BEDS = date(2023, 10, 19)


@pytest.fixture(scope="module")
def mid_beds() -> ByElectionProjection:
    return repeat_nationally("Mid Bedfordshire", MID_BEDS)


def test_changes_are_the_results_cards(mid_beds: ByElectionProjection) -> None:
    contest = elections.find_contest("Mid Bedfordshire", on=MID_BEDS)
    previous = elections.previous(contest)
    assert previous is not None
    card = change(shares(contest), shares(previous))
    for party in ("Con", "Lab", "LD", "Green"):
        assert mid_beds.change[party] == pytest.approx(card[party])
    assert round(mid_beds.change["Con"], 2) == -28.65
    assert mid_beds.baseline == "2019" and mid_beds.previous.date == date(2019, 12, 12)
    assert sum(mid_beds.change.values()) == pytest.approx(0.0, abs=1e-9)


def test_additive_moves_every_great_britain_seat_by_the_same_points(
        mid_beds: ByElectionProjection) -> None:
    p = mid_beds.additive
    base = p.baseline
    delta = np.array([mid_beds.change.get(party, 0.0) / 100 for party in base.parties])
    raw = base.shares + delta
    untouched = p.moving & (raw >= 0).all(axis=1)
    assert untouched.sum() > 50
    assert np.allclose(p.seat_shares[untouched], raw[untouched])
    assert not p.moving[base.speaker].any() and not p.moving[~base.gb].any()
    assert sum(p.seats.values()) == 650


def test_proportional_scales_each_seat_by_the_by_election_ratio(
        mid_beds: ByElectionProjection) -> None:
    p = mid_beds.proportional
    base = p.baseline
    con, lab = base.column("Con"), base.column("Lab")
    i = base.ons_ids.index("E14000813")  # Mid Bedfordshire itself comes out as the by-election
    assert p.winners["E14000813"] == "Lab"
    assert p.seat_shares[i, con] == pytest.approx(12_680 / 40_720, abs=1e-9)
    assert p.seat_shares[i, lab] == pytest.approx(13_872 / 40_720, abs=1e-9)


def test_the_lib_dems_would_win_dozens_of_seats_off_the_conservatives(
        mid_beds: ByElectionProjection) -> None:
    additive = mid_beds.gains(mid_beds.additive)
    proportional = mid_beds.gains(mid_beds.proportional)
    assert additive["LD gain from Con"] == 63 and proportional["LD gain from Con"] == 76
    assert mid_beds.additive.seats["Lab"] == 430 and mid_beds.proportional.seats["Lab"] == 443
    # ...while Labour would win far more: the claim is true of the arithmetic, not the point
    assert additive["Lab gain from Con"] > 3 * additive["LD gain from Con"]


def test_implied_national_shares_are_the_projected_seats(
        mid_beds: ByElectionProjection) -> None:
    p = mid_beds.additive
    assert p.shares == pytest.approx(p.implied_shares)
    assert sum(p.shares.values()) == pytest.approx(100)
    assert p.shares["Lab"] > p.shares["LD"] > p.shares["Con"]


def test_by_election_gains_of_2019_24_mostly_held() -> None:
    found = caveat("by-2019")
    assert len(found.gains) == 14 and found.held == 11
    lost = {g["constituency"]: g["next_winner"] for g in found.gains if not g["held"]}
    assert lost == {"Hartlepool": "Lab", "Mid Bedfordshire": "Con", "Rochdale": "Lab"}
    assert "11 were held" in found.text() and "overstate" in found.text()


def test_on_the_new_boundaries_too() -> None:
    found = repeat_nationally("Mid Bedfordshire", MID_BEDS, baseline="2019-notional")
    assert found.baseline == "2019-notional" and sum(found.additive.seats.values()) == 650
    assert found.as_dict()["caveat"]["held"] == 11


def test_a_date_without_a_by_election_is_not_found() -> None:
    with pytest.raises(NotFoundError):
        repeat_nationally("Mid Bedfordshire", date(2023, 10, 20))
    with pytest.raises(NotFoundError, match="by-election"):
        repeat_nationally("Mid Bedfordshire", date(2019, 12, 12))

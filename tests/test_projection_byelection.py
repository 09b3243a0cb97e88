"""Mid Bedfordshire 2023 repeated nationally, on the real files: the changes against 2019, the
two answers (mirrored literally, additive and proportional; as history suggests), the claim
that the Lib Dems "would win dozens of seats off the Conservatives", independents that gain no
seat, one night's by-elections as one signal, the 2024 outcome, and the 2019–24 evidence that
by-election gains do not all last."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from swingometer import elections
from swingometer.analysis import change, shares
from swingometer.errors import NotFoundError
from swingometer.projection import baseline as baselines
from swingometer.projection.byelection import (
    LOCAL,
    ByElectionProjection,
    caveat,
    column_shares,
    combine,
    contested,
    find_by_election,
    on_night,
    repeat_nationally,
)

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
    # the local independent's +3.3 and the pooled minor candidates do not transfer
    assert mid_beds.change["Ind"] == 0.0 and mid_beds.change["Oth"] == 0.0
    base = baselines.load("2019")
    ind = base.column("Ind")
    local = column_shares(base, contest)[ind] - column_shares(base, previous)[ind]
    assert 100 * local == pytest.approx(3.3, abs=0.05)
    assert any("Ind" in n for n in mid_beds.notices)


def test_additive_moves_every_great_britain_seat_by_the_same_points(
        mid_beds: ByElectionProjection) -> None:
    p = mid_beds.additive
    base = p.baseline
    delta = np.array([mid_beds.change.get(party, 0.0) / 100 for party in base.parties])
    raw = base.shares + delta
    untouched = p.moving & (raw >= 0).all(axis=1)
    assert untouched.sum() > 50
    # the points change moves every party that contests England's seats; renormalised because
    # the independent's and local candidates' share is not handed on
    settled = raw[untouched] / raw[untouched].sum(axis=1, keepdims=True)
    assert np.allclose(p.seat_shares[untouched], settled)
    assert not p.moving[base.speaker].any() and not p.moving[~base.gb].any()
    assert sum(p.seats.values()) == 650


def test_proportional_scales_each_seat_by_the_by_election_ratio(
        mid_beds: ByElectionProjection) -> None:
    p = mid_beds.proportional
    base = p.baseline
    con, lab = base.column("Con"), base.column("Lab")
    i = base.ons_ids.index("E14000813")
    # Mid Bedfordshire itself comes out as the by-election for every party that moves (the
    # independent and the minor candidates stay at their 2019 shares; the seat renormalised)
    assert p.winners["E14000813"] == "Lab"
    assert p.seat_shares[i, con] / p.seat_shares[i, lab] == pytest.approx(12_680 / 13_872)
    assert p.seat_shares[i, base.column("LD")] / p.seat_shares[i, lab] == pytest.approx(
        9_420 / 13_872)


def test_the_lib_dems_would_win_dozens_of_seats_off_the_conservatives(
        mid_beds: ByElectionProjection) -> None:
    additive = mid_beds.gains(mid_beds.additive)
    proportional = mid_beds.gains(mid_beds.proportional)
    assert additive["LD gain from Con"] == 63 and proportional["LD gain from Con"] == 76
    assert mid_beds.additive.seats["Lab"] == 431 and mid_beds.proportional.seats["Lab"] == 443
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


def test_no_phantom_independent_gains(mid_beds: ByElectionProjection) -> None:
    """The Conservatives' fall leaves a 2019 independent first in Beaconsfield, East Devon and
    South West Hertfordshire; an independent's vote is his own, and the by-election says
    nothing of it: it keeps a seat it holds and gains none."""
    for projection in (mid_beds.additive, mid_beds.proportional, mid_beds.history.projection):
        gains = [c for c in projection.changes if c["to"] in LOCAL]
        assert gains == []
        base = projection.baseline
        for name in ("Beaconsfield", "East Devon", "South West Hertfordshire"):
            i = base.constituencies.index(name)
            assert base.parties[int(base.winners()[i])] == "Con"
            assert base.shares[i, base.column("Ind")] > 0.25  # the independent was second
            assert projection.winners[base.ons_ids[i]] != "Ind"


def test_only_parties_contesting_a_nation_move() -> None:
    base = baselines.load("2019")
    home = contested(base)
    col = base.parties.index
    scotland = base.nation == 1
    assert home[scotland, col("SNP")].all() and not home[~scotland, col("SNP")].any()
    assert not home[:, col("Ind")].any() and not home[:, col("Oth")].any()
    assert not home[base.speaker].any() and not home[~base.gb].any()
    # Reform UK (the Brexit Party, 43% of English seats in 2019) moves; the Liberal Party
    # (a handful of seats) does not
    assert home[(base.nation == 0) & ~base.speaker, col("RUK")].all()
    assert not home[:, col("Lib")].any()


def test_the_speakers_seat_is_left_alone(mid_beds: ByElectionProjection) -> None:
    for projection in (mid_beds.additive, mid_beds.proportional, mid_beds.history.projection):
        base = projection.baseline
        assert np.array_equal(projection.seat_shares[base.speaker], base.shares[base.speaker])
        assert projection.seats["Spk"] == 1


def test_as_history_suggests_shrinks_and_ranges(mid_beds: ByElectionProjection) -> None:
    h = mid_beds.history
    for party in ("Con", "Lab", "LD"):
        assert abs(h.change[party]) < abs(mid_beds.change[party]) / 3
        assert h.change[party] == pytest.approx(h.ratios[party] * mid_beds.change[party])
    rng = h.range.seats
    for party in ("Con", "Lab", "LD"):
        assert rng[party]["p05"] <= h.projection.seats[party] <= rng[party]["p95"]
    # history says the Conservatives stay ahead: far from a "Lab majority of 210"
    assert h.projection.seats["Con"] > h.projection.seats["Lab"]
    assert h.projection.seats["LD"] < mid_beds.gains(mid_beds.additive)["LD gain from Con"]


def test_the_2024_outcome_on_notional_boundaries(mid_beds: ByElectionProjection) -> None:
    found = mid_beds.outcome
    assert found is not None and found.election == "2024"
    assert found.compared_with == "2019-notional"
    assert found.seats["Lab"] == 411 and found.seats["Con"] == 121 and found.seats["LD"] == 72
    assert found.seats_before["Con"] == 372 and found.seats_before["Lab"] == 200
    assert found.change["Con"] == pytest.approx(-20.4, abs=0.05)


def test_one_night_is_one_signal() -> None:
    night = on_night(MID_BEDS)
    assert sorted(c.constituency for c in night) == ["Mid Bedfordshire", "Tamworth"]
    both = combine(night)
    one = [repeat_nationally(c.constituency, MID_BEDS) for c in night]
    for party in ("Con", "Lab", "LD"):
        assert both.change[party] == pytest.approx(
            sum(p.change[party] for p in one) / 2)
    assert len(both.as_dict()["by_elections"]) == 2
    assert find_by_election("Tamworth").date == MID_BEDS


def test_by_elections_of_two_parliaments_are_refused() -> None:
    from swingometer.errors import ChoiceError

    with pytest.raises(ChoiceError):
        combine([find_by_election("Mid Bedfordshire"),
                 find_by_election("Richmond Park", date(2016, 12, 1))])


def test_a_party_that_stood_aside_tells_nothing() -> None:
    """Southend West 2022: Labour and the Lib Dems stood aside after Sir David Amess's murder;
    their absence is no fall in their support."""
    found = repeat_nationally("Southend West", date(2022, 2, 3))
    assert found.change.get("Lab", 0.0) == 0.0 and found.change.get("LD", 0.0) == 0.0
    # the Conservatives' rise against minor candidates is still mirrored
    assert found.change["Con"] > 10


def test_a_whole_parliament_is_one_signal() -> None:
    seats = [c for c in elections.contests("by-2019")]
    found = combine(seats)
    assert len(found.contests) == 23
    # the Conservatives' mean fall over the 23 by-elections, and the SNP's in Scotland only
    assert -20 < found.change["Con"] < -10
    scottish = [c for c in seats if c.country == "Scotland"]
    snp = [repeat_nationally(c.constituency, c.date).change["SNP"] for c in scottish]
    assert found.change["SNP"] == pytest.approx(sum(snp) / len(snp))

"""Simulated forecasts on the real files: seeded repeatability, conservation of seats,
probabilities that add up, fixed seats, and the JSON contract (small N keeps this quick)."""

from __future__ import annotations

import numpy as np
import pytest

from swingometer.errors import DataError
from swingometer.projection import Projection, project
from swingometer.projection.simulate import (
    ErrorSizes,
    Simulation,
    brier,
    calibration,
    simulate,
)

GB_2024 = {"Lab": 34.7, "Con": 24.4, "LD": 12.6, "RUK": 14.7, "Green": 6.9, "SNP": 2.6,
           "PC": 0.7}


@pytest.fixture(scope="module")
def projection() -> Projection:
    return project("2019-notional", GB_2024, "ours", simulate=500, seed=7)


def simulated(p: Projection) -> Simulation:
    assert p.simulation is not None
    return p.simulation


def test_seeded_runs_repeat_exactly(projection: Projection) -> None:
    again = project("2019-notional", GB_2024, "ours", simulate=500, seed=7)
    assert np.array_equal(simulated(again).seat_counts, simulated(projection).seat_counts)
    assert again.as_dict()["simulation"] == projection.as_dict()["simulation"]
    other = project("2019-notional", GB_2024, "ours", simulate=500, seed=8)
    assert not np.array_equal(simulated(other).seat_counts, simulated(projection).seat_counts)


def test_every_simulated_house_has_every_seat(projection: Projection) -> None:
    sim = simulated(projection)
    assert (sim.seat_counts.sum(axis=1) == 650).all()
    assert np.allclose(sim.win_probability.sum(axis=1), 1.0)
    assert sum(sim.seat_winners().values()) == 650
    assert sum(v["expected"] for v in sim.seats_summary().values()) == pytest.approx(650)


def test_seats_that_do_not_move_keep_their_winner(projection: Projection) -> None:
    sim, base = simulated(projection), projection.baseline
    fixed = np.flatnonzero(~projection.moving)
    assert len(fixed) == 19  # Northern Ireland's 18 and the Speaker's
    assert (sim.win_probability[fixed, base.winners()[fixed]] == 1.0).all()


def test_without_errors_every_simulation_is_the_projection() -> None:
    base = project("2019-notional", GB_2024, "uns")
    sim = simulate(base, 50, seed=1, errors=ErrorSizes(0.0, 0.0, 0.0, 0.0))
    counts = np.bincount(base.winner_index, minlength=len(base.baseline.parties))
    assert (sim.seat_counts == counts).all()
    assert sim.seat_winners() == base.seats


def test_probabilities_summarise_the_runs(projection: Projection) -> None:
    sim = simulated(projection)
    lab = sim.parties.index("Lab")
    assert sim.p_majority().get("Lab", 0) == pytest.approx((sim.seat_counts[:, lab] >= 326)
                                                           .mean())
    assert sum(sim.p_largest().values()) == pytest.approx(1.0)
    summary = sim.seats_summary()["Lab"]
    assert summary["p05"] <= summary["median"] <= summary["p95"]


def test_the_json_contract(projection: Projection) -> None:
    found = projection.as_dict()["simulation"]
    assert found["n"] == 500 and found["seed"] == 7
    assert set(found["seats"]["Lab"]) == {"median", "p05", "p95", "expected"}
    assert len(found["seats_detail"]) == 650
    detail = found["seats_detail"][0]
    assert set(detail) == {"ons_id", "win_probability"}
    assert sum(detail["win_probability"].values()) == pytest.approx(1.0)


def test_progress_is_reported_in_batches() -> None:
    seen: list[tuple[int, int]] = []
    project("2024", {}, simulate=2500, seed=1, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(1000, 2500), (2000, 2500), (2500, 2500)]


def test_an_unseeded_run_records_its_seed_so_it_can_be_repeated() -> None:
    first = simulated(project("2024", {}, simulate=100))
    again = simulated(project("2024", {}, simulate=100, seed=first.seed))
    assert np.array_equal(first.seat_counts, again.seat_counts)


def test_no_runs_is_an_error() -> None:
    with pytest.raises(DataError, match="at least one run"):
        project("2024", {}, simulate=-5)


def test_brier_and_calibration_on_a_known_case() -> None:
    probability = np.array([[0.8, 0.2], [0.5, 0.5], [1.0, 0.0]])
    actual = np.array([0, 1, 1])
    assert brier(probability, actual) == pytest.approx((0.08 + 0.5 + 2.0) / 3)
    bands = {(b["from"], b["to"]): b for b in calibration(probability, actual)}
    assert bands[(0.1, 0.3)]["forecasts"] == 1 and bands[(0.1, 0.3)]["won"] == 0.0
    assert bands[(0.3, 0.5)]["forecasts"] == 2 and bands[(0.3, 0.5)]["won"] == 0.5


# --- break it to check it ---------------------------------------------------------------------


def test_the_national_error_moves_every_seat_together() -> None:
    """Only the national error: the parties' totals swing from run to run, all seats at once
    (removing the national draw from the simulation leaves every run the projection)."""
    base = project("2019-notional", GB_2024, "uns")
    sim = simulate(base, 400, seed=2, errors=ErrorSizes(0.058, 0.0, 0.0, 0.0))
    lab = sim.parties.index("Lab")
    assert sim.seat_counts[:, lab].std() > 15
    # the pattern error adds to the national (and regional) draw in quadrature
    assert ErrorSizes(0.03, 0.04, 0.1, 0.04).national_total == pytest.approx(0.05)
    assert ErrorSizes(0.03, 0.03, 0.1, 0.04).regional_total == pytest.approx(0.05)


def test_seat_errors_alone_barely_move_the_totals() -> None:
    base = project("2019-notional", GB_2024, "uns")
    seat_only = simulate(base, 400, seed=2, errors=ErrorSizes(0.0, 0.0, 0.119, 0.0))
    national = simulate(base, 400, seed=2, errors=ErrorSizes(0.058, 0.0, 0.119, 0.0))
    lab = seat_only.parties.index("Lab")
    assert national.seat_counts[:, lab].std() > 2 * seat_only.seat_counts[:, lab].std()


def test_the_point_shown_with_a_simulation_is_its_median_inside_its_range(
        projection: Projection) -> None:
    found = projection.as_dict()["simulation"]
    assert found["point"] == "median"
    for row in found["seats"].values():
        assert row["p05"] <= row["median"] <= row["p95"]


def test_steed_swing_of_mid_bedfordshire_is_the_published_figure() -> None:
    """Steed (two-party) swing from the official files: Con 38,692 and Lab 14,028 in 2019,
    Con 12,680 and Lab 13,872 in 2023 (DESIGN.md), so 25.64 points Con to Lab; half of it, or
    Butler's 20.5, would fail."""
    from datetime import date

    from swingometer import elections
    from swingometer.analysis.result import shares
    from swingometer.analysis.swing import steed_swing

    after = elections.find_contest("Mid Bedfordshire", on=date(2023, 10, 19))
    before = elections.previous(after)
    assert before is not None
    found = steed_swing(shares(before), shares(after), "Con", "Lab")
    by_hand = 100 * (13_872 / (12_680 + 13_872) - 14_028 / (38_692 + 14_028))
    assert found == pytest.approx(by_hand, abs=1e-9)
    assert round(by_hand, 2) == 25.64

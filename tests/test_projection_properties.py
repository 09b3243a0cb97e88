"""Properties of every projection model (Hypothesis) on the real 2019 notional baseline: shares
stay within bounds, seats are conserved, the rescaling rule holds, seeded runs repeat."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from swingometer.projection import load_baseline, methods, project, project_change

PARTIES = ("Lab", "Con", "LD", "RUK", "Green", "SNP", "PC")
BASE = "2019-notional"

shares = st.dictionaries(st.sampled_from(PARTIES), st.floats(0, 60, allow_nan=False),
                         min_size=1, max_size=len(PARTIES)).filter(
    lambda d: 1 <= sum(d.values()) <= 100)
method = st.sampled_from(list(methods()))


@settings(max_examples=40, deadline=None)
@given(shares, method)
def test_shares_stay_within_bounds_and_seats_are_conserved(wanted: dict[str, float],
                                                            name: str) -> None:
    p = project(BASE, wanted, name)
    assert (p.seat_shares >= 0).all() and (p.seat_shares <= 1).all()
    assert np.allclose(p.seat_shares.sum(axis=1), 1.0)
    assert sum(p.seats.values()) == 650
    assert math.isclose(sum(p.shares.values()), 100, abs_tol=1e-9)


@settings(max_examples=40, deadline=None)
@given(shares)
def test_named_parties_take_their_shares_and_the_rest_shrink_by_one_factor(
        wanted: dict[str, float]) -> None:
    base = load_baseline(BASE)
    p = project(base, wanted)
    before = dict(zip(base.parties, 100 * base.national_shares(), strict=True))
    for party, value in wanted.items():
        assert math.isclose(p.shares.get(party, 0.0), value, abs_tol=1e-9)
    unnamed = [p.shares.get(party, 0.0) / value for party, value in before.items()
               if party not in wanted and party != "Spk" and value > 0]
    if unnamed:  # one factor for all the parties not named
        assert math.isclose(max(unnamed), min(unnamed), rel_tol=1e-9)


@settings(max_examples=25, deadline=None)
@given(shares)
def test_transition_models_hold_the_national_totals(wanted: dict[str, float]) -> None:
    base = load_baseline(BASE)
    for name in ("transition", "strong-transition"):
        p = project(base, wanted, name)
        moving = p.moving & base.gb
        votes = p.seat_shares[moving] * base.valid[moving, None]
        fixed = base.votes[base.gb & ~p.moving].sum(axis=0)
        national = (votes.sum(axis=0) + fixed) / base.valid[base.gb].sum()
        assert np.abs(national - p.targets.gb).max() < 2e-3, name


@settings(max_examples=25, deadline=None)
@given(st.floats(-10, 10, allow_nan=False))
def test_uniform_swing_is_antisymmetric(points: float) -> None:
    """A Con→Lab swing and the same swing back move every unclipped seat's Lab–Con margin by
    equal and opposite amounts."""
    forward = project_change(BASE, {"Con": -points, "Lab": points}, "uns")
    back = project_change(BASE, {"Con": points, "Lab": -points}, "uns")
    base = forward.baseline
    lab, con = base.column("Lab"), base.column("Con")
    before = base.shares[:, lab] - base.shares[:, con]
    ahead = forward.seat_shares[:, lab] - forward.seat_shares[:, con] - before
    behind = back.seat_shares[:, lab] - back.seat_shares[:, con] - before
    unclipped = (base.shares[:, con] > 0.15) & (base.shares[:, lab] > 0.15) & forward.moving
    assert unclipped.sum() > 300
    assert np.allclose(ahead[unclipped], -behind[unclipped], atol=1e-12)


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 300))
def test_seeded_simulations_repeat(seed: int, runs: int) -> None:
    first = project("2024", {"Lab": 30.0, "Con": 28.0}, simulate=runs, seed=seed)
    again = project("2024", {"Lab": 30.0, "Con": 28.0}, simulate=runs, seed=seed)
    assert first.simulation is not None and again.simulation is not None
    assert np.array_equal(first.simulation.seat_counts, again.simulation.seat_counts)
    assert (first.simulation.seat_counts.sum(axis=1) == 650).all()

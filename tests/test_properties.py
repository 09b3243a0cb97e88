"""Invariants of the result arithmetic, on contests built by Hypothesis (seeded: every run
tries the same examples, so a failure always repeats)."""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from swingometer.analysis import butler_swing, change, majority, result_label, shares, steed_swing
from swingometer.analysis.card import result_card
from swingometer.analysis.result import share_of
from swingometer.model import Candidate, Contest

#: derandomised (a fixed seed), no example database written into the tree, and no deadline:
#: tests never time things
DETERMINISTIC = settings(derandomize=True, database=None, deadline=None, max_examples=300)
PARTIES = ("Con", "Lab", "LD", "Green", "SNP", "PC", "BRX", "RUK", "Ind", "Oth")


@st.composite
def contests(draw: st.DrawFn, min_candidates: int = 1) -> Contest:
    """One constituency's poll: 1–12 candidates, parties may repeat (several independents)."""
    entries = draw(st.lists(st.tuples(st.sampled_from(PARTIES), st.integers(0, 80_000)),
                            min_size=min_candidates, max_size=12))
    candidates = tuple(Candidate(f"Candidate {i}", party, votes)
                       for i, (party, votes) in enumerate(entries))
    return Contest("Anytown", date(2024, 7, 4), "general", candidates, ons_id="E14000001")


def with_votes(contest: Contest) -> bool:
    return contest.valid_votes > 0


#: share maps as they come out of ``shares``: party → per cent of the valid vote
share_maps = st.dictionaries(st.sampled_from(PARTIES),
                             st.floats(0, 100, allow_nan=False, allow_infinity=False))
two_parties = st.lists(st.sampled_from(PARTIES), min_size=2, max_size=2, unique=True)


@DETERMINISTIC
@given(contests().filter(with_votes))
def test_shares_sum_to_100(contest: Contest) -> None:
    assert math.isclose(sum(shares(contest).values()), 100, rel_tol=1e-12)
    assert all(0 <= share <= 100 for share in shares(contest).values())


@DETERMINISTIC
@given(contests())
def test_candidates_are_held_in_descending_order_of_votes(contest: Contest) -> None:
    votes = [c.votes for c in contest.candidates]
    assert votes == sorted(votes, reverse=True)
    assert contest.winner.votes == max(votes)


@DETERMINISTIC
@given(contests())
def test_majority_is_top_minus_second(contest: Contest) -> None:
    votes = sorted((c.votes for c in contest.candidates), reverse=True)
    won = majority(contest)
    assert won.votes >= 0
    assert won.votes == votes[0] - (votes[1] if len(votes) > 1 else 0)
    if contest.valid_votes:
        assert math.isclose(won.share, 100 * won.votes / contest.valid_votes)


@DETERMINISTIC
@given(share_maps, share_maps, two_parties)
def test_butler_swing_is_antisymmetric(before: dict[str, float], after: dict[str, float],
                                       pair: list[str]) -> None:
    a, b = pair
    assert butler_swing(before, after, a, b) == -butler_swing(before, after, b, a)


@DETERMINISTIC
@given(share_maps, share_maps, two_parties)
def test_steed_swing_is_antisymmetric(before: dict[str, float], after: dict[str, float],
                                      pair: list[str]) -> None:
    a, b = pair
    forward, backward = steed_swing(before, after, a, b), steed_swing(before, after, b, a)
    if forward is None or backward is None:
        assert forward is backward is None
    else:
        assert forward == pytest.approx(-backward, abs=1e-9)


@DETERMINISTIC
@given(contests(min_candidates=2).filter(with_votes), contests().filter(with_votes))
def test_butler_swing_is_half_the_gap_change(before: Contest, after: Contest) -> None:
    """Butler swing A→B is half the change in B's lead over A (Butler 1947)."""
    a, b = before.winner.party, after.winner.party
    then, now = shares(before), shares(after)
    # the successor fallback (RUK ← BRX) is exercised by the official 2024 results instead
    assume(a != b and not {a, b} & {"BRX", "RUK"})
    lead_then = then.get(b, 0.0) - then.get(a, 0.0)
    lead_now = now.get(b, 0.0) - now.get(a, 0.0)
    assert butler_swing(then, now, a, b) == pytest.approx((lead_now - lead_then) / 2, abs=1e-9)


@DETERMINISTIC
@given(contests().filter(with_votes), two_parties)
def test_a_contest_against_itself_has_no_change_and_no_swing(contest: Contest,
                                                              pair: list[str]) -> None:
    now = shares(contest)
    moved = change(now, now)
    assert set(moved) == set(now)
    assert {v for party, v in moved.items() if party not in ("Ind", "Oth")} <= {0.0}
    a, b = pair
    assert butler_swing(now, now, a, b) == 0
    assert steed_swing(now, now, a, b) in (0, None)


def _stood_both(party: str, contest: Contest, previous: Contest) -> bool:
    """Stood now, and then (itself or the party it succeeded: Reform UK the Brexit Party)."""
    return (party in shares(contest) and share_of(party, shares(previous)) is not None
            and party not in ("Ind", "Oth"))


@DETERMINISTIC
@given(contests().filter(with_votes))
def test_the_card_of_a_contest_against_itself(contest: Contest) -> None:
    card = result_card(contest, contest)
    assert card.result.text == f"{contest.winner.party} hold"
    assert card.majority_overturned is None
    assert {c.change for c in card.candidates if c.party not in ("Ind", "Oth")} <= {0.0}
    if card.swing is None:  # fewer than two parties (independents pooled) to swing between
        assert card.swing_note and card.steed_swing is None
        assert sum(_stood_both(p, contest, contest) for p in shares(contest)) < 2
    else:
        assert card.swing.points == 0
        assert card.steed_swing is not None and card.steed_swing.points in (0, None)


@DETERMINISTIC
@given(contests().filter(with_votes), contests().filter(with_votes))
def test_the_card_swing_direction(previous: Contest, contest: Contest) -> None:
    """A gain swings from the previous winner to the new one where both stood at both
    contests; a hold is shown positive; a swing is only ever between parties that stood at
    both, and where it is not the usual pair a note says why."""
    card = result_card(contest, previous)
    label = result_label(contest.winner.party, previous.winner.party)
    assert card.result.text == label
    if card.swing is None:
        assert card.swing_note
        return
    assert _stood_both(card.swing.frm, contest, previous)
    assert _stood_both(card.swing.to, contest, previous)
    usual = {previous.winner.party, contest.winner.party}
    if "gain" in label:
        assert card.majority_overturned == majority(previous).votes
        if all(_stood_both(p, contest, previous) for p in usual):
            assert (card.swing.frm, card.swing.to) == (previous.winner.party,
                                                       contest.winner.party)
        else:
            assert card.swing_note
    else:
        assert card.swing.points >= 0 or card.swing_note

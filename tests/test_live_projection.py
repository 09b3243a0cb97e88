"""The live projection: one engine with the projection registry (its baseline, successions and
party rules), who stands from the nominations, nothing claimed before there is something to
claim it from, the exit poll as the night's start, and certainty only from arithmetic."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from swingometer import elections
from swingometer.analysis.totals import majority_line
from swingometer.desk import load_night
from swingometer.desk.night import Night
from swingometer.desk.replay import schedule
from swingometer.parties import party
from swingometer.projection.exit_poll import published
from swingometer.projection.live import LiveSeat, live_projection


@cache
def _night(year: str) -> Night:
    return load_night(year)


def seats_of(year: str, declared: set[str], nominations: bool = False) -> list[LiveSeat]:
    """The night's seats with the official results of ``declared`` (contest ids) declared,
    and optionally every seat's official candidates as its nominations."""
    out = []
    for s in _night(year).seats:
        done = s.target.contest_id in declared and s.official is not None
        standing = tuple(c.party for c in s.official.candidates) \
            if nominations and s.official is not None else None
        out.append(LiveSeat(s.target.ons_id or "", s.target.region, s.target.country,
                            s.baseline, s.official if done else None,
                            s.official.winner.party if done and s.official else None,
                            standing))
    return out


def first(year: str, n: int) -> set[str]:
    return {step.contest for step in schedule(year)[:n]}


def rows(projection: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = projection["parties"]
    assert isinstance(found, list)
    return {str(r["party"]): r for r in found}


def test_reform_uk_is_reform_uk_on_a_2024_night() -> None:
    """The 2024 night's baseline is the 2019 notional result, where the Brexit Party stood:
    its column is Reform UK's (the registry's succession), named and coloured as Reform."""
    night = _night("2024")
    some = {s.target.contest_id for s in night.seats[:60]}
    projected = live_projection(seats_of("2024", some))
    found = rows(projected)
    assert "BRX" not in found
    assert found["RUK"]["name"] == "Reform UK" == party("RUK").name
    assert found["RUK"]["colour"] == party("RUK").colour
    assert found["RUK"]["declared"] == sum(
        1 for s in night.seats[:60] if s.official and s.official.winner.party == "RUK")


def test_the_nominations_decide_who_stands() -> None:
    """Reform UK stood in 609 seats in 2024; the Brexit Party had stood in only some of
    them in 2019. Given the nominations, the projection counts exactly the seats where each
    party is nominated; without them it falls back on the baseline."""
    official = [s.official for s in _night("2024").seats if s.official]
    reform = sum(1 for c in official if any(x.party == "RUK" for x in c.candidates))
    assert reform == 609
    nominated = rows(live_projection(seats_of("2024", set(), nominations=True),
                                     exit_poll=published("2024")))
    assert nominated["RUK"]["standing"] == reform
    assert nominated["Lab"]["standing"] == sum(
        1 for c in official if any(x.party == "Lab" for x in c.candidates))
    from_baseline = rows(live_projection(seats_of("2024", set()),
                                         exit_poll=published("2024")))
    assert from_baseline["RUK"]["standing"] < reform


def test_a_party_not_nominated_cannot_win_an_undeclared_seat() -> None:
    seats = seats_of("2019", first("2019", 50))
    without_lab = [LiveSeat(s.ons_id, s.region, s.country, s.baseline, s.declared, s.winner,
                            tuple(c.party for c in s.baseline.candidates if c.party != "Lab")
                            if s.baseline else None) for s in seats]
    projected = rows(live_projection(without_lab))
    assert projected["Lab"]["seats"] == projected["Lab"]["declared"] > 0
    assert projected["Lab"]["high"] == projected["Lab"]["declared"]


@pytest.mark.parametrize("year", ["2019", "2029-05-03"])
def test_no_projection_before_any_result_without_an_exit_poll(year: str) -> None:
    """An empty night is not the previous election plus noise: there is no projection yet."""
    projected = live_projection(seats_of(year, set()))
    assert projected["basis"] == "none"
    assert projected["parties"] == []
    assert "no projection yet" in projected["message"]
    assert projected["majority_status"]["decided"] is False


def test_the_night_starts_from_the_exit_poll() -> None:
    poll = published("2019")
    projected = live_projection(seats_of("2019", set()), exit_poll=poll)
    assert projected["basis"] == "exit poll"
    assert "exit poll" in projected["message"]
    found = rows(projected)
    assert {p: found[p]["seats"] for p in poll.seats} == {"Con": 368, "Lab": 191, "SNP": 55,
                                                           "LD": 13}
    assert sum(int(r["seats"]) for r in found.values()) == 650
    assert all(r["low"] <= r["seats"] <= r["high"] for r in found.values())
    # one declaration moves it off the exit poll, not back to the baseline
    after = rows(live_projection(seats_of("2019", first("2019", 1)), exit_poll=poll))
    assert abs(int(after["Con"]["seats"]) - 368) <= 5


def test_no_certainty_after_ten_declarations_of_2019() -> None:
    """Ten safe north-eastern seats cannot make a majority certain: 100% only when the
    arithmetic says so."""
    projected = live_projection(seats_of("2019", first("2019", 10)))
    assert projected["basis"] == "declarations"
    con = rows(projected)["Con"]
    assert projected["majority_status"]["decided"] is False
    assert 0.0 < con["majority_chance"] < 0.95
    assert con["low"] < majority_line(650)


def test_certainty_when_the_arithmetic_makes_it_so() -> None:
    done = first("2019", 650)
    projected = live_projection(seats_of("2019", done))
    found = rows(projected)
    assert found["Con"]["majority_chance"] == 1.0
    assert {p: r["seats"] for p, r in found.items() if r["seats"]} == \
        elections.load("2019").seats()


def test_with_every_seat_declared_the_projection_is_the_result() -> None:
    projected = live_projection(seats_of("2017", first("2017", 650)),
                                exit_poll=published("2017"))
    assert {p: r["seats"] for p, r in rows(projected).items() if r["seats"]} == \
        elections.load("2017").seats()


def test_any_registered_model_runs_live() -> None:
    seats = seats_of("2017", first("2017", 100))
    for method in ("uns", "proportional", "ours"):
        projected = live_projection(seats, method)
        assert projected["method"] == method
        assert sum(int(r["seats"]) for r in projected["parties"]) == 650


def _documented() -> str:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "docs" / "live-desk.md").read_text()
    start = text.index("<!-- live-projection:start -->")
    return text[start:text.index("<!-- live-projection:end -->")]


def test_the_live_backtest_in_the_docs_is_regenerated() -> None:
    """docs/live-desk.md quotes the live backtest's figures: regenerated here, the same."""
    from swingometer.projection.live_backtest import markdown, report

    found = report()
    assert markdown(found) in _documented()
    poll_errors = {n["year"]: n["checkpoints"][0]["exit_poll"] for n in found["nights"]}
    assert poll_errors == {"2010": 6, "2015": 28, "2017": 12, "2019": 24}

"""Rehearsing real nights: the official 2019 results replayed through the HTTP API, with the
winner rush and corrections, end with the official House; the projection, fed the real
declaration order of 2010–2019, beats uniform swing from the early declarers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from swingometer import elections
from swingometer.cli import app as cli
from swingometer.desk import Desk, load_night
from swingometer.desk.replay import Step, declared_at, run, schedule
from swingometer.projection.live import LiveSeat, live_projection
from swingometer.store import Ledger, connect, create_token
from swingometer.web import create_app
from swingometer.web.server import running

OFFICIAL_2019 = {"Con": 365, "Lab": 202, "SNP": 48, "LD": 11, "DUP": 8, "SF": 7, "PC": 4,
                 "SDLP": 2, "Green": 1, "APNI": 1, "Spk": 1}


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[tuple[str, str, Desk]]:
    engine = connect(str(tmp_path / "night.sqlite"))
    token = create_token(engine, "replay")
    desk = Desk(Ledger(engine), "2019")
    with running(create_app(desk)) as url:
        yield url, token, desk
    engine.dispose()


def test_the_schedule_follows_the_official_declaration_times() -> None:
    steps = schedule("2019")
    assert len(steps) == 650
    assert [s.at for s in steps] == sorted(s.at for s in steps)
    assert steps[0].constituency == "Newcastle Upon Tyne Central"
    assert steps[-1].at == pytest.approx(15.42 * 3600, abs=60)  # 23:27 to 14:52 next day
    rushed = schedule("2019", rush=True, corrections=0.1, seed=3)
    assert len(rushed) == 650 * 2 + sum(s.state == "correction" for s in rushed)
    assert 40 < sum(s.state == "correction" for s in rushed) < 100


def test_2024_is_replayed_in_its_predecessors_2019_order() -> None:
    """The 2024 file has no declaration times: each seat takes its main predecessor's 2019
    time (approximate), so Houghton and Sunderland South's successor is among the first."""
    steps = schedule("2024", nominations=True)
    results = [s for s in steps if s.state == "result"]
    assert len(results) == 650 and sum(s.state == "nominated" for s in steps) == 650
    assert steps[-1].state == "result"
    assert [s.at for s in steps] == sorted(s.at for s in steps)
    early = {s.constituency for s in results[:5]}
    assert "Houghton and Sunderland South" in early or "Blyth and Ashington" in early, early
    timed = sum(s.at < results[-1].at for s in results)
    assert timed > 600  # almost every seat has a timed predecessor


def test_replaying_2019_through_the_api_ends_with_the_official_house(
        desk: tuple[str, str, Desk]) -> None:
    url, token, ledger_desk = desk
    steps = schedule("2019", rush=True, corrections=0.05, seed=1, nominations=True,
                     exit_poll=True)
    assert all(s.state == "nominated" for s in steps[:650])
    assert steps[650].state == "exit poll" and steps[650].body["seats"]["Con"] == 368
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"},
                      timeout=30) as client:

        def post(step: Step) -> tuple[int, str]:
            answer = client.post(step.path, json=step.body)
            return answer.status_code, answer.text

        before = run(steps[:651], post)
        at_ten = client.get("/api/projection").json()
        tally = run(steps[651:], post)
        totals = client.get("/api/totals").json()
        projection = client.get("/api/projection").json()
        corrected = next(s for s in steps if s.state == "correction")
        card = client.get(f"/api/contests/{corrected.contest}").json()
    assert before.statuses == {201: 651} and tally.statuses == {201: len(steps) - 651}
    # before any result the projection rests on the exit poll as published, labelled so
    assert at_ten["exit_poll"]["seats"]["Con"] == 368 and at_ten["basis"] == "exit poll"
    seats = {p["party"]: p["seats"] for p in totals["parties"] if p["seats"]}
    assert seats == OFFICIAL_2019 == elections.load("2019").seats()
    assert totals["declared"] == 650 and totals["to_declare"] == 0
    assert {p["party"]: p["seats"] for p in projection["parties"] if p["seats"]} == seats
    assert projection["majority_status"]["outcome"] == "Con majority"
    assert [r["state"] for r in card["revisions"]] == ["nominated", "winner", "result",
                                                         "correction"]
    assert card["revisions"][-1]["changes"][0]["field"] == "votes"
    assert len(ledger_desk.ledger.records()) == len(steps) - 1  # every declaration kept
    assert ledger_desk.ledger.exit_poll("parl.2019-12-12") is not None


def test_the_replay_command_posts_through_the_api(desk: tuple[str, str, Desk]) -> None:
    url, token, _ = desk
    args = ["replay", "2019", "--speed", "0", "--url", url, "--token", token, "--limit",
            "20", "--quiet"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    # the exit poll, each contest's candidate list, then its result
    assert json.loads(first.stdout)["statuses"] == {"201": 41}
    again = CliRunner().invoke(cli, args)  # a second run finds every revision held
    assert json.loads(again.stdout)["statuses"] == {"201": 1, "409": 40}
    refused = CliRunner().invoke(cli, [*args[:-3], "--token", "wrong"])
    assert refused.exit_code != 0


def _projection_error(year: str, declared: int, method: str) -> int:
    night = load_night(year)
    order = sorted(night.seats, key=lambda s: (declared_at(s), s.target.contest_id))
    done = {s.target.contest_id for s in order[:declared]}
    seats = [LiveSeat(s.target.ons_id or "", s.target.region, s.target.country, s.baseline,
                      s.official if s.target.contest_id in done else None,
                      s.official.winner.party if s.official and s.target.contest_id in done
                      else None) for s in night.seats]
    projected = live_projection(seats, method)
    actual = elections.load(year).seats()
    parties = {r["party"]: r["seats"] for r in projected["parties"]}
    return sum(abs(parties.get(p, 0) - actual.get(p, 0)) for p in set(parties) | set(actual))


MISSED_2019 = pytest.mark.xfail(
    strict=True, reason="known: the one-engine live model without an exit poll misses 2019 at "
    "fifty seats by 30, uniform swing by 20 (docs/live-desk.md)")


@pytest.mark.parametrize("year", ["2010", "2015", "2017",
                                  pytest.param("2019", marks=MISSED_2019)])
def test_the_model_beats_uniform_swing_after_fifty_declarations(year: str) -> None:
    """The first fifty seats of each real night, in their real order: the regression on seat
    type misses the final House by fewer seats than uniform swing from the same seats."""
    model, uniform = (_projection_error(year, 50, m) for m in ("model", "uns"))
    assert model < uniform, (model, uniform)


def test_with_every_seat_declared_the_projection_is_the_result() -> None:
    assert _projection_error("2017", 650, "model") == 0


def test_replaying_2024_through_the_api_ends_with_the_official_house(
        desk: tuple[str, str, Desk]) -> None:
    url, token, _ = desk
    steps = schedule("2024", nominations=True, exit_poll=True)
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"},
                      timeout=30) as client:

        def post(step: Step) -> tuple[int, str]:
            answer = client.post(step.path, json=step.body)
            return answer.status_code, answer.text

        tally = run(steps, post)
        totals = client.get("/api/totals?election=2024").json()
    assert tally.statuses == {201: len(steps)}, tally.refused[:3]
    seats = {p["party"]: p["seats"] for p in totals["parties"] if p["seats"]}
    assert seats == elections.load("2024").seats()
    assert seats["Lab"] == 411 and seats["RUK"] == 5 and totals["declared"] == 650

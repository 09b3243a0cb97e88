"""Any night: a by-election day served as such (19 October 2023, Mid Bedfordshire and
Tamworth, replayed through the real API ends with the official cards), a future day made of
the by-elections nominated for it, statements of persons nominated as each contest's first
record, and the exit poll stored in the ledger."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from swingometer import elections
from swingometer.desk import Desk
from swingometer.desk.replay import Step, run, schedule
from swingometer.store import Ledger, connect, create_token
from swingometer.web import create_app
from swingometer.web.server import running

DAY = "2023-10-19"
MID_BEDS, TAMWORTH = "parl.mid-bedfordshire.by.2023-10-19", "parl.tamworth.by.2023-10-19"


@pytest.fixture
def night(tmp_path: Path) -> Iterator[tuple[httpx.Client, Desk]]:
    engine = connect(str(tmp_path / "by.sqlite"))
    token = create_token(engine, "by-elections")
    desk = Desk(Ledger(engine), DAY)
    with running(create_app(desk)) as url, httpx.Client(
            base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
        yield client, desk
    engine.dispose()


def post_all(client: httpx.Client, steps: list[Step]) -> dict[int, int]:
    def post(step: Step) -> tuple[int, str]:
        answer = client.post(step.path, json=step.body)
        return answer.status_code, answer.text

    return run(steps, post).statuses


def test_a_by_election_night_before_any_result(night: tuple[httpx.Client, Desk]) -> None:
    client, _ = night
    totals = client.get("/api/totals").json()
    assert totals["kind"] == "by-elections"
    assert totals["name"] == "by-elections in Mid Bedfordshire and Tamworth on 19 October 2023"
    assert [b["contest"] for b in totals["by_elections"]] == [MID_BEDS, TAMWORTH]
    mid = totals["by_elections"][0]
    assert mid["state"] == "awaiting" and mid["previous"]["winner"] == "Con"
    assert mid["previous"]["date"] == "2019-12-12"
    projection = client.get("/api/projection").json()
    assert projection["kind"] == "by-elections" and projection["projection"] is None
    assert "by-election" in projection["detail"]
    assert client.get("/api/health").json()["kind"] == "by-elections"
    assert [s["contest"] for s in client.get("/api/contests").json()] == [MID_BEDS, TAMWORTH]


def test_replaying_19_october_2023_ends_with_the_official_cards(
        night: tuple[httpx.Client, Desk]) -> None:
    client, _ = night
    steps = schedule(DAY, rush=True, nominations=True, exit_poll=True)
    assert [s.state for s in steps] == ["nominated", "nominated", "winner", "result",
                                        "winner", "result"]  # no exit poll for by-elections
    assert post_all(client, steps[:2]) == {201: 2}
    nominated = client.get("/api/totals").json()["by_elections"][0]
    assert nominated["state"] == "nominated" and len(nominated["nominated"]) == 13
    assert post_all(client, steps[2:]) == {201: 4}
    totals = client.get("/api/totals").json()
    assert totals["kind"] == "by-elections" and totals["declared"] == 2
    assert {p["party"]: p["net"] for p in totals["parties"] if p["net"]} == {"Lab": 2,
                                                                              "Con": -2}
    for row in totals["by_elections"]:
        official = elections.find_contest(row["constituency"], on=date(2023, 10, 19))
        assert row["result"] == "Lab gain from Con"
        card, official_card = row["card"], elections.card(official)
        assert card["contest"]["id"] == official.id
        # the desk's card of the replayed result is the official result's card
        for key in official_card:
            if key not in ("contest", "corrections", "declared_result"):  # file-only
                assert card[key] == official_card[key], key
        assert row["swing"] == official_card["swing"]
    mid = next(r for r in totals["by_elections"] if r["contest"] == MID_BEDS)
    assert mid["card"]["majority"]["votes"] == 1192
    con = next(c for c in mid["card"]["candidates"] if c["party"] == "Con")
    assert mid["change"]["Con"] == pytest.approx(con["change"], abs=0.005)
    assert 12680 / 40720 * 100 - mid["change"]["Con"] == pytest.approx(38692 / 64703 * 100,
                                                                       abs=0.5)
    projection = client.get("/api/projection").json()
    assert [b["winner"]["party"] for b in projection["by_elections"]] == ["Lab", "Lab"]


def test_a_by_election_result_must_name_the_nominated_candidates(
        night: tuple[httpx.Client, Desk]) -> None:
    client, _ = night
    steps = schedule(DAY, nominations=True)
    nomination = next(s for s in steps if s.contest == TAMWORTH and s.state == "nominated")
    result = next(s for s in steps if s.contest == TAMWORTH and s.state == "result")
    assert client.post("/api/nominations", json=nomination.body).status_code == 201
    again = client.post("/api/nominations", json=nomination.body)
    assert again.status_code == 409  # the same statement posted twice
    stranger = dict(result.body, candidates=[*result.body["candidates"][:-1], {
        "candidate": "Not Nominated", "party": "Ind", "votes": 10}])
    refused = client.post("/api/declarations", json=stranger)
    assert refused.status_code == 422
    messages = [p["message"] for p in refused.json()["problems"]]
    assert any("Not Nominated (Ind) was not nominated" in m for m in messages)
    assert any("was nominated but has no line" in m for m in messages)
    assert client.post("/api/declarations", json=result.body).status_code == 201
    late = dict(nomination.body, revision=5)
    answer = client.post("/api/nominations", json=late)
    assert answer.status_code == 409 and "never replaces a 'result'" in answer.text
    assert httpx.post(str(client.base_url) + "/api/nominations",
                      json=nomination.body).status_code == 401


def test_the_live_model_is_told_who_stands(tmp_path: Path) -> None:
    engine = connect(str(tmp_path / "ge.sqlite"))
    desk = Desk(Ledger(engine), "2024")
    steps = [s for s in schedule("2024", nominations=True) if s.state == "nominated"][:3]
    from swingometer.desk.declare import Submission
    from swingometer.store import Entry

    for step in steps:
        desk.nominate(Submission(step.contest, "nominated", 1, tuple(
            Entry(c["candidate"], c["party"], None, c["party_name"])
            for c in step.body["candidates"])))
    seats = {s.ons_id: s for s in desk.live_seats(desk.night())}
    night_2024 = desk.night()
    for step in steps:
        seat = night_2024.by_id[step.contest]
        official = seat.official
        assert official is not None
        assert seats[seat.target.ons_id or ""].standing == tuple(
            c.party for c in official.candidates)
    assert sum(s.standing is not None for s in seats.values()) == 3
    engine.dispose()


def test_a_future_day_is_the_by_elections_nominated_for_it(
        night: tuple[httpx.Client, Desk]) -> None:
    client, _ = night
    body: dict[str, Any] = {"contest": "parl.runcorn-and-helsby.by.2027-05-01",
                            "candidates": [{"candidate": "A Candidate", "party": "Lab"},
                                           {"candidate": "B Candidate", "party": "RUK"}],
                            "source": "returning officer"}
    before = client.get("/api/totals?election=2027-05-01").json()
    assert before["kind"] == "general election" and before["seats"] == 650
    assert client.post("/api/nominations", json=body).status_code == 201
    totals = client.get("/api/totals?election=2027-05-01").json()
    assert totals["kind"] == "by-elections" and totals["seats"] == 1
    row = totals["by_elections"][0]
    assert row["constituency"] == "Runcorn and Helsby"
    assert row["previous"]["date"] == "2024-07-04" and row["previous"]["winner"] == "Lab"
    result = dict(body, state="result", revision=2, candidates=[
        {"candidate": "A Candidate", "party": "Lab", "votes": 15000},
        {"candidate": "B Candidate", "party": "RUK", "votes": 15006}], electorate=70000)
    assert client.post("/api/declarations", json=result).status_code == 201
    row = client.get("/api/totals?election=2027-05-01").json()["by_elections"][0]
    assert row["result"] == "RUK gain from Lab" and row["swing"] is not None


def test_the_exit_poll_is_stored_in_the_ledger(tmp_path: Path) -> None:
    engine = connect(str(tmp_path / "poll.sqlite"))
    token = create_token(engine, "poll")
    auth = {"Authorization": f"Bearer {token}"}
    poll = {"source": "Ipsos for BBC, ITV News and Sky News",
            "published": "2019-12-12T22:00:00+00:00",
            "seats": {"Con": 368, "Lab": 191, "SNP": 55, "LD": 13},
            "seat_probabilities": {"E14000575": {"Con": 0.6, "Lab": 0.4}}}
    with running(create_app(Desk(Ledger(engine), "2019"))) as url, \
            httpx.Client(base_url=url, timeout=60) as client:
        assert client.get("/api/exit-poll").status_code == 404
        assert client.post("/api/exit-poll", json=poll).status_code == 401
        bad = client.post("/api/exit-poll", headers=auth, json=poll | {
            "seats": {"Con": 700, "Cons": 1}, "seat_probabilities": {"E14999999": {"SNP": 1}}})
        assert bad.status_code == 422
        messages = " ".join(p["message"] for p in bad.json()["problems"])
        assert "'Cons' is not a registered party code" in messages
        assert "E14999999 is not a constituency" in messages
        over = client.post("/api/exit-poll", headers=auth, json=poll | {"seats": {"Con": 700}})
        assert over.status_code == 422 and "650" in over.text
        stored = client.post("/api/exit-poll", headers=auth, json=poll)
        assert stored.status_code == 201, stored.text
        assert stored.json()["seats"] == poll["seats"]
        projection = client.get("/api/projection").json()
        assert projection["exit_poll"]["seats"]["Con"] == 368
    # durable: another desk on the same ledger has it
    again = Desk(Ledger(connect(str(tmp_path / "poll.sqlite"))), "2019")
    found = again.exit_poll()
    assert found is not None and found["seat_probabilities"] == poll["seat_probabilities"]
    engine.dispose()

"""The desk's HTTP API on a real server (uvicorn on 127.0.0.1) over a real SQLite file: every
status code, the results card contract, totals against the baseline, the projection, the
swingometer, server-sent events, CSV exports and the size limit."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import pytest

from swingometer import elections

ELECTION = "parl.2019-12-12"


@pytest.fixture(scope="module")
def desk_url(served_desk: Any) -> Iterator[tuple[str, str]]:
    with served_desk("test desk") as served:
        yield served


@pytest.fixture
def client(desk_url: tuple[str, str]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=desk_url[0], timeout=30) as c:
        yield c


@pytest.fixture
def auth(desk_url: tuple[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {desk_url[1]}"}


def body(name: str, state: str = "result", revision: int = 1, **changes: Any) -> dict[str, Any]:
    """A declaration of a 2019 contest with its official figures."""
    contest = elections.find_contest(name, on=date(2019, 12, 12))
    out = {"contest": contest.id, "state": state, "revision": revision,
           "candidates": [{"candidate": c.name, "party": c.party, "votes": c.votes,
                           "party_name": c.party_name} for c in contest.candidates],
           "electorate": contest.electorate, "rejected": contest.rejected,
           "source": "returning officer"}
    return out | changes


def test_health_answers(client: httpx.Client) -> None:
    answer = client.get("/api/health")
    assert answer.status_code == 200
    assert answer.json()["status"] == "ok"
    assert answer.json()["election"] == ELECTION
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_a_declaration_is_stored_and_answered_201(client: httpx.Client,
                                                  auth: dict[str, str]) -> None:
    answer = client.post("/api/declarations", json=body("Blyth Valley"), headers=auth)
    assert answer.status_code == 201, answer.text
    stored = answer.json()
    assert stored["result"] == "Con gain from Lab"
    assert stored["winner"]["candidate"] == "Ian Levy"
    assert stored["revision"] == 1 and stored["state"] == "result"
    assert "token_name" not in stored


def test_writing_needs_a_valid_token(client: httpx.Client) -> None:
    assert client.post("/api/declarations", json=body("Wansbeck")).status_code == 401
    wrong = {"Authorization": "Bearer swm_not-a-token"}
    answer = client.post("/api/declarations", json=body("Wansbeck"), headers=wrong)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"].startswith("Bearer")
    # an unauthenticated request learns nothing about its body's problems
    assert client.post("/api/declarations", json={"junk": 1}).status_code == 401


def test_a_stale_revision_is_409(client: httpx.Client, auth: dict[str, str]) -> None:
    assert client.post("/api/declarations", json=body("Hexham", revision=2),
                       headers=auth).status_code == 201
    answer = client.post("/api/declarations", json=body("Hexham", revision=1), headers=auth)
    assert answer.status_code == 409
    assert "stale" in answer.json()["detail"]
    assert answer.json()["current"]["revision"] == 2
    rush = body("Hexham", "winner", 3)
    rush["candidates"] = rush["candidates"][:1]
    answer = client.post("/api/declarations", json=rush, headers=auth)
    assert answer.status_code == 409
    assert "never replaces a 'result'" in answer.json()["detail"]


def test_bad_figures_are_422_with_every_problem(client: httpx.Client,
                                                auth: dict[str, str]) -> None:
    bad = body("Tynemouth", electorate=1000)
    bad["candidates"].append(dict(bad["candidates"][0]))
    answer = client.post("/api/declarations", json=bad, headers=auth)
    assert answer.status_code == 422
    messages = [p["message"] for p in answer.json()["problems"]]
    assert any("duplicate candidate" in m for m in messages)
    assert any("votes above the electorate" in m for m in messages)
    assert client.get("/api/contests/parl.tynemouth.2019-12-12").json()["state"] == "awaiting"


def test_a_malformed_body_is_422_with_every_problem(client: httpx.Client,
                                                    auth: dict[str, str]) -> None:
    answer = client.post("/api/declarations", headers=auth, json={
        "contest": "parl.tynemouth.2019-12-12", "state": "declared", "revision": 0,
        "candidates": [{"candidate": "A", "party": "Lab", "votes": -5}]})
    assert answer.status_code == 422
    columns = {p["column"] for p in answer.json()["problems"]}
    assert {"state", "revision", "candidates.0.votes"} <= columns
    not_json = client.post("/api/declarations", headers=auth | {
        "content-type": "application/json"}, content=b"{not json")
    assert not_json.status_code == 422


def test_sql_is_parameterised(client: httpx.Client, auth: dict[str, str]) -> None:
    before = client.get("/api/health").json()["records"]
    evil = "parl.x'); DROP TABLE declarations; --.2019-12-12"
    answer = client.post("/api/declarations", json=body("Tynemouth", contest=evil),
                         headers=auth)
    assert answer.status_code == 422
    assert "unknown constituency" in answer.json()["problems"][0]["message"]
    assert client.get("/api/contests/" + evil.replace("/", "%2F")).status_code == 404
    assert client.get("/api/health").json()["records"] == before


def test_a_body_over_one_megabyte_is_refused(client: httpx.Client,
                                             auth: dict[str, str]) -> None:
    huge = json.dumps(body("Tynemouth", note="x" * 1_100_000)).encode()
    assert client.post("/api/declarations", content=huge, headers=auth | {
        "content-type": "application/json"}).status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
        for i in range(0, len(huge), 65536):
            yield huge[i:i + 65536]

    answer = client.post("/api/declarations", content=chunks(), headers=auth | {
        "content-type": "application/json"})
    assert answer.status_code == 413


def test_a_contest_has_the_results_card_and_its_revisions(client: httpx.Client,
                                                          auth: dict[str, str]) -> None:
    rush = body("Bishop Auckland", "winner", 1)
    rush["candidates"] = rush["candidates"][:1]
    assert client.post("/api/declarations", json=rush, headers=auth).status_code == 201
    early = client.get("/api/contests/parl.bishop-auckland.2019-12-12").json()
    assert (early["state"], early["result"]) == ("winner", "Con gain from Lab")
    assert client.post("/api/declarations", json=body("Bishop Auckland", revision=2),
                       headers=auth).status_code == 201
    card = client.get("/api/contests/parl.bishop-auckland.2019-12-12").json()
    assert card["result"] == "Con gain from Lab"
    assert card["winner"] == {"candidate": "Dehenna Davison", "party": "Con", "votes": 24067,
                              "share": pytest.approx(53.71, abs=0.01)}
    assert card["majority"]["votes"] == 7962
    assert card["previous"]["winner"]["party"] == "Lab"
    assert card["swing"]["from"] == "Lab" and card["swing"]["to"] == "Con"
    assert [r["state"] for r in card["revisions"]] == ["winner", "result"]
    assert card["story"]["headline"]
    assert client.get("/api/contests/parl.nowhere.2019-12-12").status_code == 404
    assert client.get("/api/contests/not-a-contest").status_code == 404
    assert client.get("/api/contests/parl.aberavon.2018-05-03").status_code == 404


def test_totals_count_seats_gains_and_like_for_like_change(client: httpx.Client,
                                                           auth: dict[str, str]) -> None:
    before = {p["party"]: p for p in client.get("/api/totals").json()["parties"]}
    assert client.post("/api/declarations", json=body("Workington"),
                       headers=auth).status_code == 201
    totals = client.get("/api/totals").json()
    after = {p["party"]: p for p in totals["parties"]}
    assert after["Con"]["seats"] == before.get("Con", {"seats": 0})["seats"] + 1
    assert after["Con"]["gains"] == before.get("Con", {"gains": 0})["gains"] + 1
    assert after["Lab"]["losses"] == before.get("Lab", {"losses": 0})["losses"] + 1
    assert totals["declared"] + totals["to_declare"] == 650 and totals["majority"] == 326
    assert sum(p["share"] for p in totals["parties"]) == pytest.approx(100)


def test_the_projection_has_an_interval_and_a_majority_verdict(client: httpx.Client) -> None:
    for method in ("model", "uns"):
        p = client.get("/api/projection", params={"method": method}).json()
        assert p["method"] == method and sum(r["seats"] for r in p["parties"]) == 650
        assert all(r["low"] <= r["seats"] <= r["high"] for r in p["parties"])
        assert p["majority_status"]["undeclared_can_change"] is True
    assert client.get("/api/projection", params={"method": "guess"}).status_code == 422


def test_the_swingometer_reproduces_the_baseline_at_zero_swing(client: httpx.Client) -> None:
    level = client.get("/api/swing", params={"points": 0}).json()
    official_2017 = elections.load("2017").seats()
    assert level["seats"]["Con"] == official_2017["Con"] == 317
    assert level["seats"]["Lab"] == official_2017["Lab"] == 262
    to_lab = client.get("/api/swing", params={"points": 5}).json()
    assert to_lab["seats"]["Lab"] > level["seats"]["Lab"]
    assert to_lab["seats"]["Con"] < level["seats"]["Con"]
    assert client.get("/api/swing", params={"points": 99}).status_code == 422


def test_events_stream_every_accepted_declaration(desk_url: tuple[str, str],
                                                  auth: dict[str, str]) -> None:
    url = desk_url[0]
    seen: list[dict[str, Any]] = []
    ready = threading.Event()

    def listen() -> None:
        with httpx.Client(base_url=url, timeout=30) as c, c.stream("GET", "/api/events") as s:
            assert s.headers["content-type"].startswith("text/event-stream")
            for line in s.iter_lines():
                ready.set()
                if line.startswith("data: "):
                    seen.append(json.loads(line[6:]))
                    return

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    assert ready.wait(10)
    with httpx.Client(base_url=url) as c:
        assert c.post("/api/declarations", json=body("Sedgefield"), headers=auth
                      ).status_code == 201
    listener.join(10)
    assert [e["constituency"] for e in seen] == ["Sedgefield"]
    assert seen[0]["result"] == "Con gain from Lab"
    # a client that reconnects is sent what it missed
    with httpx.Client(base_url=url, timeout=10) as c, c.stream(
            "GET", "/api/events", headers={"Last-Event-ID": str(seen[0]["id"] - 1)}) as s:
        for line in s.iter_lines():
            if line.startswith("data: "):
                assert json.loads(line[6:])["id"] == seen[0]["id"]
                break


def test_csv_exports_are_safe_from_formula_injection(client: httpx.Client,
                                                     auth: dict[str, str]) -> None:
    evil = body("Darlington")
    evil["candidates"][-1]["candidate"] = "=HYPERLINK(\"http://x\",\"y\")"
    assert client.post("/api/declarations", json=evil, headers=auth).status_code == 201
    text = client.get("/api/export.csv").text
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text and "\"=HYPERLINK" not in text


def test_the_page_and_its_layout_are_served(client: httpx.Client) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "swingometer" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    hexes = client.get("/api/hexmap").json()
    assert len(hexes["hexes"]) == 650
    seats = client.get("/api/contests").json()
    assert {s["ons_id"] for s in seats} == set(hexes["hexes"])
    assert "/api/declarations" in client.get("/openapi.json").json()["paths"]


def test_the_export_carries_the_cards_figures(client: httpx.Client,
                                              auth: dict[str, str]) -> None:
    """/api/export.csv flattens each declared seat's card as ``swingometer export`` does:
    shares, change and gain or hold, with the declaration's state and revision."""
    import csv as csv_module
    import io

    from swingometer.export import CANDIDATE_COLUMNS, CONTEST_COLUMNS

    # declared here, or already by an earlier test of this module's night
    assert client.post("/api/declarations", json=body("Bishop Auckland"),
                       headers=auth).status_code in (201, 409)
    rows = list(csv_module.DictReader(io.StringIO(client.get("/api/export.csv").text)))
    assert set(CANDIDATE_COLUMNS) <= set(rows[0]) and {"result", "state", "revision"} <= set(
        rows[0])
    bishop = [r for r in rows if r["constituency"] == "Bishop Auckland"]
    assert bishop[0]["elected"] == "True" and float(bishop[0]["share"]) > 0
    assert bishop[0]["result"] and bishop[0]["change"] != ""
    contests = list(csv_module.DictReader(io.StringIO(
        client.get("/api/export.csv?level=contest").text)))
    assert list(contests[0])[:len(CONTEST_COLUMNS)] == list(CONTEST_COLUMNS)
    one = next(r for r in contests if r["constituency"] == "Bishop Auckland")
    assert int(one["majority_votes"]) > 0 and one["result"] == bishop[0]["result"]
    assert client.get("/api/export.csv?level=seat").status_code == 422

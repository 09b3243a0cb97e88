"""Killing the server (SIGKILL) in the middle of a replay loses no declaration it had answered
201: the ledger commits to disk before it answers. A restarted server has every acknowledged
record, and the replay resumes where it stopped and ends with the official House."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from swingometer.desk.replay import schedule
from swingometer.store import Ledger, connect, create_token
from swingometer.store.schema import Base

KILL_AFTER = 150
START_LIMIT = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: str, port: int, logs: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-c", "from swingometer.cli import main; main()", "serve",
               "--db", db, "--port", str(port), "--election", "2019"]
    log = logs / f"server.{port}.log"
    with log.open("ab") as sink:
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=sink,
                                  start_new_session=True)
    deadline = time.monotonic() + START_LIMIT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(log.read_text())
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the server did not start")


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_file(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    if request.param == "sqlite":
        db = str(tmp_path / "crash.sqlite")
    else:
        db = os.environ.get("SWINGOMETER_TEST_POSTGRES", "")
        if not db:
            if os.environ.get("CI"):
                pytest.fail("SWINGOMETER_TEST_POSTGRES is not set: .ci/run starts PostgreSQL")
            pytest.skip("no PostgreSQL server (set SWINGOMETER_TEST_POSTGRES)")
    engine = connect(db)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    token = create_token(engine, "crash test")
    engine.dispose()
    yield db, token


def test_sigkill_mid_replay_loses_no_acknowledged_declaration(
        ledger_file: tuple[str, str], tmp_path: Path) -> None:
    db, token = ledger_file
    port = free_port()
    server = start_server(db, port, tmp_path)
    steps = schedule("2019")
    acknowledged: list[dict[str, Any]] = []
    enough = threading.Event()

    def killer() -> None:
        enough.wait(120)
        os.kill(server.pid, signal.SIGKILL)

    threading.Thread(target=killer, daemon=True).start()
    headers = {"Authorization": f"Bearer {token}"}
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers,
                          timeout=10) as client:
            for step in steps:
                answer = client.post("/api/declarations", json=step.body)
                assert answer.status_code == 201, answer.text
                acknowledged.append(answer.json())
                if len(acknowledged) >= KILL_AFTER:
                    enough.set()
    except httpx.HTTPError:
        pass  # the server died under us, as intended
    finally:
        enough.set()
        server.wait(30)
    assert server.returncode == -signal.SIGKILL
    assert KILL_AFTER <= len(acknowledged) < len(steps)

    engine = connect(db)
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    ledger = Ledger(engine)
    for answer in acknowledged:
        stored = ledger.get(answer["id"])
        assert stored is not None, answer["constituency"]
        assert (stored.target.contest_id, stored.revision, stored.state) == (
            answer["contest"], answer["revision"], answer["state"])
        assert [e.votes for e in stored.candidates] == [c["votes"] for c in
                                                         answer["candidates"]]
    engine.dispose()

    restarted = start_server(db, port, tmp_path)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers,
                          timeout=10) as client:
            statuses = [client.post("/api/declarations", json=s.body).status_code
                        for s in steps]
            totals = client.get("/api/totals").json()
    finally:
        restarted.terminate()
        restarted.wait(30)
    assert statuses.count(409) >= len(acknowledged)
    assert set(statuses) <= {201, 409}
    seats = {p["party"]: p["seats"] for p in totals["parties"] if p["seats"]}
    assert seats["Con"] == 365 and seats["Lab"] == 202 and totals["declared"] == 650

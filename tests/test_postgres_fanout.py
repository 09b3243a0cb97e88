"""Several servers on one PostgreSQL ledger: three ``swingometer serve`` processes, each with
its own server-sent-event clients; declarations posted to any of them reach every client of
every server (LISTEN/NOTIFY announces each record's id; each server reads it and pushes it)."""

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

import httpx
import pytest

from swingometer.desk.replay import schedule
from swingometer.store import connect, create_token
from swingometer.store.schema import Base

SERVERS, CLIENTS_EACH, DECLARATIONS = 3, 3, 30
START_LIMIT = 90.0


def postgres() -> str:
    url = os.environ.get("SWINGOMETER_TEST_POSTGRES")
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail("SWINGOMETER_TEST_POSTGRES is not set: .ci/run starts PostgreSQL")
    pytest.skip("no PostgreSQL server (set SWINGOMETER_TEST_POSTGRES)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(server: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + START_LIMIT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(log.read_text())
        try:
            answer = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2)
            if answer.status_code == 200 and answer.json()["announcements"]:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("a server did not start: " + log.read_text())


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[tuple[list[int], str]]:
    db = postgres()
    engine = connect(db)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    token = create_token(engine, "fan-out")
    engine.dispose()
    ports = [free_port() for _ in range(SERVERS)]
    started = []
    for port in ports:
        log = tmp_path / f"serve.{port}.log"
        with log.open("wb") as sink:
            started.append(subprocess.Popen(
                [sys.executable, "-m", "swingometer", "serve", "--db", db, "--port",
                 str(port), "--election", "2019"], stdout=subprocess.DEVNULL, stderr=sink,
                start_new_session=True))
    try:
        for server, port in zip(started, ports, strict=True):
            wait_healthy(server, port, tmp_path / f"serve.{port}.log")
        yield ports, token
    finally:
        for server in started:
            server.send_signal(signal.SIGTERM)
        for server in started:
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()


def listen(port: int, got: list[int], ready: threading.Event, done: threading.Event) -> None:
    with httpx.Client(timeout=httpx.Timeout(60, read=60)) as client, \
            client.stream("GET", f"http://127.0.0.1:{port}/api/events") as stream:
        ready.set()
        event_id = None
        for line in stream.iter_lines():
            if line.startswith("id: "):
                event_id = int(line[4:])
            elif line.startswith("event: declaration") and event_id is not None:
                got.append(event_id)
                if len(got) >= DECLARATIONS:
                    done.set()
                    return


def test_every_client_of_every_server_receives_every_declaration(
        servers: tuple[list[int], str]) -> None:
    ports, token = servers
    received: dict[tuple[int, int], list[int]] = {}
    dones: list[threading.Event] = []
    for port in ports:
        for n in range(CLIENTS_EACH):
            got: list[int] = []
            ready, done = threading.Event(), threading.Event()
            received[(port, n)] = got
            dones.append(done)
            threading.Thread(target=listen, args=(port, got, ready, done),
                             daemon=True).start()
            assert ready.wait(30)
    for port in ports:  # every stream is open before the first declaration
        deadline = time.monotonic() + 30
        while httpx.get(f"http://127.0.0.1:{port}/api/health",
                        timeout=10).json()["events_clients"] < CLIENTS_EACH:
            assert time.monotonic() < deadline
            time.sleep(0.1)
    stored = []
    headers = {"Authorization": f"Bearer {token}"}
    for n, step in enumerate(schedule("2019", limit=DECLARATIONS)):
        port = ports[n % len(ports)]  # round robin, as a load balancer would
        answer = httpx.post(f"http://127.0.0.1:{port}/api/declarations", json=step.body,
                            headers=headers, timeout=30)
        assert answer.status_code == 201, answer.text
        stored.append(answer.json()["id"])
    deadline = time.monotonic() + 30
    for done in dones:
        done.wait(max(0.0, deadline - time.monotonic()))
    for (port, n), got in received.items():
        assert sorted(got) == sorted(stored), f"client {n} of the server on {port}"
    # and every server's totals agree
    totals = [httpx.get(f"http://127.0.0.1:{p}/api/totals", timeout=30).json()["declared"]
              for p in ports]
    assert totals == [DECLARATIONS] * SERVERS

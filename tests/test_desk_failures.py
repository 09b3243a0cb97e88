"""The desk is bounded and honest under bad input and failure: impossible dates and ids are
422 in the error shape; nights are built only for the catalogue's elections and a few future
days (a thousand distinct dates do not grow memory); oversized or too many headers and slow or
idle connections are cut off; a ledger that cannot be written or reached is 503 in the error
shape and ``/api/health`` says so; ``serve`` start-up errors are one line with exit 2 or 4;
``/docs`` works under the page's content-security policy."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import event

from swingometer import elections
from swingometer.desk import Desk
from swingometer.store import Ledger, connect, create_token
from swingometer.web import create_app
from swingometer.web.server import running

POSTGRES = os.environ.get("SWINGOMETER_TEST_POSTGRES")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Desk]]:
    engine = connect(str(tmp_path_factory.mktemp("desk") / "ledger.sqlite"))
    token = create_token(engine, "failures")
    desk = Desk(Ledger(engine), "2019")
    with running(create_app(desk), read_timeout=1.0) as url:
        yield url, token, desk
    engine.dispose()


def blyth_valley() -> dict[str, Any]:
    contest = elections.find_contest("Blyth Valley", on=date(2019, 12, 12))
    return {"contest": contest.id, "state": "result", "revision": 1,
            "candidates": [{"candidate": c.name, "party": c.party, "votes": c.votes}
                           for c in contest.candidates],
            "electorate": contest.electorate, "rejected": contest.rejected}


def error_shape(answer: httpx.Response, status: int) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    found: dict[str, Any] = answer.json()
    assert isinstance(found["detail"], str) and found["detail"]
    assert "Traceback" not in answer.text
    return found


# --- impossible dates and ids ----------------------------------------------------------

@pytest.mark.parametrize("path", ["/api/totals?election=2019-02-30",
                                  "/api/projection?election=2019-13-01",
                                  "/api/contests?election=2023-02-29",
                                  "/api/declarations?election=0000-00-00"])
def test_an_impossible_date_is_422(served: tuple[str, str, Desk], path: str) -> None:
    found = error_shape(httpx.get(served[0] + path, timeout=30), 422)
    assert "not a date" in found["detail"]


def test_an_impossible_contest_id_is_422(served: tuple[str, str, Desk]) -> None:
    found = error_shape(httpx.get(served[0] + "/api/contests/parl.aberavon.2019-02-30",
                                  timeout=30), 422)
    assert "2019-02-30" in found["detail"]


def test_a_day_with_no_contest_is_422_with_the_days_that_have_one(
        served: tuple[str, str, Desk]) -> None:
    found = error_shape(httpx.get(served[0] + "/api/totals?election=2018-05-04", timeout=30),
                        422)
    assert "2019-12-12" in found["choices"]


# --- memory bound ----------------------------------------------------------------------

def test_a_thousand_future_dates_do_not_grow_memory(tmp_path: Path) -> None:
    engine = connect(str(tmp_path / "ledger.sqlite"))
    desk = Desk(Ledger(engine), "2019")
    desk.night("2029-05-03")
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    first = date(2025, 1, 2)
    for n in range(1000):
        desk.totals((first + timedelta(days=n)).isoformat())
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert desk.nights_held() <= desk.max_nights
    assert grown < 20_000_000, f"{grown:,} bytes held after 1,000 distinct nights"
    # the configured night and a catalogue night stay served
    assert desk.night().election_id == "parl.2019-12-12"
    assert desk.night("2017").size == 650
    engine.dispose()


# --- headers and timeouts ----------------------------------------------------------------

def _raw(url: str, payload: bytes, wait: float = 5.0) -> bytes:
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as s:
        # the server may cut the connection before it has read everything
        with contextlib.suppress(OSError):
            s.sendall(payload)
        out = b""
        try:
            while chunk := s.recv(65536):
                out += chunk
        except (TimeoutError, ConnectionResetError):
            pass
        return out


def test_huge_headers_are_refused_431(served: tuple[str, str, Desk]) -> None:
    big = b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 1_000_000 + b"\r\n\r\n"
    answer = _raw(served[0], big)
    assert answer.startswith(b"HTTP/1.1 431"), answer[:200]
    assert b'"detail"' in answer


def test_too_many_headers_are_refused_431(served: tuple[str, str, Desk]) -> None:
    many = b"".join(b"X-H%d: 1\r\n" % n for n in range(300))
    answer = _raw(served[0], b"GET /api/health HTTP/1.1\r\nHost: x\r\n" + many + b"\r\n")
    assert answer.startswith(b"HTTP/1.1 431"), answer[:200]


def test_a_slow_request_is_cut_off(served: tuple[str, str, Desk]) -> None:
    host, port = served[0].removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        start = time.monotonic()
        s.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\n")
        closed = False
        while time.monotonic() - start < 8:
            try:
                s.sendall(b"X-Slow: 1\r\n")  # a header a second, never finishing
            except OSError:
                closed = True
                break
            s.settimeout(1.0)
            try:
                if s.recv(4096) == b"":
                    closed = True
                    break
            except TimeoutError:
                continue
            except OSError:
                closed = True
                break
        assert closed and time.monotonic() - start < 6


def test_an_idle_connection_is_closed(served: tuple[str, str, Desk]) -> None:
    host, port = served[0].removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=8) as s:
        start = time.monotonic()
        assert s.recv(10) == b""
        assert time.monotonic() - start < 5


def test_a_slow_body_is_cut_off(served: tuple[str, str, Desk]) -> None:
    url, token, _ = served
    head = (f"POST /api/declarations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
            "Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{").encode()
    start = time.monotonic()
    answer = _raw(url, head, wait=8)
    assert time.monotonic() - start < 6
    assert answer == b"" or answer.startswith(b"HTTP/1.1 408"), answer[:200]


def test_server_sent_events_outlive_the_read_timeout(served: tuple[str, str, Desk]) -> None:
    url, token, _ = served
    got: list[str] = []
    with httpx.Client(base_url=url, timeout=10) as client, \
            client.stream("GET", "/api/events") as stream:
        def post_later() -> None:
            time.sleep(2.5)  # longer than the read timeout
            httpx.post(url + "/api/declarations", json=blyth_valley(),
                       headers={"Authorization": f"Bearer {token}"}, timeout=30)

        threading.Thread(target=post_later, daemon=True).start()
        for line in stream.iter_lines():
            if line.startswith("event:"):
                got.append(line)
                break
    assert got == ["event: declaration"]


# --- a ledger that cannot be written or reached ------------------------------------------

def test_a_full_ledger_is_503_and_health_says_so(tmp_path: Path) -> None:
    engine = connect(str(tmp_path / "full.sqlite"))
    token = create_token(engine, "full")
    desk = Desk(Ledger(engine), "2019")
    with running(create_app(desk)) as url:
        assert httpx.get(url + "/api/health", timeout=30).status_code == 200
        engine.dispose()

        @event.listens_for(engine, "connect")
        def fill(connection: Any, _record: Any) -> None:
            # the disk is full: the file may not grow by a page (SQLITE_FULL)
            pages = connection.execute("PRAGMA page_count").fetchone()[0]
            connection.execute(f"PRAGMA max_page_count={pages}")

        for n in range(40):  # fill what room the last page had
            body = blyth_valley() | {"revision": n + 1, "note": "x" * 1500}
            answer = httpx.post(url + "/api/declarations", json=body,
                                headers={"Authorization": f"Bearer {token}"}, timeout=30)
            if answer.status_code != 201:
                break
        found = error_shape(answer, 503)
        assert "ledger" in found["detail"]
        health = error_shape(httpx.get(url + "/api/health", timeout=30), 503)
        assert "cannot be written" in health["detail"]
    engine.dispose()


def test_a_read_only_ledger_is_503_and_health_says_so(tmp_path: Path) -> None:
    path = tmp_path / "ro.sqlite"
    token = create_token(connect(str(path)), "read only")
    engine = connect(f"sqlite:///file:{path}?mode=ro&uri=true")
    with running(create_app(Desk(Ledger(engine), "2019"))) as url:
        answer = httpx.post(url + "/api/declarations", json=blyth_valley(),
                            headers={"Authorization": f"Bearer {token}"}, timeout=30)
        assert "read" in error_shape(answer, 503)["detail"]
        error_shape(httpx.get(url + "/api/health", timeout=30), 503)
        # reads still answer
        assert httpx.get(url + "/api/totals", timeout=30).status_code == 200
    engine.dispose()


class Proxy:
    """A TCP relay to PostgreSQL that can be cut, as if the database server stopped."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open: list[socket.socket] = []
        self.running = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.running:
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            self.open += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        for s in (a, b):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        self.running = False
        for s in self.open:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)


def test_a_stopped_postgresql_is_503_and_health_says_so() -> None:
    if not POSTGRES:
        if os.environ.get("CI"):
            pytest.fail("SWINGOMETER_TEST_POSTGRES is not set: .ci/run starts PostgreSQL")
        pytest.skip("no PostgreSQL server (set SWINGOMETER_TEST_POSTGRES)")
    found = re.search(r"@([^:/]+):(\d+)/", POSTGRES)
    assert found is not None
    proxy = Proxy((found.group(1), int(found.group(2))))
    url = POSTGRES.replace(found.group(0), f"@127.0.0.1:{proxy.port}/")
    engine = connect(url)
    token = create_token(engine, f"proxy {time.time()}")
    with running(create_app(Desk(Ledger(engine), "2019"))) as served_url:
        assert httpx.get(served_url + "/api/health", timeout=30).status_code == 200
        proxy.stop()
        answer = httpx.post(served_url + "/api/declarations", json=blyth_valley(),
                            headers={"Authorization": f"Bearer {token}"}, timeout=60)
        assert answer.status_code == 503, answer.text
        error_shape(answer, 503)
        error_shape(httpx.get(served_url + "/api/health", timeout=60), 503)
    engine.dispose()


# --- serve start-up errors -----------------------------------------------------------------

def serve(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"SWINGOMETER_DB": str(tmp_path / "start.sqlite")}
    return subprocess.run([sys.executable, "-m", "swingometer", "serve", *args], env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(("args", "code", "words"), [
    (("--port", "70000"), 2, "port"),
    (("--port", "-1"), 2, "port"),
    (("--election", "2018"), 2, "election"),
    (("--election", "2019-02-30"), 2, "not a date"),
    (("--db", "/proc/no/such/folder/x.sqlite"), 4, "ledger"),
    (("--db", "postgresql://nobody@127.0.0.1:1/none"), 4, "ledger"),
])
def test_serve_start_up_errors_are_one_line(args: tuple[str, ...], code: int, words: str,
                                            tmp_path: Path) -> None:
    done = serve(*args, tmp_path=tmp_path)
    assert done.returncode == code, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ") and words in lines[0]


def test_serve_on_a_port_in_use_is_one_line_exit_4(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = str(taken.getsockname()[1])
        done = serve("--port", port, tmp_path=tmp_path)
    assert done.returncode == 4, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and port in done.stderr


# --- /docs under the content-security policy -----------------------------------------------

def test_the_docs_work_under_the_content_security_policy(
        served: tuple[str, str, Desk]) -> None:
    url = served[0]
    page = httpx.get(url + "/docs", timeout=30)
    assert page.status_code == 200 and "script-src 'self'" in page.headers[
        "content-security-policy"]
    html = page.text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert "<style" not in html and " style=" not in html, "inline style"
    for ref in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not ref.startswith(("http:", "https:", "//")), ref
        if ref.startswith("/"):
            assert httpx.get(url + ref, timeout=30).status_code == 200, ref
    schema = httpx.get(url + "/openapi.json", timeout=30).json()
    for path in schema["paths"]:
        assert path in html
    assert "POST" in html and "/api/declarations" in html

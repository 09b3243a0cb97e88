"""Benchmark: the live desk's HTTP API on this machine.

Prints, from one run:

* writes — declarations per second through ``POST /api/declarations`` (the real 2019 night
  with its winner rush: 1,300 declarations) with durable commits (SQLite WAL with
  ``synchronous=FULL``, or PostgreSQL with ``--db``), from 4 concurrent writers; target ≥ 200/s.
  Baseline in the same run: the same declarations appended by the Desk in-process, no HTTP.
* reads — ``GET /api/totals`` with 50 concurrent keep-alive clients on 127.0.0.1 for a fixed
  time; requests per second and p50/p99 latency; target ≥ 1,000 requests/s and p99 < 50 ms.
  Baseline in the same run: a bare ASGI app on the same server stack returning the same bytes.
* declaration to screen — from a ``POST /api/declarations`` being sent to its event arriving
  at a server-sent-event client, p50 and p99 over every client and declaration, with 10, 100
  and 1,000 clients connected to one server, and (with ``--db postgresql://…``) spread over
  three servers on the one database (LISTEN/NOTIFY); target p99 < 1 s with 1,000 clients.
  Baseline in the same run: the POST's own round trip (sent → 201 answered).

The server runs as ``swingometer serve`` in its own process; the client runs here. Every loop
is bounded in count and time.

Usage: ``python benchmarks/live.py [--db postgresql://…] [--seconds 5] [--clients 50]
[--screen 10,100,1000]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
WRITERS = 4
MAX_REQUESTS = 500_000
START_LIMIT = 60.0


# --- a bare ASGI app: the floor of the server stack ----------------------------------------

_FLOOR_BODY = Path(os.environ.get("SWINGOMETER_FLOOR_BODY", "/dev/null")).read_bytes()


async def floor(scope: dict[str, Any], receive: Callable[..., Any],
                send: Callable[..., Any]) -> None:
    """Answers every request with the totals' bytes: no framework, no desk."""
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    await send({"type": "http.response.start", "status": 200, "headers": [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(_FLOOR_BODY)).encode())]})
    await send({"type": "http.response.body", "body": _FLOOR_BODY})


# --- machine ---------------------------------------------------------------------------------

def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    stack = []
    for name in ("uvloop", "httptools"):
        try:
            __import__(name)
            stack.append(name)
        except ImportError:
            stack.append(f"no {name}")
    return (f"{os.cpu_count()} cores ({cpu}){memory}; Python {platform.python_version()}; "
            f"SQLite {sqlite3.sqlite_version}; uvicorn with {', '.join(stack)}")


# --- servers ---------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(process: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + START_LIMIT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped: exit {process.returncode}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start")


def start(command: list[str], url: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    wait_up(process, url)
    return process


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()


# --- writes ----------------------------------------------------------------------------------

def night() -> list[dict[str, Any]]:
    from swingometer.desk.replay import schedule

    return [s.body for s in schedule("2019", rush=True)]


def shares(bodies: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Split by contest, so each writer sends a contest's rush before its result."""
    out: list[list[dict[str, Any]]] = [[] for _ in range(WRITERS)]
    for body in bodies:
        out[hash(body["contest"]) % WRITERS].append(body)
    return out


def in_process(db: str, bodies: list[dict[str, Any]]) -> float:
    """Declarations per second appended by the Desk itself (validation and commit, no HTTP)."""
    from swingometer.desk import Desk
    from swingometer.store import Ledger, connect
    from swingometer.web.schemas import DeclarationIn

    desk = Desk(Ledger(connect(db)), "2019")
    desk.night()
    submissions = [DeclarationIn.model_validate(b).submission() for b in bodies]
    begin = time.perf_counter()
    for s in submissions:
        desk.declare(s, "benchmark")
    return len(submissions) / (time.perf_counter() - begin)


def over_http(url: str, token: str, bodies: list[dict[str, Any]]) -> tuple[float, dict[int, int]]:
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def write(share: list[dict[str, Any]]) -> None:
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"},
                          timeout=30) as client:
            for body in share:
                code = client.post("/api/declarations", json=body).status_code
                with lock:
                    statuses[code] = statuses.get(code, 0) + 1

    threads = [threading.Thread(target=write, args=(s,)) for s in shares(bodies)]
    begin = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(600)
    return len(bodies) / (time.perf_counter() - begin), statuses


# --- reads -----------------------------------------------------------------------------------

async def _client(port: int, request: bytes, until: float, latencies: list[float]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < until and len(latencies) < MAX_REQUESTS:
            sent = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length:"))
            await reader.readexactly(length)
            if not head.startswith(b"HTTP/1.1 200"):
                raise SystemExit(f"answer {head[:40]!r}")
            latencies.append(time.perf_counter() - sent)
    finally:
        writer.close()


async def _load(port: int, path: str, clients: int, seconds: float) -> list[float]:
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
    warm: list[float] = []
    await asyncio.gather(*(_client(port, request, time.perf_counter() + 0.5, warm)
                           for _ in range(clients)))
    latencies: list[float] = []
    until = time.perf_counter() + seconds
    await asyncio.gather(*(_client(port, request, until, latencies) for _ in range(clients)))
    return latencies


def read_load(port: int, path: str, clients: int, seconds: float) -> tuple[float, float, float]:
    """Requests per second, and median and 99th-percentile latency in milliseconds."""
    begin = time.perf_counter()
    latencies = asyncio.run(_load(port, path, clients, seconds))
    elapsed = time.perf_counter() - begin - 0.5
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return len(latencies) / elapsed, 1000 * statistics.median(ordered), 1000 * p99


# --- declaration to screen ------------------------------------------------------------------

SCREEN_DECLARATIONS = 20
SCREEN_GAP = 0.25  # seconds between declarations


async def _sse(port: int, arrivals: list[tuple[str, float]], connected: asyncio.Event,
               count: list[int], wanted: int, stop: asyncio.Event) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(b"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        await reader.readuntil(b"\r\n\r\n")
        count[0] += 1
        if count[0] >= wanted:
            connected.set()
        while not stop.is_set():  # cancelled at the end
            line = await reader.readline()
            if not line:
                return
            if line.startswith(b"data: "):
                # the time first: parsing is the client's cost, not the desk's
                at = time.perf_counter()
                arrivals.append((json.loads(line[6:])["contest"], at))
    finally:
        writer.close()


def _post_all(urls: list[str], token: str, bodies: list[dict[str, Any]],
              sent: dict[str, float], answered: list[float]) -> None:
    clients = [httpx.Client(base_url=u, headers={"Authorization": f"Bearer {token}"},
                            timeout=30) for u in urls]
    try:
        for n, body in enumerate(bodies):
            time.sleep(SCREEN_GAP)
            begin = time.perf_counter()
            sent[body["contest"]] = begin
            answer = clients[n % len(clients)].post("/api/declarations", json=body)
            answered.append(time.perf_counter() - begin)
            if answer.status_code != 201:
                raise SystemExit(f"declaration refused: {answer.status_code} {answer.text}")
    finally:
        for c in clients:
            c.close()


async def _screen(ports: list[int], token: str, clients: int,
                  bodies: list[dict[str, Any]]) -> tuple[list[float], list[float], int]:
    arrivals: list[tuple[str, float]] = []
    connected, stop = asyncio.Event(), asyncio.Event()
    count = [0]
    tasks = [asyncio.create_task(_sse(ports[n % len(ports)], arrivals, connected, count,
                                      clients, stop)) for n in range(clients)]
    await asyncio.wait_for(connected.wait(), 120)
    sent: dict[str, float] = {}
    answered: list[float] = []
    urls = [f"http://127.0.0.1:{p}" for p in ports]
    await asyncio.to_thread(_post_all, urls, token, bodies, sent, answered)
    deadline = time.perf_counter() + 10
    while len(arrivals) < clients * len(bodies) and time.perf_counter() < deadline:
        await asyncio.sleep(0.05)
    stop.set()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    latencies = [at - sent[c] for c, at in arrivals if c in sent]
    return latencies, answered, clients * len(bodies) - len(latencies)


def screen(ports: list[int], token: str, clients: int, bodies: list[dict[str, Any]]
           ) -> tuple[float, float, float, int]:
    """p50 and p99 declaration-to-screen latency (ms), the POST round trip's p50 (ms), and how
    many events never arrived."""
    latencies, answered, missing = asyncio.run(_screen(ports, token, clients, bodies))
    ordered = sorted(latencies) or [float("nan")]
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return (1000 * statistics.median(ordered), 1000 * p99,
            1000 * statistics.median(answered), missing)


def screen_bodies(offset: int) -> list[dict[str, Any]]:
    from swingometer.desk.replay import schedule

    steps = schedule("2019")[offset:offset + SCREEN_DECLARATIONS]
    return [s.body for s in steps]


def serve_command(db: str, port: int) -> list[str]:
    return [sys.executable, "-c", "from swingometer.cli import main; main()", "serve", "--db",
            db, "--port", str(port), "--election", "2019"]


def screen_runs(db: str, token: str, counts: list[int], servers: int, env: dict[str, str],
                offset: int) -> list[tuple[int, tuple[float, float, float, int]]]:
    ports = [free_port() for _ in range(servers)]
    started = [start(serve_command(db, p), f"http://127.0.0.1:{p}/api/health", env)
               for p in ports]
    out = []
    try:
        for n, clients in enumerate(counts):
            bodies = screen_bodies(offset + n * SCREEN_DECLARATIONS)
            out.append((clients, screen(ports, token, clients, bodies)))
    finally:
        for process in started:
            stop(process)
    return out


# --- main ------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a PostgreSQL URL (default: SQLite files in a tmp dir)")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--screen", default="10,100,1000",
                        help="SSE client counts for the declaration-to-screen latency ('' "
                        "to skip)")
    args = parser.parse_args()
    counts = [int(n) for n in args.screen.split(",") if n.strip()]
    env = dict(os.environ)
    if "SWINGOMETER_DATA" not in env and SHARED.is_dir():
        env["SWINGOMETER_DATA"] = os.environ["SWINGOMETER_DATA"] = str(SHARED)
    print(f"machine: {machine()}")
    bodies = night()
    with tempfile.TemporaryDirectory() as tmp:
        from sqlalchemy import Engine

        from swingometer.store import connect, create_token
        from swingometer.store.schema import Base

        def fresh(name: str) -> tuple[str, Engine]:
            db = args.db or str(Path(tmp) / f"{name}.sqlite")
            engine = connect(db)
            Base.metadata.drop_all(engine)
            Base.metadata.create_all(engine)
            return db, engine

        db, engine = fresh("baseline")
        direct = in_process(db, bodies)
        engine.dispose()
        db, engine = fresh("served")
        token = create_token(engine, "benchmark")
        engine.dispose()
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = start(serve_command(db, port), url + "/api/health", env)
        try:
            rate, statuses = over_http(url, token, bodies)
            body = httpx.get(url + "/api/totals").content
            served = read_load(port, "/api/totals", args.clients, args.seconds)
        finally:
            stop(server)
        floor_file = Path(tmp) / "totals.json"
        floor_file.write_bytes(body)
        port = free_port()
        bare = start([sys.executable, "-m", "uvicorn", "benchmarks.live:floor", "--port",
                      str(port), "--log-level", "warning", "--no-access-log"],
                     f"http://127.0.0.1:{port}/", env | {"SWINGOMETER_FLOOR_BODY": str(floor_file)})
        try:
            bare_load = read_load(port, "/api/totals", args.clients, args.seconds)
        finally:
            stop(bare)
        screens: list[tuple[str, list[tuple[int, tuple[float, float, float, int]]]]] = []
        if counts:
            db, engine = fresh("screen")
            token = create_token(engine, "screen")
            engine.dispose()
            screens.append(("one server", screen_runs(db, token, counts, 1, env, 0)))
            if args.db:
                screens.append(("three servers, one PostgreSQL", screen_runs(
                    db, token, counts, 3, env, len(counts) * SCREEN_DECLARATIONS)))
    kind = "PostgreSQL" if args.db else "SQLite (WAL, synchronous=FULL)"
    print(f"\nwrites: {len(bodies)} declarations of the 2019 night, {WRITERS} writers, {kind}")
    print(f"  Desk in-process (baseline)   {direct:8.0f} declarations/s")
    print(f"  POST /api/declarations       {rate:8.0f} declarations/s  (target >= 200)"
          f"  statuses {statuses}")
    print(f"  ratio HTTP / in-process      {rate / direct:8.2f}")
    print(f"\nreads: {args.clients} keep-alive clients for {args.seconds:g} s, "
          f"{len(body):,}-byte answer")
    print(f"  bare ASGI app (baseline)     {bare_load[0]:8.0f} requests/s  p50 "
          f"{bare_load[1]:5.1f} ms  p99 {bare_load[2]:5.1f} ms")
    print(f"  GET /api/totals              {served[0]:8.0f} requests/s  p50 {served[1]:5.1f} ms"
          f"  p99 {served[2]:5.1f} ms  (target >= 1000/s, p99 < 50 ms)")
    print(f"  ratio desk / bare            {served[0] / bare_load[0]:8.2f}")
    for label, runs in screens:
        print(f"\ndeclaration to screen ({label}; {SCREEN_DECLARATIONS} declarations "
              f"{SCREEN_GAP:g} s apart; target p99 < 1000 ms with 1,000 clients)")
        for clients, (p50, p99, post, missing) in runs:
            print(f"  {clients:5d} clients   p50 {p50:7.1f} ms  p99 {p99:7.1f} ms   "
                  f"POST round trip p50 {post:6.1f} ms (baseline)  ratio p50/POST "
                  f"{p50 / post:5.2f}  missed {missing}")


if __name__ == "__main__":
    main()

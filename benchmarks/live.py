"""Benchmark: the live desk's HTTP API on this machine.

Prints, from one run:

* writes — declarations per second through ``POST /api/declarations`` (the real 2019 night
  with its winner rush: 1,300 declarations) with durable commits (SQLite WAL with
  ``synchronous=FULL``, or PostgreSQL with ``--db``), from 4 concurrent writers; target ≥ 200/s.
  Baseline in the same run: the same declarations appended by the Desk in-process, no HTTP.
* reads — ``GET /api/totals`` with 50 concurrent keep-alive clients on 127.0.0.1 for a fixed
  time; requests per second and p50/p99 latency; target ≥ 1,000 requests/s and p99 < 50 ms.
  Baseline in the same run: a bare ASGI app on the same server stack returning the same bytes.

The server runs as ``swingometer serve`` in its own process; the client runs here. Every loop
is bounded in count and time.

Usage: ``python benchmarks/live.py [--db postgresql://…] [--seconds 5] [--clients 50]``.
"""

from __future__ import annotations

import argparse
import asyncio
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


# --- main ------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a PostgreSQL URL (default: SQLite files in a tmp dir)")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=50)
    args = parser.parse_args()
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
        server = start([sys.executable, "-c", "from swingometer.cli import main; main()",
                        "serve", "--db", db, "--port", str(port), "--election", "2019"],
                       url + "/api/health", env)
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


if __name__ == "__main__":
    main()

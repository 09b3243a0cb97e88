"""Running the desk's app under uvicorn with the desk's connection limits: request headers of
at most ``MAX_HEADER_BYTES`` (431 beyond), a request's head and body each read within
``READ_TIMEOUT`` seconds of the connection or of the previous response (a slow or idle client
is cut off), and idle keep-alive connections closed after ``KEEP_ALIVE`` seconds.

``running`` serves an app in a background thread on 127.0.0.1 and an ephemeral port: for
tests, benchmarks and programs that embed a desk.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

STARTUP_LIMIT = 60.0
MAX_HEADER_BYTES = 32 * 1024
READ_TIMEOUT = 10.0
KEEP_ALIVE = 5


class DeskProtocol(H11Protocol):
    """HTTP/1.1 with a deadline for each request's head: armed when the connection opens and
    again after each response, cleared only when a whole request head has arrived, so a client
    sending a header a second (slowloris) or nothing at all is closed."""

    read_timeout = READ_TIMEOUT

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._deadline: asyncio.TimerHandle | None = None
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.read_timeout, self._too_slow)

    def _disarm(self) -> None:
        if getattr(self, "_deadline", None) is not None:
            assert self._deadline is not None
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        idle = self.cycle is None or self.cycle.response_complete
        if idle and not self.transport.is_closing():
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        waiting = self.cycle
        super().data_received(data)
        if self.cycle is not None and self.cycle is not waiting:
            self._disarm()  # a whole request head has arrived

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        """Refuse a malformed request, or one whose head is too big (431), in the API's
        error shape, and close the connection."""
        too_big = len(self.conn.trailing_data[0]) >= MAX_HEADER_BYTES
        status, reason, detail = (
            (431, "Request Header Fields Too Large",
             f"the request headers are over {MAX_HEADER_BYTES:,} bytes") if too_big
            else (400, "Bad Request", msg))
        body = json.dumps({"detail": detail}).encode()
        head = (f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n"
                f"content-length: {len(body)}\r\nconnection: close\r\n\r\n").encode()
        if not self.transport.is_closing():
            self.transport.write(head + body)
            self.transport.close()


def config(app: Any, host: str = "127.0.0.1", port: int = 0,
           read_timeout: float = READ_TIMEOUT, **options: Any) -> uvicorn.Config:
    """The uvicorn configuration of a desk: its protocol, limits and timeouts."""
    protocol = type("Protocol", (DeskProtocol,), {"read_timeout": read_timeout})
    settings: dict[str, Any] = {"log_level": "warning", "access_log": False, "lifespan": "on",
                                "timeout_graceful_shutdown": 1,
                                "timeout_keep_alive": KEEP_ALIVE,
                                "h11_max_incomplete_event_size": MAX_HEADER_BYTES} | options
    app.state.read_timeout = read_timeout
    return uvicorn.Config(app, host=host, port=port, http=protocol, **settings)


@contextmanager
def running(app: Any, host: str = "127.0.0.1", port: int = 0,
            read_timeout: float = READ_TIMEOUT) -> Iterator[str]:
    """Serve ``app`` until the block ends; yields its base address (``http://127.0.0.1:N``)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(256)
    server = uvicorn.Server(config(app, host, port, read_timeout))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True,
                              name="swingometer-desk")
    thread.start()
    deadline = time.monotonic() + STARTUP_LIMIT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            raise RuntimeError("the desk did not start")
        time.sleep(0.01)
    try:
        yield f"http://{host}:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()

"""Server-sent events: every accepted declaration, pushed to every open ``/api/events``.

A client that reconnects with ``Last-Event-ID`` is first sent what it missed, from the ledger.
A client too slow to keep up (its queue full) is dropped and catches up the same way.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

from ..store import Record

QUEUE_SIZE = 2000
KEEPALIVE = 15.0


def frame(event_id: int | None, data: dict[str, Any], event: str = "declaration") -> bytes:
    """One event in the text/event-stream format (without an id, an event does not move the
    client's ``Last-Event-ID``, which counts declarations)."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {event}\ndata: {payload}\n\n".encode()


class Broadcaster:
    """Fans accepted declarations out to the open event streams (thread-safe publish)."""

    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[tuple[int, bytes] | None]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    @property
    def clients(self) -> int:
        return len(self._queues)

    def publish(self, record: Record, summary: dict[str, Any]) -> None:
        """Called from any thread when a declaration is stored."""
        if self._loop is None or self._loop.is_closed():
            return
        message = (record.id, frame(record.id, summary))
        self._loop.call_soon_threadsafe(self._deliver, message)

    def publish_poll(self, poll: dict[str, Any]) -> None:
        """An exit poll stored (here or, on PostgreSQL, by another server)."""
        if self._loop is None or self._loop.is_closed():
            return
        self._loop.call_soon_threadsafe(self._deliver, (0, frame(None, poll, "exit-poll")))

    def _deliver(self, message: tuple[int, bytes]) -> None:
        for queue in list(self._queues):
            try:
                queue.put_nowait(message)
            except asyncio.QueueFull:
                self._end(queue)

    def _end(self, queue: asyncio.Queue[tuple[int, bytes] | None]) -> None:
        """Tell one stream to finish (its client reconnects and catches up)."""
        self._queues.discard(queue)
        while not queue.empty():
            queue.get_nowait()
        queue.put_nowait(None)

    def close(self) -> None:
        for queue in list(self._queues):
            self._end(queue)

    async def stream(self, missed: Callable[[], list[tuple[int, dict[str, Any]]]]
                     ) -> AsyncIterator[bytes]:
        """The event stream of one client: what it missed, then every new declaration."""
        queue: asyncio.Queue[tuple[int, bytes] | None] = asyncio.Queue(QUEUE_SIZE)
        self._queues.add(queue)
        sent = 0
        try:
            yield b"retry: 2000\n\n"
            for event_id, data in await asyncio.to_thread(missed):
                sent = max(sent, event_id)
                yield frame(event_id, data)
            while True:
                try:
                    message = await asyncio.wait_for(queue.get(), KEEPALIVE)
                except TimeoutError:
                    yield b": keepalive\n\n"
                    continue
                if message is None:
                    return
                if message[0] > sent or message[0] == 0:  # not already sent as missed
                    yield message[1]
        finally:
            self._queues.discard(queue)

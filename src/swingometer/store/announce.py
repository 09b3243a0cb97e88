"""Hearing other servers' writes: a thread that LISTENs on PostgreSQL's channel and hands
each announced record id (``d:<id>``, ``e:<id>``) to a callback, reconnecting after the
database comes back. With it every ``swingometer serve`` on one database pushes every record
to its own clients; SQLite has no such channel (one process serves it)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import Engine

from .ledger import CHANNEL

#: seconds between tries while the database is unreachable
RETRY = 1.0


class Announcements:
    """LISTEN on the ledger's channel in a daemon thread until ``stop``."""

    def __init__(self, engine: Engine, heard: Callable[[str], None],
                 reconnected: Callable[[], None] | None = None) -> None:
        self.url = engine.url.set(drivername="postgresql").render_as_string(
            hide_password=False)
        self.heard = heard
        self.reconnected = reconnected
        self._stop = threading.Event()
        self.listening = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True,
                                        name="swingometer-listen")

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        import psycopg

        first = True
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.url, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    if not first and self.reconnected is not None:
                        self.reconnected()  # catch up on what was announced while away
                    first = False
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=0.5):
                            self.heard(note.payload)
            except Exception:
                self.listening.clear()
                self._stop.wait(RETRY)

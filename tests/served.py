"""A folder served over HTTP on 127.0.0.1 for the download tests: the mirror a user points
``SWINGOMETER_DATA`` at, refusing the files it is told to (404) and counting the requests."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class ServedFolder:
    """``root`` served on a free port of 127.0.0.1 until :meth:`close`."""

    def __init__(self, root: Path, refuse: tuple[str, ...] = ()) -> None:
        self.requests: list[str] = []
        requests = self.requests

        class Handler(SimpleHTTPRequestHandler):
            def do_GET(self) -> None:
                requests.append(self.path)
                if self.path.lstrip("/") in refuse:
                    self.send_error(404)
                    return
                super().do_GET()

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep the test output clean

        self.server = ThreadingHTTPServer(("127.0.0.1", 0),
                                          functools.partial(Handler, directory=str(root)))
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        if not self.thread.is_alive():
            return
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()

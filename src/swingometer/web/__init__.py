"""The live desk's face: an HTTP API (FastAPI) and a web page, with server-sent events."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]

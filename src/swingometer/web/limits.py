"""Small ASGI middlewares: caps on request bodies (size, and the time to send them), on the
number of request headers, and security headers on responses."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: the page loads only its own script and style, and talks only to its own server
POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
           (b"x-frame-options", b"DENY"), (b"content-security-policy", POLICY.encode())]


#: more request headers than this: 431 (a browser sends about twenty)
MAX_HEADERS = 100
#: seconds a client may take to send a request body (its head has its own deadline)
READ_TIMEOUT = 10.0


class _TooLarge(HTTPException):
    """Raised while the body streams in; the app's own handler answers it with a 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is over {limit:,} bytes")


class _TooSlow(HTTPException):
    def __init__(self, timeout: float) -> None:
        super().__init__(408, f"the request body was not sent within {timeout:g} s")


async def _refuse(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse (413) a request whose body is over ``limit`` bytes, declared or streamed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await _refuse(send, 400, "Content-Length is not a number")
                return
            if int(declared) > self.limit:
                await _refuse(send, 413, f"the request body is over {self.limit:,} bytes")
                return
        if len(scope["headers"]) > MAX_HEADERS:
            await _refuse(send, 431, f"more than {MAX_HEADERS} request headers")
            return
        received = 0
        started = False
        complete = False
        app = scope.get("app")
        timeout = getattr(getattr(app, "state", None), "read_timeout", READ_TIMEOUT)

        async def limited() -> Message:
            nonlocal received, complete
            if complete:  # the body is in: waiting now is for a disconnect (event streams)
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), timeout)
            except TimeoutError:
                raise _TooSlow(timeout) from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _TooLarge(self.limit)
                complete = not message.get("more_body", False)
            return message

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, watch)
        except _TooLarge:
            if not started:
                await _refuse(send, 413, f"the request body is over {self.limit:,} bytes")
        except _TooSlow as error:
            if not started:
                await _refuse(send, 408, error.detail)


class SecurityHeaders:
    """Add the content security policy and its companions to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[Any] = list(message.get("headers", []))
                headers.extend(HEADERS)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)

"""``swingometer serve``, ``token`` and ``replay``: the live election-night desk.

These commands need the ``web`` extra (``pip install 'swingometer[web]'``).
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from ..errors import SwingometerError
from .options import Data

Db = Annotated[str | None, typer.Option(
    "--db", envvar="SWINGOMETER_DB", show_envvar=True, metavar="URL|FILE",
    help="The results ledger: a SQLite file (default: results.sqlite in your user data "
    "folder) or a database URL such as postgresql://user@host/results.")]
Election = Annotated[str | None, typer.Option(
    "--election", envvar="SWINGOMETER_ELECTION", show_envvar=True,
    help="The night the page shows: a general election (2019, parl.2019-12-12) or a future "
    "polling day (YYYY-MM-DD, on the latest boundaries). Default: the latest night "
    "declared into, else 2019.")]

token_app = typer.Typer(help="Write tokens for the desk's API (stored only as hashes).",
                        no_args_is_help=True)


class MissingExtraError(SwingometerError):
    exit_code = 2


class UsageError(SwingometerError):
    exit_code = 2


class ListenError(SwingometerError):
    """The address cannot be listened on (taken, or not this machine's)."""

    exit_code = 4


def _need_web() -> None:
    try:
        import fastapi  # noqa: F401
        import sqlalchemy  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as error:
        raise MissingExtraError(f"the live desk needs {error.name}: "
                                "pip install 'swingometer[web]'") from None


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def serve(host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
          db: Db = None, election: Election = None, data: Data = None) -> None:
    """Serve the live desk: the web page at / and the HTTP API under /api.

    Read endpoints are public; posting a declaration needs a token from `swingometer token
    create`. OpenAPI description at /openapi.json, interactive docs at /docs.
    """
    _need_web()
    import socket

    import uvicorn

    from ..desk import Desk
    from ..store import Ledger, connect, describe
    from ..web import create_app
    from ..web.server import config

    if not 1 <= port <= 65535:
        raise UsageError(f"--port {port} is not a port: choose 1 to 65535")
    engine = connect(db)
    desk = Desk(Ledger(engine), election, data)
    desk.night()  # a bad --election is refused before anything listens
    try:
        sock = socket.create_server((host, port), backlog=2048)
    except OSError as error:
        raise ListenError(f"cannot listen on {host}:{port}: "
                          f"{error.strerror or error}") from None
    app = create_app(desk)
    server = uvicorn.Server(config(app, host, port, timeout_graceful_shutdown=2))
    _say(f"swingometer live desk on http://{host}:{sock.getsockname()[1]}/ "
         f"(ledger: {describe(engine)})")
    server.run(sockets=[sock])


@token_app.command("create")
def token_create(name: Annotated[str, typer.Option(help="Who or what uses the token.")],
                 db: Db = None) -> None:
    """Create a write token and print it once (only its SHA-256 is stored)."""
    _need_web()
    from ..store import connect, create_token

    token = create_token(connect(db), name)
    print(token)
    _say(f"token {name!r} created; keep it now: it cannot be shown again.")


@token_app.command("list")
def token_list(db: Db = None) -> None:
    """The tokens' names and when they were created (never the tokens)."""
    _need_web()
    from ..store import connect, token_names

    for name, created in token_names(connect(db)):
        print(f"{name}\t{created:%Y-%m-%d %H:%M}")


@token_app.command("revoke")
def token_revoke(name: Annotated[str, typer.Option(help="The token's name.")],
                 db: Db = None) -> None:
    """Revoke a token: it stops working at once."""
    _need_web()
    from ..store import connect, revoke_token

    revoke_token(connect(db), name)
    _say(f"token {name!r} revoked.")


def replay(year: Annotated[str, typer.Argument(
               help="A past night: 2010, 2015, 2017, 2019, 2024 (in an approximate order) or "
               "a by-election day such as 2023-10-19.")],
           speed: Annotated[float, typer.Option(
               help="Times real time (600: an hour in six seconds); 0: as fast as the desk "
               "answers.", min=0)] = 600.0,
           url: Annotated[str, typer.Option(help="The desk's address.")] =
           "http://127.0.0.1:8000",
           token: Annotated[str, typer.Option(envvar="SWINGOMETER_TOKEN", show_envvar=True,
                                              help="A write token.")] = "",
           rush: Annotated[bool, typer.Option(help="Flash each winner before its figures."
                                              )] = False,
           corrections: Annotated[float, typer.Option(
               help="Share of contests first declared wrong, then corrected.", min=0,
               max=1)] = 0.0,
           seed: Annotated[int, typer.Option(help="Which contests are corrected.")] = 0,
           limit: Annotated[int | None, typer.Option(help="Only the first N seats.")] = None,
           nominations: Annotated[bool, typer.Option(
               help="Post each contest's real candidate list first.")] = True,
           exit_poll: Annotated[bool, typer.Option(
               help="Post the exit poll published at ten o'clock (2010-2024) first.")] = True,
           quiet: Annotated[bool, typer.Option(help="No line per declaration.")] = False,
           data: Data = None) -> None:
    """Replay a real night's declarations through the desk's API, in declaration order,
    after the exit poll published at ten and each contest's statement of persons nominated
    (--no-exit-poll, --no-nominations: without).

    A 409 (the ledger already holds that revision) counts as done, so a replay can be run
    again after an interruption. The summary is printed as JSON on stdout.
    """
    _need_web()
    import httpx

    from ..desk.replay import Step, run, schedule

    steps = schedule(year, rush, corrections, seed, data, limit, nominations, exit_poll)
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=30) as client:

        def post(step: Step) -> tuple[int, str]:
            try:
                answer = client.post(step.path, json=step.body)
            except httpx.HTTPError as error:
                raise SwingometerError(f"the desk at {url} did not answer: {error}") from None
            if answer.status_code == 401:
                raise SwingometerError("the desk refused the token (401): create one with "
                                       "`swingometer token create --name …`")
            return answer.status_code, answer.text

        def report(step: Step, status: int) -> None:
            if not quiet:
                _say(f"{step.at / 3600:5.2f}h {status} {step.state:<10} {step.constituency}")

        tally = run(steps, post, speed, report)
    print(json.dumps({"year": year, "posted": len(steps), "statuses": tally.statuses,
                      "refused": tally.refused}, ensure_ascii=False))
    if tally.refused:
        raise SwingometerError(f"{len(tally.refused)} declaration(s) were refused; see above")

"""``swingometer exit-poll``: a published exit poll, printed as JSON or posted to a running desk
(``POST /api/exit-poll``, with a write token, as ``replay`` posts declarations)."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated
from zoneinfo import ZoneInfo

import typer

from ..errors import SwingometerError

if TYPE_CHECKING:
    from ..projection.exit_poll import ExitPoll


class ExitPollUsageError(SwingometerError):
    exit_code = 2


def exit_poll(
        election: Annotated[str | None, typer.Argument(
            help="The election whose published exit poll to use (2010, 2015, 2017, 2019, "
            "2024).")] = None,
        seats: Annotated[list[str] | None, typer.Option(
            "--seats", help="A party's seats, PARTY=SEATS (repeat: --seats Con=368 "
            "--seats Lab=191).")] = None,
        file: Annotated[Path | None, typer.Option(
            "--file", help='A JSON file: {"seats": {"Con": 368, …}, "source": "…", '
            '"probabilities": {GSS: {PARTY: p}}}.')] = None,
        source: Annotated[str, typer.Option(help="Who published it (with --seats).")] = "",
        url: Annotated[str | None, typer.Option(
            help="Post it to the desk at this address (e.g. http://127.0.0.1:8000); "
            "without it the poll is printed as JSON.")] = None,
        token: Annotated[str, typer.Option(envvar="SWINGOMETER_TOKEN", show_envvar=True,
                                           help="A write token (with --url).")] = "",
        night: Annotated[str | None, typer.Option(
            "--night", help="The desk's night to post it to; default the poll's election, "
            "else the desk's own.")] = None) -> None:
    """An exit poll — published (by year), given seat by seat, or from a file — printed or
    posted to a running desk, where the live projection starts from it."""
    from ..projection import exit_poll as polls

    given = sum(x is not None and x != [] for x in (election, seats, file))
    if given != 1:
        raise ExitPollUsageError("give exactly one of: an ELECTION with a published exit "
                                 "poll, --seats PARTY=SEATS …, or --file FILE")
    if file is not None:
        poll = polls.from_file(file)
    elif seats:
        poll = polls.from_pairs(seats, source)
    else:
        assert election is not None
        poll = polls.published(election)
    body = _body(poll, night, file)
    if url is None:
        print(json.dumps(body, ensure_ascii=False, indent=2))
        return
    _post(url, token, body)


def _body(poll: ExitPoll, night: str | None, file: Path | None) -> dict[str, object]:
    """The poll as the desk's ``POST /api/exit-poll`` takes it: the night, who published it
    and when (ten o'clock on polling day for a published poll; now for one given here)."""
    from .. import elections

    when = datetime.now(UTC)
    if poll.election is not None:
        day = elections.source(poll.election).date
        if day is not None:
            when = datetime.combine(day, time(22), ZoneInfo("Europe/London"))
    source = poll.source or (f"exit poll file {file.name}" if file else "exit poll")
    return {"election": night or poll.election, "source": source,
            "published": when.isoformat(), "seats": dict(poll.seats),
            "seat_probabilities": {k: dict(v) for k, v in poll.probabilities.items()}
            if poll.probabilities else None}


def _post(url: str, token: str, body: dict[str, object]) -> None:
    try:
        import httpx
    except ImportError:  # pragma: no cover - the web extra is missing
        raise ExitPollUsageError("posting needs the web extra: pip install 'swingometer[web]'"
                                 ) from None
    try:
        answer = httpx.post(f"{url.rstrip('/')}/api/exit-poll", json=body,
                            headers={"Authorization": f"Bearer {token}"}, timeout=30)
    except httpx.HTTPError as error:
        raise SwingometerError(f"the desk at {url} did not answer: {error}") from None
    if answer.status_code == 401:
        raise SwingometerError("the desk refused the token (401): create one with "
                               "`swingometer token create --name …`")
    if answer.status_code >= 300:
        raise SwingometerError(f"the desk refused the exit poll ({answer.status_code}): "
                               f"{answer.text[:500]}")
    print(answer.text if answer.text else json.dumps(body), file=sys.stdout)

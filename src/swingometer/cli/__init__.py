"""The ``swingometer`` command. Data goes to stdout, messages to stderr.

Exit codes: 0 success; 1 bad input data (every problem is listed); 2 wrong usage or an unknown
choice; 3 a constituency, contest or election that does not exist; 4 an official file that
could not be had (missing from the mirror, hash mismatch, network).
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from ..errors import DataError, NotFoundError, SwingometerError
from . import chart, data, exitpoll, export, project, results, scoreboard, serve, story

app = typer.Typer(
    name="swingometer",
    help="First-past-the-post election results: winners, majorities, turnout, swing and "
    "seat history from the official UK Parliament files.\n\n"
    "Contains Parliamentary information licensed under the Open Parliament Licence v3.0.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(asked: bool) -> None:
    if asked:
        from .. import __version__

        print(f"swingometer {__version__}")
        raise typer.Exit()


@app.callback()
def _options(strict: Annotated[bool, typer.Option(
        "--strict", envvar="SWINGOMETER_STRICT", show_envvar=True,
        help="Refuse a whole election if any of its contests fails its checks, instead of "
        "setting that contest aside and going on (for CI).")] = False,
        version: Annotated[bool, typer.Option(
            "--version", callback=_version, is_eager=True,
            help="Print the version and exit.")] = False) -> None:
    if strict:
        os.environ["SWINGOMETER_STRICT"] = "1"


app.command("result")(results.result)
app.command("elections")(results.elections)
app.command("project")(project.project)
app.command("methods")(project.methods)
app.command("backtest")(project.backtest)
app.command("story")(story.story)
app.command("export")(export.export)
app.command("scoreboard")(scoreboard.scoreboard)
app.add_typer(chart.app, name="chart")
app.add_typer(data.app, name="data")
app.command("serve")(serve.serve)
app.command("replay")(serve.replay)
app.command("exit-poll")(exitpoll.exit_poll)
app.add_typer(serve.token_app, name="token")


def _report(error: SwingometerError) -> None:
    from .output import report_error

    payload: dict[str, object] = {"error": type(error).__name__, "message": str(error)}
    if isinstance(error, DataError):
        payload["problems"] = [p.as_dict() for p in error.problems]
    if isinstance(error, NotFoundError):
        payload["suggestions"] = list(error.suggestions)
    report_error(payload, str(error))


def _notice() -> None:
    """At most one line about contests set aside, if the command read any election that had
    them (imported lazily: ``--help`` never loads the catalogue)."""
    catalogue = sys.modules.get("swingometer.elections")
    line = catalogue.set_aside_notice() if catalogue is not None else None
    if line:
        print(line, file=sys.stderr)


def main() -> None:
    try:
        app()
    except SwingometerError as error:
        _report(error)
        _notice()
        sys.exit(error.exit_code)
    except SystemExit:
        _notice()
        raise

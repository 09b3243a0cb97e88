"""One output contract for every command, in the manner of ``elex``: ``--output text|json|csv``
(``--json`` is its alias). Data goes to stdout in the chosen format; errors go to stderr in the
same format (``main`` asks :func:`chosen`).

Each entity has one function that turns it into rows (for csv) and one JSON payload; the text
view stays each command's own Rich rendering.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Annotated, Any

import typer

FORMATS = ("text", "json", "csv")

_state = {"format": "text"}


def _remember_output(value: str | None) -> str | None:
    if value is not None:
        if value not in FORMATS:
            raise typer.BadParameter(f"{value!r} is not one of {', '.join(FORMATS)}")
        _state["format"] = value
    return value


def _remember_json(value: bool) -> bool:
    if value:
        _state["format"] = "json"
    return value


Output = Annotated[str | None, typer.Option(
    "--output", metavar="text|json|csv", callback=_remember_output, show_default=False,
    help="How to print the answer: text (a table for people, the default), json or csv "
    "(for machines). Errors are printed in the same format, on stderr.")]
Json = Annotated[bool, typer.Option(
    "--json", callback=_remember_json, help="The same as --output json.")]


def chosen() -> str:
    """The format the running command prints in (``text`` until an option says otherwise)."""
    return _state["format"]


def choose(output: str | None, as_json: bool, allowed: Iterable[str] = FORMATS) -> str:
    """The format a command was asked for; ``--json`` with another ``--output`` is refused."""
    if as_json and output not in (None, "json"):
        raise typer.BadParameter(f"--json means --output json, not --output {output}",
                                 param_hint="'--json'")
    fmt = "json" if as_json else output or "text"
    options = tuple(allowed)
    if fmt not in options:
        raise typer.BadParameter(f"this command prints {', '.join(options)}, not {fmt}",
                                 param_hint="'--output'")
    _state["format"] = fmt
    return fmt


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_csv(rows: Iterable[Mapping[str, Any]], file: Any = None) -> None:
    """Rows as CSV with a header (the first row's keys, in order); nested values as JSON."""
    out = file or sys.stdout
    writer: csv.DictWriter[str] | None = None
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(row), lineterminator="\n",
                                    extrasaction="ignore")
            writer.writeheader()
        writer.writerow({k: _cell(v) for k, v in row.items()})


def write_json(payload: Any, file: Any = None) -> None:
    print(json.dumps(payload, indent=2, ensure_ascii=False), file=file or sys.stdout)


def emit(fmt: str, payload: Any, rows: Callable[[], Iterable[Mapping[str, Any]]],
         text: Callable[[], None]) -> None:
    """Print one answer in the chosen format: ``payload`` as JSON, ``rows()`` as CSV, or the
    command's own ``text()`` view."""
    if fmt == "json":
        write_json(payload)
    elif fmt == "csv":
        write_csv(rows())
    else:
        text()


def report_error(payload: Mapping[str, Any], message: str) -> None:
    """An error on stderr in the chosen format."""
    fmt = chosen()
    if fmt == "json":
        print(json.dumps(payload, ensure_ascii=False), file=sys.stderr)
    elif fmt == "csv":
        write_csv([{"error": payload.get("error"), "message": payload.get("message")}],
                  sys.stderr)
    else:
        print(f"error: {message}", file=sys.stderr)

"""Options shared by several commands."""

from __future__ import annotations

from typing import Annotated

import typer

Data = Annotated[str | None, typer.Option(
    "--data", envvar="SWINGOMETER_DATA", show_envvar=True, metavar="FOLDER|URL",
    help="Read the official files from this mirror (a folder laid out like Parliament's "
    "db/data, or an http(s) base address) instead of downloading them.")]
Json = Annotated[bool, typer.Option("--json", help="Print JSON for machines instead of a table.")]

"""``swingometer data``: fetch the official files once, and see what is cached where."""

from __future__ import annotations

import json

import typer
from rich.console import Console

from .. import files
from ..errors import DownloadError, MissingFileError
from .options import Data, Json

app = typer.Typer(help="Download the official files and see what is cached.",
                  no_args_is_help=True)


@app.command()
def fetch(data: Data = None) -> None:
    """Download (or check) every official file, verifying each one's SHA-256.

    Files are cached in your user cache folder (set SWINGOMETER_CACHE to move it); with
    --data or SWINGOMETER_DATA they are checked in place on that mirror instead.
    """
    from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TextColumn

    failures: list[str] = []
    skipped: list[str] = []
    names = list(files.registry())
    with Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                  TextColumn("{task.fields[name]}"), console=Console(stderr=True),
                  transient=False) as progress:
        overall = progress.add_task("official files", total=len(names), name="")
        for name in names:
            task = progress.add_task("  downloading", total=None, name=name)

            def step(done: int, total: int, task: TaskID = task) -> None:
                progress.update(task, completed=done, total=total or None)

            try:
                files.fetch(name, data, progress=step)
            except MissingFileError as error:
                (skipped if files.official(name).local_only else failures).append(str(error))
            except DownloadError as error:
                failures.append(str(error))
            progress.remove_task(task)
            progress.advance(overall)
    err = Console(stderr=True)
    for failure in failures:
        err.print(f"[red]✗[/red] {failure}", highlight=False)
    for note in skipped:
        err.print(f"[yellow]–[/yellow] optional: {note}", highlight=False)
    ready = len(names) - len(failures) - len(skipped)
    err.print(f"{ready} of {len(names)} files checked and ready.")
    if failures:
        raise DownloadError(f"{len(failures)} file(s) could not be had: see above")


@app.command()
def status(data: Data = None, as_json: Json = False) -> None:
    """Say, for every official file, where it comes from and whether a checked copy is here."""
    rows = files.status(data)
    if as_json:
        print(json.dumps([vars(r) for r in rows], indent=2))
        return
    from rich.table import Table

    table = Table("file", "source", "here", title=f"cache: {files.cache_root()}")
    for r in rows:
        table.add_row(r.name, r.where, "yes" if r.cached else "no")
    Console().print(table)
    ready = sum(r.cached for r in rows)
    Console(stderr=True).print(f"{ready} of {len(rows)} files at hand. {files.LICENCE}.")

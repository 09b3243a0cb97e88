"""``swingometer data``: fetch the official files once, and see what is cached where."""

from __future__ import annotations

import json

import typer
from rich.console import Console

from .. import files
from ..errors import DownloadError
from .options import Data, Json

app = typer.Typer(help="Download the official files and see what is cached.",
                  no_args_is_help=True)


@app.command()
def fetch(data: Data = None) -> None:
    """Download (or check) every official file, verifying each one's SHA-256.

    Files are cached in your user cache folder (set SWINGOMETER_CACHE to move it); with
    --data or SWINGOMETER_DATA they are checked in place on that mirror instead. Optional
    files (the main job runs without them) that cannot be had are named, and the command
    still succeeds; it exits 4 only when a file the main job needs could not be had.
    """
    from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TextColumn

    outcome = _Outcome()
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
            except DownloadError as error:
                outcome.record(name, error)
            progress.remove_task(task)
            progress.advance(overall)
    outcome.report(len(names))


class _Outcome:
    """What ``data fetch`` could not have: network failures by kind (one line each, with the
    addresses tried), other failures of needed files, and optional files not at hand."""

    def __init__(self) -> None:
        self.unreachable: dict[str, dict[str, None]] = {}
        self.counts: dict[str, int] = {}
        self.failures: list[str] = []
        self.optional: list[str] = []

    def record(self, name: str, error: DownloadError) -> None:
        if files.official(name).optional:
            self.optional.append(str(error) + _why(error))
        elif isinstance(error, files.UnreachableError):
            self.unreachable.setdefault(error.reason, {})[error.where] = None
            self.counts[error.reason] = self.counts.get(error.reason, 0) + 1
        else:
            self.failures.append(str(error))

    @property
    def failed(self) -> int:
        return len(self.failures) + sum(self.counts.values())

    def report(self, total: int) -> None:
        err = Console(stderr=True, soft_wrap=True)
        for reason, wheres in self.unreachable.items():
            n = self.counts[reason]
            err.print(f"[red]✗[/red] {reason}: {n} file{'s' if n != 1 else ''} could not be "
                      f"downloaded from {', '.join(wheres)} — {files.REMEDY}", highlight=False)
        for failure in self.failures:
            err.print(f"[red]✗[/red] {failure}", highlight=False)
        for note in self.optional:
            err.print(f"[yellow]–[/yellow] optional: {note}", highlight=False)
        ready = total - self.failed - len(self.optional)
        extra = f"; {len(self.optional)} optional file(s) not at hand" if self.optional else ""
        err.print(f"{ready} of {total} files checked and ready{extra}.", highlight=False)
        if self.failed:
            raise DownloadError(f"{self.failed} file(s) could not be had: see above")


def _why(error: DownloadError) -> str:
    reason = getattr(error, "reason", None)
    return f" ({reason})" if reason else ""


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

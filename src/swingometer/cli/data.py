"""``swingometer data``: fetch the official files once, and see what is cached where."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.console import Console

from .. import files
from ..errors import DownloadError
from .options import Data, Json, Output
from .output import choose, emit

if TYPE_CHECKING:  # the command tree is built without reading the catalogue
    from ..check import ElectionCheck

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
def status(data: Data = None, output: Output = None, as_json: Json = False) -> None:
    """Say, for every election, whether it can be used — ready, ready with contests set
    aside, refused (a file without its pinned SHA-256) or missing — and, for every official
    file, where it comes from and whether a checked copy is here. Nothing is downloaded.
    ``--output csv`` prints one row per file."""
    from .. import check

    fmt = choose(output, as_json)
    rows = files.status(data)
    states = check.everything(data)
    payload = {"cache": str(files.cache_root()),
               "elections": [{"key": s.key, "state": s.state, "status": s.label,
                              "contests": s.contests} for s in states],
               "files": [vars(r) for r in rows]}
    emit(fmt, payload, lambda: (vars(r) for r in rows), lambda: _print_status(states, rows))


def _print_status(states: list[ElectionCheck], rows: list[files.FileStatus]) -> None:
    from rich.table import Table

    console = Console()
    table = Table("election", "state", "contests", title="elections")
    for s in states:
        table.add_row(s.key, s.label, str(s.contests) if s.contests else "–")
    console.print(table)
    # file names are what a user needs to see: they wrap, never cut, at any width
    table = Table("file", "source", "here", title=f"cache: {files.cache_root()}")
    table.columns[0].overflow = "fold"
    table.columns[1].overflow = "fold"
    for r in rows:
        table.add_row(r.name, r.where, "yes" if r.cached else "no")
    console.print(table)
    ready = sum(r.cached for r in rows)
    Console(stderr=True).print(f"{ready} of {len(rows)} files at hand. {files.LICENCE}.")


@app.command("check")
def check_(data: Data = None, output: Output = None, as_json: Json = False) -> None:
    """Read every election and list every contest set aside, every erratum applied and
    every disagreement found (file, row, column, both values).

    Exit 0 when everything that is at hand reads cleanly (corrections by pinned errata are
    fine), 1 otherwise. A contest is set aside when its official figures contradict each
    other and no erratum settles them; add one of your own with SWINGOMETER_ERRATA (see the
    README, "When the official data is wrong"). Files are downloaded first where needed.
    """
    from .. import check

    fmt = choose(output, as_json)
    states = check.everything(data, fetch=True)
    unclean = [s for s in states if not s.clean]
    emit(fmt, {"clean": not unclean, "elections": [s.as_dict() for s in states]},
         lambda: _check_rows(states), lambda: _print_check(states))
    if unclean:
        raise typer.Exit(1)


def _check_rows(states: list[ElectionCheck]) -> list[dict[str, object]]:
    """One row per election, set-aside contest, correction and erratum not applied."""
    out: list[dict[str, object]] = []
    for s in states:
        out.append({"election": s.key, "what": "election", "contest": "", "detail": s.label})
        out += [{"election": s.key, "what": "set aside", "contest": c.id,
                 "detail": "; ".join(str(p) for p in c.problems)} for c in s.set_aside]
        out += [{"election": s.key, "what": "corrected", "contest": cid,
                 "detail": f"{fix.file}, row {fix.row}, {fix.field} {fix.official} -> "
                           f"{fix.corrected}"} for cid, fix in s.corrections]
        out += [{"election": s.key, "what": "erratum not applied", "contest": "",
                 "detail": p.message} for p in s.stale_errata]
    return out


def _print_check(states: list[ElectionCheck]) -> None:
    from rich.markup import escape

    console = Console(soft_wrap=True)
    for s in states:
        console.print(f"[bold]{s.key}[/bold]: {escape(s.label)}", highlight=False)
        for contest in s.set_aside:
            console.print(f"  set aside {contest.id}:", highlight=False)
            for p in contest.problems:
                console.print(f"    - {escape(str(p))}", highlight=False)
        for contest_id, fix in s.corrections:
            console.print(f"  corrected {contest_id}: {fix.file}, row {fix.row}, {fix.field} "
                          f"{escape(fix.official)} → {escape(fix.corrected)}", highlight=False)
        for p in s.stale_errata:
            console.print(f"  [yellow]erratum not applied[/yellow]: {escape(p.message)}",
                          highlight=False)
    n = sum(len(s.set_aside) for s in states)
    fixes = sum(len(s.corrections) for s in states)
    Console(stderr=True).print(f"{n} contest{'s' if n != 1 else ''} set aside; {fixes} "
                               "figure(s) corrected by pinned errata.", highlight=False)

"""A progress bar on stderr for long work, shown only once the work has run a while."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_after(label: str, seconds: float = 1.0) -> Iterator[Callable[[int, int], None]]:
    """A ``step(done, total)`` callback that shows a bar on stderr only once a job has run
    ``seconds`` (so quick commands and pipes stay quiet)."""
    from rich.console import Console
    from rich.progress import Progress, TaskID

    started = time.perf_counter()
    bar: Progress | None = None
    task: TaskID | None = None

    def step(done: int, total: int) -> None:
        nonlocal bar, task
        if bar is None and time.perf_counter() - started > seconds and done < total:
            bar = Progress(console=Console(stderr=True), transient=True)
            bar.start()
            task = bar.add_task(label, total=total)
        if bar is not None and task is not None:
            bar.update(task, completed=done)

    try:
        yield step
    finally:
        if bar is not None:
            bar.stop()

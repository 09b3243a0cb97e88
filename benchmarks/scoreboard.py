"""Benchmark: the forecast scoreboard of 2024 (17 published forecasts, checked and scored),
against a baseline measured in the same run.

* baseline: reading the 17 forecast files with a bare ``pandas.read_csv`` (no checks);
* scoreboard: reading and checking every file, joining it to the official result and scoring
  it (``score_folder``), the official result already loaded;
* with ours: the same plus swingometer's own forecast from the final week's polls (a
  projection and its fingerprint), as ``swingometer scoreboard 2024`` runs it.

Usage: ``python benchmarks/scoreboard.py [--data FOLDER] [--repeat N]``. The lead may call
:func:`measure` from ``benchmarks/projection.py`` to add the scoreboard's line there.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def median_time(repeat: int, job: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(repeat: int = 3) -> dict[str, float]:
    """Seconds for the baseline, the scoreboard and the scoreboard with our own forecast."""
    import pandas as pd

    from swingometer.scoreboard import outcome, score_folder
    from swingometer.scoreboard.board import default_folder, forecast_files
    from swingometer.scoreboard.ours import our_forecast

    folder = default_folder("2024")
    files = forecast_files(folder)
    result = outcome("2024")  # the official files are parsed (and cached) before timing
    our_forecast("2024")  # warm the projection's baseline cache

    baseline = median_time(repeat, lambda: [pd.read_csv(f) for f in files])
    board = median_time(repeat, lambda: score_folder(folder, result))
    full = median_time(repeat, lambda: (score_folder(folder, result), our_forecast("2024")))
    return {"files": float(len(files)), "baseline": baseline, "scoreboard": board,
            "with_ours": full}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get(
        "SWINGOMETER_DATA", DEFAULT_DATA)))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ["SWINGOMETER_DATA"] = str(args.data)
    os.environ.setdefault("SWINGOMETER_CACHE", tempfile.mkdtemp(prefix="swingometer-bench-"))
    found = measure(args.repeat)
    n = int(found["files"])
    print(f"baseline: read {n} forecast files (pandas.read_csv)  {found['baseline']:.3f} s")
    print(f"scoreboard: {n} forecasts checked and scored        {found['scoreboard']:.3f} s  "
          f"({found['scoreboard'] / found['baseline']:.1f}x baseline)")
    print(f"scoreboard with swingometer's own forecast       {found['with_ours']:.3f} s  "
          f"({found['with_ours'] / found['baseline']:.1f}x baseline)")


if __name__ == "__main__":
    main()

"""Benchmark: the forecast scoreboard of 2024 (17 published forecasts, checked and scored),
against a baseline measured in the same run.

* baseline: reading the 17 forecast files with a bare ``pandas.read_csv`` (no checks);
* scoreboard: reading and checking every file, joining it to the official result and scoring
  it (``score_folder``), the official result already loaded;
* with ours: the same plus swingometer's own forecast from the final week's polls (a
  projection and its fingerprint), as ``swingometer scoreboard 2024`` runs it.

Usage: ``python benchmarks/scoreboard.py [--data FOLDER] [--repeat N]``.
``benchmarks/projection.py``
prints :func:`measure`'s line too.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.reports import best_of

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"


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

    baseline = best_of(repeat, lambda: [pd.read_csv(f) for f in files])
    board = best_of(repeat, lambda: score_folder(folder, result))
    full = best_of(repeat, lambda: (score_folder(folder, result), our_forecast("2024")))
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

"""Benchmark: seat projection and simulated forecasts, on the 2019 notional baseline.

Prints, from one run on this machine:

* the median time of one deterministic 650-seat projection for each model (target < 1 ms),
  shares in → seats out, the baseline matrices already built (they are cached per process);
* the same uniform swing written as a user otherwise would — a pandas DataFrame walked row by
  row with ``iterrows`` — and the ratio of the two;
* 10,000 simulated elections with the default error sizes (the pattern error adds to the
  national and regional draws, so it draws nothing more; target < 1 s), against the floor:
  drawing the same number of normal random numbers with numpy (same dtype and shapes; the
  ratio is printed; target within 2×);
* the peak memory the 10,000 simulations allocate (tracemalloc; target < 1 GB).

Usage: ``python benchmarks/projection.py [--data FOLDER] [--repeat N] [--runs N]``. Defaults
to the real files in ``../shared/data`` beside the checkout.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
SHARES = {"Lab": 34.7, "Con": 24.4, "LD": 12.6, "RUK": 14.7, "Green": 6.9, "SNP": 2.6,
          "PC": 0.7}


def median_time(job: Callable[[], object], repeat: int) -> float:
    job()  # warm
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def pandas_uniform_swing(frame: object, change: dict[str, float]) -> dict[str, int]:
    """Uniform swing the straightforward way: one DataFrame row per seat, walked in Python."""
    seats: dict[str, int] = {}
    for _, row in frame.iterrows():  # type: ignore[attr-defined]
        best, best_share = "", -1.0
        for party, share in row.items():
            moved = max(share + change.get(party, 0.0), 0.0)
            if party != "Oth" and moved > best_share:
                best, best_share = party, moved
        seats[best] = seats.get(best, 0) + 1
    return seats


def floor(plan: object, runs: int, batch: int) -> float:
    """The bare cost of drawing the random numbers the simulation draws."""
    import numpy as np

    rng = np.random.default_rng(0)
    seats, m = plan.contenders.shape  # type: ignore[attr-defined]
    regions, k = plan.regional_scale.shape  # type: ignore[attr-defined]
    start = time.perf_counter()
    for done in range(0, runs, batch):
        size = min(batch, runs - done)
        rng.standard_normal((size, 1, k), dtype=np.float32)
        rng.standard_normal((size, regions, k), dtype=np.float32)
        rng.standard_normal((size, seats, m), dtype=np.float32)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=os.environ.get("SWINGOMETER_DATA", str(SHARED)))
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--runs", type=int, default=10_000)
    args = parser.parse_args()
    os.environ["SWINGOMETER_DATA"] = args.data

    import pandas as pd

    from swingometer.projection import load_baseline, methods, project
    from swingometer.projection.simulate import BATCH, DEFAULT_ERRORS, _draw_plan, simulate

    base = load_baseline("2019-notional")
    print(f"one deterministic projection of {base.n_seats} seats, median of {args.repeat} "
          "(target < 1 ms):")
    regions = {"Scotland": {"SNP": 30.0, "Lab": 35.3}, "London": {"Lab": 43.0, "Con": 20.0}}
    for name in methods():
        given = regions if name.startswith("regional") or name == "ours" else None
        took = median_time(lambda name=name, given=given: project(
            base, SHARES, name, regions=given).seats, args.repeat)
        print(f"  {name:28} {took * 1000:7.3f} ms" + ("  (with 2 regions)" if given else ""))

    uns = median_time(lambda: project(base, SHARES, "uns").seats, args.repeat)
    projection = project(base, SHARES, "uns")
    change = {p: float(v) for p, v in zip(base.parties, projection.targets.gb
                                          - base.national_shares(), strict=True)}
    frame = pd.DataFrame(base.shares, columns=list(base.parties), index=list(base.ons_ids))
    by_rows = median_time(lambda: pandas_uniform_swing(frame, change), 5)
    print(f"pandas iterrows uniform swing {by_rows * 1000:9.1f} ms (median of 5): "
          f"{by_rows / uns:,.0f}× the numpy projection")

    plan = _draw_plan(projection, DEFAULT_ERRORS)
    sims = [0.0] * 3
    for i in range(3):
        start = time.perf_counter()
        simulate(projection, args.runs, seed=i)
        sims[i] = time.perf_counter() - start
    took = statistics.median(sims)
    bare = statistics.median(floor(plan, args.runs, BATCH) for _ in range(3))
    print(f"{args.runs:,} simulated elections {took:9.3f} s (median of 3; target < 1 s); "
          f"{plan.contenders.shape[1]} contenders drawn a seat")
    print(f"  floor: drawing the same random numbers {bare:7.3f} s; ratio {took / bare:.2f}× "
          "(target within 2×)")

    tracemalloc.start()
    simulate(projection, args.runs, seed=1)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"  peak memory allocated by {args.runs:,} simulations: {peak / 2**20:7.1f} MB "
          "(target < 1 GB)")

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from benchmarks.scoreboard import measure

    board = measure(3)
    print(f"scoreboard of {int(board['files'])} published 2024 forecasts "
          f"{board['scoreboard']:7.3f} s ({board['scoreboard'] / board['baseline']:.1f}× a bare "
          f"read of the files); with swingometer's own {board['with_ours']:.3f} s")


if __name__ == "__main__":
    main()

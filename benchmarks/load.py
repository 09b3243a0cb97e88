"""Benchmark: loading and validating every official results file.

Prints, from one run on this machine:

* the bare cost: ``pandas.read_csv`` of the same files (the baseline a user would otherwise
  pay just to get the tables into memory);
* the cold load: read, check SHA-256, validate and build contests for every general
  election, notional and by-election file, with no cache — and its ratio to the bare cost
  (target ≤ 3×);
* the cached load: a new process loading everything again from the parsed-contest cache
  (target ≤ 0.2 s), and the in-process second load;
* the README's main job, ``swingometer result "Mid Bedfordshire" --date 2023-10-19``, as whole
  processes, cold (empty cache) and warm, with lazy loading (reads only the elections that can
  hold the day, and those the card needs) and as before it (every election read first), each
  as a ratio to ``swingometer --help`` timed in the same run.

Usage: ``python benchmarks/load.py [--data FOLDER] [--repeat N]``. Defaults to the real
files in ``../shared/data`` beside the checkout.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def load_all() -> int:
    """Load every election the mirror has; returns the number of contests."""
    from swingometer import elections
    from swingometer.errors import MissingFileError

    total = 0
    for src in elections.SOURCES:
        try:
            total += len(elections.contests(src.key))
        except MissingFileError:
            continue
    return total


def input_files(data: Path) -> list[Path]:
    from swingometer import elections

    paths = [data / name for src in elections.SOURCES for name in src.files]
    return [p for p in paths if p.is_file()]


def bare(paths: list[Path]) -> float:
    import pandas as pd

    start = time.perf_counter()
    for path in paths:
        pd.read_csv(path, encoding="utf-8-sig", low_memory=False)
    return time.perf_counter() - start


def cold() -> tuple[float, int]:
    from swingometer import elections

    elections.reading.cache_clear()
    start = time.perf_counter()
    n = load_all()
    return time.perf_counter() - start, n


def warm_in_new_process() -> float:
    code = ("import time; t = time.perf_counter(); import benchmarks.load as b; b.load_all(); "
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True, env=os.environ.copy())
    return float(out.stdout.strip())


MAIN_JOB = ["result", "Mid Bedfordshire", "--date", "2023-10-19"]
#: the main job as it ran before lazy loading: every election read, then the command
EAGER = ("import sys; from swingometer import elections; from swingometer.cli import main; "
         "[elections._pool([s], None) for s in elections.SOURCES]; "
         f"sys.argv = ['swingometer', *{MAIN_JOB!r}]; main()")


def timed_process(args: list[str], cache: str) -> float:
    env = {**os.environ, "SWINGOMETER_CACHE": cache}
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main_job(repeat: int) -> None:
    """Cold and warm runs of the main job, lazy and eager, against ``--help``."""
    help_time = statistics.median(timed_process(["-m", "swingometer", "--help"],
                                                tempfile.mkdtemp()) for _ in range(repeat))
    print(f"swingometer --help                       {help_time * 1000:8.1f} ms")
    for label, args in (("lazy", ["-m", "swingometer", *MAIN_JOB]), ("eager", ["-c", EAGER])):
        colds, warms = [], []
        for _ in range(repeat):
            cache = tempfile.mkdtemp(prefix="swingometer-bench-")
            colds.append(timed_process(args, cache))
            warms.append(timed_process(args, cache))
        cold_t, warm_t = statistics.median(colds), statistics.median(warms)
        print(f"main job, {label:5} cold                  {cold_t * 1000:8.1f} ms "
              f"({cold_t / help_time:5.2f}× --help)")
        print(f"main job, {label:5} warm                  {warm_t * 1000:8.1f} ms "
              f"({warm_t / help_time:5.2f}× --help)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get(
        "SWINGOMETER_DATA", DEFAULT_DATA)))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ["SWINGOMETER_DATA"] = str(args.data)
    os.environ["SWINGOMETER_CACHE"] = tempfile.mkdtemp(prefix="swingometer-bench-")

    import pandas as pd

    paths = input_files(args.data)
    size = sum(p.stat().st_size for p in paths) / 1e6
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, pandas {pd.__version__}")
    print(f"files: {len(paths)} official results files, {size:.1f} MB, from {args.data}")

    os.environ["SWINGOMETER_PARSED_CACHE"] = "0"
    bare_times = [bare(paths) for _ in range(args.repeat)]
    cold_runs = [cold() for _ in range(args.repeat)]
    cold_times = [t for t, _ in cold_runs]
    contests = cold_runs[0][1]
    b, c = statistics.median(bare_times), statistics.median(cold_times)
    print(f"bare pandas.read_csv of the same files   {b * 1000:8.1f} ms (median of {args.repeat})")
    print(f"cold load + validate ({contests} contests) {c * 1000:8.1f} ms "
          f"(median of {args.repeat})")
    print(f"  ratio to bare read_csv                 {c / b:8.2f}×   (target ≤ 3×)")

    os.environ["SWINGOMETER_PARSED_CACHE"] = "1"
    cold()  # fills the parsed-contest cache
    start = time.perf_counter()
    load_all()
    in_process = time.perf_counter() - start
    new_process = statistics.median(warm_in_new_process() for _ in range(args.repeat))
    print(f"cached load, new process                 {new_process * 1000:8.1f} ms "
          "(target ≤ 200 ms)")
    print(f"cached load, same process (second call)  {in_process * 1000:8.3f} ms")
    main_job(args.repeat)


if __name__ == "__main__":
    main()

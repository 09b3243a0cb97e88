"""Benchmark: how long ``swingometer --help`` takes (target under 0.3 s), against the bare
cost of starting Python in the same run, and which heavy libraries the help path imports
(none of pandas, numpy, matplotlib, fastapi, sqlalchemy should be among them).

Usage: ``python benchmarks/cli_startup.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time

HEAVY = ("pandas", "numpy", "matplotlib", "fastapi", "sqlalchemy", "pooch", "scipy")


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    script = shutil.which("swingometer")
    command = [script, "--help"] if script else [sys.executable, "-m", "swingometer", "--help"]
    bare = statistics.median(timed([sys.executable, "-c", "pass"]) for _ in range(args.repeat))
    helps = statistics.median(timed(command) for _ in range(args.repeat))
    probe = ("import sys; sys.argv = ['swingometer', '--help']\n"
             "from swingometer.cli import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             f"print('HEAVY:' + ','.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout.rsplit("HEAVY:", 1)[-1].strip()
    print(f"python -c pass           {bare * 1000:7.1f} ms (median of {args.repeat})")
    print(f"swingometer --help       {helps * 1000:7.1f} ms (target < 300 ms)")
    print(f"  ratio to bare Python   {helps / bare:7.2f}×")
    print(f"heavy modules imported by --help: {out or 'none'}")


if __name__ == "__main__":
    main()

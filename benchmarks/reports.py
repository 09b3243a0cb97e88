"""Benchmark: stories for all 650 contests of 2024 (target under 2 s) and the 2024 hex map
(target under 1 s), each against a baseline measured in the same run.

* baseline for stories: building the 650 results cards (``result_card`` with the seat's
  previous result and history), which every story needs anyway;
* stories: cards, each contest's context (its place in the election) and the story rendered
  as text — and, separately, the words alone (context + story + render, cards already built);
* baseline for the map: a bare matplotlib scatter of 650 points saved as PNG;
* the map: the 2024 hex map (650 hexagons, gains outlined, legend) saved as PNG.

The election files are loaded (and cached in the process) before any timing.
Usage: ``python benchmarks/reports.py [--data FOLDER] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def best_of(repeat: int, job: Callable[[], Any]) -> float:
    """Median wall time of ``repeat`` runs of ``job``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get(
        "SWINGOMETER_DATA", DEFAULT_DATA)))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ["SWINGOMETER_DATA"] = str(args.data)
    os.environ.setdefault("SWINGOMETER_CACHE", tempfile.mkdtemp(prefix="swingometer-bench-"))

    from matplotlib.figure import Figure

    from swingometer import elections
    from swingometer.analysis.card import result_card
    from swingometer.analysis.context import contest_context, election_figures
    from swingometer.analysis.records import baseline_pairs, contest_figures
    from swingometer.report.charts import save
    from swingometer.report.hexmap import hex_map, layout_for
    from swingometer.report.story import contest_story, render

    contests = elections.contests("2024")
    for key in ("2010", "2015", "2017", "2019", "2019-notional"):
        elections.contests(key)
    orders = elections.election_orders()
    election_figures("2024")  # the election's rankings, computed once per process
    layout_for("2024")

    def cards() -> list[tuple[Any, Any, Any, dict[str, Any]]]:
        out = []
        for contest in contests:
            previous = elections.previous(contest)
            history = elections.seat_history(contest)
            out.append((contest, previous, history,
                        result_card(contest, previous, history, orders)))
        return out

    def told(built: list[tuple[Any, Any, Any, dict[str, Any]]]) -> list[str]:
        return [render(contest_story(card, contest_context(c, p, card, None, h)))
                for c, p, h, card in built]

    built = cards()

    folder = Path(tempfile.mkdtemp(prefix="swingometer-bench-maps-"))
    chosen = elections.load("2024")
    pairs = baseline_pairs(chosen.contests, elections.contests("2019-notional"))

    def scatter() -> None:
        fig = Figure(figsize=(9, 10))
        ax = fig.add_axes((0.02, 0.02, 0.68, 0.88))
        ax.scatter(range(650), range(650))
        fig.savefig(folder / "scatter.png", dpi=150)

    def the_map() -> None:
        figures = [contest_figures(c, p) for c, p in pairs]
        winners = {f.ons_id or "": f.winner for f in figures}
        gains = {f.ons_id or "" for f in figures if "gain" in f.result}
        save(hex_map(layout_for("2024"), winners, chosen.seats(), gains, "2024", ""),
             folder / "map.png")

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; data {args.data}; median of {args.repeat}")
    base = best_of(args.repeat, cards)
    words = best_of(args.repeat, lambda: told(built))
    total = best_of(args.repeat, lambda: told(cards()))
    print(f"650 result cards (baseline)              {base * 1000:8.1f} ms")
    print(f"650 stories, words only (cards built)    {words * 1000:8.1f} ms")
    print(f"650 stories, cards + words               {total * 1000:8.1f} ms   (target < 2000 ms)")
    print(f"  ratio to the cards alone               {total / base:8.2f}×")
    bare = best_of(args.repeat, scatter)
    drawn = best_of(args.repeat, the_map)
    print(f"bare scatter of 650 points, PNG          {bare * 1000:8.1f} ms")
    print(f"2024 hex map, PNG                        {drawn * 1000:8.1f} ms   (target < 1000 ms)")
    print(f"  ratio to the bare scatter              {drawn / bare:8.2f}×")
    export_2024(args.repeat, folder)


def export_2024(repeat: int, folder: Path) -> None:
    """``swingometer export 2024 --level candidate`` (cards built, flattened, written) in
    this process, against a bare ``DataFrame.to_csv`` of the same rows."""
    import io

    from swingometer import elections
    from swingometer.export import cards, frame

    contests = elections.load("2024").contests
    table = frame(cards(contests, elections.card), "candidate")
    plain = table.astype(object)

    def exported() -> None:
        frame(cards(contests, elections.card), "candidate").to_csv(
            folder / "export.csv", index=False)

    def flattened() -> None:
        frame(cards(contests, elections.card), "candidate")

    bare = best_of(repeat, lambda: plain.to_csv(io.StringIO(), index=False))
    full = best_of(repeat, exported)
    cards_only = best_of(repeat, lambda: [elections.card(c) for c in contests])
    flat = best_of(repeat, flattened)
    print(f"bare DataFrame.to_csv, {len(table):,} candidate rows {bare * 1000:8.1f} ms")
    print(f"export 2024 --level candidate            {full * 1000:8.1f} ms")
    print(f"  ratio to the bare to_csv               {full / bare:8.2f}×")
    print(f"  of which the 650 cards                 {cards_only * 1000:8.1f} ms; "
          f"flattening {max(flat - cards_only, 0) * 1000:.1f} ms")


if __name__ == "__main__":
    main()

"""The live backtest: the projection on the real nights of 2010–2019, in their real declaration
order (``desk.replay.schedule``), against the final House.

After 25, 50 and 100 declarations it scores the projection started from the published exit
poll, the raw exit poll, and the engine the projection replaced (``legacy-model``). The
score is the total seat error: the sum over the exit poll's parties, and the rest of the House
pooled as "others", of |projected − final| seats. Coverage is how often a party's final seats
lie inside the projection's 90% interval, over every party and checkpoint of the night.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .. import elections
from ..desk.night import load_night
from ..desk.replay import YEARS, schedule
from .exit_poll import ExitPoll, published
from .live import LiveSeat, live_projection

CHECKPOINTS = (25, 50, 100)
OTHERS = "others"


def seat_error(poll: ExitPoll, projected: Mapping[str, int], final: Mapping[str, int]
               ) -> int:
    """|projected − final| summed over the poll's parties and the rest pooled."""
    error = 0
    size = sum(final.values())
    rest_projected, rest_final = size, size
    for p in poll.seats:
        error += abs(projected.get(p, 0) - final.get(p, 0))
        rest_projected -= projected.get(p, 0)
        rest_final -= final.get(p, 0)
    return error + abs(rest_projected - rest_final)


def _seats(year: str, declared: int, data: elections.DataArg) -> list[LiveSeat]:
    night = load_night(year, data)
    done = {step.contest for step in schedule(year, data=data)[:declared]}
    out = []
    for s in night.seats:
        official = s.official if s.target.contest_id in done else None
        out.append(LiveSeat(s.target.ons_id or "", s.target.region, s.target.country,
                            s.baseline, official,
                            official.winner.party if official is not None else None))
    return out


def night(year: str, checkpoints: Sequence[int] = CHECKPOINTS,
          data: elections.DataArg = None) -> dict[str, Any]:
    """One night's scores at each checkpoint, and its coverage."""
    poll = published(year)
    final = elections.load(year, data).seats() if data is not None else \
        elections.load(year).seats()
    rows = []
    inside = total = 0
    for n in checkpoints:
        seats = _seats(year, n, data)
        live = live_projection(seats, exit_poll=poll)
        legacy = live_projection(seats, "legacy-model")
        found = {str(r["party"]): int(r["seats"]) for r in live["parties"]}
        before = {str(r["party"]): int(r["seats"]) for r in legacy["parties"]}
        for r in live["parties"]:
            total += 1
            inside += int(r["low"]) <= final.get(str(r["party"]), 0) <= int(r["high"])
        rows.append({"declared": n,
                     "projection": seat_error(poll, found, final),
                     "exit_poll": seat_error(poll, dict(poll.seats), final),
                     "legacy": seat_error(poll, before, final),
                     "seats": {p: found.get(p, 0) for p in poll.seats}})
    return {"year": year, "exit_poll": dict(poll.seats),
            "final": {p: final.get(p, 0) for p in poll.seats},
            "checkpoints": rows, "coverage": inside / total if total else None,
            "intervals": total}


def report(data: elections.DataArg = None) -> dict[str, Any]:
    """Every replayable night's scores (the figures of ``swingometer backtest --live``)."""
    nights = [night(year, data=data) for year in YEARS]
    beats = all(c["projection"] < min(c["exit_poll"], c["legacy"])
                for n in nights for c in n["checkpoints"])
    return {"checkpoints": list(CHECKPOINTS), "nights": nights,
            "beats_exit_poll_and_legacy": beats}


def markdown(found: Mapping[str, Any]) -> str:
    """The report as the Markdown table of ``docs/live-desk.md``."""
    lines = ["| night | declared | projection | exit poll | previous engine | "
             "projection's seats |", "|---|---|---|---|---|---|"]
    for n in found["nights"]:
        for c in n["checkpoints"]:
            seats = ", ".join(f"{p} {s}" for p, s in c["seats"].items())
            lines.append(f"| {n['year']} | {c['declared']} | {c['projection']} | "
                         f"{c['exit_poll']} | {c['legacy']} | {seats} |")
    lines += ["", "| night | final House | exit poll | 90% intervals holding the final seats |",
              "|---|---|---|---|"]
    for n in found["nights"]:
        final = ", ".join(f"{p} {s}" for p, s in n["final"].items())
        poll = ", ".join(f"{p} {s}" for p, s in n["exit_poll"].items())
        coverage = "–" if n["coverage"] is None else \
            f"{100 * n['coverage']:.0f}% of {n['intervals']}"
        lines.append(f"| {n['year']} | {final} | {poll} | {coverage} |")
    return "\n".join(lines) + "\n"

"""The scoreboard as a chart: seats called right per forecast, ranked, each bar labelled."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from ..report.charts import GRID, INK, text_as_written
from .ours import NAME
from .scores import Score

#: bar colours: published forecasts, and swingometer's own (labelled in words as well)
THEIRS = "#5b7a99"
OURS = "#c45a00"


@text_as_written
def scoreboard_chart(scores: Sequence[Score], title: str, subtitle: str) -> Figure:
    """Horizontal bars of seats called right, best at the top, with each bar's figures."""
    fig = Figure(figsize=(8, 0.38 * len(scores) + 1.6))
    ax = fig.subplots()
    rows = list(reversed(scores))
    values = [s.seats_right for s in rows]
    colours = [OURS if s.fingerprint or s.name.startswith(NAME) else THEIRS for s in rows]
    bars = ax.barh(range(len(rows)), values, color=colours, height=0.7)
    ax.set_yticks(range(len(rows)), [s.title for s in rows], fontsize=8, color=INK)
    total = scores[0].seats if scores else 0
    for bar, s in zip(bars, rows, strict=True):
        note = f"{s.seats_right} ({s.percent_right:.1f}%), seat RMSE {s.seat_rmse:.1f}"
        ax.text(bar.get_width() + total * 0.005, bar.get_y() + bar.get_height() / 2, note,
                va="center", fontsize=7, color=INK)
    low = min(values, default=0)
    ax.set_xlim(max(0, low - 60), total * 1.12 if total else 1)
    ax.set_xlabel(f"seats called right, of {total} contested Great Britain seats",
                  fontsize=8, color=INK)
    ax.grid(axis="x", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0)
    fig.suptitle(title, x=0.02, ha="left", fontsize=12, color=INK)
    ax.set_title(subtitle, loc="left", fontsize=8, color=INK)
    fig.tight_layout()
    return fig

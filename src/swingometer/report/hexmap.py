"""Hex maps of the 650 constituencies from HexJSON layouts: each hexagon coloured by its
winner, seats that changed hands outlined. Each hexagon carries its GSS code as its id
(``<g id="E14000813">`` in SVG), so a map can be checked, or scripted, seat by seat.

The 2024 boundaries use the Open Innovations 2024 layout; 2010–2019 (and the 2005 notionals)
the ODI Leeds 2010-boundaries layout. Both: MIT licence.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from functools import cache
from pathlib import Path

from matplotlib.figure import Figure
from matplotlib.patches import Patch, RegularPolygon

from .. import catalogue
from ..files import fetch
from ..parties import party
from ..sources.hexjson import HexLayout, read_hexjson
from .charts import INK, label_of, text_as_written

NO_RESULT = "#eeeeee"
SQRT3 = math.sqrt(3)


@cache
def _read(path: Path) -> HexLayout:
    return read_hexjson(path)


def layout_for(election: str, data: str | None = None) -> HexLayout:
    """The hex layout of an election's boundaries, fetched and checked like any official
    file (``election`` is a key such as ``2024`` or ``2019-notional``; the layout is the
    catalogue's ``hexmap`` column)."""
    from ..elections import source

    layouts = catalogue.load().hexmaps()
    key = source(election).key
    if key not in layouts:
        from ..errors import ChoiceError

        raise ChoiceError("election with a hex map", election, sorted(layouts))
    return _read(fetch(layouts[key], data))


def hex_centres(layout: HexLayout) -> dict[str, tuple[float, float]]:
    """Each hex's centre, neighbouring centres one unit apart, north up."""
    out: dict[str, tuple[float, float]] = {}
    for code, h in layout.hexes.items():
        odd = h.r & 1 if layout.layout.endswith("r") else h.q & 1
        if layout.layout in ("odd-r", "even-r"):
            shift = 0.5 * odd if layout.layout == "odd-r" else -0.5 * odd
            out[code] = (h.q + shift, h.r * SQRT3 / 2)
        else:
            shift = 0.5 * odd if layout.layout == "odd-q" else -0.5 * odd
            out[code] = (h.q * SQRT3 / 2, h.r + shift)
    return out


@text_as_written
def hex_map(layout: HexLayout, winners: Mapping[str, str], seats: Mapping[str, int],
            gains: Collection[str] = (), title: str = "", subtitle: str = "") -> Figure:
    """The map: a hexagon per seat in its winner's colour (``winners``: GSS code → party),
    the ``gains`` outlined in black, and a legend naming every party with its ``seats``."""
    centres = hex_centres(layout)
    pointy = layout.layout.endswith("r")
    radius = 1 / SQRT3
    fig = Figure(figsize=(9, 10))
    ax = fig.add_axes((0.02, 0.02, 0.68, 0.88))
    ax.set_aspect("equal")
    ax.axis("off")
    changed = set(gains)
    for code, (x, y) in centres.items():
        winner = winners.get(code)
        gained = code in changed
        hexagon = RegularPolygon(
            (x, y), 6, radius=radius * (0.9 if gained else 0.97),
            orientation=0 if pointy else math.pi / 6,
            facecolor=party(winner).colour if winner else NO_RESULT,
            edgecolor=INK if gained else "white", linewidth=1.1 if gained else 0.3,
            zorder=3 if gained else 2)
        hexagon.set_gid(code)
        ax.add_artist(hexagon)
    xs, ys = zip(*centres.values(), strict=True)
    ax.set_xlim(min(xs) - 1, max(xs) + 1)
    ax.set_ylim(min(ys) - 1, max(ys) + 1)
    _legend(fig, seats, len(changed), len(centres) - len(set(winners) & set(centres)))
    fig.suptitle(title, x=0.02, y=0.985, ha="left", fontsize=14, fontweight="bold")
    fig.text(0.02, 0.94, subtitle, fontsize=9, color="#444444")
    fig.text(0.98, 0.012, "One hexagon per constituency. Layout: Open Innovations / ODI Leeds "
             "(MIT).", ha="right", fontsize=7, color="#666666")
    return fig


def _legend(fig: Figure, seats: Mapping[str, int], gained: int, missing: int) -> None:
    order: Sequence[tuple[str, int]] = sorted(seats.items(), key=lambda kv: (-kv[1], kv[0]))
    handles = [Patch(facecolor=party(code).colour, edgecolor=INK, linewidth=0.5,
                     label=f"{label_of(code)}  {n:,}") for code, n in order if n]
    if gained:
        handles.append(Patch(facecolor="white", edgecolor=INK, linewidth=1.6,
                             label=f"outlined: changed hands  {gained:,}"))
    if missing:
        handles.append(Patch(facecolor=NO_RESULT, edgecolor=INK, linewidth=0.5,
                             label=f"no result  {missing:,}"))
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.71, 0.9), frameon=False,
               fontsize=9.5, title="Seats won", title_fontsize=10, alignment="left",
               handlelength=1.4)

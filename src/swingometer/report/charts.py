"""Static charts (matplotlib, PNG or SVG): share change, the swingometer dial, seats as bars
and as a hemicycle. Rendering only: every value arrives computed.

Colours come from :func:`swingometer.parties.party`; every bar, wedge and dot group is also
labelled in words, so no chart asks a reader to tell red from green. Every label is drawn as
written (:func:`text_as_written`): a ``$`` in a name is a dollar sign, never mathtext.
"""

from __future__ import annotations

import functools
import math
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, ParamSpec

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Wedge
from matplotlib.text import Text

from ..parties import party
from .words import naming, pct, signed, signed_count

if TYPE_CHECKING:
    from ..analysis.card import ResultCard

DPI = 150
INK = "#1a1a1a"
GRID = "#d0d0d0"
FORMATS = (".png", ".svg", ".pdf")
Built = ParamSpec("Built")


def text_as_written(build: Callable[Built, Figure]) -> Callable[Built, Figure]:
    """A chart builder whose every label, title and legend entry is drawn as written: names
    are data, so a ``$`` in a party or candidate name never starts a formula."""

    @functools.wraps(build)
    def built(*args: Built.args, **kwargs: Built.kwargs) -> Figure:
        # no TeX, and no mathtext in tick labels, whatever the user's matplotlibrc says
        with rc_context({"text.usetex": False, "axes.formatter.use_mathtext": False}):
            fig = build(*args, **kwargs)
        for text in fig.findobj(Text):
            text.set_parse_math(False)  # the builder's own words have no formulas either
            text.set_usetex(False)
        return fig

    return built


def save(fig: Figure, path: Path | str) -> Path:
    """Write the figure; the format follows the suffix (.png at 150 dpi, .svg, .pdf)."""
    target = Path(path)
    if target.suffix.lower() not in FORMATS:
        from ..errors import ChoiceError

        raise ChoiceError("chart file type", target.suffix or "(none)", FORMATS)
    if not target.parent.is_dir():
        from ..errors import NotFoundError

        raise NotFoundError("folder", str(target.parent), (),
                            f"folder {str(target.parent)!r} does not exist: create it first, "
                            "or save the chart elsewhere")
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "swingometer"}):
        fig.savefig(target, dpi=DPI, metadata=_metadata(target))  # SVG text stays text
    return target


def _metadata(target: Path) -> dict[str, Any]:
    if target.suffix.lower() == ".svg":
        return {"Date": None}  # reproducible SVG files
    return {}


def label_of(code: str, names: Mapping[str, str] | None = None) -> str:
    """A party's name on a chart (``Labour``, ``Conservative``, ``Lib Dem``, ``Speaker``)."""
    return "Lib Dem" if code == "LD" else naming(code, (names or {}).get(code, "")).table


def _frame(ax: Axes) -> None:
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0)


# --- share change ---------------------------------------------------------------------------


BarKind = Literal["party", "person", "others"]
#: party labels that pool different people: their candidates are shown by name
POOLED = ("Ind", "Oth")


@dataclass(frozen=True)
class ShareBar:
    """One bar: a party's share now, at the baseline (None: did not stand) and its change; or
    a candidate standing without a party, by name; or the other candidates pooled."""

    party: str
    label: str
    share: float
    previous: float | None
    change: float | None
    kind: BarKind = "party"
    #: how many candidates an "others" bar pools
    pooled: int = 0


def share_bars(card: ResultCard, most: int = 10) -> list[ShareBar]:
    """The bars of a card's share chart, in the order of the votes: the parties worth a bar
    (up to ``most``; a party new to the seat from 1%), then every candidate who won or beat a
    party shown (an independent by name: it has no change to show), and the rest pooled as
    "others"."""
    names = card.party_names()
    first: dict[str, int] = {}
    for i, c in enumerate(card.candidates):
        first.setdefault(c.party, i)
    worth = [i for p, i in first.items() if p not in POOLED
             and not (card.candidates[i].change is None and card.candidates[i].share < 1.0)]
    shown = set(worth[:most])
    floor = min((card.candidates[i].share for i in shown), default=float("inf"))
    bars: list[ShareBar] = []
    rest: list[float] = []
    for i, c in enumerate(card.candidates):
        if i in shown:
            bars.append(ShareBar(c.party, label_of(c.party, names), c.share, c.previous_share,
                                 c.change))
        elif i == 0 or c.share > floor:  # won, or beat a party shown
            if c.party in POOLED or first[c.party] != i:
                bars.append(ShareBar(c.party, c.candidate, c.share, None, None, "person"))
            else:
                bars.append(ShareBar(c.party, label_of(c.party, names), c.share,
                                     c.previous_share, c.change))
        else:
            rest.append(c.share)
    if rest:
        bars.append(ShareBar("Oth", "Others", sum(rest), None, None, "others", len(rest)))
    return bars


def _footnote(bars: Sequence[ShareBar]) -> str:
    notes = ["Share now beside each party; a hatched bar: the party did not stand before "
             "(bar = share now)."]
    if any(b.kind == "person" for b in bars):
        notes.append("Independent candidates are named: they have no earlier share to "
                     "compare.")
    for b in bars:
        if b.kind == "others":
            notes.append(f"Others: one candidate, {pct(b.share)}, behind every party shown."
                         if b.pooled == 1 else f"Others: {b.pooled} candidates with "
                         f"{pct(b.share)} between them, each behind every party shown.")
    return " ".join(notes)


@text_as_written
def share_change_chart(bars: Sequence[ShareBar], title: str, subtitle: str) -> Figure:
    """Horizontal bars of each party's change in share, in its colour, each labelled with
    the change (the share now beside the party's name); a party new to the seat gets a
    hatched bar of its share."""
    footnote = textwrap.fill(_footnote(bars), 120)
    extra = 0.14 * footnote.count("\n")
    fig = Figure(figsize=(8, 0.55 * len(bars) + 2.1 + extra))
    top = 1 - 1.05 / fig.get_figheight()
    bottom = (0.8 + extra) / fig.get_figheight()
    ax = fig.add_axes((0.3, bottom, 0.64, top - bottom))
    rows = list(range(len(bars)))[::-1]
    for y, bar in zip(rows, bars, strict=True):
        new = bar.change is None
        value = bar.share if new else bar.change
        assert value is not None
        ax.barh(y, value, color=party(bar.party).colour, edgecolor=INK, linewidth=0.6,
                hatch="//" if new else None, height=0.7)
        word = {"party": "new", "person": "independent", "others": "others"}[bar.kind]
        ax.annotate(word if new else signed(value), (value, y),
                    xytext=(4 if value >= 0 else -4, 0), textcoords="offset points",
                    va="center", ha="left" if value >= 0 else "right", fontsize=10, color=INK)
    labels = [f"{textwrap.shorten(b.label, 24, placeholder='…')}  {pct(b.share)}" for b in bars]
    ax.set_yticks(rows, labels, fontsize=10)
    ax.axvline(0, color=INK, linewidth=0.8)
    ax.grid(axis="x", color=GRID, linewidth=0.5)
    ax.set_axisbelow(True)
    low = min([0.0] + [b.change for b in bars if b.change is not None])
    high = max([0.0] + [b.change if b.change is not None else b.share for b in bars])
    span = max(high - low, 1.0)
    ax.set_xlim(low - 0.15 * span if low < 0 else -0.05 * span, high + 0.15 * span)
    ax.set_xlabel("change in share of the vote, percentage points", fontsize=9)
    fig.text(0.02, 0.1 / fig.get_figheight(), footnote, fontsize=8, color="#444444",
             va="bottom")
    _frame(ax)
    fig.text(0.02, 1 - 0.42 / fig.get_figheight(), title, fontsize=13, fontweight="bold")
    fig.text(0.02, 1 - 0.72 / fig.get_figheight(), subtitle, fontsize=9, color="#444444")
    return fig


# --- the swingometer dial -------------------------------------------------------------------


def _angle(value: float, reach: float) -> float:
    """Degrees on the dial: 90 (straight up) at no swing, 180 at full swing to the left."""
    return 90.0 - 90.0 * max(-reach, min(reach, value)) / reach


def _at(angle: float, radius: float) -> tuple[float, float]:
    return radius * math.cos(math.radians(angle)), radius * math.sin(math.radians(angle))


@text_as_written
def swing_dial(frm: str, to: str, swing: float, tie: float | None, title: str,
               subtitle: str, note: str | None = None) -> Figure:
    """The classic swingometer: left half ``frm``'s colour, right half ``to``'s; the needle at
    the swing from ``frm`` to ``to``; a marked line at ``tie``, the swing at which ``to``
    would draw level with ``frm`` on the baseline result (the swing needed for the seat)."""
    reach = 5.0 * math.ceil((max(abs(swing), abs(tie or 0.0)) + 2.5) / 5.0)
    reach = max(reach, 10.0)
    footnote = textwrap.fill(note, 125) if note else ""
    extra = 0.35 + 0.14 * footnote.count("\n") if note else 0.0  # inches below the dial
    height = 5.6 + extra

    def down(y: float) -> float:  # a height on the 5.6-inch dial, kept from the top
        return 1 - (1 - y) * 5.6 / height

    fig = Figure(figsize=(8, height))
    ax = fig.add_axes((0.04, down(0.02), 0.92, 0.8 * 5.6 / height))
    ax.set_aspect("equal")  # the dial
    ax.axis("off")
    ax.set_xlim(-1.35, 1.35)
    ax.set_ylim(-0.42, 1.3)
    for code, (a, b) in ((frm, (90, 180)), (to, (0, 90))):
        ax.add_patch(Wedge((0, 0), 1.0, a, b, width=0.32, facecolor=party(code).colour,
                           edgecolor=INK, linewidth=0.8))
    for value in range(-int(reach), int(reach) + 1, 5):
        angle = _angle(value, reach)
        ax.plot(*zip(_at(angle, 1.0), _at(angle, 1.05), strict=True), color=INK, linewidth=0.8)
        x, y = _at(angle, 1.12)
        ax.text(x, y, f"{abs(value)}", ha="center", va="center", fontsize=8, color=INK)
    if tie is not None:
        mark = _angle(tie, reach)
        ax.plot(*zip(_at(mark, 0.62), _at(mark, 1.0), strict=True), color=INK, linewidth=2.2,
                linestyle=(0, (2, 1.2)))
        x, y = _at(mark, 1.2)
        ax.text(x, y, signed(tie), ha="center", va="center", fontsize=9, fontweight="bold",
                color=INK, bbox={"boxstyle": "round,pad=0.2", "facecolor": "white",
                                 "edgecolor": INK, "linewidth": 0.6})
        fig.text(0.02, down(0.855), f"Dashed mark ({signed(tie)}): the swing needed for "
                 f"{naming(to).full} to draw level with {naming(frm).full} on the previous "
                 "result.",
                 fontsize=8.5, color="#444444")
    tip = _at(_angle(swing, reach), 0.93)
    ax.annotate("", xy=tip, xytext=(0, 0),
                arrowprops={"arrowstyle": "-|>", "color": INK, "linewidth": 2.5,
                            "mutation_scale": 18})
    ax.add_patch(Wedge((0, 0), 0.06, 0, 360, facecolor=INK))
    ax.text(0, -0.13, f"{signed(swing)} points", ha="center", va="top", fontsize=20,
            fontweight="bold", color=INK)
    ax.text(0, -0.3, f"Butler swing from {label_of(frm)} to {label_of(to)}", ha="center",
            va="top", fontsize=10, color=INK)
    ax.text(-1.0, -0.06, f"← swing to {label_of(frm)}", ha="center", va="top", fontsize=10,
            color=INK)
    ax.text(1.0, -0.06, f"swing to {label_of(to)} →", ha="center", va="top", fontsize=10,
            color=INK)
    fig.text(0.02, down(0.94), title, fontsize=13, fontweight="bold")
    fig.text(0.02, down(0.895), subtitle, fontsize=9, color="#444444")
    if footnote:  # why this pair, or why Butler and Steed disagree: never left unsaid
        fig.text(0.02, 0.1 / height, footnote, fontsize=8, color="#444444", va="bottom")
    return fig


# --- seats ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeatBar:
    party: str
    seats: int
    #: against the baseline; None where there is none
    change: int | None


def _bars(ax: Axes, rows: Sequence[SeatBar], majority_line: int) -> None:
    shown = [r for r in rows if r.seats > 0]
    ys = list(range(len(shown)))[::-1]
    for y, row in zip(ys, shown, strict=True):
        ax.barh(y, row.seats, color=party(row.party).colour, edgecolor=INK, linewidth=0.6,
                height=0.72)
        text = f"{row.seats:,}" + ("" if row.change is None else f" ({signed_count(row.change)})")
        ax.annotate(text, (row.seats, y), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=9, color=INK)
    ax.set_yticks(ys, [label_of(r.party) for r in shown], fontsize=9)
    ax.axvline(majority_line, color=INK, linewidth=1.2, linestyle="--")
    ax.text(majority_line, len(shown) - 0.4, f" {majority_line} for a majority", fontsize=8.5,
            va="bottom", color=INK)
    ax.set_xlim(0, max([majority_line] + [r.seats for r in shown]) * 1.22)
    ax.set_ylim(-0.7, len(shown) + 0.3)
    ax.grid(axis="x", color=GRID, linewidth=0.5)
    ax.set_axisbelow(True)
    _frame(ax)


def hemicycle_positions(total: int, rows: int = 12) -> list[tuple[float, float]]:
    """Seat positions on a half-disc, ordered from the far left round to the far right:
    seats per row in proportion to the row's radius (largest remainder)."""
    radii = [0.45 + 0.55 * i / (rows - 1) for i in range(rows)]
    quotas = [total * r / sum(radii) for r in radii]
    counts = [int(q) for q in quotas]
    for i in sorted(range(rows), key=lambda i: counts[i] - quotas[i])[:total - sum(counts)]:
        counts[i] += 1
    seats = [(math.pi * (1 - j / max(n - 1, 1)), r) for r, n in zip(radii, counts, strict=True)
             for j in range(n)]
    seats.sort(key=lambda s: (-s[0], s[1]))
    return [(r * math.cos(a), r * math.sin(a)) for a, r in seats]


def _hemicycle(ax: Axes, rows: Sequence[SeatBar], total: int, majority_line: int) -> None:
    places = hemicycle_positions(total)
    colours: list[str] = []
    for row in rows:
        colours += [party(row.party).colour] * row.seats
    colours += ["#ffffff"] * (total - len(colours))
    xs, ys = zip(*places, strict=True)
    ax.scatter(xs, ys, s=9, c=colours[:total], edgecolors=INK, linewidths=0.25)
    cut = places[majority_line - 1]
    angle = math.atan2(cut[1], cut[0])
    ax.plot([0.38 * math.cos(angle), 1.06 * math.cos(angle)],
            [0.38 * math.sin(angle), 1.06 * math.sin(angle)], color=INK, linewidth=1.2,
            linestyle="--")
    ax.text(1.1 * math.cos(angle), 1.1 * math.sin(angle), f"{majority_line}", ha="center",
            va="bottom", fontsize=9, color=INK)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_xlim(-1.08, 1.08)
    ax.set_ylim(-0.32, 1.2)
    handles = [Patch(facecolor=party(r.party).colour, edgecolor=INK, linewidth=0.5,
                     label=f"{label_of(r.party)} {r.seats:,}") for r in rows[:8] if r.seats]
    ax.legend(handles=handles, loc="lower center", ncol=4, fontsize=8, frameon=False,
              bbox_to_anchor=(0.5, -0.05), handlelength=1.2, columnspacing=1.0)


@text_as_written
def seats_chart(rows: Sequence[SeatBar], total: int, majority_line: int, title: str,
                subtitle: str) -> Figure:
    """Seats as labelled bars (with change) beside a hemicycle, the majority line on both."""
    fig = Figure(figsize=(12, 5.6))
    _bars(fig.add_axes((0.11, 0.1, 0.38, 0.72)), rows, majority_line)
    _hemicycle(fig.add_axes((0.53, 0.04, 0.45, 0.8)), rows, total, majority_line)
    fig.suptitle(title, x=0.02, ha="left", fontsize=13, fontweight="bold")
    fig.text(0.02, 0.89, subtitle, fontsize=9, color="#444444")
    return fig


# --- one contest's charts from its card -----------------------------------------------------

KINDS = {"by": "by-election", "general": "general election", "notional": "notional result"}


def card_titles(card: ResultCard) -> tuple[str, str]:
    """A contest chart's title (the story's headline) and subtitle (what, when, against)."""
    from .story import headline
    from .words import long_date

    contest = card.contest
    subtitle = f"{KINDS[contest.kind]}, {long_date(contest.date)}"
    previous = card.previous
    if previous is not None:
        subtitle += f" · change since the {previous.date.year} {KINDS[previous.kind]}"
    pa = card.result_pa
    if pa is not None and pa.text != card.result.text:
        subtitle += f" · {pa.text} against the sitting member (PA)"
    return headline(card), subtitle


def card_share_chart(card: ResultCard) -> Figure:
    """The share-change chart of a card (a card without a baseline has nothing to show)."""
    from ..errors import DataError, Problem

    bars = share_bars(card)
    if not bars or card.previous is None:
        raise DataError(card.contest.id, [Problem(
            card.contest.id, "has no previous result to measure change against")])
    return share_change_chart(bars, *card_titles(card))


def card_swing_dial(card: ResultCard, tie: float | None) -> Figure:
    """The swingometer dial of a card's Butler swing; ``tie`` is the swing the seat needed."""
    from ..errors import NotApplicableError

    swing = card.swing
    if card.previous is None or swing is None or swing.points is None:
        why = card.swing_note or "it has no previous result to measure swing against"
        raise NotApplicableError(
            f"no swing to chart for {card.contest.constituency} {card.contest.date.year}: "
            f"{why[0].lower() + why[1:]} ('swingometer chart shares' charts its shares)")
    return swing_dial(swing.frm, swing.to, swing.points, tie, *card_titles(card),
                      note=card.swing_note)

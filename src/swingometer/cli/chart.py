"""``swingometer chart``: share change, the swing dial, seats and the hex map, as PNG or SVG."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .options import Data, ElectionOpt, OnDate, ResultsFile, SeatArg, chosen_contest

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..elections import Source
    from ..model import Contest, Election
    from ..projection import Projection

app = typer.Typer(help="Draw a chart of a result, an election or a projection (PNG or SVG).",
                  no_args_is_help=True)

Output = Annotated[Path, typer.Option(
    "--out", "-o", help="Where to write the chart; .png, .svg or .pdf (its folder must "
    "exist).")]
Baseline = Annotated[str | None, typer.Option(
    "--baseline", help="Project from this election's results (e.g. 2019-notional, 2024).")]
Shares = Annotated[list[str] | None, typer.Option(
    "--share", help="A national (Great Britain) share for the projection, PARTY=PERCENT; "
    "repeat for each party.", metavar="PARTY=PERCENT")]
Method = Annotated[str, typer.Option("--method", help="Projection model (uns, proportional, "
                                     "transition, …).")]


def _with_baseline(election: str, data: str | None
                   ) -> tuple[Source, Election, tuple[Contest, ...] | None]:
    """An election, its catalogue entry, and its baseline's contests (if it has one)."""
    from .. import elections as catalogue

    src = catalogue.source(election)
    before = catalogue.contests(src.baseline, data) if src.baseline else None
    return src, catalogue.load(src.key, data), before


def _check(output: Path) -> None:
    """Refuse an unknown file type before any work is done."""
    from ..errors import ChoiceError
    from ..report.charts import FORMATS

    if output.suffix.lower() not in FORMATS:
        raise ChoiceError("chart file type", output.suffix or "(none)", FORMATS)
    if not output.parent.is_dir():
        raise typer.BadParameter(f"folder {str(output.parent)!r} does not exist",
                                 param_hint="'-o'")


def _write(fig: Figure, output: Path) -> None:
    from ..report.charts import save

    typer.echo(str(save(fig, output)), err=True)


@app.command()
def shares(seat: SeatArg = None, on: OnDate = None, election: ElectionOpt = None,
           file: ResultsFile = None, output: Output = Path("shares.png"),
           data: Data = None) -> None:
    """Bars of each party's change in share in one contest.

    In party colours, each labelled with its change and the share now.

    Example: swingometer chart shares "Mid Bedfordshire" --date 2023-10-19 -o shares.png
    """
    from .. import elections as catalogue

    _check(output)
    _write(catalogue.share_chart(chosen_contest(seat, on, election, file, data), data), output)


@app.command()
def swing(seat: SeatArg = None, on: OnDate = None, election: ElectionOpt = None,
          file: ResultsFile = None, output: Output = Path("swing.png"), data: Data = None) -> None:
    """The swingometer dial of one contest's Butler swing.

    The needle shows the swing between the two parties of the result; a dashed mark shows
    the swing at which the seat would change hands.

    Example: swingometer chart swing "Mid Bedfordshire" --date 2023-10-19 -o dial.svg
    """
    from .. import elections as catalogue

    _check(output)
    _write(catalogue.swing_chart(chosen_contest(seat, on, election, file, data), data), output)


def _parse_shares(values: list[str]) -> dict[str, float]:
    """``["Lab=34.7", "Con=24"]`` → ``{"Lab": 34.7, "Con": 24.0}``: the library's one parser,
    as ``project --share`` (every bad item listed)."""
    from ..projection.shares import parse_shares

    return parse_shares(values, "--share")


def _projection(baseline: str, share: list[str], method: str, data: str | None
                ) -> Projection:
    from ..projection import project

    return project(baseline, _parse_shares(share), method=method, data=data)


def _shares_text(projection: Projection) -> str:
    from ..report.words import pct

    return ", ".join(f"{p} {pct(v)}" for p, v in list(projection.implied_shares.items())[:7])


def _which(election: str | None, baseline: str | None, share: list[str] | None) -> None:
    if (election is None) == (baseline is None):
        raise typer.BadParameter("give either --election, or --baseline with --share")
    if baseline is not None and not share:
        raise typer.BadParameter("a projection needs at least one --share PARTY=PERCENT")


@app.command()
def seats(election: ElectionOpt = None, baseline: Baseline = None, share: Shares = None,
          method: Method = "uns", output: Output = Path("seats.png"), data: Data = None
          ) -> None:
    """Seats by party as bars and as a hemicycle, with the majority line.

    An election's result (with change against its baseline), or a projection's.

    Examples:

      swingometer chart seats --election 2024 -o house.png

      swingometer chart seats --baseline 2019-notional --share Lab=34.7 --share Con=24.4
      --share LD=12.6 --share RUK=14.7 -o house.png
    """
    from .. import elections as catalogue
    from ..analysis.records import election_summary, majority_line, seat_changes
    from ..report.charts import SeatBar, seats_chart

    _check(output)
    _which(election, baseline, share)
    if election is not None:
        src, chosen, before = _with_baseline(election, data)
        summary = election_summary(chosen.contests, before)
        rows = [SeatBar(p.party, p.seats, p.seats_change) for p in summary.parties if p.seats]
        title = f"{chosen.name.capitalize()}: seats"
        subtitle = ("change against " + catalogue.source(src.baseline).name) \
            if src.baseline else "seats won"
        fig = seats_chart(rows, summary.seats, summary.majority_line, title, subtitle)
    else:
        assert baseline is not None and share is not None
        projection = _projection(baseline, share, method, data)
        moved = seat_changes(projection.seats, projection.baseline_seats)
        rows = [SeatBar(p, n, moved[p]) for p, n in projection.seats.items()]
        total = projection.n_seats
        title = f"Projected seats ({projection.method}, from {projection.baseline.key})"
        subtitle = "Shares: " + _shares_text(projection)
        fig = seats_chart(rows, total, majority_line(total), title, subtitle)
    _write(fig, output)


@app.command("map")
def hex_map(election: ElectionOpt = None, baseline: Baseline = None, share: Shares = None,
            method: Method = "uns", output: Output = Path("map.png"), data: Data = None
            ) -> None:
    """A hex map of the 650 constituencies coloured by winner.

    Seats that changed hands are outlined. An election's result, a notional result, or a
    projection.

    Examples:

      swingometer chart map --election 2024 -o map.png

      swingometer chart map --baseline 2019-notional --share Lab=34.7 --share Con=24.4 -o p.svg
    """
    from .. import elections as catalogue
    from ..analysis.records import baseline_pairs, changed_hands, contest_figures
    from ..report.hexmap import hex_map as draw
    from ..report.hexmap import layout_for

    _check(output)
    _which(election, baseline, share)
    if election is not None:
        src, chosen, before = _with_baseline(election, data)
        figures = [contest_figures(c, p) for c, p in baseline_pairs(chosen.contests, before)]
        winners = {f.ons_id: f.winner for f in figures if f.ons_id}
        gains = {f.ons_id for f in figures if f.ons_id and "gain" in f.result}
        title = f"{chosen.name.capitalize()}: winner in each seat"
        subtitle = ("outlined: seats that changed hands since " +
                    catalogue.source(src.baseline).name) if src.baseline else ""
        fig = draw(layout_for(src.key, data), winners, chosen.seats(), gains, title, subtitle)
    else:
        assert baseline is not None and share is not None
        projection = _projection(baseline, share, method, data)
        base = projection.baseline
        held = {code: base.parties[i] for code, i in
                zip(base.ons_ids, base.winners().tolist(), strict=True)}
        gains = changed_hands(held, projection.winners)
        title = f"Projection ({projection.method}, from {base.key}): winner in each seat"
        subtitle = "outlined: seats changing hands · shares " + _shares_text(projection)
        fig = draw(layout_for(base.key, data), projection.winners, projection.seats, gains,
                   title, subtitle)
    _write(fig, output)

"""``swingometer project``, ``swingometer methods`` and ``swingometer backtest``.

Data on stdout; notices (rescaling, Northern Ireland, the by-election caveat) on stderr.
The arithmetic is all in ``swingometer.projection``; this module parses and formats.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from .options import Data, Json, Output
from .output import choose, emit
from .progress import progress_after

Shares = dict[str, float]


def _pairs(text: str, option: str) -> Shares:
    """``"SNP=30,Lab=35.3"`` → {"SNP": 30.0, "Lab": 35.3} (the library's one parser)."""
    from ..projection.shares import parse_shares

    return parse_shares([text], option)


def _shares(items: list[str] | None, option: str) -> Shares | None:
    """Repeated ``PARTY=NUMBER`` options → {party: number}, or None when none was given."""
    from ..projection.shares import parse_shares

    return parse_shares(items, option) or None


def _nested(items: list[str] | None, option: str, example: str) -> dict[str, Shares] | None:
    """``"Scotland:SNP=30,Lab=35.3"`` (repeatable) → {"Scotland": {...}}."""
    if not items:
        return None
    out: dict[str, Shares] = {}
    for item in items:
        name, sep, rest = item.partition(":")
        if not sep or not name.strip():
            raise typer.BadParameter(f"{item!r}: write {example}", param_hint=option)
        out.setdefault(name.strip(), {}).update(_pairs(rest, option))
    return out


def _notices(lines: Any) -> None:
    err = Console(stderr=True, highlight=False)
    for line in lines:
        err.print(f"note: {line}", markup=False)


def project(
    baseline: Annotated[str | None, typer.Option(
        "--baseline", help="The election projected from: 2010 … 2024, 2019-notional (2019 on "
        "the 2024 boundaries), 2005-notional. Default 2024; for --from-byelection, the "
        "general election before it.", show_default=False)] = None,
    share: Annotated[list[str] | None, typer.Option(
        "--share", metavar="PARTY=PCT", help="A Great Britain share, repeatable (Lab=34.7). "
        "The parties named take the shares given; those not named absorb the difference in "
        "proportion to their baseline shares (as Electoral Calculus does).")] = None,
    change: Annotated[list[str] | None, typer.Option(
        "--change", metavar="PARTY=POINTS", help="A change in a party's Great Britain share, "
        "repeatable (Con=-5 --change Lab=5 is a 5-point Butler swing); combines with --share "
        "for other parties.")] = None,
    method: Annotated[str, typer.Option(
        "--method", help="The model (see 'swingometer methods').")] = "uns",
    region: Annotated[list[str] | None, typer.Option(
        "--region", metavar="REGION:PARTY=PCT,…", help="Shares in a nation or English region, "
        "repeatable (Scotland:SNP=30,Lab=35.3). Regions not given move with what the "
        "national shares leave.")] = None,
    tactical: Annotated[list[str] | None, typer.Option(
        "--tactical", metavar="LENDER:RECEIVER=FRACTION,…", help="Tactical voting: the "
        "fraction of a party's voters who lend to another where it is placed in the top two "
        "(Green:Lab=0.2,LD=0.2).")] = None,
    threshold: Annotated[float | None, typer.Option(
        "--threshold", help="strong-transition: weak support lies below this share of the "
        "vote (per cent, default 20).")] = None,
    nations: Annotated[bool | None, typer.Option(
        "--nations/--no-nations", help="Apply a party's change only in the nations where it "
        "stands (the SNP's GB change becomes a Scottish one). Default: the method's own.",
        show_default=False)] = None,
    simulate: Annotated[int, typer.Option(
        "--simulate", metavar="N", help="Add a simulated forecast of N elections: win "
        "probabilities and seat ranges.")] = 0,
    seed: Annotated[int | None, typer.Option(
        "--seed", help="Random seed: a seeded simulation repeats exactly.")] = None,
    from_byelection: Annotated[list[str] | None, typer.Option(
        "--from-byelection", metavar="SEAT", help="Answer what a by-election means for a "
        "general election: its changes since the previous general election mirrored "
        "literally in every seat (additive and proportional) and as history suggests "
        "(shrunk by ratios fitted on every by-election since 1945), with the next general "
        "election's result where known. Repeatable: several by-elections are one signal.")
    ] = None,
    from_night: Annotated[str | None, typer.Option(
        "--from-night", metavar="YYYY-MM-DD", help="Every Great Britain by-election of one "
        "day as one signal (with or without --from-byelection).")] = None,
    on: Annotated[str | None, typer.Option(
        "--date", help="The by-election's polling day, YYYY-MM-DD.")] = None,
    list_changes: Annotated[bool, typer.Option(
        "--changes", help="List every seat that changes hands.")] = False,
    data: Data = None,
    output: Output = None,
    as_json: Json = False,
) -> None:
    """Project a House of Commons from national (and regional) vote shares.

    Examples:

      swingometer project --baseline 2019-notional --share Lab=34.7 --share Con=24.4
      --share LD=12.6 --share RUK=14.7 --share Green=6.9 --share SNP=2.6 --share PC=0.7

      swingometer project --baseline 2019-notional --share Lab=34.7 --share Con=24.4
      --method strong-transition --region Scotland:SNP=30,Lab=35.3 --json

      swingometer project --baseline 2024 --change Con=-5 --change Lab=5 --simulate 10000
      --seed 7

      swingometer project --from-byelection "Mid Bedfordshire" --date 2023-10-19
      --baseline 2019

    Shares are Great Britain percentages; Northern Ireland is projected on its own parties
    and stays at its baseline unless given with --region "Northern Ireland:DUP=…". The
    Brexit Party's 2019 votes are Reform UK's baseline (give RUK). The Speaker keeps the
    Speaker's seat.
    """
    fmt = choose(output, as_json, ("text", "json", "csv") if not (from_byelection or from_night)
                 else ("text", "json"))
    as_json = fmt == "json"
    if simulate < 0:
        raise typer.BadParameter(f"{simulate} is not a number of simulated elections (0 for "
                                 "none, or a positive number such as 10000)",
                                 param_hint="'--simulate'")
    if from_byelection or from_night is not None:
        ignored = [name for name, given in (
            ("--share", share), ("--change", change), ("--method", method != "uns"),
            ("--region", region), ("--tactical", tactical), ("--threshold",
                                                             threshold is not None),
            ("--nations/--no-nations", nations is not None)) if given]
        if ignored:
            raise typer.BadParameter(
                f"{', '.join(ignored)} cannot be used with --from-byelection/--from-night: the "
                "by-election's own change is what is projected (answers mirrored literally and "
                "as history suggests)", param_hint="'--from-byelection'")
        _byelection(from_byelection or [], from_night, on, baseline, data, as_json,
                    list_changes, simulate, seed)
        return
    baseline = baseline or "2024"
    from ..projection import project as run

    options: dict[str, Any] = {}
    if threshold is not None:
        if not 0 <= threshold <= 100:
            raise typer.BadParameter(f"{threshold} is not a share of the vote between 0 and "
                                     "100", param_hint="--threshold")
        options["threshold"] = threshold
    common: dict[str, Any] = {
        "method": method, "data": data, "nations": nations, "seed": seed,
        "regions": _nested(region, "--region", "REGION:PARTY=PCT,…"),
        "tactical": _nested(tactical, "--tactical", "LENDER:RECEIVER=FRACTION,…"),
    }
    with progress_after("simulating") as progress:
        result = run(baseline, _shares(share, "--share"), simulate=simulate,
                     progress=progress, change=_shares(change, "--change"), **common,
                     **options)
    _notices(result.notices)
    found = result.as_dict()

    def text() -> None:
        out = Console()
        out.print(_house_table(found))
        if result.simulation is not None:
            out.print(_simulation_table(result.simulation.as_dict()))
        _changes(out, found["changes"], list_changes)

    emit(fmt, found, lambda: _rows(result.to_frame()), text)


def _house_table(found: dict[str, Any]) -> Table:
    """The house: each party's implied Great Britain share and seats. With a simulation the
    seats are its medians (so they always lie inside the 5–95% range shown beside them)."""
    title = f"{found['method']} from {found['baseline']}"
    if found.get("scenario"):
        title = found["scenario"] + f" · from {found['baseline']}"
    sim = found.get("simulation")
    seats: dict[str, int] = found["seats"]
    headers = ["party", "GB share", "seats", "change"]
    if sim is not None:
        seats = {p: round(row["median"]) for p, row in sim["seats"].items()}
        headers = ["party", "GB share", "seats (median)", "5–95%", "change"]
    table = Table(*headers, title=title)
    shares = found["implied_shares"]

    def row(party: str, n: int) -> None:
        share = f"{shares[party]:.1f}%" if party in shares else "–"
        change = f"{n - found['baseline_seats'].get(party, 0):+d}"
        if sim is None:
            table.add_row(party, share, str(n), change)
            return
        band = sim["seats"].get(party)
        spread = f"{band['p05']:.0f}–{band['p95']:.0f}" if band else "0–0"
        table.add_row(party, share, str(n), spread, change)

    for party, n in seats.items():
        if n:
            row(party, n)
    # parties with no seat now: those that lost all theirs, and those with a share but no seat
    shown = {p for p, n in seats.items() if n}
    seatless = [p for p in found["baseline_seats"] if p not in shown]
    seatless += sorted((p for p in shares if p not in shown and p not in seatless
                        and shares[p] >= 0.5), key=lambda p: -shares[p])
    for party in seatless:
        row(party, 0)
    if sim is not None:
        odds = ", ".join(f"{p} {v:.0%}" for p, v in sim["p_majority"].items()) or "none"
        caption = (f"seats: medians of {sim['n']:,} simulated elections · P(majority): {odds}")
    elif "majority" in found:
        caption = f"{found['majority']['party']} majority of {found['majority']['size']}"
    else:
        caption = f"Hung parliament ({found['majority_line']} needed for a majority)"
    table.caption = f"{caption} · {found['seats_total']} seats · GB share: implied by the " \
        "projected seats"
    return table


def _simulation_table(sim: dict[str, Any]) -> Table:
    table = Table("party", "median", "5–95%", "expected", "seat winners", "P(majority)",
                  "P(largest)", title=f"{sim['n']:,} simulated elections (seed {sim['seed']})")
    for party, row in sim["seats"].items():
        table.add_row(party, f"{row['median']:.0f}", f"{row['p05']:.0f}–{row['p95']:.0f}",
                      f"{row['expected']:.1f}", str(sim["seat_winners"].get(party, 0)),
                      f"{sim['p_majority'].get(party, 0):.1%}",
                      f"{sim['p_largest'].get(party, 0):.1%}")
    return table


def _changes(out: Console, changes: list[dict[str, str]], full: bool) -> None:
    counts: dict[str, int] = {}
    for c in changes:
        key = f"{c['to']} gain from {c['from']}"
        counts[key] = counts.get(key, 0) + 1
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))
    out.print(f"{len(changes)} seats change hands" + (f": {summary}" if summary else ""),
              highlight=False)
    if full:
        for c in changes:
            out.print(f"  {c['ons_id']}  {c['constituency']}: {c['to']} gain from {c['from']}",
                      highlight=False)


def _byelection(seats: list[str], night: str | None, on: str | None, baseline: str | None,
                data: str | None, as_json: bool, list_changes: bool, simulate: int,
                seed: int | None) -> None:
    from .byelection import project as answer

    answer(seats, on, night, baseline, data, as_json, list_changes, simulate, seed)


def _rows(table: Any) -> list[dict[str, Any]]:
    """A DataFrame's rows for ``--output csv`` (missing figures blank)."""
    return list(table.astype(object).where(table.notna(), None).to_dict("records"))


def methods(output: Output = None, as_json: Json = False) -> None:
    """List the projection models, one line each, with their literature sources."""
    from ..projection import methods as registered

    fmt = choose(output, as_json)
    found = registered()

    def text() -> None:
        table = Table("method", "what it does", "source", title="Projection methods")
        table.columns[0].no_wrap = True
        for name, (description, source) in found.items():
            table.add_row(name, description, source)
        Console().print(table)

    emit(fmt, {name: {"description": d, "source": s} for name, (d, s) in found.items()},
         lambda: [{"method": n, "description": d, "source": s}
                  for n, (d, s) in found.items()], text)


def backtest(
    simulations: Annotated[int, typer.Option(
        "--simulations", metavar="N", help="Simulated elections per pair for the Brier "
        "score and calibration.")] = 2000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the simulations.")] = 1,
    markdown: Annotated[bool, typer.Option(
        "--markdown", help="Print the tables as Markdown (as kept in docs/backtests.md).")
    ] = False,
    byelections: Annotated[bool, typer.Option(
        "--byelections", help="Instead: how well each answer to 'what if this by-election "
        "were repeated nationally' predicted the next general election, leave one "
        "parliament out (every GB by-election 1945–2024).")] = False,
    live: Annotated[bool, typer.Option(
        "--live", help="Instead: the live desk's projection on each replayed night after 25, "
        "50 and 100 declarations, against the raw exit poll and the previous engine.")
    ] = False,
    data: Data = None,
    as_json: Json = False,
) -> None:
    """Score every projection model on four real election pairs.

    2010→2015, 2015→2017, 2017→2019 and notional 2019→2024, each model given the later
    election's actual shares: seats wrong, seat-count error, share error, and the simulated
    forecast's Brier score and calibration. --byelections and --live score the by-election
    translation and the election-night projection instead.

    Examples:

      swingometer backtest

      swingometer backtest --json

      swingometer backtest --markdown --simulations 10000

      swingometer backtest --byelections

      swingometer backtest --live --markdown
    """
    if byelections and live:
        raise typer.BadParameter("choose --byelections or --live, not both",
                                 param_hint="'--live'")
    if byelections:
        from . import byelection

        if markdown:
            from ..projection.shrinkage import backtest_report as by_report

            print(byelection.markdown(by_report(data)))
        else:
            byelection.backtest(as_json, data)
        return
    if live:
        _live_backtest(markdown, as_json, data)
        return
    from ..projection.backtest import backtest_report

    report = backtest_report(simulations, seed, data)
    if as_json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return
    if markdown:
        print(markdown_report(report))
        return
    out = Console()
    out.print("[bold]Backtests: each model given the later election's shares[/bold]\n"
              "wrong: GB seats whose winner is wrong · Σ|err|: sum of absolute seat-count "
              "errors · MAE: mean absolute share error, points", highlight=False)
    # one table a pair, method names whole at any width (the seats column wraps instead)
    widest = max(len(row["method"]) for row in report["scores"])
    for pair in dict.fromkeys(row["pair"] for row in report["scores"]):
        table = Table("method", "wrong", "Σ|err|", "MAE", "seats (GB)", title=pair)
        table.columns[0].no_wrap = True
        table.columns[0].min_width = widest
        table.columns[4].overflow = "fold"
        for row in report["scores"]:
            if row["pair"] == pair:
                table.add_row(row["method"], str(row["wrong"]), str(row["seat_error"]),
                              f"{row['share_error']:.2f}", _seats_text(row["seats"], 4))
        out.print(table)
    sims = Table("pair", "method", "Brier", "Brier if certain",
                 title=f"Simulated forecasts ({simulations:,} runs a pair)")
    for row in report["simulations"]:
        sims.add_row(row["pair"], row["method"], f"{row['brier']:.3f}",
                     f"{row['brier_certain']:.3f}")
    out.print(sims)


def _live_backtest(markdown: bool, as_json: bool, data: str | None) -> None:
    from ..projection import live_backtest

    report = live_backtest.report(data)
    if as_json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    elif markdown:
        print(live_backtest.markdown(report))
    else:
        Console(soft_wrap=True).print(live_backtest.markdown(report), highlight=False,
                                      markup=False)


def _seats_text(seats: dict[str, int], parties: int = 8) -> str:
    return " ".join(f"{p} {n}" for p, n in list(seats.items())[:parties])


def markdown_report(report: dict[str, Any]) -> str:
    """The backtest tables as Markdown (what docs/backtests.md keeps)."""
    lines = ["| pair | method | seats wrong (GB) | Σ\\|seat error\\| | share MAE (points) | "
             "projected GB seats |", "|---|---|--:|--:|--:|---|"]
    for pair in report["pairs"]:
        actual = report["actual"][pair]
        lines.append(f"| {pair} | **actual** | | | | {_seats_text(actual)} |")
        for row in (r for r in report["scores"] if r["pair"] == pair):
            lines.append(f"| {pair} | {row['method']} | {row['wrong']} | {row['seat_error']} | "
                         f"{row['share_error']:.2f} | {_seats_text(row['seats'])} |")
    lines += ["", f"Simulated forecasts ({report['simulation_runs']:,} runs a pair, seed "
              f"{report['seed']}), error sizes fitted without the pair: Brier score over Great "
              "Britain seats (0 is perfect), and the actual Con, Lab, LD and SNP seats against "
              "the 5–95% ranges (✓ inside)", "",
              "| pair | method | σₛ | σᵣ | σₚ | Brier | Brier if certain | seats against "
              "5–95% ranges | covered |", "|---|---|--:|--:|--:|--:|--:|---|--:|"]
    for row in report["simulations"]:
        errors = row["errors"]
        spans = " · ".join(f"{r['party']} {r['actual']} in {r['p05']:.0f}–{r['p95']:.0f}"
                           + (" ✓" if r["covered"] else " ✗") for r in row["ranges"])
        covered = sum(r["covered"] for r in row["ranges"])
        lines.append(f"| {row['pair']} | {row['method']} | {errors['seat']:.3f} | "
                     f"{errors['regional']:.3f} | {errors['pattern']:.2f} | {row['brier']:.3f} | "
                     f"{row['brier_certain']:.3f} | {spans} | {covered} of "
                     f"{len(row['ranges'])} |")
    lines += ["", "ours against regional-uns, seat by seat (exact sign test on the seats only one "
              "of them called right; p < 0.05 is significant):", "",
              "| pair | only ours right | only regional-uns right | p | significant |",
              "|---|--:|--:|--:|---|"]
    for pair, test in report["ours_against_regional_uns"].items():
        lines.append(f"| {pair} | {test['only_first_right']} | {test['only_second_right']} | "
                     f"{test['p']:.3f} | {'yes' if test['p'] < 0.05 else 'no'} |")
    for method, counts in report["coverage"].items():
        lines.append(f"\n{method}: {sum(counts)} of {4 * len(counts)} seat totals inside their "
                     "nominal 90% ranges.")
    for method, pooled in report["calibration"].items():
        lines += ["", f"Reliability of {method} (all four pairs pooled; Brier "
                  f"{pooled['brier']:.3f}):", "",
                  "| forecast win probability | forecasts | mean forecast | share that won |",
                  "|---|--:|--:|--:|"]
        for band in pooled["calibration"]:
            lines.append(f"| {band['from']:.1f}–{band['to']:.1f} | {band['forecasts']} | "
                         f"{band['mean_probability']:.3f} | {band['won']:.3f} |")
    return "\n".join(lines)

"""``project --from-byelection`` / ``--from-night`` and ``backtest --byelections``: the two
answers side by side, and the history they are checked on. Arithmetic lives in
:mod:`swingometer.projection.byelection` and :mod:`swingometer.projection.shrinkage`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from .options import day

#: the answers in the order they are shown
ANSWERS = (("mirrored literally (additive)", "additive"),
           ("mirrored literally (proportional)", "proportional"),
           ("as history suggests", "history"))


def project(seats: Sequence[str], on: str | None, night: str | None, baseline: str | None,
            data: str | None, as_json: bool, list_changes: bool, simulations: int = 2000,
            seed: int | None = None) -> None:
    """Answer ``--from-byelection SEAT`` (repeatable, each on ``--date`` if given) and
    ``--from-night YYYY-MM-DD`` (every Great Britain by-election of that day)."""
    from ..projection.byelection import combine, find_by_election, on_night

    when = day(on)
    contests = [find_by_election(seat, when, data) for seat in seats]
    evening = day(night)
    if evening is not None:
        contests += [c for c in on_night(evening, data)
                     if c.id not in {x.id for x in contests}]
    found = combine(contests, baseline, data, simulations or 2000, 1 if seed is None else seed)
    err = Console(stderr=True, highlight=False)
    err.print(f"caveat: {found.caveat.text()}", markup=False)
    for line in found.notices:
        err.print(f"note: {line}", markup=False)
    if as_json:
        print(json.dumps(found.as_dict(), indent=2, ensure_ascii=False))
        return
    render(found.as_dict(), list_changes)


def render(found: dict[str, Any], list_changes: bool = False) -> None:
    out = Console(highlight=False)
    names = ", ".join(f"{b['constituency']} {b['date']}" for b in found["by_elections"])
    change = ", ".join(f"{p} {v:+.1f}" for p, v in sorted(found["change"].items(),
                                                         key=lambda kv: kv[1]) if v)
    out.print(f"By-election{'s' if len(found['by_elections']) > 1 else ''}: {names} · "
              f"change since the general election ({found['baseline']}): {change}")
    out.print(_seats_table(found))
    out.print(_change_table(found))
    history = found["history"]
    out.print(f"As history suggests: each change × {_ratios(history)} ({history['model']} "
              "ratio fitted on every Great Britain by-election since 1945 against the next "
              f"general election; 5–95% from {history['range']['n']:,} simulated errors, "
              f"seed {history['range']['seed']}). See 'swingometer backtest --byelections'.")
    unsupported = [k for k, v in (("the party's role", history["supported"].get("role")),
                                  ("the time to the election", history["supported"].get("time")))
                   if not v]
    if unsupported:
        out.print("The data do not support a ratio that depends on " + " or on ".join(unsupported)
                  + ": splitting by it does not predict the next election better out of sample.")
    for label, key in ANSWERS:
        gains = found[key]["gains"]
        out.print(f"{label}: {len(found[key]['changes'])} seats change hands"
                  + (": " + ", ".join(f"{k} {v}" for k, v in gains.items()) if gains else ""))
        if list_changes:
            for c in found[key]["changes"]:
                out.print(f"  {c['ons_id']}  {c['constituency']}: {c['to']} gain from "
                          f"{c['from']}")


def _ratios(history: dict[str, Any]) -> str:
    values = sorted({round(v, 2) for v in history["ratios"].values()})
    return " or ".join(f"{v:.2f}" for v in values) or "–"


def _seats_table(found: dict[str, Any]) -> Table:
    outcome = found.get("next_general_election")
    table = Table("party", "baseline", "literal: additive", "literal: proportional",
                  "as history suggests", "5–95%",
                  *((f"actual {outcome['election']}",) if outcome else ()),
                  title=f"Seats from {found['baseline']}")
    rng = found["history"]["range"]["seats"]
    base = found["additive"]["baseline_seats"]
    parties = list(dict.fromkeys([*found["history"]["seats"], *found["additive"]["seats"],
                                  *(outcome["seats"] if outcome else {})]))
    for p in parties:
        row = [p, str(base.get(p, 0)), *(str(found[k]["seats"].get(p, 0)) for _, k in ANSWERS)]
        r = rng.get(p)
        row.append(f"{r['p05']:.0f}–{r['p95']:.0f}" if r else "–")
        if outcome:
            row.append(str(outcome["seats"].get(p, 0)))
        table.add_row(*row)
    if outcome:
        table.caption = (f"actual {outcome['election']}: seats won then; the baseline of its "
                         f"comparison is {outcome['compared_with']}")
    return table


def _change_table(found: dict[str, Any]) -> Table:
    outcome = found.get("next_general_election")
    table = Table("party", "by-election change", "as history suggests",
                  *((f"actual {outcome['election']} change",) if outcome else ()),
                  title="Great Britain change in share, points")
    history = found["history"]["change"]
    for p, v in sorted(found["change"].items(), key=lambda kv: -abs(kv[1])):
        if not v:
            continue
        row = [p, f"{v:+.1f}", f"{history.get(p, 0.0):+.1f}"]
        if outcome:
            row.append(f"{outcome['change'].get(p, 0.0):+.1f}")
        table.add_row(*row)
    return table


# --- backtest --byelections -----------------------------------------------------------------


def backtest(as_json: bool, data: str | None) -> None:
    """Print the leave-one-parliament-out report (``--json``: the dict)."""
    from ..projection.shrinkage import backtest_report

    report = backtest_report(data)
    if as_json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return
    out = Console(highlight=False)
    table = Table("answer", "RMSE (points)", "MAE (points)",
                  title=f"By-elections → the next general election: {report['by_elections']} "
                  f"GB by-elections {report['first'][:4]}–{report['last'][:4]}, "
                  "leave-one-parliament-out")
    for name, value in report["rmse"].items():
        table.add_row(name, f"{value:.2f}", f"{report['mae'][name]:.2f}")
    out.print(table)
    out.print(verdict(report))


def verdict(report: dict[str, Any]) -> str:
    """What the data support, in words."""
    best = report["rmse"]["as history suggests"]
    none = report["rmse"]["no change"]
    role = ("the party's role improves the fit" if report["role_supported"] else
            "splitting by role (governing, main opposition, third) does not improve it out "
            "of sample")
    time = ("the time to the election improves it" if report["time_supported"] else
            "splitting by time to the election (final year, earlier) does not either")
    return (f"The next election's national change is {report['pooled_ratio']:.2f} of the "
            f"by-election's on average (pooled). {role[0].upper() + role[1:]}; {time}, so the "
            f"answer uses the {report['model']} ratio. As history suggests: {best:.2f} points "
            f"against {none:.2f} for no change and {report['rmse']['mirrored literally']:.2f} "
            "for the change mirrored literally.")


def markdown(report: dict[str, Any]) -> str:
    """The docs section (between the byelections markers of docs/backtests.md)."""
    lines = [
        "## By-elections → the next general election",
        "",
        f"Every Great Britain by-election {report['first'][:4]}–{report['last'][:4]} "
        f"({report['by_elections']} by-elections, {report['observations']} party changes "
        f"in {report['parliaments']} parliaments: the House of Commons Library's list, then "
        "the official files) against that party's national change from the same general "
        "election to the next one. Each answer predicts the national change; every "
        "parliament is predicted by ratios fitted on the other parliaments "
        "(leave-one-parliament-out). *Mirrored literally* is the by-election's change "
        "itself; *as history suggests* chooses its model inside each fold. National shares "
        "are the Library's 1918–2019 constituency series summed over Great Britain (the "
        "nation's, for the SNP and Plaid Cymru) and the official 2024 files. Regenerate with "
        "`swingometer backtest --byelections --json` (tests/test_byelection_history.py "
        "checks this section).",
        "",
        "| answer | RMSE (points) | MAE (points) |",
        "|---|--:|--:|",
    ]
    for name, value in report["rmse"].items():
        lines.append(f"| {name} | {value:.2f} | {report['mae'][name]:.2f} |")
    lines += ["", verdict(report), "", "Ratios fitted on every parliament:", "",
              "| model | role | period | ratio | changes |", "|---|---|---|--:|--:|"]
    for model, fitted in report["fit"].items():
        for r in fitted["ratios"]:
            if model != "pooled" and r["role"] == "all":
                continue
            if model == "role-time" and r["period"] == "any":
                continue
            lines.append(f"| {model} | {r['role']} | {r['period']} | {r['ratio']:.3f} | "
                         f"{r['n']} |")
    return "\n".join(lines)


__all__ = ["backtest", "markdown", "project", "render", "verdict"]

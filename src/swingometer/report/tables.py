"""Terminal tables (Rich) for results cards and election lists.

Names are data, never markup: every name goes into a renderable as a :class:`rich.text.Text`
or through :func:`rich.markup.escape`, so ``[/]`` or ``[bold red]`` in a name is shown as
written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..parties import party

if TYPE_CHECKING:
    from ..analysis.card import ResultCard


def pct(value: float | None, places: int = 2) -> str:
    return "–" if value is None else f"{value:.{places}f}%"


def points(value: float | None, places: int = 2) -> str:
    return "–" if value is None else f"{value:+.{places}f}"


def count(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


def card_view(card: ResultCard) -> Panel:
    """A results card: headline, candidates, majority, turnout, swing, history."""
    contest = card.contest
    table = Table(box=None, pad_edge=False)
    for column, justify in (("candidate", "left"), ("party", "left"), ("votes", "right"),
                            ("share", "right"), ("change", "right")):
        table.add_column(column, justify=justify,  # type: ignore[arg-type]
                         overflow="fold")
    for c in card.candidates:
        table.add_row(Text(c.candidate), Text(c.party, style=f"bold {party(c.party).colour}"),
                      count(c.votes), pct(c.share), points(c.change))
    lines = [
        f"Majority {count(card.majority.votes)} ({pct(card.majority.share)})",
        f"Turnout {pct(card.turnout.valid)} of the electorate by valid votes; "
        f"{pct(card.turnout.ballot_box)} ballot-box turnout (with rejected ballots)",
        f"Electorate {count(card.electorate)} · valid votes {count(card.valid_votes)} · "
        f"rejected {count(card.rejected)}",
    ]
    prev = card.previous
    if prev:
        winner = prev.winner
        who = winner.party if prev.kind == "notional" else f"{winner.party} {winner.candidate}"
        lines.append(f"Previous ({prev.kind} {prev.date.isoformat()}): {who}, majority "
                     f"{count(prev.majority.votes)} ({pct(prev.majority.share)})")
    lines += _results(card)
    if card.majority_overturned:
        lines.append(f"Majority overturned: {count(card.majority_overturned)}")
    if card.swing:
        s, t = card.swing, card.steed_swing
        steed = "–" if t is None or t.points is None else f"{t.points:.2f} points (Steed)"
        lines.append(f"Swing {s.frm}→{s.to}: {s.points:.2f} points (Butler); " + steed)
    if card.swing_note:
        lines.append(card.swing_note)
    if card.held_since:
        h = card.held_since
        lost = card.majority_overturned is not None
        lines.append(f"{'Had been held' if lost else 'Held'} by {party(h.party).plural} "
                     f"since {'at least ' if h.at_least else ''}{h.election}")
    if card.history:
        lines.append("General elections: " + ", ".join(
            f"{h.election} {h.party}" for h in card.history))
    lines += [f"Corrected: {c.field} {c.official} → {c.corrected} ({c.file}, row "
              f"{c.row}), by erratum: {c.evidence}" for c in card.corrections]
    # the heading is the panel's first line, not its title: a title is cut at the panel's
    # width (an 80-column terminal, or a pipe), and the verdict is at its end
    heading = Text.assemble(
        (f"{contest.constituency} · {contest.kind} election {contest.date.isoformat()} · ",
         "bold"), (card.result.text, "bold reverse"))
    return Panel(Group(heading, Text(""), table, Text(""), Text("\n".join(lines)),
                       Text(contest.id, style="dim")), expand=False)


KINDS = {"by": "by-election", "general": "general election", "notional": "notional result"}


def _results(card: ResultCard) -> list[str]:
    """The result under both conventions: the Commons Library's, against the baseline, and
    the PA's, against the sitting member at dissolution (by-elections included)."""
    prev = card.previous
    against = f"against the {prev.date.year} {KINDS[prev.kind]}" if prev else "no earlier result"
    out = [f"Result {card.result.text} ({against}; Commons Library convention)"]
    pa, sitting = card.result_pa, card.sitting
    if pa is not None and sitting is not None:
        won = sitting.election if sitting.kind == "by" else \
            f"{sitting.election} {KINDS.get(sitting.kind, 'general election')}"
        out.append(f"Result {pa.text} against the sitting member ({sitting.party}, elected at "
                   f"the {won}; PA convention)")
    return out


def elections_view(rows: list[dict[str, Any]]) -> Table:
    """One line per election; by-elections are listed beneath their parliament."""
    table = Table(title="Elections (name one with --election or --baseline)")
    table.add_column("key", no_wrap=True)
    table.add_column("election")
    table.add_column("seats", justify="right")
    table.add_column("baseline / result", no_wrap=True)
    for r in rows:
        ready = r["ready"]
        name = escape(r["name"])
        if r.get("set_aside"):
            name += f" [yellow]({len(r['set_aside'])} set aside: swingometer data check)"
        table.add_row(escape(r["key"]), name if ready else f"{name} [yellow](not on mirror)",
                      count(r["contests"]) if ready else "–", escape(r["baseline"] or "–"))
        for by in r["by_elections"]:
            table.add_row("", f"[dim]{escape(by['date'])}[/dim] {escape(by['constituency'])}",
                          "", f"[dim]{escape(by['result'] or '')}")
    return table

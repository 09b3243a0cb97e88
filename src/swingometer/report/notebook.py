"""Small HTML views of elections and contests for Jupyter (``_repr_html_``).

Names are escaped: they are text from the files, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from ..model import Contest, Election

#: parties listed in an election's summary before the rest are pooled
SHOWN = 8


def _table(head: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    cells = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def election_html(election: Election) -> str:
    seats = list(election.seats().items())
    rows = [(party, f"{n:,}") for party, n in seats[:SHOWN]]
    if len(seats) > SHOWN:
        rows.append((f"{len(seats) - SHOWN} others", f"{sum(n for _, n in seats[SHOWN:]):,}"))
    title = escape(f"{election.name} ({election.id}): {len(election.contests)} contests")
    return f"<p><b>{title}</b></p>" + _table(("Party", "Seats won"), rows)


def contest_html(contest: Contest) -> str:
    valid = contest.valid_votes
    rows = [(c.name, c.party, f"{c.votes:,}", f"{100 * c.votes / valid:.1f}" if valid else "",
             "elected" + (" (by lot)" if contest.by_lot else "") if c.elected else "")
            for c in contest.candidates]
    title = escape(f"{contest.constituency}, {contest.date.isoformat()} ({contest.id})")
    return (f"<p><b>{title}</b></p>"
            + _table(("Candidate", "Party", "Votes", "Share %", ""), rows))


def table_html(title: str, table: pd.DataFrame, rows: int = 20) -> str:
    """A title and the first ``rows`` of a table (a projection's parties), escaped."""
    shown = table.head(rows).astype(object).where(table.head(rows).notna(), "")
    body = [tuple(f"{v:.1f}" if isinstance(v, float) else str(v) for v in row)
            for row in shown.itertuples(index=False)]
    return f"<p><b>{escape(title)}</b></p>" + _table(tuple(map(str, table.columns)), body)

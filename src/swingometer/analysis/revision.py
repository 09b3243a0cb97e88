"""What a recount or correction changed: candidate by candidate, and the contest's totals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

#: one candidate line: (name, party) → votes
Lines = Mapping[tuple[str, str], int | None]


def _line(name: str, party: str, field: str, before: object, after: object) -> dict[str, Any]:
    change = after - before if isinstance(after, int) and isinstance(before, int) else None
    return {"candidate": name, "party": party, "field": field, "before": before,
            "after": after, "change": change}


def what_changed(before: Lines, after: Lines, totals_before: Mapping[str, int | None],
                 totals_after: Mapping[str, int | None]) -> list[dict[str, Any]]:
    """Every difference between two declarations of a contest: votes of each candidate
    (added and withdrawn lines included) and contest figures such as the electorate.

    >>> [c["change"] for c in what_changed({("Ann", "Lab"): 100}, {("Ann", "Lab"): 112}, {}, {})]
    [12]
    """
    found: list[dict[str, Any]] = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if key not in before or key not in after or old != new:
            found.append(_line(key[0], key[1], "votes", old, new))
    for name in sorted(totals_before.keys() | totals_after.keys()):
        old, new = totals_before.get(name), totals_after.get(name)
        if old != new:
            found.append(_line("", "", name, old, new))
    return found


def lines(entries: Sequence[tuple[str, str, int | None]]) -> dict[tuple[str, str], int | None]:
    """Candidate lines keyed by name and party (names compared as they are written)."""
    return {(name, party): votes for name, party, votes in entries}

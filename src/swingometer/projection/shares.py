"""The one parser of typed shares (``--share Lab=40``, ``--change Con=-5``), for the command
line, the charts and the web desk, and the one rule that combines shares with changes.

``parse_shares(["Lab=40", "Con=24,LD=12"])`` → ``{"Lab": 40.0, "Con": 24.0, "LD": 12.0}``;
items may be repeated or comma-separated; every malformed item and every party given twice is
listed in one :class:`~swingometer.projection.targets.ShareError` (exit status 2).

What the shares then mean is :func:`swingometer.projection.targets.complete`'s rule, the one
Electoral Calculus and UK Polling Report use: the parties named take the shares given, the
parties not named absorb the difference in proportion to their baseline shares.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..errors import Problem
from .baseline import Baseline
from .targets import ShareError

Shares = dict[str, float]


class ShareSyntaxError(ShareError):
    """Typed shares that do not read as PARTY=NUMBER (a usage error)."""

    exit_code = 2


def parse_shares(items: Iterable[str] | str | None, option: str = "--share",
                 example: str = "Lab=34.7") -> Shares:
    """``PARTY=NUMBER`` items (repeated, or comma-separated in one item) → {party: number}."""
    if items is None:
        return {}
    if isinstance(items, str):
        items = [items]
    found: Shares = {}
    problems = []
    for item in items:
        for text in item.split(","):
            party, sep, value = (part.strip() for part in text.partition("="))
            if not sep or not party:
                problems.append(Problem(option, f"{text.strip()!r} is not PARTY=NUMBER "
                                                f"(e.g. {example})"))
                continue
            try:
                number = float(value)
            except ValueError:
                problems.append(Problem(option, f"{text.strip()!r}: {value!r} is not a number"))
                continue
            if party in found:
                problems.append(Problem(option, f"{party} is given twice"))
                continue
            found[party] = number
    if problems:
        raise ShareSyntaxError(option, problems)
    return found


def with_changes(baseline: Baseline, shares: Mapping[str, float] | None,
                 change: Mapping[str, float] | None) -> Shares:
    """Great Britain shares (per cent) from shares and changes given together: a party
    changed takes its baseline share plus the change; naming a party in both is an error, as
    is a change that takes a party below zero."""
    shares = dict(shares or {})
    problems = [Problem("--change", f"{party} is given both a share (--share) and a change "
                                    "(--change): give one")
                for party in (change or {}) if party in shares]
    before = baseline.national_shares()
    for party, points in (change or {}).items():
        if party in shares or not baseline.has(party):
            shares.setdefault(party, points)  # an unknown party is reported by ``targets``
            continue
        value = 100 * float(before[baseline.column(party)]) + points
        if value < 0:
            problems.append(Problem("--change", f"{party} would fall to {value:.2f}%"))
        shares[party] = max(value, 0.0)
    if problems:
        raise ShareSyntaxError("change in Great Britain shares", problems)
    return shares

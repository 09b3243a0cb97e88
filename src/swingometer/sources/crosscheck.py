"""Every redundancy of the official files, checked by one mechanism.

A constituency file states a contest's figures a second time — valid votes, majority, first and
second party, the result, each main party's votes, all other candidates' votes — and a candidacy
file states each share. Each such figure is compared with what the candidates' votes give; a
disagreement is a problem of that contest (it is then set aside, unless a pinned erratum settles
it), never a silent pick and never the whole file.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from ..errors import Problem
from ..model import Candidate, party_votes

#: the constituency files' columns for all other candidates' votes, and the other winner's
OTHERS = "All other candidates"
OTHER_WINNER = "Of which other winner"
#: shares are given as fractions to 3–6 decimal places: a share within 0.05 points agrees
SHARE_TOLERANCE = 5e-4


@dataclass
class Summary:
    """A contest's figures as a constituency file states them (None where it does not); the
    valid vote is checked with the electorate, in ``build``."""

    majority: int | None = None
    first_party: str | None = None
    second_party: str | None = None
    result: str | None = None
    #: votes by the file's party column (``Con``, ``Lab``, …, ``All other candidates``)
    party_votes: dict[str, int] = field(default_factory=dict)


@cache
def labels() -> dict[str, str]:
    """Labels a constituency file uses for a party where the candidacy file has its code
    (package data ``summary_labels.csv``, each with the reason)."""
    text = (resources.files("swingometer") / "data" / "summary_labels.csv").read_text("utf-8")
    return {row["label"]: row["code"] for row in csv.DictReader(text.splitlines())}


def _same_party(label: str, code: str) -> bool:
    return label == code or labels().get(label) == code


def summary_problems(name: str, summary: Summary, ranked: Sequence[Candidate], where: str,
                     line: int | None) -> list[Problem]:
    """The summary's figures against the candidates' votes (``ranked``: most votes first)."""
    found: list[str] = []
    if ranked:
        found += _placings(summary, ranked)
    found += _party_columns(summary, ranked)
    return [Problem(where, f"{name}: {text}", line, "summary") for text in found]


def _placings(summary: Summary, ranked: Sequence[Candidate]) -> list[str]:
    found = []
    winner = ranked[0]
    second = ranked[1] if len(ranked) > 1 else None
    if summary.majority is not None and second is not None:
        margin = winner.votes - second.votes
        if summary.majority != margin:
            found.append(f"the majority is given as {summary.majority:,} but the candidates' "
                         f"votes give {margin:,}")
    if summary.first_party and not _same_party(summary.first_party, winner.party):
        found.append(f"the first party is given as {summary.first_party} but the candidates' "
                     f"votes make {winner.name} ({winner.party}) the winner")
    if summary.second_party and second and not _same_party(summary.second_party, second.party):
        found.append(f"the second party is given as {summary.second_party} but the "
                     f"candidates' votes put {second.name} ({second.party}) second")
    stated = (summary.result or "").split(" ")[0]
    if stated and not _same_party(stated, winner.party):
        found.append(f"the result is given as {summary.result!r} but the candidates' votes "
                     f"make {winner.name} ({winner.party}) the winner")
    return found


def _party_columns(summary: Summary, ranked: Sequence[Candidate]) -> list[str]:
    if not summary.party_votes:
        return []
    named = [c for c in summary.party_votes if c not in (OTHERS, OTHER_WINNER)]
    codes = {label: labels().get(label, label) for label in named}
    by_code = party_votes(ranked)
    found = []
    for label in named:
        votes = by_code.get(codes[label], 0)
        if summary.party_votes[label] != votes:
            found.append(f"{label}'s votes are given as {summary.party_votes[label]:,} but its "
                         f"candidates have {votes:,}")
    others = sum(v for p, v in by_code.items() if p not in codes.values())
    if OTHERS in summary.party_votes and summary.party_votes[OTHERS] != others:
        found.append(f"all other candidates' votes are given as "
                     f"{summary.party_votes[OTHERS]:,} but they have {others:,}")
    winner = ranked[0] if ranked else None
    other_winner = winner.votes if winner and winner.party not in codes.values() else 0
    if OTHER_WINNER in summary.party_votes and summary.party_votes[OTHER_WINNER] != other_winner:
        found.append(f"the other winner's votes are given as "
                     f"{summary.party_votes[OTHER_WINNER]:,} but the candidates' votes give "
                     f"{other_winner:,}")
    return found


def share_problems(name: str, shares: Sequence[tuple[Candidate, float | None, int]],
                   where: str) -> list[Problem]:
    """Each stated share (a fraction of the valid vote) against the candidate's votes."""
    total = sum(c.votes for c, _, _ in shares)
    found = []
    for candidate, share, line in shares:
        if share is None or not total:
            continue
        actual = candidate.votes / total
        if abs(actual - share) > SHARE_TOLERANCE:
            found.append(Problem(where, f"{name}: {candidate.name} ({candidate.party})'s share "
                                 f"is given as {share:.6f} but {candidate.votes:,} of "
                                 f"{total:,} valid votes is {actual:.6f}", line, "share"))
    return found

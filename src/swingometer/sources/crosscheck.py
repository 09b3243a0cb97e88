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

import numpy as np

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


def _same_parties(stated: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """:func:`_same_party` of each label and code."""
    known = np.array([labels().get(label) for label in stated.tolist()], dtype=object)
    same: np.ndarray = (stated == codes) | (known == codes)
    return same


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


@dataclass
class Summaries:
    """A constituency file's restated figures by column (NaN or "" where a row gives none):
    row ``i`` is the file's row ``i``, and ``rows`` says which row each contest's is."""

    majority: np.ndarray
    first_party: list[str]
    second_party: list[str]
    result: list[str]
    #: votes by the file's party column, in the file's order
    party_votes: dict[str, np.ndarray]
    rows: dict[object, int] = field(default_factory=dict)

    def row(self, i: int) -> Summary:
        return Summary(_whole(self.majority[i]), self.first_party[i] or None,
                       self.second_party[i] or None, self.result[i] or None,
                       {c: v for c, votes in self.party_votes.items()
                        if (v := _whole(votes[i])) is not None})


def _whole(value: float) -> int | None:
    return None if np.isnan(value) else int(value)


@dataclass
class Ranked:
    """Every contest of a reading at once: candidates ordered by contest, most votes first;
    contest ``g`` holds ``starts[g]`` … ``starts[g] + sizes[g] - 1``."""

    parties: np.ndarray
    votes: np.ndarray
    starts: np.ndarray
    sizes: np.ndarray
    totals: np.ndarray


def summary_suspects(table: Summaries, rows: np.ndarray, ranked: Ranked) -> np.ndarray:
    """Which contests' summaries (row ``rows[g]`` of ``table``, -1 for none) disagree with
    the votes anywhere :func:`summary_problems` looks: computed over whole columns, so only
    those contests need it to say how."""
    has = rows >= 0
    at = np.where(has, rows, 0)
    last = len(ranked.votes) - 1
    first, second = ranked.starts, np.minimum(ranked.starts + 1, last)
    two = ranked.sizes > 1
    margin = ranked.votes[first] - ranked.votes[second]
    majority = table.majority[at]
    suspect: np.ndarray = has & two & ~np.isnan(majority) & (majority != margin)
    winners, seconds = ranked.parties[first], ranked.parties[second]
    first_party = np.array(table.first_party, dtype=object)[at]
    second_party = np.array(table.second_party, dtype=object)[at]
    result = np.array([text.split(" ")[0] for text in table.result], dtype=object)[at]
    suspect |= has & (((first_party != "") & ~_same_parties(first_party, winners))
                      | (two & (second_party != "") & ~_same_parties(second_party, seconds))
                      | ((result != "") & ~_same_parties(result, winners)))
    named = [c for c in table.party_votes if c not in (OTHERS, OTHER_WINNER)]
    by_code: dict[str, np.ndarray] = {}
    present: dict[str, np.ndarray] = {}
    for label in named:
        code = labels().get(label, label)
        if code not in by_code:
            by_code[code] = np.add.reduceat(np.where(ranked.parties == code, ranked.votes, 0),
                                            ranked.starts)
            present[code] = np.zeros(len(rows), dtype=bool)
        stated_votes = table.party_votes[label][at]
        given = has & ~np.isnan(stated_votes)
        present[code] |= given
        suspect |= given & (stated_votes != by_code[code])
    others = ranked.totals.copy()
    winner_named = np.zeros(len(rows), dtype=bool)
    for code, votes in by_code.items():
        others -= np.where(present[code], votes, 0)
        winner_named |= present[code] & (ranked.parties[first] == code)
    other_winner = np.where(winner_named, 0, ranked.votes[first])
    for label, expected in ((OTHERS, others), (OTHER_WINNER, other_winner)):
        if label in table.party_votes:
            stated_votes = table.party_votes[label][at]
            suspect |= has & ~np.isnan(stated_votes) & (stated_votes != expected)
    return suspect


def share_suspects(shares: np.ndarray, ranked: Ranked) -> np.ndarray:
    """Which contests have a stated share (NaN for none) that :func:`share_problems` would
    find wrong."""
    total = np.repeat(ranked.totals, ranked.sizes).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        actual = ranked.votes / total
        wrong = ~np.isnan(shares) & (total != 0) & (np.abs(actual - shares) > SHARE_TOLERANCE)
    found: np.ndarray = np.add.reduceat(wrong.astype(np.int64), ranked.starts) > 0
    return found

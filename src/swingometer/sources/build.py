"""Turning validated rows into contests, with the checks that span rows: votes against the
electorate and the declared valid votes, duplicate candidates, ties, unknown constituencies."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from ..errors import DataError, Problem
from ..model import Candidate, Contest, Kind

#: canonical candidate columns every source adapter produces
CANDIDATE_COLUMNS = ("key", "date", "constituency", "ons_id", "candidate", "party",
                     "party_name", "votes", "elected", "line")


@dataclass
class Seat:
    """What a source says about a contest as a whole (from a constituency-level file)."""

    constituency: str
    ons_id: str | None
    date: date | None
    electorate: int | None = None
    valid_votes: int | None = None
    rejected: int | None = None
    region: str | None = None
    country: str | None = None
    declared_result: str | None = None
    declared_at: str | None = None
    line: int | None = None


def _opt(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)  # type: ignore[call-overload]


def build_contests(candidates: pd.DataFrame, seats: dict[tuple[str, date | None], Seat] | None,
                   kind: Kind, source: str, seat_source: str | None = None,
                   problems: Sequence[Problem] = ()) -> list[Contest]:
    """Group candidate rows into contests; raise one DataError with every problem found."""
    found = list(problems)
    groups: dict[tuple[str, date | None], list[tuple[Candidate, int]]] = {}
    first: dict[tuple[str, date | None], tuple[str, str | None]] = {}
    columns: list[list[Any]] = [candidates[c].tolist() for c in CANDIDATE_COLUMNS]
    for code, day, constituency, ons_id, name, party, party_name, votes, elected, line in zip(
            *columns, strict=True):
        key = (code, day)
        first.setdefault(key, (constituency, ons_id or None))
        groups.setdefault(key, []).append((Candidate(
            name=name, party=party, votes=int(votes), party_name=party_name,
            elected=bool(elected)), int(line)))

    if seats is not None:
        # a row whose date could not be read is already reported; it cannot be matched
        dated = {key for key in groups.keys() | seats.keys() if key[1] is not None}
        for key in (groups.keys() - seats.keys()) & dated:
            line = groups[key][0][1]
            found.append(Problem(source, f"constituency {key[0]!r} is not in the constituency "
                                 "file: unknown constituency code", line, "ons_id"))
        for key in (seats.keys() - groups.keys()) & dated:
            found.append(Problem(seat_source or source, f"constituency {key[0]!r} has no "
                                 "candidates", seats[key].line))

    contests = []
    for key, entries in groups.items():
        constituency, ons_id = first[key]
        seat = (seats or {}).get(key) or Seat(constituency, ons_id, key[1])
        found += _check(entries, seat, source, seat_source or source)
        if key[1] is None:
            continue
        contests.append(Contest(
            constituency=seat.constituency or constituency, date=key[1], kind=kind,
            candidates=tuple(c for c, _ in entries), ons_id=seat.ons_id or ons_id,
            electorate=seat.electorate, rejected=seat.rejected, region=seat.region,
            country=seat.country, declared_result=seat.declared_result,
            declared_at=seat.declared_at))
    if found:
        raise DataError(source, sorted(found, key=lambda p: (p.source, p.row or 0)))
    return contests


def _check(entries: list[tuple[Candidate, int]], seat: Seat, source: str,
           seat_source: str) -> list[Problem]:
    problems: list[Problem] = []
    name = seat.constituency
    seen: dict[tuple[str, str], int] = {}
    for candidate, line in entries:
        who = (candidate.name.casefold(), candidate.party)
        if candidate.name and who in seen:
            problems.append(Problem(source, f"{candidate.name} ({candidate.party}) appears twice "
                                    f"in {name} (also row {seen[who]}): duplicate candidate",
                                    line, "candidate"))
        seen.setdefault(who, line)
    total = sum(c.votes for c, _ in entries)
    if seat.valid_votes is not None and seat.valid_votes != total:
        problems.append(Problem(seat_source, f"{name}: candidates' votes sum to {total:,} but "
                                f"the valid vote is given as {seat.valid_votes:,}", seat.line,
                                "valid_votes"))
    cast = total + (seat.rejected or 0)
    if seat.electorate is not None and cast > seat.electorate:
        problems.append(Problem(seat_source, f"{name}: {cast:,} ballots counted but the "
                                f"electorate is {seat.electorate:,}: votes above the electorate",
                                seat.line, "electorate"))
    top = sorted(entries, key=lambda e: -e[0].votes)
    if len(top) > 1 and top[0][0].votes == top[1][0].votes:
        tied = [c for c, _ in top if c.votes == top[0][0].votes]
        if sum(c.elected for c in tied) != 1:
            names = " and ".join(f"{c.name} ({c.party})" for c in tied)
            problems.append(Problem(source, f"{name}: tie for first place between {names} on "
                                    f"{top[0][0].votes:,} votes; UK ties are settled by lot, so "
                                    "mark the winner with elected=true", top[0][1], "votes"))
    return problems

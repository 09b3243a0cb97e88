"""Checking a declaration before it reaches the ledger, with the file readers' own checks
(party codes against the registry, votes against the electorate, duplicate candidates, ties,
unknown constituency), so a bad declaration is refused whole with the list of every problem."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pandas as pd

from ..elections import GSS
from ..errors import ChoiceError, DataError, NotFoundError, Problem
from ..model import Candidate, Contest, Kind
from ..parties import UnknownPartyError, registered_code
from ..sources.build import CANDIDATE_COLUMNS, Seat, build_contests
from ..sources.sheet import plain_name
from ..store import STATES, WITH_FIGURES, Entry, NewDeclaration, Record, State, Target
from .night import Night, contest_day

SOURCE = "declaration"


@dataclass(frozen=True)
class Submission:
    """A declaration as a desk receives it (from the HTTP API or a replay)."""

    contest: str
    state: str
    revision: int
    candidates: tuple[Entry, ...]
    date: date | None = None
    electorate: int | None = None
    rejected: int | None = None
    source: str = ""
    note: str | None = None


def _day(submission: Submission) -> date:
    if submission.date is not None:
        return submission.date
    return contest_day(submission.contest)


def locate(submission: Submission, night_for: Callable[[date], Night]) -> tuple[Night, str]:
    """The night and contest id a submission names (a contest id, or a GSS code and date)."""
    code = submission.contest.strip()
    if GSS.fullmatch(code):
        if submission.date is None:
            raise NotFoundError("contest (a GSS code needs a date)", code)
        night = night_for(submission.date)
        seat = night.by_ons.get(code.upper())
        if seat is None:
            raise NotFoundError(f"constituency of the {night.name}", code)
        return night, seat.target.contest_id
    night = night_for(_day(submission))
    if code not in night.by_id:
        raise NotFoundError(f"constituency of the {night.name}", code)
    return night, code


def _entry_problems(submission: Submission) -> list[Problem]:
    problems: list[Problem] = []
    if submission.state not in STATES:
        problems.append(Problem(SOURCE, f"state {submission.state!r} is not one of "
                                f"{', '.join(STATES)}", None, "state"))
    if not submission.candidates:
        problems.append(Problem(SOURCE, "has no candidates", None, "candidates"))
    if submission.state in WITH_FIGURES:
        for row, entry in enumerate(submission.candidates, start=1):
            if entry.votes is None:
                problems.append(Problem(SOURCE, f"{entry.candidate} ({entry.party}) has no "
                                        f"votes; a {submission.state!r} declaration needs "
                                        "every candidate's votes", row, "votes"))
    if submission.state == "winner" and len(submission.candidates) > 1 and sum(
            e.elected for e in submission.candidates) != 1:
        problems.append(Problem(SOURCE, "a 'winner' declaration names one candidate, or marks "
                                "exactly one as elected", None, "candidates"))
    return problems


def _frame(submission: Submission, key: str, day: date, constituency: str,
           ons_id: str | None) -> pd.DataFrame:
    """Candidate rows in the shape the file readers produce. Before the figures are out the
    votes are zero and the named winner is marked elected, so only duplicates are checked."""
    figures = submission.state in WITH_FIGURES
    rows: list[dict[str, Any]] = []
    for line, e in enumerate(submission.candidates, start=1):
        rows.append({"key": key, "date": day, "constituency": constituency, "ons_id": ons_id,
                     "candidate": e.candidate, "party": e.party, "party_name": e.party_name,
                     "votes": (e.votes or 0) if figures else 0,
                     "elected": e.elected if figures else line == 1, "line": line})
    return pd.DataFrame(rows, columns=list(CANDIDATE_COLUMNS))


def _as_text(submission: Submission) -> tuple[Submission, list[Problem]]:
    """Names as text (control characters stripped, white space folded) and registered party
    codes (``con``, ``Conservative`` → ``Con``), as the generic file reader has them."""
    problems: list[Problem] = []
    entries = []
    for row, e in enumerate(submission.candidates, start=1):
        name, party_name = plain_name(e.candidate), plain_name(e.party_name)
        party = plain_name(e.party)
        try:
            party = registered_code(party, party_name)
        except UnknownPartyError as error:
            problems.append(Problem(SOURCE, str(error), row, error.column))
        entries.append(replace(e, candidate=name, party=party, party_name=party_name))
    return replace(submission, candidates=tuple(entries)), problems


def validate(submission: Submission, night_for: Callable[[date], Night],
             token_name: str | None = None) -> NewDeclaration:
    """A checked declaration ready for the ledger; raise one DataError listing every problem."""
    submission, problems = _as_text(submission)
    problems += _entry_problems(submission)
    try:
        night, contest = locate(submission, night_for)
    except (NotFoundError, ChoiceError) as error:
        problems.append(Problem(SOURCE, f"{error}: unknown constituency", None, "contest"))
        raise DataError(SOURCE, problems) from None
    target = night.by_id[contest].target
    key = target.ons_id or contest
    seat = Seat(target.constituency, target.ons_id, target.date,
                electorate=submission.electorate if submission.state in WITH_FIGURES else None,
                rejected=submission.rejected)
    frame = _frame(submission, key, target.date, target.constituency, target.ons_id)
    try:
        build_contests(frame, {(key, target.date): seat}, _kind(target), SOURCE,
                       problems=problems)
    except DataError as error:
        raise DataError(SOURCE, error.problems) from None
    state: State = next(s for s in STATES if s == submission.state)
    return NewDeclaration(target, state, submission.revision, _ordered(submission),
                          submission.electorate, submission.rejected, submission.source,
                          submission.note, token_name)


def _kind(target: Target) -> Kind:
    return "by" if target.kind == "by" else "general"


def nomination_problems(nominated: Record, new: NewDeclaration) -> list[Problem]:
    """A declaration after the statement of persons nominated names exactly the candidates
    nominated (no one stands down after nominations close)."""
    def who(entries: tuple[Entry, ...]) -> set[tuple[str, str]]:
        return {(e.candidate.casefold(), e.party) for e in entries}

    stood = who(nominated.candidates)
    problems = [Problem(SOURCE, f"{e.candidate} ({e.party}) was not nominated", row,
                        "candidates") for row, e in enumerate(new.candidates, start=1)
                if (e.candidate.casefold(), e.party) not in stood]
    if new.state in WITH_FIGURES:
        missing = stood - who(new.candidates)
        problems += [Problem(SOURCE, f"{name} ({code}) was nominated but has no line",
                             None, "candidates") for name, code in sorted(missing)]
    return problems


def _ordered(submission: Submission) -> tuple[Entry, ...]:
    """Candidates by votes, most first (the winner first before the figures are out)."""
    entries = list(submission.candidates)
    if submission.state in WITH_FIGURES:
        entries.sort(key=lambda e: (-(e.votes or 0), not e.elected))
    elif any(e.elected for e in entries):
        entries.sort(key=lambda e: not e.elected)
    return tuple(entries)


def contest_of(record: Record) -> Contest:
    """The model's Contest for a declaration with figures (candidates ordered by votes)."""
    t = record.target
    return Contest(t.constituency, t.date, _kind(t), tuple(
        Candidate(e.candidate, e.party, e.votes or 0, e.party_name, e.elected)
        for e in record.candidates), t.ons_id, record.electorate, record.rejected, t.region,
        t.country)

"""Turning validated rows into contests, with the checks that span rows: votes against the
electorate and the declared valid votes, duplicate candidates, ties, unknown constituencies."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
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




def build_contests(candidates: pd.DataFrame, seats: dict[tuple[str, date | None], Seat] | None,
                   kind: Kind, source: str, seat_source: str | None = None,
                   problems: Sequence[Problem] = ()) -> list[Contest]:
    """Group candidate rows into contests; raise one DataError with every problem found.

    The checks run over whole columns (numpy), so a clean file of thousands of candidates
    costs little more than building its objects."""
    found = list(problems)
    frame = candidates.reset_index(drop=True)
    if frame.empty:  # every row was refused: report what can still be matched
        found += _unmatched([], np.array([], dtype=np.int64), seats or {}, source,
                            seat_source or source)
        if found:
            raise DataError(source, sorted(found, key=lambda p: (p.source, p.row or 0)))
        return []
    group = frame.groupby(["key", "date"], sort=False, dropna=False).ngroup().to_numpy()
    votes = frame["votes"].to_numpy(dtype=np.int64)
    order = np.lexsort((-votes, group))  # by contest, then votes, most first (stable)
    sizes = np.bincount(group)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    first_rows = np.unique(group, return_index=True)[1]
    keys: list[tuple[str, date | None]] = list(zip(
        frame["key"].to_numpy()[first_rows].tolist(),
        frame["date"].to_numpy()[first_rows].tolist(), strict=True))
    lines = frame["line"].to_numpy(dtype=np.int64)
    ranked = votes[order]
    totals = np.add.reduceat(ranked, starts)

    if seats is not None:
        found += _unmatched(keys, lines[first_rows], seats, source, seat_source or source)
    duplicates = _duplicates(frame, group)
    ties = np.flatnonzero((sizes > 1) & (ranked[starts] == ranked[np.minimum(
        starts + 1, len(ranked) - 1)]))
    tied = set(ties.tolist())

    columns = [frame[c].to_numpy()[order].tolist()
               for c in ("candidate", "party", "party_name", "elected")]
    names, parties, party_names, elected = columns
    people = list(map(Candidate._make, zip(
        names, parties, ranked.tolist(), party_names, [bool(e) for e in elected], strict=True)))
    constituencies = frame["constituency"].to_numpy()[first_rows].tolist()
    codes = frame["ons_id"].to_numpy()[first_rows].tolist()
    contests = []
    for g, key in enumerate(keys):
        entries = people[starts[g]:starts[g] + sizes[g]]
        seat = (seats or {}).get(key) or Seat(constituencies[g], codes[g] or None, key[1])
        found += [Problem(source, f"{frame['candidate'].iat[i]} ({frame['party'].iat[i]}) "
                          f"appears twice in {seat.constituency} (also row {first}): duplicate "
                          "candidate", int(lines[i]), "candidate")
                  for i, first in duplicates.get(g, [])]
        found += _seat_checks(seat, int(totals[g]), seat_source or source)
        if g in tied:
            found += _tie(entries, seat.constituency, int(lines[order][starts[g]]), source)
        if key[1] is None:
            continue
        contests.append(Contest(
            constituency=seat.constituency or constituencies[g], date=key[1], kind=kind,
            candidates=tuple(entries), ons_id=seat.ons_id or codes[g] or None,
            electorate=seat.electorate, rejected=seat.rejected, region=seat.region,
            country=seat.country, declared_result=seat.declared_result,
            declared_at=seat.declared_at))
    if found:
        raise DataError(source, sorted(found, key=lambda p: (p.source, p.row or 0)))
    return contests


def _unmatched(keys: list[tuple[str, date | None]], lines: np.ndarray,
               seats: dict[tuple[str, date | None], Seat], source: str,
               seat_source: str) -> list[Problem]:
    """Candidates of a constituency the constituency file lacks, and the reverse. A row whose
    date could not be read is already reported: it cannot be matched."""
    found = []
    first_line = dict(zip(keys, lines.tolist(), strict=True))
    dated = {key for key in first_line.keys() | seats.keys() if key[1] is not None}
    for key in (first_line.keys() - seats.keys()) & dated:
        found.append(Problem(source, f"constituency {key[0]!r} is not in the constituency "
                             "file: unknown constituency code", first_line[key], "ons_id"))
    for key in (seats.keys() - first_line.keys()) & dated:
        found.append(Problem(seat_source, f"constituency {key[0]!r} has no candidates",
                             seats[key].line))
    return found


def _duplicates(frame: pd.DataFrame, group: np.ndarray) -> dict[int, list[tuple[int, int]]]:
    """Rows repeating a candidate (name, case aside, and party) of the same contest, by
    contest: (row index, line of the first appearance)."""
    # Only rows whose party appears twice in their contest can repeat a candidate: find those
    # with numpy, then compare names just for them (independents, mostly).
    party_code = pd.factorize(frame["party"])[0].astype(np.int64)
    pair = group.astype(np.int64) * (int(party_code.max()) + 1) + party_code
    _, inverse, counts = np.unique(pair, return_inverse=True, return_counts=True)
    names, lines = frame["candidate"].tolist(), frame["line"].tolist()
    seen: dict[tuple[int, str], int] = {}
    found: dict[int, list[tuple[int, int]]] = {}
    for i in np.flatnonzero(counts[inverse] > 1).tolist():
        if not names[i]:
            continue
        key = (int(pair[i]), names[i].casefold())
        if key in seen:
            found.setdefault(int(group[i]), []).append((i, seen[key]))
        else:
            seen[key] = int(lines[i])
    return found


def _seat_checks(seat: Seat, total: int, seat_source: str) -> list[Problem]:
    """The candidates' total against the declared valid vote and the electorate."""
    problems = []
    name = seat.constituency
    if seat.valid_votes is not None and seat.valid_votes != total:
        problems.append(Problem(seat_source, f"{name}: candidates' votes sum to {total:,} but "
                                f"the valid vote is given as {seat.valid_votes:,}", seat.line,
                                "valid_votes"))
    cast = total + (seat.rejected or 0)
    if seat.electorate is not None and cast > seat.electorate:
        problems.append(Problem(seat_source, f"{name}: {cast:,} ballots counted but the "
                                f"electorate is {seat.electorate:,}: votes above the electorate",
                                seat.line, "electorate"))
    return problems


def _tie(ranked: list[Candidate], name: str, line: int, source: str) -> list[Problem]:
    """A tie for first place must say who won the lot (exactly one tied candidate elected)."""
    tied = [c for c in ranked if c.votes == ranked[0].votes]
    if sum(c.elected for c in tied) == 1:
        return []
    names = " and ".join(f"{c.name} ({c.party})" for c in tied)
    return [Problem(source, f"{name}: tie for first place between {names} on "
                    f"{ranked[0].votes:,} votes; UK ties are settled by lot, so mark the "
                    "winner with elected=true", line, "votes")]

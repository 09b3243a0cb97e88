"""Turning validated rows into contests, with the checks that span rows: votes against the
electorate and the declared valid votes, duplicate candidates, ties, unknown constituencies."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from ..errors import DataError, Problem
from ..model import Candidate, Contest, Correction, Kind, Reading, SetAside, contest_id
from ..model import problem_order as _order
from .crosscheck import (
    Ranked,
    Summaries,
    Summary,
    share_problems,
    share_suspects,
    summary_problems,
    summary_suspects,
)

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
    #: the figures a constituency file states a second time, to cross-check
    summary: Summary | None = None




Key = tuple[str, date | None]
#: where a row of an input is: (source, line)
Place = tuple[str, int | None]


class Rows(Mapping[Place, Key]):
    """Which contest each row of the input files belongs to, so that a problem at a row sets
    aside that contest only. Only a problem needs it: the index is built at the first look-up."""

    def __init__(self) -> None:
        self._parts: list[tuple[str, np.ndarray, np.ndarray, Sequence[date | None]]] = []
        self._index: dict[Place, Key] | None = None

    def add(self, source: str, lines: np.ndarray, codes: np.ndarray,
            dates: Sequence[date | None]) -> None:
        """Rows of one file (a later row of the same place replaces an earlier one)."""
        self._parts.append((source, lines, codes, dates))
        self._index = None

    def _built(self) -> dict[Place, Key]:
        if self._index is None:
            self._index = {}
            for source, lines, codes, dates in self._parts:
                self._index.update({(source, line): (code, day) for line, code, day in zip(
                    lines.tolist(), codes.tolist(), dates, strict=True)})
        return self._index

    def __getitem__(self, place: Place) -> Key:
        return self._built()[place]

    def __iter__(self) -> Iterator[Place]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._built())

    def __bool__(self) -> bool:
        return any(len(lines) for _, lines, _, _ in self._parts)


def build_contests(candidates: pd.DataFrame, seats: dict[Key, Seat] | None,
                   kind: Kind, source: str, seat_source: str | None = None,
                   problems: Sequence[Problem] = ()) -> list[Contest]:
    """Group candidate rows into contests; raise one DataError with every problem found."""
    reading = build_reading(candidates, seats, kind, source, seat_source, problems)
    return list(reading.strict(source))


def build_reading(candidates: pd.DataFrame, seats: dict[Key, Seat] | None,
                  kind: Kind, source: str, seat_source: str | None = None,
                  problems: Sequence[Problem] = (), rows: Mapping[Place, Key] | None = None,
                  corrections: dict[Place, list[Correction]] | None = None,
                  summaries: Summaries | None = None) -> Reading:
    """Group candidate rows into contests. A problem at a row that ``rows`` places in a contest
    (and every problem found by the checks of a contest) sets that contest aside; any other
    problem is the file's, and fails it whole with one DataError listing everything.

    The checks run over whole columns (numpy), so a clean file of thousands of candidates
    costs little more than building its objects. ``summaries`` holds the constituency file's
    restated figures by column (``summaries.rows`` giving each contest's row), checked over
    whole columns; a seat's own ``summary`` is checked contest by contest."""
    seat_source = seat_source or source
    built = _Build(kind, source, seat_source, seats or {}, rows or {}, corrections or {},
                   summaries)
    frame = candidates.reset_index(drop=True)
    if frame.empty:  # every row was refused: report what can still be matched
        built.add_all(_unmatched([], np.array([], dtype=np.int64), seats or {}, source,
                                 seat_source))
    else:
        troubled = {rows.get((p.source, p.row)) for p in problems} if rows else set()
        built.contests(frame, seats is not None, {k[0] for k in troubled if k})
    return built.reading(problems)


class _Build:
    """The contests of one reading, and the problems of each, as they are found."""

    def __init__(self, kind: Kind, source: str, seat_source: str, seats: dict[Key, Seat],
                 rows: Mapping[Place, Key], corrections: dict[Place, list[Correction]],
                 summaries: Summaries | None = None) -> None:
        self.kind, self.source, self.seat_source = kind, source, seat_source
        self.seats, self.rows, self.corrections = seats, rows, corrections
        self.summaries = summaries
        self.built: dict[Key, Contest] = {}
        self.names: dict[Key, tuple[str, str | None]] = {
            key: (seat.constituency, seat.ons_id) for key, seat in seats.items()}
        self.problems: dict[Key | None, list[Problem]] = {}

    def add(self, key: Key | None, problems: Sequence[Problem]) -> None:
        if problems:
            self.problems.setdefault(key, []).extend(problems)

    def add_all(self, problems: Sequence[Problem]) -> None:
        for problem in problems:
            self.add(self.rows.get((problem.source, problem.row)), [problem])

    def contests(self, frame: pd.DataFrame, matched: bool, troubled: set[str]) -> None:
        """Build each contest and run its checks. Restated figures (majority, placings, party
        columns, shares) are compared only where the votes themselves are sound — every row
        read and the total equal to the valid vote — since one wrong vote makes them all
        disagree, and the vote is the problem to report."""
        group = _contest_numbers(frame)
        votes = frame["votes"].to_numpy(dtype=np.int64)
        order = np.lexsort((-votes, group))  # by contest, then votes, most first (stable)
        sizes = np.bincount(group)
        starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        first_rows = np.unique(group, return_index=True)[1]
        keys: list[Key] = list(zip(
            frame["key"].to_numpy()[first_rows].tolist(),
            frame["date"].to_numpy()[first_rows].tolist(), strict=True))
        lines = frame["line"].to_numpy(dtype=np.int64)
        ranked = votes[order]
        totals = np.add.reduceat(ranked, starts)
        if matched:
            self.add_all(_unmatched(keys, lines[first_rows], self.seats, self.source,
                                    self.seat_source))
        duplicates = _duplicates(frame, group)
        ties = np.flatnonzero((sizes > 1) & (ranked[starts] == ranked[np.minimum(
            starts + 1, len(ranked) - 1)]))
        tied = set(ties.tolist())
        columns = [frame[c].to_numpy()[order].tolist()
                   for c in ("candidate", "party", "party_name", "elected")]
        names, parties, party_names, elected = columns
        people = list(map(Candidate._make, zip(
            names, parties, ranked.tolist(), party_names, [bool(e) for e in elected],
            strict=True)))
        shares = (frame["share"].to_numpy()[order].tolist() if "share" in frame
                  else [None] * len(frame))
        ordered_lines = lines[order].tolist()
        everyone = Ranked(frame["party"].to_numpy(dtype=object)[order], ranked, starts, sizes,
                          totals)
        summary_suspect = self._summary_suspects(keys, everyone)
        share_suspect = (_share_suspects(shares, everyone) if "share" in frame
                         else np.zeros(len(keys), dtype=bool))
        corrected = self._corrected_groups(lines[order], starts)
        constituencies = frame["constituency"].to_numpy()[first_rows].tolist()
        codes = frame["ons_id"].to_numpy()[first_rows].tolist()
        firsts, ends, sums = starts.tolist(), (starts + sizes).tolist(), totals.tolist()
        summary_suspect, share_suspect = summary_suspect.tolist(), share_suspect.tolist()
        corrected = corrected.tolist()
        for g, key in enumerate(keys):
            span = slice(firsts[g], ends[g])
            entries = people[span]
            seat = self.seats.get(key) or Seat(constituencies[g], codes[g] or None, key[1])
            self.names.setdefault(key, (seat.constituency or constituencies[g],
                                        seat.ons_id or codes[g] or None))
            if g in duplicates:
                self.add(key, [Problem(self.source, f"{frame['candidate'].iat[i]} "
                                       f"({frame['party'].iat[i]}) appears twice in "
                                       f"{seat.constituency} (also row {first}): duplicate "
                                       "candidate", int(lines[i]), "candidate")
                               for i, first in duplicates[g]])
            total = sums[g]
            if ((seat.valid_votes is not None and seat.valid_votes != total)
                    or (seat.electorate is not None
                        and total + (seat.rejected or 0) > seat.electorate)):
                self.add(key, _seat_checks(seat, total, self.seat_source))
            if g in tied:
                self.add(key, _tie(entries, seat.constituency, ordered_lines[firsts[g]],
                                   self.source))
            fixed = (self._corrections(ordered_lines[span], seat.line)
                     if corrected[g] or (self.seat_source, seat.line) in self.corrections
                     else ())
            summary = seat.summary
            if summary is None and summary_suspect[g] and self.summaries is not None:
                summary = self.summaries.row(self.summaries.rows[key])
            if (key not in self.problems and key[0] not in troubled
                    and (summary is not None or share_suspect[g])):
                self.add(key, self._restated(seat, summary, entries, shares[span],
                                             ordered_lines[span], bool(fixed)))
            if key[1] is None:
                continue
            self.built[key] = Contest(
                constituency=seat.constituency or constituencies[g], date=key[1],
                kind=self.kind, candidates=tuple(entries),
                ons_id=seat.ons_id or codes[g] or None, electorate=seat.electorate,
                rejected=seat.rejected, region=seat.region, country=seat.country,
                declared_result=seat.declared_result, declared_at=seat.declared_at,
                corrections=fixed)

    def _summary_suspects(self, keys: list[Key], everyone: Ranked) -> np.ndarray:
        """Contests whose summary row (in ``self.summaries``) disagrees with the votes."""
        if self.summaries is None:
            return np.zeros(len(keys), dtype=bool)
        at = self.summaries.rows
        return summary_suspects(self.summaries, np.array([at.get(k, -1) for k in keys],
                                                         dtype=np.int64), everyone)

    def _corrected_groups(self, ranked_lines: np.ndarray, starts: np.ndarray) -> np.ndarray:
        """Contests with a candidate row an erratum corrected (their seat row aside)."""
        lines = [line for where, line in self.corrections
                 if where == self.source and line is not None]
        if not lines:
            return np.zeros(len(starts), dtype=bool)
        hit = np.isin(ranked_lines, np.array(lines, dtype=np.int64))
        return np.add.reduceat(hit.astype(np.int64), starts) > 0

    def _restated(self, seat: Seat, summary: Summary | None, entries: list[Candidate],
                  shares: list[float | None], lines: list[int],
                  corrected: bool) -> list[Problem]:
        """The constituency file's summary and the candidacy file's shares against the votes
        (shares are not compared in a contest an erratum corrected: they were computed from
        the wrong figure, and swingometer never uses them)."""
        found = []
        if summary is not None:
            found += summary_problems(seat.constituency, summary, entries,
                                      self.seat_source, seat.line)
        if not corrected:
            found += share_problems(seat.constituency, list(zip(entries, shares, lines,
                                                                strict=True)), self.source)
        return found

    def _corrections(self, lines: list[int], seat_line: int | None) -> tuple[Correction, ...]:
        places = [(self.source, line) for line in lines] + [(self.seat_source, seat_line)]
        return tuple(c for place in places for c in self.corrections.get(place, []))

    def reading(self, sheet_problems: Sequence[Problem]) -> Reading:
        for problem in sheet_problems:
            key = self.rows.get((problem.source, problem.row))
            if key is not None and key[1] is None:  # undated row: every contest of its seat
                same = [k for k in self.names if k[0] == key[0] and k[1] is not None]
                for k in same:
                    self.add(k, [problem])
                if same:
                    continue
                key = None
            self.add(key, [problem])
        everything = [p for found in self.problems.values() for p in found]
        if None in self.problems:
            raise DataError(self.source, sorted(everything, key=_order))
        set_aside = []
        for key, found in self.problems.items():
            assert key is not None
            name, code = self.names.get(key, (key[0], None))
            contest_id_ = (contest_id(name, key[1], self.kind) if key[1] is not None else "")
            set_aside.append(SetAside(contest_id_, name, code, key[1],
                                      tuple(sorted(found, key=_order))))
            self.built.pop(key, None)
        return Reading(tuple(self.built.values()), tuple(set_aside))


def _contest_numbers(frame: pd.DataFrame) -> np.ndarray:
    """Each row's contest (key and date), numbered in order of first appearance (as
    ``groupby(..., sort=False, dropna=False).ngroup()`` numbers them, at a fraction of its
    cost)."""
    keys = pd.factorize(frame["key"].to_numpy(dtype=object), use_na_sentinel=False)[0]
    days, distinct = pd.factorize(frame["date"].to_numpy(dtype=object), use_na_sentinel=False)
    pairs = keys.astype(np.int64) * max(len(distinct), 1) + days
    numbers: np.ndarray = pd.factorize(pairs)[0]
    return numbers


def _share_suspects(shares: list[float | None], everyone: Ranked) -> np.ndarray:
    """Contests with a stated share that disagrees with the votes (every contest, if the
    shares are not numbers: then each is checked one by one)."""
    try:
        values = np.array(shares, dtype=np.float64)  # None (no share) becomes NaN
    except (TypeError, ValueError):
        return np.ones(len(everyone.starts), dtype=bool)
    return share_suspects(values, everyone)


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

"""Adapter for the House of Commons Library's list of by-elections in Great Britain since 1945
(CBP-7529, *UK Election Statistics*, by-elections sheet, as a CSV).

One row per by-election: the date, the general election of the parliament it fell in, the
constituency, the result as the Library states it, each party group's change in share since
that general election (fractions) and turnout (a fraction of the electorate, valid votes).

Quirks: footnote markers glued to some names (``City of London1,2``, ``Richmond Park8``);
results in mixed case with stray spaces (``LAB hold. ``); blank changes where a party group did
not stand; ``1e-07`` placeholders for a near-zero change; the Liberal Democrats' column also
holds the Liberals and the SDP–Liberal Alliance before 1988, and ``pc_snp`` pools the SNP and
Plaid Cymru.

A change is only a movement of voters where the party stood at both the by-election and the
previous general election, and only between like and like: :func:`read_byelections_history`
joins each by-election to its previous general election in the Library's constituency series
1918–2019 (CBP-8647, beside the list in ``historical/``) and keeps a group's change only where
that rule holds, naming the nationalists by nation (``SNP`` in Scotland, ``PC`` in Wales).
Every change left out is listed with its reason (:attr:`LibraryByElection.excluded`): the
party stood only once, the seat was the Speaker's, a main party stood aside, or the previous
result cannot be found.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from .sheet import MISSING, Sheet, read_text

#: the Library's constituency series 1918–2019, published beside the list
SERIES = "1918-2019election_results.csv"

#: the Library's change columns → the party group each one measures
CHANGE_COLUMNS = {"chg_share_con": "Con", "chg_share_lab": "Lab", "chg_share_ld": "LD",
                  "chg_share_pc_snp": "Nat", "chg_share_other": "Oth"}
FOOTNOTE = re.compile(r"\d+(,\d+)*$")
#: misspellings in the Library's file (checked against its 1918–2019 constituency series)
SPELLING = {"Bridegton": "Bridgeton", "Edinburh": "Edinburgh", "Bimingham": "Birmingham",
            "Brimingham": "Birmingham", "Cheter-le-Street": "Chester-le-Street",
            "Carmathen": "Carmarthen", "Lemington": "Leamington", "Debyshire": "Derbyshire",
            "Dunfriesshire": "Dumfriesshire", "Altrinham": "Altrincham",
            "Northfiled": "Northfield", "Queens's": "Queen's", "Bateley": "Batley",
            "Middlesborough": "Middlesbrough", "Strechford": "Stechford"}
#: the Library's compass abbreviations (``Bristol SE``), written out as newsrooms do
COMPASS = {"N": "North", "S": "South", "E": "East", "W": "West", "NE": "North East",
           "NW": "North West", "SE": "South East", "SW": "South West"}


#: the series' vote columns → the Library's party group
SERIES_GROUPS = {"con_votes": "Con", "lab_votes": "Lab", "lib_votes": "LD", "natSW_votes": "Nat"}
#: the list's parliament labels that the series spells otherwise
SERIES_ELECTIONS = {"1974 (FEB)": "1974F", "1974 (OCT)": "1974O"}
#: the nationalist party of each nation (the Library pools them in one column)
NATIONALISTS = {"Scotland": "SNP", "Wales": "PC"}
#: a party that did not stand has a "change" of minus its whole share: within rounding
ROUNDING = 0.06
STOOD_ASIDE = "stood at the previous general election but stood aside"
#: words that do not tell one constituency from another
COMPASS_WORDS = frozenset({"north", "south", "east", "west", "central", "mid", "inner", "outer"})
FILLER = frozenset({"and", "the", "of", "upon", "on", "under", "city", "borough", "burghs",
                    "district", "division", "county"})


@dataclass(frozen=True)
class Exclusion:
    """A change left out of the rankings: the party group (None: the whole contest), why."""

    date: date
    constituency: str
    group: str | None
    reason: str


@dataclass(frozen=True)
class PreviousResult:
    """A constituency's previous general election as the 1918–2019 series has it."""

    constituency: str
    country: str
    #: share of the vote in points by group, for the groups that stood (unopposed: 100)
    shares: dict[str, float]

    @property
    def speaker(self) -> bool:
        """The Speaker's seat: won by "others" with neither Conservative nor Labour standing
        (the main parties do not stand against the Speaker)."""
        return not {"Con", "Lab"} & set(self.shares)


@dataclass(frozen=True)
class LibraryByElection:
    """One by-election of the Library's list. Changes and turnout are in points and per cent."""

    date: date
    parliament: str
    constituency: str
    result: str
    #: change in share since the general election, points, by group (Con, Lab, LD, SNP or PC,
    #: Oth), for the groups comparable by the rules; a group the Library leaves blank is absent
    changes: dict[str, float]
    turnout: float | None
    line: int
    #: every change as the Library gives it (Nat for the nationalists)
    raw_changes: dict[str, float] = field(default_factory=dict)
    #: the previous general election in the series, where it was found
    previous: PreviousResult | None = None
    excluded: tuple[Exclusion, ...] = ()

    @property
    def nation(self) -> str | None:
        return self.previous.country if self.previous else None

    @property
    def left_out(self) -> bool:
        """The whole contest is out of the rankings (not found, the Speaker's seat, a main
        party stood aside), not only one party's change."""
        return any(e.group is None or e.reason == STOOD_ASIDE for e in self.excluded)


def clean_name(name: str) -> str:
    """The constituency without footnote markers, misspellings or compass abbreviations.

    >>> clean_name("City of London1,2"), clean_name("Bateley and Spen"), clean_name("Bristol SE")
    ('City of London', 'Batley and Spen', 'Bristol South East')
    """
    words = FOOTNOTE.sub("", name.strip()).split()
    return " ".join(COMPASS.get(w, _spelled(w)) for w in words)


def _spelled(word: str) -> str:
    """A word of a name correctly spelled, keeping a comma after it (``Brimingham,``)."""
    bare = word.rstrip(",")
    return SPELLING.get(bare, bare) + word[len(bare):]


def _fractions(sheet: Sheet, column: str, low: float, high: float) -> list[float | None]:
    """A column of fractions in [low, high] as numbers (blank → None), reporting bad cells."""
    out: list[float | None] = []
    for i, text in enumerate(sheet.column(column).tolist()):
        if text in MISSING:
            out.append(None)
            continue
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or not low <= value <= high:
            sheet.add(f"is not a fraction between {low:g} and {high:g} (found {text!r})",
                      sheet.row(i), column)
            out.append(None)
        else:
            out.append(value)
    return out


def read_byelections_history(path: Path | str, series: Path | str | None = None
                              ) -> list[LibraryByElection]:
    """Every by-election of the list, oldest first, with the comparable changes only (see the
    module's docstring); ``series`` is the Library's 1918–2019 constituency series (by default
    the file beside the list). One :class:`DataError` lists every bad cell (date, change or
    turnout out of range, missing constituency)."""
    source = str(path)
    sheet = Sheet.from_text(read_text(path, source), source)
    sheet.require(["date", "parliament_elected", "constituency", "result", "turnout",
                   *CHANGE_COLUMNS])
    dates = sheet.dates("date", "%Y-%m-%d").tolist()
    names = sheet.text("constituency").tolist()
    changes = {group: _fractions(sheet, column, -1.0, 1.0)
               for column, group in CHANGE_COLUMNS.items()}
    turnout = _fractions(sheet, "turnout", 0.0, 1.0)
    sheet.check()
    previous = read_previous_results(Path(path).with_name(SERIES) if series is None else series)
    rows = []
    for i, (day, name) in enumerate(zip(dates, names, strict=True)):
        raw = {g: 100 * x for g, values in changes.items() if (x := values[i]) is not None}
        share = turnout[i]
        parliament = sheet.column("parliament_elected").iloc[i]
        cleaned = clean_name(name)
        before = match_previous(cleaned, previous.get(SERIES_ELECTIONS.get(parliament,
                                                                            parliament), []), raw)
        kept, excluded = comparable(day, cleaned, raw, before)
        rows.append(LibraryByElection(
            day, parliament, cleaned, " ".join(sheet.column("result").iloc[i].rstrip(". ").split()),
            kept, None if share is None else 100 * share, sheet.row(i), raw,
            None if isinstance(before, str) else before, tuple(excluded)))
    return sorted(rows, key=lambda r: (r.date, r.line))


def read_previous_results(path: Path | str) -> dict[str, list[PreviousResult]]:
    """The series' results by election label (``1974F``): each seat's groups that stood."""
    source = str(path)
    sheet = Sheet.from_text(read_text(path, source, encoding="cp1252"), source)
    sheet.require(["constituency_name", "country/region", "election", "total_votes",
                   *SERIES_GROUPS])
    sheet.check()
    frame = sheet.frame
    total = pd.to_numeric(frame["total_votes"], errors="coerce").to_numpy()
    shares = {}
    for column, group in SERIES_GROUPS.items():
        votes = pd.to_numeric(frame[column], errors="coerce").to_numpy()
        # an unopposed return has votes −1: the whole vote
        shares[group] = np.where(votes == -1, 100.0,
                                 np.where(votes > 0, 100 * votes / np.where(total > 0, total, 1),
                                          np.nan))
    out: dict[str, list[PreviousResult]] = {}
    names = frame["constituency_name"].str.strip().tolist()
    countries = frame["country/region"].str.strip().tolist()
    labels = frame["election"].str.strip().tolist()
    for i, (name, country, label) in enumerate(zip(names, countries, labels, strict=True)):
        stood = {g: float(v[i]) for g, v in shares.items() if not math.isnan(v[i])}
        out.setdefault(label, []).append(PreviousResult(name, country, stood))
    return out


def _tokens(name: str) -> set[str]:
    words = re.sub(r"[^a-z0-9]+", " ", name.lower().replace("&", " and ")).split()
    return {w for w in words if w not in FILLER}


def _edits(a: str, b: str) -> int:
    """Levenshtein distance between two words."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        last, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            last, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, last + (x != y))
    return row[-1]


def _same(a: str, b: str) -> bool:
    """One word, allowing a slip (``Lyme``, ``Lyne``) or an ending (``Radnor``,
    ``Radnorshire``); compass points only exactly."""
    if a == b:
        return True
    if a in COMPASS_WORDS or b in COMPASS_WORDS or min(len(a), len(b)) < 4:
        return False
    short, long = sorted((a, b), key=len)
    return long.startswith(short) or _edits(a, b) <= 1


def _joined(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", name.lower().replace("&", "and"))


def _covers(small: set[str], big: set[str]) -> bool:
    return all(any(_same(w, v) for v in big) for w in small)


def match_previous(name: str, results: Sequence[PreviousResult], changes: dict[str, float]
                   ) -> PreviousResult | str:
    """The by-election's seat at the previous general election: the result whose name agrees
    with it word for word (either name may carry a county or borough the other leaves out,
    ``Southwark, Bermondsey`` and ``Bermondsey``; spellings within a letter, or an ending,
    ``Radnor`` and ``Radnorshire``), the most words alike, and whose shares the changes fit (no
    party lost more than it had). Where there is none, or no single best, why not."""
    words, joined = _tokens(name), _joined(name)
    named = [r for r in results if _joined(r.constituency) == joined or (
        words & _tokens(r.constituency) and (_covers(words, _tokens(r.constituency))
                                             or _covers(_tokens(r.constituency), words)))]
    # the Library may count the Speaker under the party he came from: no fit to check
    fits = [r for r in named if r.speaker or all(
        changes.get(g, 0.0) >= -r.shares.get(g, 0.0) - ROUNDING
        for g in ("Con", "Lab", "LD", "Nat"))]
    if not fits:
        return ("its previous general election is not found in the Library's 1918–2019 "
                "constituency series" if not named else
                "the Library's changes do not fit the 1918–2019 series' result for "
                + " or ".join(r.constituency for r in named))

    def score(r: PreviousResult) -> tuple[bool, int, int]:
        other = _tokens(r.constituency)
        return (_joined(r.constituency) == joined, len(words & other), -len(other ^ words))
    best = max(score(r) for r in fits)
    chosen = [r for r in fits if score(r) == best]
    if len(chosen) > 1:
        return ("its previous general election is ambiguous in the 1918–2019 series ("
                + " or ".join(r.constituency for r in chosen) + ")")
    return chosen[0]


def comparable(day: date, name: str, changes: dict[str, float],
               before: PreviousResult | str) -> tuple[dict[str, float], list[Exclusion]]:
    """The changes the rankings may use and the ones left out with why. A group's change is
    kept where the group stood at both the previous general election and the by-election;
    nothing is kept for the Speaker's seat, or where a main party (Conservative, Labour, the
    Liberal Democrats or their predecessors, the nation's nationalists) that stood at the
    general election stood aside at the by-election."""
    def out(group: str | None, reason: str) -> Exclusion:
        return Exclusion(day, name, group, reason)

    if isinstance(before, str):
        return {}, [out(None, before)] if changes else []
    if before.speaker:
        return {}, [out(None, "neither the Conservatives nor Labour stood at the previous "
                        "general election (the Speaker's seat)")]
    stood_by = {g for g, v in changes.items() if g in before.shares
                and abs(v + before.shares[g]) > ROUNDING}
    aside = [g for g in ("Con", "Lab", "LD", "Nat") if g in before.shares and g not in stood_by]
    if aside:
        return {}, [out(g, STOOD_ASIDE) for g in aside]
    kept: dict[str, float] = {}
    excluded = []
    for group, value in changes.items():
        if group == "Oth":
            kept[group] = value
        elif group not in before.shares:
            excluded.append(out(group, "did not stand at the previous general election"))
        elif group == "Nat" and before.country not in NATIONALISTS:
            excluded.append(out(group, f"a nationalist change outside Scotland and Wales "
                                f"({before.country})"))
        else:
            kept[NATIONALISTS.get(before.country, group) if group == "Nat" else group] = value
    return kept, excluded


def exclusions(rows: Iterable[LibraryByElection]) -> list[Exclusion]:
    """Every change of the list left out of the rankings, with its reason, oldest first."""
    return [e for r in rows for e in r.excluded]

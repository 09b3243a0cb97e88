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
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .sheet import MISSING, Sheet, read_text

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


#: Known anomalies (date, constituency as cleaned, party group): the party stood at only one of
#: the two elections, so the Library's "change" is its whole share, not a movement of voters.
#: Such a change is left out, so rankings of swing and share movements never rest on it.
STOOD_ONCE = {
    # Tony Benn's re-election after renouncing his peerage: the Conservatives did not stand.
    (date(1963, 8, 20), "Bristol South East", "Con"),
    # Labour did not stand at Inverness in 1951.
    (date(1954, 12, 21), "Inverness", "Lab"),
    # ILP seats at the 1945 general election, which Labour did not contest.
    (date(1948, 1, 28), "Glasgow, Camlachie", "Lab"),
    (date(1946, 8, 29), "Glasgow, Bridgeton", "Lab"),
}


@dataclass(frozen=True)
class LibraryByElection:
    """One by-election of the Library's list. Changes and turnout are in points and per cent."""

    date: date
    parliament: str
    constituency: str
    result: str
    #: change in share since the general election, points, by group (Con, Lab, LD, Nat, Oth);
    #: a group the Library leaves blank is absent
    changes: dict[str, float]
    turnout: float | None
    line: int


def clean_name(name: str) -> str:
    """The constituency without footnote markers, misspellings or compass abbreviations.

    >>> clean_name("City of London1,2"), clean_name("Bateley and Spen"), clean_name("Bristol SE")
    ('City of London', 'Batley and Spen', 'Bristol South East')
    """
    words = FOOTNOTE.sub("", name.strip()).split()
    return " ".join(COMPASS.get(w, SPELLING.get(w, w)) for w in words)


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


def read_byelections_history(path: Path | str) -> list[LibraryByElection]:
    """Every by-election of the list, oldest first; one :class:`DataError` lists every bad
    cell (date, change or turnout out of range, missing constituency)."""
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
    rows = []
    for i, (day, name) in enumerate(zip(dates, names, strict=True)):
        moved = {g: 100 * x for g, values in changes.items()
                 if (x := values[i]) is not None and (day, clean_name(name), g) not in STOOD_ONCE}
        share = turnout[i]
        rows.append(LibraryByElection(
            day, sheet.column("parliament_elected").iloc[i], clean_name(name),
            " ".join(sheet.column("result").iloc[i].rstrip(". ").split()), moved,
            None if share is None else 100 * share, sheet.row(i)))
    return sorted(rows, key=lambda r: (r.date, r.line))


"""The seat lineage: which seat a constituency continues across boundary reviews.

Package data, ``data/lineage.csv``, generated from the Library's 1918–2019 series and
Parliament's constituency-area overlaps by ``benchmarks/lineage.py`` (docs/lineage.md gives the
rules and the sources). Within the series a seat continues the seat of the same name (by
:func:`~swingometer.analysis.history.name_key`) in the boundary set before, and the table adds
the links names alone miss: the series' own spelling variants within a set (``spelling``)
and a county or qualifier dropped or added at a review (``shortened``). Every 2024 seat has a
row keyed by its GSS code: it keeps an old seat's name (``name``), is an old seat renamed
(``renamed``), or is new (``created``) — then ``from_*`` name its largest predecessor by
population, which it does not continue.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..errors import DataError, Problem

TABLE = "lineage.csv"
#: the Library series' boundary sets, oldest first, then the 2024 boundaries
SETS = ("1918-1935", "1945", "1950-1951", "1955-1970", "1974-1979", "1983-1992", "1997-2001",
        "2005", "2010-2017", "2010-2019", "2024")
#: relations by which a 2024 seat continues an old one
CONTINUES = frozenset({"name", "renamed"})
RELATIONS = frozenset({"spelling", "shortened", "name", "renamed", "created"})


@dataclass(frozen=True)
class Link:
    """One row of the lineage table: the seat ``name`` (``code``) of ``boundaries`` and the seat
    it continues (or, for ``created``, its largest predecessor)."""

    relation: str
    boundaries: str
    code: str
    name: str
    from_boundaries: str
    from_code: str
    from_name: str
    #: share of the new seat's population from the old seat (2024 rows)
    share_of_new: float | None
    #: share of the old seat's population in the new seat (2024 rows)
    share_of_old: float | None
    source: str

    @property
    def continues(self) -> bool:
        return self.relation != "created"


def _share(text: str) -> float | None:
    return float(text) if text.strip() else None


def read_lineage(text: str, source: str = TABLE) -> tuple[Link, ...]:
    """The table's rows (``#`` lines are its header comment); one :class:`DataError` lists every
    malformed row."""
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    links: list[Link] = []
    problems: list[Problem] = []
    for row_number, row in enumerate(csv.DictReader(io.StringIO("\n".join(lines))), start=2):
        try:
            if row["relation"] not in RELATIONS or row["boundaries"] not in SETS:
                raise ValueError(row["relation"])
            links.append(Link(row["relation"], row["boundaries"], row["code"], row["name"],
                              row["from_boundaries"], row["from_code"], row["from_name"],
                              _share(row["share_of_new"]), _share(row["share_of_old"]),
                              row["source"]))
        except (KeyError, ValueError, TypeError):
            problems.append(Problem(source, "expected a relation (spelling, shortened, name, "
                                    "renamed, created), a boundary set and the two seats",
                                    row=row_number))
    if problems:
        raise DataError(source, problems)
    return tuple(links)


@cache
def lineage() -> tuple[Link, ...]:
    """The shipped lineage table."""
    text = resources.files("swingometer").joinpath("data", TABLE).read_text(encoding="utf-8")
    return read_lineage(text)


@cache
def links_2024() -> dict[str, Link]:
    """2024 GSS code → its row."""
    return {link.code: link for link in lineage() if link.boundaries == "2024"}


@cache
def _series_links() -> tuple[dict[tuple[str, str], set[str]], dict[tuple[str, str], set[str]]]:
    from .history import name_key

    same: dict[tuple[str, str], set[str]] = {}
    earlier: dict[tuple[str, str], set[str]] = {}
    for link in lineage():
        new, old = name_key(link.name), name_key(link.from_name)
        if link.relation == "spelling":
            group = same.get((link.boundaries, new), {new}) | same.get((link.boundaries, old),
                                                                         {old})
            for key in group:
                same[link.boundaries, key] = group
        elif link.relation == "shortened":
            earlier.setdefault((link.boundaries, new), set()).add(old)
    return same, earlier


def variants(boundaries: str, keys: Iterable[str]) -> set[str]:
    """The name keys one seat goes by in a boundary set of the series."""
    same, _ = _series_links()
    out: set[str] = set()
    for key in keys:
        out |= same.get((boundaries, key), {key})
    return out


def previous_keys(boundaries: str, keys: Iterable[str]) -> set[str]:
    """The name keys, in the boundary set before ``boundaries``, of the seat these keys name:
    the same names, and the earlier names the table links to them."""
    _, earlier = _series_links()
    index = SETS.index(boundaries)
    if index == 0:
        return set()
    found = set(variants(boundaries, keys))
    for key in list(found):
        found |= earlier.get((boundaries, key), set())
    return variants(SETS[index - 1], found)

"""Adapter for HexJSON hex-map layouts (the Open Data Institute's format, as the Open
Innovations constituency maps use it): ``{"layout": "odd-r", "hexes": {"E14000813": {"n":
"Mid Bedfordshire", "q": 3, "r": -9}, …}}``, keyed by GSS code.

``q`` is the column and ``r`` the row; rows count upwards (north). ``odd-r`` and ``even-r``
are pointy-topped hexes with odd (even) rows pushed half a hex right; ``odd-q`` and
``even-q`` flat-topped hexes with odd (even) columns pushed half a hex up.
Spec: https://open-innovations.org/projects/hexmaps/hexjson
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, Problem
from .sheet import read_text

LAYOUTS = ("odd-r", "even-r", "odd-q", "even-q")


@dataclass(frozen=True)
class Hex:
    code: str
    name: str
    q: int
    r: int


@dataclass(frozen=True)
class HexLayout:
    """A hex map: its offset layout and one hex per area, by code."""

    layout: str
    hexes: dict[str, Hex]

    def __len__(self) -> int:
        return len(self.hexes)


def _whole(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _hex(code: str, entry: object, source: str, problems: list[Problem]) -> Hex | None:
    if not isinstance(entry, dict):
        problems.append(Problem(source, f"hex {code!r} is not an object", column=code))
        return None
    q, r = _whole(entry.get("q")), _whole(entry.get("r"))
    for axis, value in (("q", q), ("r", r)):
        if value is None:
            problems.append(Problem(source, f"hex {code!r} has no whole-number {axis!r} (found "
                                    f"{entry.get(axis)!r})", column=axis))
    if q is None or r is None:
        return None
    return Hex(code, str(entry.get("n") or entry.get("name") or code), q, r)


def read_hexjson(path: Path | str) -> HexLayout:
    """A layout, checked whole: a known ``layout``, a ``hexes`` object, whole-number ``q`` and
    ``r`` for every hex and no two hexes in one cell — every problem is listed at once."""
    source = str(path)
    try:
        document = json.loads(read_text(path, source))
    except json.JSONDecodeError as error:
        raise DataError(source, [Problem(source, f"is not JSON: {error.msg}", row=error.lineno)]
                        ) from None
    if not isinstance(document, dict) or not isinstance(document.get("hexes"), dict):
        raise DataError(source, [Problem(source, 'needs a "hexes" object keyed by area code')])
    problems: list[Problem] = []
    layout = document.get("layout")
    if layout not in LAYOUTS:
        problems.append(Problem(source, f"layout {layout!r} is not one of {', '.join(LAYOUTS)}",
                                column="layout"))
    hexes: dict[str, Hex] = {}
    cells: dict[tuple[int, int], str] = {}
    for code, entry in document["hexes"].items():
        found = _hex(code, entry, source, problems)
        if found is None:
            continue
        other = cells.setdefault((found.q, found.r), code)
        if other != code:
            problems.append(Problem(source, f"hexes {other!r} and {code!r} share the cell "
                                    f"q={found.q}, r={found.r}", column=code))
        hexes[code] = found
    if problems:
        raise DataError(source, problems)
    return HexLayout(str(layout), hexes)

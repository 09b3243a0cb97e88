"""Every reading of the official files is pinned: the contests built (every field of every
contest and candidate), the contests set aside with each problem (message, row, column) and the
stale errata. The digests were computed on the reader before it was vectorised; a faster reader
must give exactly the same, on the real files and on copies broken in many cells at once."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import random
import shutil
from pathlib import Path

import pytest

import swingometer
from swingometer import elections
from swingometer.model import Contest, Reading

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"

#: each election: SHA-256 (first 16 hex digits) of its reading from the real files (errata
#: applied), and of its reading from copies (in a folder no erratum names) with cells changed
PINNED = {
    '2005-notional': ('37371305d5238d59', '72ef991664368b50'),
    '2010': ('21077104251981b8', '3df9354fb353e5b9'),
    'by-2010': ('bcd467039f4d60dc', 'd88b022d4b190db9'),
    '2015': ('7038bec9982cd73e', 'd1b9d0e317708f3f'),
    'by-2015': ('3187cef423688130', '97855e68a3816bf3'),
    '2017': ('9dbea4a4cf061b10', '2159659e3279a892'),
    'by-2017': ('14d204b589a620c2', 'ae1da023beac0f28'),
    '2019': ('01ade6870c9bfce5', '6cfd9e708f1a0c4c'),
    'by-2019': ('a13035105d037237', '47b1b9bd59a73ea2'),
    '2019-notional': ('a4e3157b622056f8', '46e0a7e73c3162be'),
    '2024': ('e7fa3cf42481cdfd', 'c2b4cb137887f466'),
}


def fingerprint(found: Reading, folder: Path) -> str:
    """A digest of everything a reading holds; paths are written relative to ``folder``."""
    package = str(Path(swingometer.__file__).parent)

    def place(source: str) -> str:  # no path of this machine's checkout or data folder
        return source.replace(str(folder), "<data>").replace(package, "<package>")

    lines: list[str] = []
    for contest in found.contests:
        lines.append(repr(tuple(getattr(contest, f.name) for f in dataclasses.fields(Contest))))
    # set-aside contests, and problems on one row, come in an order that hashing decides
    for aside in sorted(found.set_aside, key=lambda a: repr((a.id, a.ons_id, a.date))):
        lines.append(repr((aside.id, aside.constituency, aside.ons_id, aside.date)))
        lines += sorted(repr((place(p.source), p.message, p.row, p.column))
                        for p in aside.problems)
    lines += sorted(repr((place(p.source), p.message, p.row, p.column))
                    for p in found.stale_errata)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def read(key: str, data: Path) -> Reading:
    src = elections.BY_KEY[key]
    paths = [data / name for name in src.files]
    return elections._reader(src)(*paths)


def broken_copy(key: str, tmp_path: Path) -> Path:
    """The election's files copied under ``tmp_path`` (a path no erratum names), each with 60
    cells changed: numbers nudged by 1 or 1,000, shares by 0.01, text altered, some blanked."""
    src = elections.BY_KEY[key]
    rng = random.Random(key)
    for name in src.files:
        target = tmp_path / "copy" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SHARED / name, target)
        with target.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        for _ in range(60):
            row = rows[rng.randrange(1, len(rows))]
            j = rng.randrange(len(row))
            cell = row[j].strip()
            choice = rng.random()
            if choice < 0.1:
                row[j] = ""
            elif cell.isdigit():
                row[j] = str(int(cell) + rng.choice((1, -1, 1000)))
            elif cell.replace(".", "", 1).isdigit():
                row[j] = f"{float(cell) + 0.01:.6f}"
            elif cell:
                row[j] = cell[:-1] + "Q"
        with target.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
    return tmp_path / "copy"


@pytest.mark.parametrize("key", list(PINNED))
def test_reading_of_the_real_files_is_unchanged(key: str) -> None:
    assert fingerprint(read(key, SHARED), SHARED) == PINNED[key][0]


@pytest.mark.parametrize("key", list(PINNED))
def test_reading_of_broken_copies_is_unchanged(key: str, tmp_path: Path) -> None:
    folder = broken_copy(key, tmp_path)
    try:
        found = read(key, folder)
    except Exception as error:  # a file-wide problem: its message is pinned instead
        found = Reading((), (), tuple(getattr(error, "problems", [])))
    assert fingerprint(found, folder) == PINNED[key][1]

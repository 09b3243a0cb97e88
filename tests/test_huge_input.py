"""Huge inputs: a results file of 100,000 candidate rows reads whole, and one bad cell deep
inside it is reported with its exact row — nothing is skipped or truncated."""

from __future__ import annotations

from pathlib import Path

import pytest

from swingometer.errors import DataError
from swingometer.sources import read_results

SEATS = 33_334  # × 3 candidates ≈ 100,000 rows, about 5 MB


def write_huge(path: Path, bad_row: int | None = None) -> Path:
    lines = ["constituency,candidate,party,votes,date,electorate"]
    for seat in range(SEATS):
        for rank, party in enumerate(("Lab", "Con", "LD")):
            votes = str(20_000 - 3_000 * rank + seat % 97)
            lines.append(f"Seat {seat},Candidate {seat}-{rank},{party},{votes},2024-07-04,90000")
    if bad_row is not None:  # line numbers count the header as line 1
        fields = lines[bad_row - 1].split(",")
        fields[3] = "12x4"
        lines[bad_row - 1] = ",".join(fields)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_huge_clean_file_reads_whole(tmp_path: Path) -> None:
    contests = read_results(write_huge(tmp_path / "huge.csv"))
    assert len(contests) == SEATS
    last = contests[-1]
    assert last.constituency == f"Seat {SEATS - 1}"
    assert [c.party for c in last.candidates] == ["Lab", "Con", "LD"]
    assert sum(len(c.candidates) for c in contests) == 3 * SEATS


def test_one_bad_cell_deep_in_a_huge_file_is_found(tmp_path: Path) -> None:
    bad_row = 3 * SEATS - 7
    with pytest.raises(DataError) as raised:
        read_results(write_huge(tmp_path / "huge.csv", bad_row))
    problems = raised.value.problems
    assert [(p.row, p.column) for p in problems] == [(bad_row, "votes")]
    assert "is not a number (found '12x4')" in problems[0].message

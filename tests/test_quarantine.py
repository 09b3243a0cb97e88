"""One bad contest never stops the rest: contests that fail their checks are set aside, pinned
errata correct what the files' own redundancy settles, and every redundancy is cross-checked.
All on the real official files (copied to a temporary folder where a test must break them)."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from swingometer import elections, errata
from swingometer.errors import DataError
from swingometer.model import Reading, SetAside
from swingometer.sources import parliament

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
RESULTS = SHARED / "parliament" / "results-by-parliament"
SHEFFIELD = "parl.sheffield-brightside-and-hillsborough.by.2016-05-05"
MID_BEDS = ["Mid Bedfordshire", "--date", "2023-10-19"]


def run(*args: str, errata_table: Path | None = None, strict: bool = False
        ) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SWINGOMETER_STRICT",
                                                           "SWINGOMETER_ERRATA")}
    if strict:
        env["SWINGOMETER_STRICT"] = "1"
    if errata_table is not None:
        env["SWINGOMETER_ERRATA"] = str(errata_table)
    return subprocess.run([sys.executable, "-m", "swingometer", *args], capture_output=True,
                          text=True, env=env, timeout=300, check=False)


def by_election_files(tmp_path: Path, parliament_number: int) -> tuple[Path, Path]:
    """A parliament's real by-election files, in a folder the shipped errata do not name."""
    folder = tmp_path / "copy"
    folder.mkdir()
    source = RESULTS / str(parliament_number) / "by-elections"
    for name in ("candidacies.csv", "constituencies.csv"):
        shutil.copy(source / name, folder / name)
    return folder / "candidacies.csv", folder / "constituencies.csv"


def rewrite(path: Path, edit: dict[tuple[str, str], dict[str, str]]) -> None:
    """Change cells of a headed CSV: {(code column value, match column value): {col: new}}."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    for row in rows[1:]:
        for (code, surname), cells in edit.items():
            if code in row and (not surname or surname in row):
                for column, value in cells.items():
                    row[header.index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def user_errata(tmp_path: Path, rows: list[list[str]]) -> Path:
    table = tmp_path / "my-errata.csv"
    with table.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(errata.COLUMNS)
        writer.writerows(rows)
    return table


# --- the real contradiction of the 2015–17 by-election files ---------------------------------


def test_without_the_errata_two_contests_alone_are_set_aside(tmp_path: Path) -> None:
    reading = parliament.by_election_reading(*by_election_files(tmp_path, 56))
    aside = {s.id: s for s in reading.set_aside}
    assert sorted(aside) == ["parl.ogmore.by.2016-05-05", SHEFFIELD]
    (problem,) = aside[SHEFFIELD].problems
    assert problem.message == ("Sheffield, Brightside and Hillsborough: candidates' votes sum "
                               "to 23,481 but the valid vote is given as 22,581")
    assert all(p.column == "share" for p in aside["parl.ogmore.by.2016-05-05"].problems)
    assert len(reading.contests) == 8  # every other by-election of the parliament is built
    with pytest.raises(DataError):
        reading.strict("by-elections")


def test_the_shipped_erratum_corrects_sheffield_and_says_so() -> None:
    contest = elections.find_contest("Sheffield Brightside", on=date(2016, 5, 5))
    assert (contest.winner.name, contest.winner.votes) == ("Gill Furniss", 14_087)
    assert contest.valid_votes == 22_581
    card = elections.card(contest)
    assert card["majority"]["votes"] == 9_590
    (fix,) = card["corrections"]
    assert (fix["field"], fix["official"], fix["corrected"]) == ("votes", "14987", "14087")
    assert fix["file"] == "parliament/results-by-parliament/56/by-elections/candidacies.csv"


def test_the_story_footnotes_the_correction() -> None:
    shown = run("story", "Sheffield Brightside", "--date", "2016-05-05")
    assert shown.returncode == 0, shown.stderr
    assert "Correction: Parliament's results-by-parliament/56/by-elections/candidacies.csv " \
           "gives votes 14987" in " ".join(shown.stdout.split())


def test_every_shipped_erratum_applies_to_the_contest_it_names() -> None:
    fixed: dict[str, list[str]] = {}
    for src in elections.SOURCES:
        try:
            found = elections.reading(src.key, elections.Mirror.configured())
        except elections.MissingFileError:
            continue
        assert found.stale_errata == ()
        for contest in found.contests:
            for correction in contest.corrections:
                fixed.setdefault(contest.id, []).append(correction.field)
    shipped = [e for e in errata.in_force() if e.table.endswith("errata.csv")]
    assert sorted(fixed) == sorted({e.contest for e in shipped})
    assert sum(map(len, fixed.values())) == len(shipped)


# --- quarantine through the CLI, with a contradiction made by a user's erratum ------------


@pytest.fixture
def broken_tamworth(tmp_path: Path) -> Path:
    """A user's erratum that gives Tamworth's winner 1,000 more votes than the valid vote
    allows: the contest must be set aside, never shown."""
    return user_errata(tmp_path, [[
        "parl.tamworth.by.2023-10-19",
        "parliament/results-by-parliament/58/by-elections/candidacies.csv",
        "ons_id=E14000986;surname=Edwards", "votes", "11719", "12719", "test"]])


def test_another_contest_still_works_with_one_notice_line(broken_tamworth: Path) -> None:
    shown = run("result", *MID_BEDS, errata_table=broken_tamworth)
    assert shown.returncode == 0, shown.stderr
    assert "Lab gain from Con" in shown.stdout
    lines = [line for line in shown.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "1 contest of by-2019 set aside" in lines[0]
    assert "swingometer data check" in lines[0]


def test_the_set_aside_contest_exits_1_with_its_problems(broken_tamworth: Path) -> None:
    shown = run("result", "Tamworth", "--date", "2023-10-19", errata_table=broken_tamworth)
    assert shown.returncode == 1
    assert "parl.tamworth.by.2023-10-19 was set aside" in shown.stderr
    assert "candidates' votes sum to 26,586 but the valid vote is given as 25,586" \
        in shown.stderr
    assert "swingometer data check" in shown.stderr and "SWINGOMETER_ERRATA" in shown.stderr


def test_strict_refuses_the_whole_election(broken_tamworth: Path) -> None:
    shown = run("--strict", "result", *MID_BEDS, errata_table=broken_tamworth)
    assert shown.returncode == 1
    assert "Tamworth: candidates' votes sum to 26,586" in shown.stderr
    assert run("result", *MID_BEDS, errata_table=broken_tamworth, strict=True).returncode == 1


def test_data_check_names_the_set_aside_contest(broken_tamworth: Path) -> None:
    shown = run("data", "check", "--json", errata_table=broken_tamworth)
    assert shown.returncode == 1
    report = json.loads(shown.stdout)
    by_key = {e["key"]: e for e in report["elections"]}
    assert [s["id"] for s in by_key["by-2019"]["set_aside"]] == ["parl.tamworth.by.2023-10-19"]
    assert by_key["by-2019"]["status"] == "ready, 1 contest set aside"
    assert report["clean"] is False


def test_data_check_is_clean_on_the_real_files_and_lists_the_errata() -> None:
    shown = run("data", "check", "--json")
    assert shown.returncode == 0, shown.stdout[-2000:]
    report = json.loads(shown.stdout)
    assert report["clean"] is True
    fixes = {c["contest"] for e in report["elections"] for c in e["corrections"]}
    assert SHEFFIELD in fixes and "parl.rochdale.by.2024-02-29" in fixes
    assert all(not e["set_aside"] for e in report["elections"])


def test_an_erratum_that_names_no_row_is_reported(tmp_path: Path) -> None:
    table = user_errata(tmp_path, [[
        "parl.tamworth.by.2023-10-19",
        "parliament/results-by-parliament/58/by-elections/candidacies.csv",
        "ons_id=E14000986;surname=Edwards", "votes", "99999", "11719", "a wrong official"]])
    shown = run("data", "check", errata_table=table)
    assert shown.returncode == 1
    assert "was not applied: the file gives '11719', not the official value '99999'" \
        in shown.stdout


def test_a_malformed_errata_table_is_a_clear_error(tmp_path: Path) -> None:
    table = tmp_path / "my-errata.csv"
    table.write_text("contest,file\nx,y\n", encoding="utf-8")
    shown = run("result", *MID_BEDS, errata_table=table)
    assert shown.returncode == 1
    assert "missing column(s) row_key, field, official, corrected, evidence" in shown.stderr
    assert "Traceback" not in shown.stderr


def test_data_status_reports_each_election() -> None:
    shown = run("data", "status", "--json")
    assert shown.returncode == 0, shown.stderr
    states = {e["key"]: e["status"] for e in json.loads(shown.stdout)["elections"]}
    assert states["by-2015"] == states["2019"] == "ready"
    assert states["by-2024"].startswith("missing")


# --- every redundancy cross-checked ---------------------------------------------------------


def mid_beds_set_aside(reading: Reading) -> SetAside:
    """Mid Bedfordshire among the copy's set-aside contests (the copy is outside the shipped
    errata, so Rochdale's summary is set aside as well)."""
    aside = {s.id: s for s in reading.set_aside}
    assert sorted(aside) == ["parl.mid-bedfordshire.by.2023-10-19", "parl.rochdale.by.2024-02-29"]
    return aside["parl.mid-bedfordshire.by.2023-10-19"]


def test_swapped_votes_disagree_with_the_summary_columns(tmp_path: Path) -> None:
    candidacies, constituencies = by_election_files(tmp_path, 58)
    rewrite(candidacies, {("E14000813", "Strathern"): {"Votes": "12680"},
                          ("E14000813", "Akinbusoye"): {"Votes": "13872"}})
    reading = parliament.by_election_reading(candidacies, constituencies)
    aside = mid_beds_set_aside(reading)
    said = [p.message for p in aside.problems]
    assert "Mid Bedfordshire: the first party is given as Lab but the candidates' votes make " \
           "Festus Akinbusoye (Con) the winner" in said
    assert any("Con's votes are given as 12,680 but its candidates have 13,872" in m
               for m in said)
    assert len(reading.contests) == 21  # all but Mid Bedfordshire and Rochdale (its erratum)


def test_a_majority_cell_that_disagrees_sets_the_contest_aside(tmp_path: Path) -> None:
    candidacies, constituencies = by_election_files(tmp_path, 58)
    rewrite(constituencies, {("E14000813", ""): {"Majority": "1,291"}})
    reading = parliament.by_election_reading(candidacies, constituencies)
    (problem,) = mid_beds_set_aside(reading).problems
    assert problem.message == ("Mid Bedfordshire: the majority is given as 1,291 but the "
                               "candidates' votes give 1,192")
    assert (Path(problem.source).name, problem.column) == ("constituencies.csv", "summary")


def test_a_share_that_disagrees_with_the_votes_is_found(tmp_path: Path) -> None:
    candidacies, constituencies = by_election_files(tmp_path, 58)
    rewrite(candidacies, {("E14000813", "Holland-Lindsay"): {"Share": "0.331330"}})
    reading = parliament.by_election_reading(candidacies, constituencies)
    (problem,) = mid_beds_set_aside(reading).problems
    assert "Emma Holland-Lindsay (LD)'s share is given as 0.331330 but 9,420 of 40,720 " \
           "valid votes is 0.231336" in problem.message


def test_every_malformed_erratum_row_is_listed() -> None:
    text = ",".join(errata.COLUMNS) + "\n" + "\n".join([
        "c,f,ons_id E14000986,votes,1,2,why",
        "c,f,ons_id=E14000986,votes,,2,why",
        "c,f,=x;surname=Edwards,votes,1,2,why"])
    with pytest.raises(DataError) as caught:
        errata.parse(text, "mine.csv")
    assert [(p.row, p.message) for p in caught.value.problems] == [
        (2, "row key 'ons_id E14000986' is not column=value pairs joined by ';'"),
        (3, "is empty: official"),
        (4, "row key '=x;surname=Edwards' is not column=value pairs joined by ';'")]


def test_the_other_winners_column_is_checked(tmp_path: Path) -> None:
    """Bradford West 2012: George Galloway (Respect) won, so the constituency file's "Of which
    other winner" must be his 18,341 votes."""
    candidacies, constituencies = by_election_files(tmp_path, 55)
    rewrite(constituencies, {("E14000589", ""): {"Of which other winner": "18,000"}})
    aside = {s.id: s for s in parliament.by_election_reading(candidacies, constituencies)
             .set_aside}
    assert sorted(aside) == ["parl.bradford-west.by.2012-03-29", "parl.newark.by.2014-06-05"]
    (problem,) = aside["parl.bradford-west.by.2012-03-29"].problems
    assert problem.message == ("Bradford West: the other winner's votes are given as 18,000 "
                               "but the candidates' votes give 18,341")

"""Errors that point the right way: each names what was wrong and the option that fixes it,
with the documented exit code (2 usage, 3 not found). Real runs of ``python -m swingometer``."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "swingometer", *args], capture_output=True,
                          text=True, check=False, env={**os.environ, "COLUMNS": "200"})
    assert "Traceback" not in done.stderr, done.stderr
    return done


def said(done: subprocess.CompletedProcess[str]) -> str:
    return re.sub(r"\s+", " ", done.stderr.replace("│", " "))


def test_a_date_with_no_contest_says_so_and_lists_the_seats_contests() -> None:
    done = run("result", "Mid Bedfordshire", "--date", "2023-10-20")
    assert done.returncode == 3
    assert "Mid Bedfordshire had no contest on 2023-10-20" in said(done)
    assert "2023-10-19 (by)" in said(done) and "--date" in said(done)
    assert " on matches " not in said(done)


def test_a_seat_without_a_by_election_in_that_parliament_is_not_unknown() -> None:
    done = run("result", "Mid Bedfordshire", "--election", "by-2017")
    assert done.returncode == 3
    assert "Mid Bedfordshire had no contest in the by-elections 2017–2019" in said(done)
    assert "no constituency matches" not in said(done)


def test_a_new_seat_asked_of_an_old_election_points_at_the_notional() -> None:
    done = run("result", "Runcorn and Helsby", "--election", "2019")
    assert done.returncode == 3
    assert "--election 2019-notional" in said(done)
    assert run("result", "Runcorn and Helsby", "--election", "2019-notional").returncode == 0


def test_an_unknown_seat_still_gets_suggestions() -> None:
    done = run("result", "Mid Bedfrdshire", "--election", "2019", "--json")
    assert done.returncode == 3
    error = json.loads(done.stderr.splitlines()[0])
    assert error["suggestions"][0] == "Mid Bedfordshire"


def _users_file(tmp_path: Path, code: str | None = None) -> Path:
    mine = tmp_path / "mine.csv"
    head = "constituency,candidate,party,votes" + (",ons_id" if code else "")
    tail = f",{code}" if code else ""
    mine.write_text(f"{head}\nMid Bedfordshire,A,Con,10{tail}\nMid Bedfordshire,B,Lab,5{tail}\n")
    return mine


def test_a_users_file_without_a_date_names_the_option(tmp_path: Path) -> None:
    done = run("result", "--file", str(_users_file(tmp_path)))
    assert done.returncode == 1
    assert "give the polling day with --date" in said(done)


def test_a_users_contest_never_gets_an_official_id(tmp_path: Path) -> None:
    done = run("result", "--file", str(_users_file(tmp_path, "E14000813")), "--date",
               "2024-07-04", "--json")
    assert done.returncode == 0, done.stderr
    card = json.loads(done.stdout)
    assert card["contest"]["id"] == "user.mid-bedfordshire.2024-07-04"
    assert card["previous"]["id"].startswith("parl.")


def test_a_negative_simulation_count_is_a_usage_error() -> None:
    done = run("project", "--simulate", "-5")
    assert done.returncode == 2 and "--simulate" in said(done)


@pytest.mark.parametrize("extra", [["--method", "ours"], ["--share", "Lab=40"],
                                   ["--change", "Con=-5"]])
def test_options_a_by_election_projection_would_ignore_are_refused(extra: list[str]) -> None:
    done = run("project", "--from-byelection", "Mid Bedfordshire", *extra)
    assert done.returncode == 2
    assert extra[0] in said(done) and "cannot be used with --from-byelection" in said(done)


def test_the_speakers_seat_has_no_swing_to_chart(tmp_path: Path) -> None:
    done = run("chart", "swing", "Chorley", "--election", "2024", "-o",
               str(tmp_path / "dial.png"))
    assert done.returncode == 2
    assert "no swing to chart for Chorley 2024" in said(done) and "Speaker" in said(done)
    assert "chart shares" in said(done) and not (tmp_path / "dial.png").exists()


def test_a_chart_into_a_missing_folder_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "x.png"
    done = run("chart", "shares", "Chorley", "--election", "2024", "-o", str(target))
    assert done.returncode == 2 and "does not exist" in said(done)
    assert not target.parent.exists()


def test_csv_output_is_the_export_row_and_errors_follow_the_format() -> None:
    done = run("result", "Mid Bedfordshire", "--date", "2023-10-19", "--output", "csv")
    assert done.returncode == 0
    header, row = done.stdout.splitlines()
    assert header.startswith("contest_id,constituency,") and "Lab gain from Con" in row
    failed = run("result", "Nowhere Atall", "--output", "csv")
    assert failed.returncode == 3
    assert failed.stderr.splitlines()[0] == "error,message"
    failed = run("result", "Nowhere Atall", "--output", "json")
    assert json.loads(failed.stderr)["error"] == "NotFoundError"


def test_the_version_is_printed() -> None:
    from swingometer import __version__

    done = run("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"swingometer {__version__}"


def test_story_follows_the_output_contract() -> None:
    done = run("story", "Tamworth", "--date", "2023-10-19", "--json")
    assert done.returncode == 0
    assert json.loads(done.stdout)["headline"].startswith("Labour gain Tamworth")
    refused = run("story", "Tamworth", "--date", "2023-10-19", "--output", "csv")
    assert refused.returncode == 2 and "not csv" in said(refused)


def test_output_means_the_format_everywhere() -> None:
    """``--output`` is the output contract's format on every command that has it; a file to
    write is ``-o/--out`` (charts, the scoreboard's chart, export)."""
    from typer.main import get_command

    from swingometer.cli import app

    def walk(command: object, path: str = "") -> list[tuple[str, object]]:
        found = [(path, command)]
        for name, sub in getattr(command, "commands", {}).items():
            found += walk(sub, f"{path} {name}".strip())
        return found

    for path, command in walk(get_command(app)):
        for param in getattr(command, "params", []):
            if "--output" in getattr(param, "opts", []):
                assert param.metavar == "text|json|csv" or "text" in (param.help or ""), path

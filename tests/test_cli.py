"""The ``swingometer`` command on the real files: Typer's CliRunner on ``swingometer.cli.app``
for output, and the installed console script (``swingometer.cli.main``, which turns a
SwingometerError into its exit code) for exit codes and stderr."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from typing import Any, cast

import pytest
import typer
from typer.core import TyperCommand, TyperGroup
from typer.testing import CliRunner

from swingometer.cli import app, main

runner = CliRunner(env={"COLUMNS": "120"})


def invoke(*args: str) -> str:
    """stdout of a successful run through CliRunner."""
    result = runner.invoke(app, list(args))
    assert result.exception is None, result.output
    assert result.exit_code == 0, result.output
    return result.stdout


def console_script(*args: str) -> subprocess.CompletedProcess[str]:
    """A real run of the installed ``swingometer`` script, in a process of its own."""
    script = shutil.which("swingometer")
    assert script is not None, "the console script is installed by `pip install -e .`"
    env = os.environ | {"COLUMNS": "120"}
    done = subprocess.run([script, *args], capture_output=True, text=True, env=env,
                          check=False)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def via_main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
             *args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``main()`` (the console entry) in this process."""
    monkeypatch.setattr(sys, "argv", ["swingometer", *args])
    with pytest.raises(SystemExit) as stopped:
        main()
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    code = stopped.value.code
    return (code if isinstance(code, int) else 1), out, err


# --- the results card ----------------------------------------------------------------------


def test_result_card_as_text_from_the_console_script() -> None:
    done = console_script("result", "Mid Bedfordshire", "--date", "2023-10-19")
    assert done.returncode == 0, done.stderr
    for figure in ("Lab gain from Con", "1,192", "20.52", "Alistair Strathern",
                   "parl.mid-bedfordshire.by.2023-10-19"):
        assert figure in done.stdout
    assert done.stdout.count("\n") > 10


def test_result_card_as_text() -> None:
    out = invoke("result", "Mid Bedfordshire", "--date", "2023-10-19")
    for figure in ("Lab gain from Con", "1,192", "20.52", "24,664", "1931"):
        assert figure in out


@pytest.fixture(scope="module")
def card() -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(
        invoke("result", "mid beds", "--date", "2023-10-19", "--json"))
    return parsed


def test_result_json_contract(card: dict[str, Any]) -> None:
    assert set(card) >= {"contest", "result", "winner", "runner_up", "majority", "turnout",
                         "electorate", "valid_votes", "rejected", "previous", "swing",
                         "steed_swing", "held_since", "candidates"}
    assert set(card["contest"]) >= {"id", "constituency", "ons_id", "date", "kind"}
    person = {"candidate", "party", "votes", "share"}
    assert set(card["winner"]) >= person and set(card["runner_up"]) >= person
    assert set(card["majority"]) >= {"votes", "share"}
    assert set(card["turnout"]) >= {"valid", "ballot_box"}
    assert set(card["previous"]) >= {"date", "kind", "winner", "majority"}
    assert set(card["swing"]) >= {"method", "from", "to", "points"}
    assert set(card["steed_swing"]) >= {"from", "to", "points"}
    assert set(card["held_since"]) >= {"party", "year"}
    assert all(set(c) >= person | {"change"} for c in card["candidates"])


def test_result_json_figures(card: dict[str, Any]) -> None:
    contest = card["contest"]
    assert (contest["id"], contest["ons_id"], contest["date"], contest["kind"]) == (
        "parl.mid-bedfordshire.by.2023-10-19", "E14000813", "2023-10-19", "by")
    assert card["result"] == "Lab gain from Con"
    assert (card["winner"]["party"], card["winner"]["votes"]) == ("Lab", 13_872)
    assert card["majority"]["votes"] == 1_192
    assert (card["electorate"], card["valid_votes"], card["rejected"]) == (92_578, 40_720, 102)
    assert round(card["turnout"]["valid"], 2) == 43.98
    assert round(card["turnout"]["ballot_box"], 2) == 44.09
    assert (card["previous"]["date"], card["previous"]["majority"]["votes"]) == (
        "2019-12-12", 24_664)
    swing = card["swing"]
    assert (swing["method"], swing["from"], swing["to"]) == ("butler", "Con", "Lab")
    assert round(swing["points"], 2) == 20.52
    assert (card["held_since"]["party"], card["held_since"]["year"]) == ("Con", 1931)
    assert len(card["candidates"]) == 13


def test_result_by_gss_code_and_election() -> None:
    out = invoke("result", "E14000813", "--election", "2019")
    for figure in ("Mid Bedfordshire", "Con hold", "Nadine Dorries", "38,692", "24,664"):
        assert figure in out
    card = json.loads(invoke("result", "E14000813", "--election", "2019", "--json"))
    assert card["contest"]["id"] == "parl.mid-bedfordshire.2019-12-12"
    assert card["previous"]["date"] == "2017-06-08"


# --- the catalogue and the data -----------------------------------------------------------


def test_elections_json() -> None:
    rows = json.loads(invoke("elections", "--json"))
    by_key = {row["key"]: row for row in rows}
    assert list(by_key) == ["2005-notional", "2010", "by-2010", "2015", "by-2015", "2017",
                            "by-2017", "2019", "by-2019", "2019-notional", "2024", "by-2024"]
    for key in ("2005-notional", "2010", "2015", "2017", "2019", "2019-notional", "2024"):
        assert (by_key[key]["status"], by_key[key]["contests"]) == ("ready", 650)
    assert by_key["2024"]["baseline"] == "2019-notional"
    assert by_key["2024"]["id"] == "parl.2024-07-04"
    assert (by_key["by-2015"]["status"], by_key["by-2015"]["contests"]) == ("ready", 10)
    assert "not available" in by_key["by-2024"]["status"] and by_key["by-2024"]["contests"] == 0
    tamworth = next(b for b in by_key["by-2019"]["by_elections"]
                    if b["id"] == "parl.tamworth.by.2023-10-19")
    assert tamworth["result"] == "Lab gain from Con"


def test_data_status_json() -> None:
    rows = json.loads(invoke("data", "status", "--json"))["files"]
    status = {row["name"]: row for row in rows}
    ge_2019 = status["parliament/results-by-parliament/58/general-election/candidacies.csv"]
    assert ge_2019["cached"] is True and ge_2019["path"].endswith("candidacies.csv")
    missing = status["parliament/results-by-parliament/59/by-elections/candidacies.csv"]
    assert (missing["cached"], missing["path"]) == (False, None)
    assert status["historical/1918-2019election_results.csv"]["cached"] is True
    assert all(set(row) >= {"name", "where", "cached", "path"} for row in rows)


# --- errors: exit codes and messages -------------------------------------------------------


def test_a_misspelt_seat_exits_3_with_suggestions() -> None:
    done = console_script("result", "Mid Bedforshire", "--date", "2023-10-19")
    assert done.returncode == 3
    assert "did you mean" in done.stderr and "'Mid Bedfordshire'" in done.stderr
    assert done.stdout == ""


def test_a_misspelt_seat_as_json_error(monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = via_main(monkeypatch, capsys, "result", "Mid Bedforshire", "--json")
    assert (code, out) == (3, "")
    error = json.loads(err)
    assert error["error"] == "NotFoundError"
    assert "Mid Bedfordshire" in error["suggestions"]


def test_an_unknown_election_exits_2_naming_the_valid_ones() -> None:
    done = console_script("result", "Mid Bedfordshire", "--election", "2018")
    assert done.returncode == 2
    assert "unknown election '2018'" in done.stderr
    for key in ("2010", "2019-notional", "by-2019", "2024"):
        assert key in done.stderr


def test_an_unknown_election_through_main(monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = via_main(monkeypatch, capsys, "result", "Tamworth", "--election", "ge1066")
    assert code == 2
    assert "choose from: 2005-notional, 2010" in err


def test_a_bad_date_exits_2() -> None:
    done = console_script("result", "Mid Bedfordshire", "--date", "19/10/2023")
    assert done.returncode == 2
    assert "YYYY-MM-DD" in done.stderr


def test_a_date_with_no_contest_exits_3(monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = via_main(monkeypatch, capsys, "result", "Mid Bedfordshire", "--date",
                            "2023-10-20")
    assert code == 3
    assert "2023-10-19 (by)" in err  # the dates the seat does have


def test_no_seat_is_a_usage_error(monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = via_main(monkeypatch, capsys, "result")
    assert code == 2
    assert "name a constituency" in err


# --- help ------------------------------------------------------------------------------------


Command = TyperCommand | TyperGroup


def commands(command: Command, path: tuple[str, ...] = ()) -> Iterator[
        tuple[tuple[str, ...], Command]]:
    """Every command and subcommand, with the words that invoke it (Typer ships its own copy
    of Click, so groups are recognised by their ``commands``)."""
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from commands(sub, (*path, name))


ALL = list(commands(cast(TyperGroup, typer.main.get_command(app))))


def test_the_command_tree() -> None:
    assert {" ".join(path) for path, _ in ALL} == {
        "", "result", "elections", "data", "data fetch", "data status", "data check", "project",
        "methods", "export", "scoreboard", "exit-poll",
        "backtest", "story", "chart", "chart shares", "chart swing", "chart map", "chart seats",
        "serve", "replay", "token", "token create", "token list", "token revoke"}


@pytest.mark.parametrize(("path", "command"), ALL, ids=[" ".join(p) or "swingometer"
                                                        for p, _ in ALL])
def test_every_command_is_documented(path: tuple[str, ...], command: Command) -> None:
    assert (command.help or "").strip(), f"{' '.join(path)} has no help text"
    for param in command.params:  # every option and argument says what it is for
        assert (getattr(param, "help", None) or "").strip(), f"{param.name} has no help"
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.stdout
    first_line = (command.help or "").strip().splitlines()[0]
    assert first_line.split()[0] in result.stdout


@pytest.mark.parametrize("args", [["result", ""], ["result", "   "],
                                  ["project", "--baseline", "2019", "--share", "Lab=30",
                                   "--share", "Lab=10"],
                                  ["project", "--baseline", "2019", "--share", "Lab=40",
                                   "--method", "strong-transition", "--threshold", "-3"]])
def test_usage_errors_exit_2_without_a_traceback(args: list[str]) -> None:
    """An empty seat name, a party given twice and a negative threshold are usage errors."""
    done = console_script(*args)
    assert done.returncode == 2, done.stderr

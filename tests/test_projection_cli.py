"""``swingometer project``, ``methods`` and ``backtest`` through ``main()`` (the console entry
that maps errors to exit codes): data on stdout, notices and errors on stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from in_process import swingometer

SHARES = ("--share", "Lab=34.7", "--share", "Con=24.4", "--share", "LD=12.6", "--share",
          "RUK=14.7", "--share", "Green=6.9", "--share", "SNP=2.6", "--share", "PC=0.7")


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        *args: str) -> tuple[int, str, str]:
    return swingometer(monkeypatch, capsys, *args, columns=120)


def test_project_prints_the_house_and_says_it_rescaled(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(monkeypatch, capsys, "project", "--baseline", "2019-notional", *SHARES,
                         "--method", "uns")
    assert code == 0
    assert "uns from 2019-notional" in out and "Hung parliament" in out
    assert "Lab" in out and "seats change hands" in out
    assert "scaled by 2.8885" in err and "Northern Ireland stays" in err
    assert "scaled" not in out


def test_project_json_is_the_contract(monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(monkeypatch, capsys, "project", "--baseline", "2019-notional", *SHARES,
                         "--method", "strong-transition", "--region",
                         "Scotland:SNP=30,Lab=35.3", "--json")
    assert code == 0
    found = json.loads(out)
    assert found["method"] == "strong-transition" and found["baseline"] == "2019-notional"
    assert sum(found["seats"].values()) == 650 and ("majority" in found) != ("hung" in found)
    assert set(found["changes"][0]) == {"ons_id", "constituency", "from", "to"}
    assert "Scotland" in found["regions"] and "Scotland shares" in err


def test_project_simulate_is_seeded(monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    args = ("project", "--baseline", "2019-notional", *SHARES, "--simulate", "300", "--seed",
            "7", "--json")
    first = json.loads(run(monkeypatch, capsys, *args)[1])
    again = json.loads(run(monkeypatch, capsys, *args)[1])
    assert first["simulation"] == again["simulation"]
    sim = first["simulation"]
    assert sim["n"] == 300 and sim["seed"] == 7
    assert set(sim) >= {"seats", "p_majority", "seats_detail", "seat_winners", "p_largest"}
    code, out, _ = run(monkeypatch, capsys, *args[:-1])
    assert code == 0 and "300 simulated elections (seed 7)" in out and "P(majority)" in out


def test_project_a_change(monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(monkeypatch, capsys, "project", "--change", "Con=5", "--change", "Lab=-5",
                       "--json")
    found = json.loads(out)
    assert code == 0 and found["baseline"] == "2024" and found["seats"]["Con"] > 121


def test_mid_bedfordshire_repeated_nationally(monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(monkeypatch, capsys, "project", "--from-byelection",
                         "Mid Bedfordshire", "--date", "2023-10-19", "--baseline", "2019")
    assert code == 0
    assert "LD gain from Con 63" in out and "LD gain from Con 76" in out
    assert "caveat:" in err and "11 were held" in err
    code, out, _ = run(monkeypatch, capsys, "project", "--from-byelection", "mid beds",
                       "--date", "2023-10-19", "--json")
    found = json.loads(out)
    assert found["baseline"] == "2019" and found["additive"]["gains"]["LD gain from Con"] == 63


def test_methods_lists_every_model_with_a_source(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(monkeypatch, capsys, "methods", "--json")
    found = json.loads(out)
    assert code == 0 and list(found)[:2] == ["uns", "proportional"] and "ours" in found
    assert all(v["source"] for v in found.values())
    code, out, _ = run(monkeypatch, capsys, "methods")
    assert code == 0 and "strong-transition" in out


def test_backtest_json(monkeypatch: pytest.MonkeyPatch,
                       capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(monkeypatch, capsys, "backtest", "--simulations", "100", "--json")
    found = json.loads(out)
    assert code == 0 and len(found["pairs"]) == 4
    uns = {r["pair"]: r["wrong"] for r in found["scores"] if r["method"] == "uns"}
    assert uns["2015→2017"] == 56 and uns["2017→2019"] == 51
    code, out, _ = run(monkeypatch, capsys, "backtest", "--simulations", "100")
    assert code == 0 and "Backtests" in out and "Brier" in out


@pytest.mark.parametrize(("args", "exit_code", "message"), [
    (("--method", "cube"), 2, "choose from: uns, proportional"),
    (("--share", "Lab=60", "--share", "Con=50"), 1, "sum to 110"),
    (("--share", "Lab=-4", "--share", "Con=abc"), 2, "is not a number"),
    (("--share", "Lab=-4", "--share", "Con=120"), 1, "2 problems found"),
    (("--share", "Labour=40"), 2, "unknown party"),
    (("--share", "Lab"), 2, "PARTY=NUMBER"),
    (("--region", "Mercia:Lab=40"), 2, "unknown region"),
    (("--region", "Scotland"), 2, "REGION:PARTY"),
    (("--threshold", "30"), 2, "option for the uns method"),
    (("--tactical", "Green:Lab=2"), 1, "between 0 and 1"),
    (("--from-byelection", "Mid Bedfordshire", "--date", "2023-10-20"), 3, "2023-10-19"),
    (("--baseline", "1997"), 2, "unknown election"),
])
def test_bad_input_is_one_clear_error(monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str], args: tuple[str, ...],
                                      exit_code: int, message: str) -> None:
    code, out, err = run(monkeypatch, capsys, "project", *args)
    assert code == exit_code, err
    assert message in err and out == ""


def test_bad_input_as_json(monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(monkeypatch, capsys, "project", "--share", "Lab=-1", "--json")
    assert code == 1 and out == ""
    found = json.loads(err)
    assert found["error"] == "ShareError" and found["problems"][0]["message"].startswith(
        "the share of Lab is negative")


def test_one_share_moves_seats_and_the_table_shows_implied_shares(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(monkeypatch, capsys, "project", "--share", "Lab=40", "--json")
    assert code == 0
    found = json.loads(out)
    assert found["shares"]["Lab"] == pytest.approx(40)
    assert found["seats"]["Lab"] > 411 + 40
    code, out, _ = run(monkeypatch, capsys, "project", "--share", "Lab=40")
    lab = next(line for line in out.splitlines() if line.startswith("│ Lab "))
    assert f"{found['implied_shares']['Lab']:.1f}%" in lab


def test_share_and_change_for_one_party_is_refused_with_exit_2(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(monkeypatch, capsys, "project", "--share", "Lab=40", "--change",
                       "Lab=2")
    assert code == 2 and "both a share" in err
    code, out, _ = run(monkeypatch, capsys, "project", "--share", "Lab=40", "--change",
                       "Con=-3", "--json")
    assert code == 0 and json.loads(out)["shares"]["Lab"] == pytest.approx(40)


def test_chart_and_project_read_shares_alike(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    bad = ("--share", "Lab=4x0")
    code_p, _, err_p = run(monkeypatch, capsys, "project", *bad)
    code_c, _, err_c = run(monkeypatch, capsys, "chart", "seats", "--baseline", "2024", *bad,
                           "-o", str(tmp_path / "s.png"))
    assert code_p == code_c == 2 and err_p == err_c


def test_backtest_byelections_reports_every_answer_against_no_change(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(monkeypatch, capsys, "backtest", "--byelections", "--json")
    assert code == 0
    report = json.loads(out)
    rmse = report["rmse"]
    assert rmse["as history suggests"] < rmse["no change"] < rmse["mirrored literally"]
    assert round(rmse["mirrored literally"], 1) == 11.1


def test_backtest_takes_one_report_at_a_time(monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(monkeypatch, capsys, "backtest", "--byelections", "--live")
    assert code == 2 and "not both" in err


def test_project_csv_is_the_projections_frame(monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    import csv
    import io

    code, out, _ = run(monkeypatch, capsys, "project", "--share", "Lab=40", "--output", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["party", "gb_share", "seats", "change"]
    assert sum(int(r["seats"]) for r in rows) == 650
    assert rows[0]["party"] == "Lab" and rows[0]["seats"] == "468"

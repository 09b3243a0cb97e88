"""The forecast scoreboard on the real files: the 17 final forecasts of 2024 that APOGEE
collected (../shared/data/forecasts/2024/), scored against the official 2024 result."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from in_process import swingometer
from swingometer.errors import DataError
from swingometer.scoreboard import (
    Outcome,
    Score,
    board,
    markdown,
    our_forecast,
    outcome,
    register,
    score,
)
from swingometer.scoreboard.board import doc_section, score_folder
from swingometer.scoreboard.ours import poll_average, polls_path
from swingometer.sources.forecasts import COLUMNS, read_forecast, revised_codes

DOCS = Path(__file__).resolve().parents[1] / "docs" / "backtests.md"

#: forecaster → (seats right of 631, seat RMSE, share RMSE, Brier, log loss), computed here
PINNED: dict[str, tuple[int, float, float | None, float | None, float | None]] = {
    "britainpredicts": (551, 7.37, 4.993, None, None),
    "economist": (555, 11.25, 3.974, None, None),
    "electionmaps": (569, 11.10, 4.077, None, None),
    "electoralcalculus": (538, 29.61, 4.497, None, None),
    "electoralcalculusmrp": (508, 26.40, 5.307, None, None),
    "exitpoll": (552, 9.92, None, 0.1758, 0.3298),
    "focaldata": (551, 14.89, 4.454, None, None),
    "ft": (538, 16.22, 4.901, None, None),
    "ipsos": (538, 19.44, 5.101, None, None),
    "jlp": (540, 12.96, 4.486, None, None),
    "manifold": (555, 8.85, None, 0.2194, 0.4256),
    "moreincommon": (548, 10.37, 4.516, None, None),
    "samfr": (564, 14.76, None, None, None),
    "savanta": (497, 45.00, 5.817, None, None),
    "survation": (531, 34.56, 4.835, None, None),
    "wethink": (497, 26.86, 5.331, None, None),
    "yougov": (573, 10.25, 3.247, None, None),
}

#: APOGEE's published leaderboard (inglesp.github.io/apogee/leaderboard/): seats called
#: right and the seat-total RMSE to one decimal for all 17; vote-share RMSE to one decimal
#: for the seven its page lists first
PUBLISHED_RIGHT = {"yougov": 573, "electionmaps": 569, "samfr": 564, "economist": 555,
                   "manifold": 555, "exitpoll": 552, "britainpredicts": 551, "focaldata": 551,
                   "moreincommon": 548, "jlp": 540, "electoralcalculus": 538, "ft": 538,
                   "ipsos": 538, "survation": 531, "electoralcalculusmrp": 508,
                   "savanta": 497, "wethink": 497}
PUBLISHED_SEAT_RMSE = {"britainpredicts": 7.4, "manifold": 8.9, "exitpoll": 9.9,
                       "yougov": 10.2, "moreincommon": 10.4, "electionmaps": 11.1,
                       "economist": 11.2, "jlp": 13.0, "samfr": 14.8, "focaldata": 14.9,
                       "ft": 16.2, "ipsos": 19.4, "electoralcalculusmrp": 26.4,
                       "wethink": 26.9, "electoralcalculus": 29.6, "survation": 34.6,
                       "savanta": 45.0}
PUBLISHED_SHARE_RMSE = {"yougov": 3.2, "economist": 4.0, "electionmaps": 4.1,
                        "focaldata": 4.5, "jlp": 4.5, "electoralcalculus": 4.5,
                        "moreincommon": 4.5}


@pytest.fixture(scope="module")
def folder() -> Path:
    from tests.conftest import SHARED

    return SHARED / "forecasts" / "2024"


@pytest.fixture(scope="module")
def result() -> Outcome:
    return outcome("2024")


@pytest.fixture(scope="module")
def theirs(folder: Path, result: Outcome) -> dict[str, Score]:
    return {s.name: s for s in score_folder(folder, result)}


def _run(args: list[str], monkeypatch: pytest.MonkeyPatch,
         capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    return swingometer(monkeypatch, capsys, *args)


# --- the result scored against -------------------------------------------------------------

def test_the_result_is_the_631_contested_great_britain_seats(result: Outcome) -> None:
    assert result.n_seats == 631
    assert "E14001170" not in result.row_of  # Chorley, the Speaker's seat
    assert "E14001170" in result.great_britain
    assert result.totals == {"con": 121, "grn": 4, "lab": 411, "lib": 72, "oth": 5,
                             "pc": 4, "ref": 5, "snp": 9}
    assert np.allclose(result.shares.sum(axis=1), 100)


# --- every forecaster's figures, pinned, and the published leaderboard ---------------------

def test_every_forecaster_is_scored(theirs: dict[str, Score]) -> None:
    assert set(theirs) == set(PINNED)


@pytest.mark.parametrize("name", sorted(PINNED))
def test_pinned_figures(theirs: dict[str, Score], name: str) -> None:
    right, seat_rmse, share_rmse, brier, log_loss = PINNED[name]
    s = theirs[name]
    assert s.seats == 631
    assert s.seats_right == right
    assert round(s.seat_rmse, 2) == seat_rmse
    for got, want, places in ((s.share_rmse, share_rmse, 3), (s.brier, brier, 4),
                              (s.log_loss, log_loss, 4)):
        assert (got is None) == (want is None)
        if want is not None:
            assert got is not None and round(got, places) == want


def test_agrees_with_apogees_published_leaderboard(theirs: dict[str, Score]) -> None:
    assert {n: s.seats_right for n, s in theirs.items()} == PUBLISHED_RIGHT
    assert {n: round(s.seat_rmse, 1) for n, s in theirs.items()} == PUBLISHED_SEAT_RMSE
    shares = {n: theirs[n].share_rmse for n in PUBLISHED_SHARE_RMSE}
    assert {n: round(v, 1) for n, v in shares.items() if v is not None} == PUBLISHED_SHARE_RMSE


def test_old_scottish_codes_join_their_seats(folder: Path, result: Outcome) -> None:
    """The forecasts use the five Scottish codes retired after the 2019 notionals."""
    yougov = read_forecast(folder / "yougov.csv", result.all_codes, revised=revised_codes())
    assert "S14000006" not in yougov.codes and "S14000107" in yougov.codes
    assert set(yougov.codes) == set(result.codes)


def test_a_seat_total_counts_the_forecasts_own_call_in_the_speakers_seat(
        folder: Path, result: Outcome) -> None:
    exitpoll = read_forecast(folder / "exitpoll.csv", result.all_codes,
                             revised=revised_codes())
    assert "E14001170" in exitpoll.codes
    chorley = exitpoll.codes.index("E14001170")
    assert exitpoll.calls[chorley] == "lab"
    s = score(exitpoll, result)
    assert s.totals["lab"] == exitpoll.calls.count("lab")
    assert s.seat_rmse == pytest.approx(9.92, abs=0.005)  # APOGEE: 9.9; without it 10.1


def test_probabilities_in_per_cent_and_as_fractions_read_alike(folder: Path,
                                                               result: Outcome) -> None:
    manifold = read_forecast(folder / "manifold.csv", result.all_codes,
                             revised=revised_codes())
    exitpoll = read_forecast(folder / "exitpoll.csv", result.all_codes,
                             revised=revised_codes())
    assert manifold.values.max() <= 1 and exitpoll.values.max() <= 1
    assert np.allclose(exitpoll.values.sum(axis=1), 1, atol=0.011)


def test_a_tie_or_a_blank_row_calls_nothing(folder: Path, result: Outcome) -> None:
    survation = read_forecast(folder / "survation.csv", result.all_codes,
                              revised=revised_codes())
    blank = [survation.codes[i] for i, c in enumerate(survation.calls) if c is None]
    assert blank == ["E14001232", "E14001398"]


# --- the docs ------------------------------------------------------------------------------

def test_docs_section_is_what_the_code_computes() -> None:
    text = DOCS.read_text(encoding="utf-8")
    start, end = "<!-- scoreboard:start -->", "<!-- scoreboard:end -->"
    section = text[text.index(start) + len(start):text.index(end)].strip()
    expected = doc_section(board("2024"))
    assert section == expected, "regenerate with: swingometer scoreboard 2024 --markdown"
    for name, (right, *_rest) in PINNED.items():
        assert f"{right} of 631" in section, name


# --- swingometer's own forecast, registered and verified -----------------------------------

def test_the_final_weeks_polls() -> None:
    average = poll_average(date(2024, 7, 4), polls_path())
    assert [p["date"] for p in average.polls] == ["2024-06-27", "2024-06-29", "2024-06-29",
                                                  "2024-07-02"]
    assert average.shares["Lab"] == pytest.approx(38.5)
    assert average.shares["Con"] == pytest.approx(20.75)
    assert average.shares["RUK"] == pytest.approx(15.25)


def test_our_forecast_is_on_the_board_and_repeatable(result: Outcome) -> None:
    first, again = our_forecast("2024"), our_forecast("2024")
    assert first.fingerprint == again.fingerprint and first.text == again.text
    assert first.forecast.n_seats == 631
    shares = first.record["shares"]
    assert sum(shares.values()) == pytest.approx(100, abs=1e-3)
    s = score(first.forecast, result)
    assert 0 < s.seats_right <= 631 and s.share_rmse is not None


def test_register_then_score_verifies_the_fingerprint(tmp_path: Path, result: Outcome,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    target = tmp_path / "board" / "swingometer.csv"
    code, out, _ = _run(["scoreboard", "2024", "--register", str(target)], monkeypatch, capsys)
    assert code == 0 and target.is_file()
    sidecar = target.with_name("swingometer.fingerprint.json")
    fingerprint = json.loads(sidecar.read_text())["fingerprint"]
    assert fingerprint in out
    # read back from the folder, it scores as the board's own forecast and is verified
    registered = read_forecast(target, result.all_codes)
    mine = our_forecast("2024")
    assert score(registered, result).as_dict() | {"name": "x", "title": "x"} == \
        score(mine.forecast, result).as_dict() | {"name": "x", "title": "x"}
    (found,) = score_folder(target.parent, result)
    assert found.fingerprint == fingerprint == mine.fingerprint
    # one changed figure after registration is refused, naming the record
    text = target.read_text()
    lines = text.splitlines()
    lines[1] = lines[1][:-1] + ("1" if lines[1][-1] != "1" else "2")
    target.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError, match="changed after it was registered"):
        score_folder(target.parent, result)
    target.write_text(text)
    record = json.loads(sidecar.read_text())
    record["record"]["method"] = "proportional"
    sidecar.write_text(json.dumps(record))
    with pytest.raises(DataError, match="record was changed"):
        score_folder(target.parent, result)


def test_a_registered_forecast_in_the_folder_is_not_scored_twice(tmp_path: Path,
                                                                 folder: Path) -> None:
    where = tmp_path / "forecasts"
    shutil.copytree(folder, where)
    register(our_forecast("2024"), where / "ours.csv")
    found = board("2024", where)
    assert len(found.scores) == 18
    (ours,) = [s for s in found.scores if s.fingerprint]
    assert ours.name == "ours" and ours.title == "ours (registered)"
    assert ours.fingerprint == found.fingerprint


def test_our_win_probabilities_are_scored_and_repeat_with_a_seed(folder: Path) -> None:
    first = board("2024", folder, simulations=500, seed=7)
    again = board("2024", folder, simulations=500, seed=7)
    (sim,) = [s for s in first.scores if s.name == "swingometer-simulated"]
    (same,) = [s for s in again.scores if s.name == "swingometer-simulated"]
    assert sim == same and sim.kind == "probabilities"
    assert sim.brier is not None and 0 < sim.brier < 2
    assert sim.log_loss is not None and sim.log_loss > 0


# --- the command ---------------------------------------------------------------------------

def test_json_and_chart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    chart = tmp_path / "board.png"
    code, out, err = _run(["scoreboard", "2024", "--json", "-o", str(chart)], monkeypatch,
                          capsys)
    assert code == 0
    found = json.loads(out)
    rows = {r["name"]: r for r in found["scores"]}
    assert rows["yougov"]["seats_right"] == 573 and rows["exitpoll"]["brier"] > 0
    assert rows["swingometer"]["fingerprint"] == found["fingerprint"]
    assert found["scores"][0]["name"] == "yougov"
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and str(chart) in err


def test_markdown_table_has_a_row_per_forecast(theirs: dict[str, Score]) -> None:
    table = markdown(list(theirs.values()))
    assert len(table.splitlines()) == 2 + 17


# --- bad forecast files --------------------------------------------------------------------

def _bad_folder(tmp_path: Path, folder: Path, text: str | bytes,
                name: str = "mymodel.csv") -> Path:
    where = tmp_path / "forecasts"
    where.mkdir()
    shutil.copy(folder / "yougov.csv", where / "yougov.csv")
    target = where / name
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8")
    return where


def _yougov_lines(folder: Path) -> list[str]:
    return (folder / "yougov.csv").read_text(encoding="utf-8").splitlines()


def _drop(lines: list[str], column: int) -> str:
    """The file without its field number ``column``."""
    kept = [",".join(f for j, f in enumerate(line.split(",")) if j != column) for line in lines]
    return "\n".join(kept) + "\n"


def _edit(lines: list[str], line: int, column: int, value: str) -> str:
    """The file with field ``column`` of file line ``line`` (1 = header) replaced."""
    out = list(lines)
    fields = out[line - 1].split(",")
    fields[column] = value
    out[line - 1] = ",".join(fields)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize(("change", "expected"), [
    (lambda ls: _drop(ls, 8), ["missing column 'ref'"]),
    (lambda ls: _edit(ls, 5, 4, "lots"), ["row 5, column 'lab'", "is not a number",
                                          "'lots'"]),
    (lambda ls: _edit(ls, 7, 2, ""), ["row 7, column 'con'", "is empty"]),
    (lambda ls: _edit(ls, 9, 3, "-2"), ["row 9, column 'grn'", "is negative"]),
    (lambda ls: _edit(ls, 9, 3, "250"), ["row 9, column 'grn'", "above 100"]),
    (lambda ls: _edit(ls, 9, 3, "60"), ["row 9: the vote shares sum to 151",
                                        "--probabilities mymodel"]),
    (lambda ls: _edit(ls, 4, 0, "E14009999"), ["row 4, column 'code'",
                                              "E14009999 is not a constituency"]),
    (lambda ls: _edit(ls, 4, 0, "Aldershot"), ["row 4, column 'code'",
                                              "is not a GSS constituency code"]),
    (lambda ls: _edit(ls, 6, 0, ls[1].split(",")[0]), ["row 6, column 'code'",
                                                        "appears twice (first on line 2)"]),
    (lambda ls: "\n".join([ls[0] + ",ukip", *(x + ",1" for x in ls[1:])]) + "\n",
     ["unknown column 'ukip'"]),
    (lambda ls: "", ["the file is empty"]),
    (lambda ls: ls[0] + "\n", ["has a header but no rows"]),
])
def test_a_bad_shares_file(tmp_path: Path, folder: Path, change: Callable[[list[str]], str],
                           expected: list[str],
                           monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str]) -> None:
    where = _bad_folder(tmp_path, folder, change(_yougov_lines(folder)))
    code, out, err = _run(["scoreboard", "2024", str(where), "--no-ours"], monkeypatch,
                          capsys)
    assert code == 1 and out == ""
    assert "mymodel.csv" in err
    for part in expected:
        assert part in err


def test_a_file_in_the_wrong_encoding(tmp_path: Path, folder: Path,
                                      monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    lines = _yougov_lines(folder)
    lines[3] = lines[3].replace("Altrincham", "Altrinchäm")
    where = _bad_folder(tmp_path, folder, ("\n".join(lines) + "\n").encode("cp1252"))
    code, _, err = _run(["scoreboard", "2024", str(where), "--no-ours"], monkeypatch, capsys)
    assert code == 1
    assert "mymodel.csv, row 4" in err and "not UTF-8" in err


def test_a_bad_winners_file_and_bad_probabilities(tmp_path: Path, folder: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    lines = (folder / "samfr.csv").read_text(encoding="utf-8").splitlines()
    where = _bad_folder(tmp_path, folder, _edit(lines, 3, 2, "tory"), "pundit.csv")
    prob = _yougov_lines(folder)
    (where / "model.csv").write_text(_edit(prob, 2, 2, "90"), encoding="utf-8")
    code, _, err = _run(["scoreboard", "2024", str(where), "--no-ours",
                         "--probabilities", "model", "--json"], monkeypatch, capsys)
    assert code == 1
    problems = json.loads(err.splitlines()[0])["problems"]
    assert {"source": str(where / "pundit.csv"), "row": 3, "column": "party",
            "message": "is not a party column (found 'tory'); choose from "
                       + ", ".join(COLUMNS)} in problems
    assert any(p["source"].endswith("model.csv") and p["row"] == 2
               and "sum to 162%, not 100%" in p["message"] for p in problems)


def test_a_winners_file_may_name_the_projects_party_codes(tmp_path: Path, folder: Path,
                                                          result: Outcome) -> None:
    lines = (folder / "samfr.csv").read_text(encoding="utf-8").splitlines()
    recoded = [lines[0], *(line.replace(",lib", ",LD").replace(",ref", ",RUK")
                           for line in lines[1:])]
    path = tmp_path / "samfr.csv"
    path.write_text("\n".join(recoded) + "\n", encoding="utf-8")
    again = read_forecast(path, result.all_codes, revised=revised_codes())
    assert score(again, result).seats_right == 564


def test_probabilities_must_name_a_forecast_of_the_folder(
        folder: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["scoreboard", "2024", str(folder), "--no-ours", "--probabilities",
                         "exitpol"], monkeypatch, capsys)
    assert code == 2 and "'exitpol'" in err and "exitpoll" in err


def test_not_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                      capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["scoreboard", "2024", str(tmp_path), "--no-ours"], monkeypatch,
                        capsys)
    assert code == 1 and "holds no .csv forecast files" in err

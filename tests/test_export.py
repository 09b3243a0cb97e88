"""``swingometer export`` and ``Election.to_frame``: the cards of an election as tidy tables,
read back and compared with the cards' JSON and the official totals."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from swingometer import elections
from swingometer.export import CANDIDATE_COLUMNS, CONTEST_COLUMNS

DOCS = Path(__file__).resolve().parents[1] / "docs" / "export.md"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "swingometer", "export", *args],
                          capture_output=True, text=True, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture(scope="module")
def exported_2024() -> pd.DataFrame:
    done = run("2024")
    assert done.returncode == 0, done.stderr
    return pd.read_csv(io.StringIO(done.stdout), dtype={"ons_id": str})


@pytest.fixture(scope="module")
def frame_2024() -> pd.DataFrame:
    return elections.load("2024").to_frame()


def test_export_2024_has_every_seat_and_the_official_totals(exported_2024: pd.DataFrame) -> None:
    assert len(exported_2024) == 650
    assert list(exported_2024.columns) == list(CONTEST_COLUMNS)
    assert exported_2024["winner_party"].value_counts()["Lab"] == 411
    assert exported_2024["winner_party"].value_counts()["Con"] == 121
    assert exported_2024["contest_id"].is_unique
    seats = exported_2024.set_index("constituency")
    mid_beds = seats.loc["Mid Bedfordshire"]
    assert mid_beds["winner_party"] == "Con" and mid_beds["majority_votes"] == 1321
    # held against 2019, gained from Labour, which won the 2023 by-election
    assert (mid_beds["result"], mid_beds["result_pa"]) == ("Con hold", "Con gain from Lab")
    assert seats.loc["Rochdale", "result_pa"] == "Lab gain from WPB"


def test_the_csv_read_back_equals_to_frame(exported_2024: pd.DataFrame,
                                           frame_2024: pd.DataFrame) -> None:
    read_back = exported_2024.astype(frame_2024.dtypes.to_dict())
    pd.testing.assert_frame_equal(read_back, frame_2024, rtol=1e-12)


def test_every_row_equals_its_cards_json(frame_2024: pd.DataFrame) -> None:
    rows = frame_2024.set_index("contest_id")
    for contest in elections.load("2024").contests:
        card = json.loads(json.dumps(elections.card(contest)))
        row = rows.loc[contest.id]
        expected = {
            "constituency": card["contest"]["constituency"], "ons_id": card["contest"]["ons_id"],
            "winner_candidate": card["winner"]["candidate"],
            "winner_votes": card["winner"]["votes"],
            "winner_share": card["winner"]["share"], "result": card["result"],
            "majority_votes": card["majority"]["votes"],
            "turnout_valid": card["turnout"]["valid"],
            "turnout_ballot_box": card["turnout"]["ballot_box"],
            "swing_butler": (card["swing"] or {}).get("points"),
            "swing_steed": (card["steed_swing"] or {}).get("points"),
            "previous_id": (card["previous"] or {}).get("id"),
            "held_since_year": (card["held_since"] or {}).get("year"),
            "result_pa": card["result_pa"], "swing_note": card["swing_note"],
            "sitting_party": (card["sitting"] or {}).get("party"),
        }
        for column, value in expected.items():
            got = row[column]
            assert (pd.isna(got) if value is None else got == value), (contest.id, column)


def test_candidate_rows_add_up_to_the_valid_votes() -> None:
    done = run("by-2019", "--level", "candidate", "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert list(rows[0]) == list(CANDIDATE_COLUMNS)
    contests = {c.id: c for c in elections.load("by-2019").contests}
    assert {r["contest_id"] for r in rows} == set(contests)
    for cid, contest in contests.items():
        mine = [r for r in rows if r["contest_id"] == cid]
        assert sum(r["votes"] for r in mine) == contest.valid_votes
        assert [r["elected"] for r in mine] == [True] + [False] * (len(mine) - 1)
        assert mine[0]["candidate"] == contest.winner.name


def test_json_export_is_the_same_table(frame_2024: pd.DataFrame) -> None:
    done = run("2024", "--format", "json")
    rows = json.loads(done.stdout)
    assert len(rows) == 650 and list(rows[0]) == list(CONTEST_COLUMNS)
    assert rows[0]["contest_id"] == frame_2024["contest_id"][0]


def test_a_users_file_exports(tmp_path: Path) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text("constituency,candidate,party,votes\nNowhere,A,Con,10\nNowhere,B,Lab,5\n")
    out = tmp_path / "out.csv"
    done = run("--file", str(mine), "--date", "2024-07-04", "-o", str(out))
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(out)
    assert table["winner_candidate"].tolist() == ["A"] and table["majority_votes"][0] == 5


@pytest.mark.parametrize(("args", "says"), [
    (["2024", "-o", "/no/such/folder/x.csv"], "does not exist"),
    (["2024", "--level", "seat"], "contest, candidate"),
    (["2024", "--format", "xlsx"], "csv, json, jsonl, parquet"),
    ([], "name an election"),
    (["2024", "--date", "2024-07-04"], "--date goes with --file"),
])
def test_wrong_usage_exits_2(args: list[str], says: str) -> None:
    done = run(*args)
    assert done.returncode == 2, done.stderr
    assert says in re.sub(r"\s+", " ", done.stderr.replace("│", " "))


def test_the_docs_list_every_column_in_order() -> None:
    text = DOCS.read_text(encoding="utf-8")
    documented = re.findall(r"^\| `([a-z_]+)`", text, flags=re.M)
    # the candidate table's first line names the contest columns it shares
    assert documented[:len(CONTEST_COLUMNS)] == list(CONTEST_COLUMNS)
    assert documented[len(CONTEST_COLUMNS):] == ["contest_id", *CANDIDATE_COLUMNS[5:]]


def test_parquet_is_written_or_refused_with_the_way_forward(tmp_path: Path) -> None:
    from importlib.util import find_spec

    out = tmp_path / "by.parquet"
    done = run("by-2019", "--format", "parquet", "-o", str(out))
    if find_spec("pyarrow") is None:
        assert done.returncode == 2 and "swingometer[parquet]" in done.stderr
        assert not out.exists()
    else:  # pragma: no cover - with the parquet extra installed
        assert done.returncode == 0, done.stderr
        assert len(pd.read_parquet(out)) == len(elections.load("by-2019").contests)

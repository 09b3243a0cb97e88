"""One validation path for what people type: a generic results file (``result --file``) and a
live-desk declaration (``POST /api/declarations``) meet the same checks — party codes against
the registry, whole numbers in one form with a cap, a GSS code that names the seat given,
candidate names compared with white space folded, duplicate columns and keys, truncated,
huge and non-regular files. Every case starts from a real result in the official files."""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from swingometer import elections
from swingometer.errors import DataError
from swingometer.model import Contest
from swingometer.parties import UnknownPartyError, party_key, registered_code, registry
from swingometer.sources import read_results

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
RESULTS = SHARED / "parliament" / "results-by-parliament"
MID_BEDS = ("E14000813", date(2023, 10, 19))
COLUMNS = ("constituency", "ons_id", "date", "kind", "candidate", "party", "party_name",
           "votes", "electorate", "rejected", "elected")
Row = dict[str, str]


# --- real results as generic files ---------------------------------------------------------


def mid_bedfordshire() -> Contest:
    return next(c for c in elections.contests("by-2019") if (c.ons_id, c.date) == MID_BEDS)


def aberconwy() -> Contest:
    return elections.find_contest("Aberconwy", on=date(2019, 12, 12))


def rows(contest: Contest) -> list[Row]:
    """The contest as generic rows, winner first (file row 2 is the winner)."""
    return [{"constituency": contest.constituency, "ons_id": contest.ons_id or "",
             "date": contest.date.isoformat(), "kind": contest.kind, "candidate": c.name,
             "party": c.party, "party_name": c.party_name, "votes": str(c.votes),
             "electorate": str(contest.electorate), "rejected": str(contest.rejected),
             "elected": "true" if c is contest.winner else "false"}
            for c in contest.candidates]


def write_csv(path: Path, records: list[Row], columns: tuple[str, ...] = COLUMNS,
              *, ending: str = "\n") -> Path:
    text = io.StringIO()
    writer = csv.DictWriter(text, columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(records)
    path.write_text(text.getvalue().removesuffix("\n") + ending, encoding="utf-8")
    return path


def edited(records: list[Row], row: int, **fields: str) -> list[Row]:
    """The records with fields of file row ``row`` (the header is row 1) changed."""
    out = [dict(r) for r in records]
    out[row - 2].update(fields)
    return out


def problems_of(path: Path) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(DataError) as caught:
        read_results(path)
    return [(p.row, p.column, p.message) for p in caught.value.problems]


def swingometer(*args: str, env: dict[str, str] | None = None,
                timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "swingometer", *args], capture_output=True,
                          text=True, timeout=timeout,
                          env={**os.environ, "COLUMNS": "200", **(env or {})})


@pytest.fixture
def mid_beds_rows() -> list[Row]:
    return rows(mid_bedfordshire())


# --- party codes ----------------------------------------------------------------------------


@pytest.mark.parametrize(("con", "lab"), [("con", "lab"), ("CON", "LAB"),
                                          ("Conservative", "Labour"),
                                          ("conservative party", "Labour and Co-operative")])
def test_known_codes_in_any_case_and_official_names_are_normalised(
        tmp_path: Path, mid_beds_rows: list[Row], con: str, lab: str) -> None:
    records = edited(edited(mid_beds_rows, 2, party=lab), 3, party=con)
    run = swingometer("result", "--file", str(write_csv(tmp_path / "r.csv", records)), "--json")
    assert run.returncode == 0, run.stderr
    card = json.loads(run.stdout)
    assert card["result"] == "Lab gain from Con"
    assert card["steed_swing"]["points"] == pytest.approx(25.64, abs=0.01)
    assert [c["party"] for c in card["candidates"][:2]] == ["Lab", "Con"]


def test_an_unknown_code_is_refused_with_did_you_mean(tmp_path: Path,
                                                       mid_beds_rows: list[Row]) -> None:
    records = edited(mid_beds_rows, 3, party="Cons", party_name="")
    found = problems_of(write_csv(tmp_path / "r.csv", records))
    assert len(found) == 1
    row, column, message = found[0]
    assert (row, column) == (3, "party")
    assert "'Cons' is not a registered party code; did you mean 'Con' (Conservative)" in message
    assert "party_name" in message


def test_a_new_party_is_accepted_only_with_its_name(tmp_path: Path,
                                                    mid_beds_rows: list[Row]) -> None:
    named = edited(mid_beds_rows, 14, party="MBF", party_name="Mid Beds First")
    (contest,) = read_results(write_csv(tmp_path / "named.csv", named))
    assert contest.candidates[-1].party == "MBF"
    nameless = edited(mid_beds_rows, 14, party="MBF", party_name="")
    ((row, column, message),) = problems_of(write_csv(tmp_path / "nameless.csv", nameless))
    assert (row, column) == (14, "party") and "a new party needs its full name" in message


def test_a_code_and_a_name_of_two_parties_are_refused(tmp_path: Path,
                                                      mid_beds_rows: list[Row]) -> None:
    records = edited(mid_beds_rows, 2, party="Lab", party_name="Conservative")
    ((row, column, message),) = problems_of(write_csv(tmp_path / "r.csv", records))
    assert (row, column) == (2, "party_name")
    assert "'Lab' is Labour but party_name 'Conservative' is Con" in message


def test_a_new_code_named_as_a_registered_party_is_refused(tmp_path: Path,
                                                           mid_beds_rows: list[Row]) -> None:
    records = edited(mid_beds_rows, 3, party="Tories2", party_name="Conservative")
    ((_, column, message),) = problems_of(write_csv(tmp_path / "r.csv", records))
    assert column == "party" and "did you mean 'Con'" in message


# --- numbers --------------------------------------------------------------------------------

BAD_NUMBERS = [
    ("1821,5", "commas group digits in threes"),
    ("12.000", "has a decimal point"),
    ("1,23,456", "commas group digits in threes"),
    ("9,420.", "is not a whole number"),
    ("12345678901234567890", "is above 10,000,000"),
    ("10,000,001", "is above 10,000,000"),
    ("1e4", "is not a number"),
]


@pytest.mark.parametrize(("votes", "says"), BAD_NUMBERS)
def test_a_vote_in_any_other_form_is_refused(tmp_path: Path, mid_beds_rows: list[Row],
                                             votes: str, says: str) -> None:
    path = write_csv(tmp_path / "r.csv", edited(mid_beds_rows, 4, votes=votes))
    found = [f for f in problems_of(path) if f[1] == "votes"]
    assert len(found) == 1 and found[0][0] == 4
    assert says in found[0][2] and repr(votes) in found[0][2]


def test_grouped_whole_numbers_are_read(tmp_path: Path, mid_beds_rows: list[Row]) -> None:
    records = [dict(r, electorate="92,578") for r in edited(mid_beds_rows, 2, votes="13,872")]
    (contest,) = read_results(write_csv(tmp_path / "r.csv", records))
    assert (contest.winner.votes, contest.electorate) == (13_872, 92_578)


def test_an_electorate_above_the_cap_is_refused(tmp_path: Path,
                                                mid_beds_rows: list[Row]) -> None:
    records = [dict(r, electorate="99999999999") for r in mid_beds_rows]
    found = problems_of(write_csv(tmp_path / "r.csv", records))
    assert {(c, m.split(",  ")[0]) for _, c, m in found} == {(
        "electorate", "is above 10,000,000, the most a contest can have (found '99999999999')")}


# --- a file cut short -----------------------------------------------------------------------

VOTES_LAST = ("constituency", "ons_id", "date", "candidate", "party", "votes")


def test_a_file_cut_inside_its_last_vote_is_possibly_truncated(tmp_path: Path) -> None:
    """The real Aberconwy 2019 result, cut as an interrupted download leaves it: LD 1,821 → 18."""
    full = write_csv(tmp_path / "full.csv", rows(aberconwy()), VOTES_LAST)
    cut = tmp_path / "cut.csv"
    cut.write_bytes(full.read_bytes()[:-3])
    assert cut.read_text().endswith(",LD,18")
    ((row, column, message),) = problems_of(cut)
    assert (row, column) == (5, "votes") and "possibly truncated" in message
    run = swingometer("result", "--file", str(cut))
    assert run.returncode == 1 and "possibly truncated" in run.stderr and not run.stdout


def test_a_complete_file_without_a_final_newline_still_reads(tmp_path: Path) -> None:
    contest = aberconwy()
    for name, columns in (("text-last", (*VOTES_LAST, "party_name")),
                          ("checked", (*VOTES_LAST[:-1], "valid_votes", "votes"))):
        records = [dict(r, valid_votes=str(contest.valid_votes)) for r in rows(contest)]
        (read,) = read_results(write_csv(tmp_path / f"{name}.csv", records, columns, ending=""))
        assert read.candidates[-1].votes == 1821
    quoted = tmp_path / "quoted.csv"
    quoted.write_text(write_csv(tmp_path / "x.csv", rows(contest), VOTES_LAST).read_text()
                      .replace(",1821\n", ',"1821"'))
    assert read_results(quoted)[0].candidates[-1].votes == 1821


def test_a_cut_inside_a_quoted_last_value_is_possibly_truncated(tmp_path: Path) -> None:
    full = write_csv(tmp_path / "full.csv", rows(aberconwy()),
                     ("constituency", "date", "party", "votes", "candidate"), ending="")
    text = full.read_text().replace("Jason Edwards", '"Jason Edwards"')
    cut = tmp_path / "cut.csv"
    cut.write_text(text[:-5])
    ((_, _, message),) = problems_of(cut)
    assert "ends inside a quoted value" in message and "possibly truncated" in message


def test_an_official_file_without_a_final_newline_reads_its_last_row() -> None:
    """The 2019 notionals end without a newline; their last seat is read whole."""
    path = RESULTS / "58" / "notional-general-election" / "results.csv"
    assert not path.read_bytes().endswith(b"\n")
    last = next(csv.reader([path.read_text(encoding="utf-8").splitlines()[-1]]))
    seat = next(c for c in elections.contests("2019-notional") if c.constituency == last[0])
    assert sum(c.votes for c in seat.candidates) == int(last[9])


# --- GSS codes ------------------------------------------------------------------------------


def test_a_gss_code_of_another_seat_is_refused_naming_both(tmp_path: Path,
                                                           mid_beds_rows: list[Row]) -> None:
    records = [dict(r, ons_id="E14000814") for r in mid_beds_rows]  # one digit off
    found = problems_of(write_csv(tmp_path / "r.csv", records))
    assert len(found) == 1
    row, column, message = found[0]
    assert (row, column) == (2, "ons_id")
    assert "E14000814 is Mid Derbyshire" in message and "'Mid Bedfordshire'" in message


def test_a_gss_code_with_another_spelling_of_its_name_reads(tmp_path: Path,
                                                            mid_beds_rows: list[Row]) -> None:
    records = [dict(r, constituency="Bedfordshire, Mid") for r in mid_beds_rows]
    (contest,) = read_results(write_csv(tmp_path / "r.csv", records))
    assert contest.ons_id == "E14000813"


# --- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["Alistair  Strathern", "Alistair\u00a0Strathern",
                                      " Alistair\tStrathern "])
def test_a_candidate_spelt_with_other_white_space_is_a_duplicate(
        tmp_path: Path, mid_beds_rows: list[Row], spelling: str) -> None:
    records = edited(mid_beds_rows, 3, candidate=spelling, party="Lab", party_name="Labour")
    ((row, column, message),) = problems_of(write_csv(tmp_path / "r.csv", records))
    assert (row, column) == (3, "candidate") and "duplicate candidate" in message


def test_control_characters_in_names_are_stripped(tmp_path: Path,
                                                  mid_beds_rows: list[Row]) -> None:
    records = edited(mid_beds_rows, 3, candidate="Fes\x1btus\x07 Akinbusoye\x7f")
    records = [dict(r, constituency="Mid\x0b Bedfordshire\x08") for r in records]
    (contest,) = read_results(write_csv(tmp_path / "r.csv", records))
    assert contest.constituency == "Mid Bedfordshire"
    assert contest.candidates[1].name == "Festus Akinbusoye"


# --- duplicate columns and keys, JSON types -------------------------------------------------


def test_two_columns_of_one_name_are_refused(tmp_path: Path, mid_beds_rows: list[Row]) -> None:
    path = write_csv(tmp_path / "r.csv", mid_beds_rows, ("constituency", "date", "candidate",
                                                         "party", "votes", "votes"))
    found = problems_of(path)
    assert found == [(None, "votes", "has several columns meaning 'votes' ('votes', 'votes'); "
                      "keep one")]


def json_text(records: list[Row], **first: str) -> str:
    """A JSON list of the records (votes as numbers), with raw text spliced into the first."""
    items = [json.dumps({**r, "votes": int(r["votes"])}) for r in records]
    for key, raw in first.items():
        items[0] = items[0][:-1] + f', "{key}": {raw}}}'
    return "[\n" + ",\n".join(items) + "\n]\n"


def test_a_json_key_given_twice_is_refused(tmp_path: Path, mid_beds_rows: list[Row]) -> None:
    path = tmp_path / "r.json"
    path.write_text(json_text(mid_beds_rows, votes="1"))
    assert problems_of(path) == [(1, "votes", "gives 'votes' twice; keep one")]


JSON_VOTES = [("true", "is not a number (found 'true')"), ("13872.0", "has a decimal point"),
              ("12345678901234567890", "is above 10,000,000"),
              ("9" * 5000, "is above 10,000,000")]


@pytest.mark.parametrize(("raw", "says"), JSON_VOTES,
                         ids=["true", "float", "20-digits", "5000-digits"])
def test_a_json_vote_that_is_not_a_whole_number_is_refused(
        tmp_path: Path, mid_beds_rows: list[Row], raw: str, says: str) -> None:
    records = [{k: v for k, v in r.items() if k != "votes"} | {"votes": r["votes"]}
               for r in mid_beds_rows]
    path = tmp_path / "r.json"
    path.write_text(json_text(records).replace('"votes": 13872', f'"votes": {raw}', 1))
    found = problems_of(path)
    assert [(r, c) for r, c, _ in found] == [(1, "votes")] and says in found[0][2]


def test_deeply_nested_json_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    run = swingometer("result", "--file", str(path))
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "nests deeper than" in run.stderr


# --- files that are not files ---------------------------------------------------------------


def test_a_device_is_refused_without_reading_it() -> None:
    run = swingometer("result", "--file", "/dev/zero", timeout=60)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "/dev/zero: 1 problem found" in run.stderr and "not a regular file" in run.stderr


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "results.csv"
    os.mkfifo(fifo)
    run = swingometer("result", "--file", str(fifo), timeout=60)
    assert run.returncode == 1 and "not a regular file (a FIFO" in run.stderr


def test_a_file_over_the_size_cap_is_refused(tmp_path: Path, mid_beds_rows: list[Row]) -> None:
    path = write_csv(tmp_path / "r.csv", mid_beds_rows * 1500)  # ~2.6 MB
    run = swingometer("result", "--file", str(path), env={"SWINGOMETER_MAX_FILE_MB": "1"})
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "over the 1 MB limit" in run.stderr and "SWINGOMETER_MAX_FILE_MB" in run.stderr


# --- the registry against the official files ------------------------------------------------


def official_parties() -> Iterator[tuple[Path, str, str, str]]:
    """(file, abbreviation, name, party) of every candidate row of every official candidacies
    file; the party is the abbreviation, or for a joint description of the 2029 template
    (``Lab / Co-op``) its primary party (``Lab``), as the results files count it."""
    for path in sorted(RESULTS.glob("*/*/candidacies.csv")):
        table = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        header, body = table[0], table[1:]
        primary = None
        if "Party abbreviation" in header:
            code, name = header.index("Party abbreviation"), header.index("Party name")
        elif "Nomination_Party_Abbreviation" in header:
            code, name = (header.index("Nomination_Party_Abbreviation"),
                          header.index("Nomination_Party_Name"))
            primary = header.index("Primary_Party_Abbreviation")
        else:  # the headerless 2010-2019 files: name, then abbreviation
            code, name, body = 8, 7, table
        for record in body:
            party = (record[primary].strip() if primary is not None else "") or record[code]
            yield path, record[code].strip(), record[name].strip(), party.strip()


def test_every_official_code_and_name_is_in_the_registry() -> None:
    rows = list(official_parties())
    assert len(rows) > 24_000
    for path, code, name, party in rows:
        assert registered_code(code) == registered_code(name) == registered_code(party), (
            path, code, name)
        assert registered_code(code, name).casefold() == party.casefold(), (path, code, name)


def test_lab_co_op_is_labour_as_the_official_files_count_it() -> None:
    for label in ("Lab / Co-op", "Labour / Co-operative Party", "Labour and Co-operative"):
        assert registered_code(label) == "Lab"


def test_no_spelling_in_the_registry_names_two_parties() -> None:
    owners: dict[str, set[str]] = {}
    for code, (name, aliases) in registry().items():
        for label in (code, name, *aliases):
            owners.setdefault(party_key(label), set()).add(code)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_the_shipped_registry_is_what_the_official_files_give() -> None:
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "party_codes.py"),
                          "--check", "--data", str(SHARED)], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


def test_an_unknown_party_error_carries_the_value_and_suggestions() -> None:
    with pytest.raises(UnknownPartyError) as caught:
        registered_code("Labr")
    assert caught.value.value == "Labr" and "Lab" in caught.value.suggestions


# --- the live desk --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def desk(served_desk: Any) -> Iterator[tuple[str, dict[str, str]]]:
    with served_desk("user input") as (url, token):
        yield url, {"Authorization": f"Bearer {token}"}


Post = Callable[..., httpx.Response]


@pytest.fixture
def post(desk: tuple[str, dict[str, str]]) -> Iterator[Post]:
    url, auth = desk
    with httpx.Client(base_url=url, timeout=30) as client:
        def send(body: dict[str, Any]) -> httpx.Response:
            return client.post("/api/declarations", json=body, headers=auth)
        send.get = client.get  # type: ignore[attr-defined]
        yield send


def declaration(name: str, **changes: Any) -> dict[str, Any]:
    """A real 2019 declaration with its official figures."""
    contest = elections.find_contest(name, on=date(2019, 12, 12))
    return {"contest": contest.id, "state": "result", "revision": 1,
            "candidates": [{"candidate": c.name, "party": c.party, "votes": c.votes,
                            "party_name": c.party_name} for c in contest.candidates],
            "electorate": contest.electorate, "rejected": contest.rejected} | changes


def problems(answer: httpx.Response) -> list[tuple[str | None, str]]:
    assert answer.status_code == 422, answer.text
    return [(p["column"], p["message"]) for p in answer.json()["problems"]]


def test_a_declaration_with_lowercase_and_full_party_names_is_normalised(post: Post) -> None:
    body = declaration("Bassetlaw")
    assert [c["party"] for c in body["candidates"][:2]] == ["Con", "Lab"]
    body["candidates"][0]["party"], body["candidates"][1]["party"] = "con", "Labour"
    answer = post(body)
    assert answer.status_code == 201, answer.text
    assert answer.json()["result"] == "Con gain from Lab"
    card = post.get(f"/api/contests/{body['contest']}").json()  # type: ignore[attr-defined]
    assert card["steed_swing"]["points"] < 50
    parties = {p["party"] for p in post.get("/api/totals").json()["parties"]}  # type: ignore
    assert "con" not in parties and "Labour" not in parties


def test_a_declaration_with_an_unknown_party_is_422_with_did_you_mean(post: Post) -> None:
    body = declaration("Bolsover")
    body["candidates"][0].update(party="Cons", party_name="")
    found = problems(post(body))
    assert [c for c, _ in found] == ["party"]
    assert "did you mean 'Con'" in found[0][1]


REVISIONS = itertools.count(10)
NOT_INTEGERS = [("votes", lambda v: True), ("votes", float), ("votes", str),
                ("electorate", float), ("electorate", str), ("rejected", lambda v: True),
                ("rejected", float), ("revision", lambda v: True)]


@pytest.mark.parametrize(("field", "spoil"), NOT_INTEGERS,
                         ids=[f"{f}-{i}" for i, (f, _) in enumerate(NOT_INTEGERS)])
def test_a_declaration_number_must_be_a_json_integer(post: Post, field: str,
                                                     spoil: Callable[[int], Any]) -> None:
    body = declaration("Don Valley", revision=next(REVISIONS))
    where = body["candidates"][0] if field == "votes" else body
    where[field] = spoil(where[field])
    found = problems(post(body))
    assert any(c is not None and c.endswith(field) for c, _ in found), found


def test_a_declaration_with_a_candidate_twice_in_other_white_space_is_422(post: Post) -> None:
    body = declaration("Aberconwy")
    twin = dict(body["candidates"][0], candidate="Robin\u00a0 Millar", votes=1)
    body["candidates"].append(twin)
    found = problems(post(body))
    assert any(c == "candidate" and "duplicate candidate" in m for c, m in found)


def test_a_declaration_name_loses_its_control_characters(post: Post) -> None:
    body = declaration("Vale of Clwyd")
    body["candidates"][0]["candidate"] = "James\x1b[2J  Davies\x07"
    answer = post(body)
    assert answer.status_code == 201, answer.text
    assert answer.json()["winner"]["candidate"] == "James[2J Davies"


def test_the_documented_party_error_is_what_users_see(tmp_path: Path,
                                                      mid_beds_rows: list[Row]) -> None:
    doc = (ROOT / "docs" / "generic-format.md").read_text(encoding="utf-8")
    shown = next(line for line in doc.splitlines() if line.startswith("r.csv, row 3"))
    path = write_csv(tmp_path / "r.csv", edited(mid_beds_rows, 3, party="Cons", party_name=""))
    with pytest.raises(DataError) as caught:
        read_results(path)
    assert [str(p).replace(str(path), "r.csv") for p in caught.value.problems] == [shown]

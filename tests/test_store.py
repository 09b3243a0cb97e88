"""The results ledger on a real SQLite file and a real PostgreSQL server: append-only records,
current state derived from them, refusals of stale or weaker declarations, concurrent writers
that never lose a record, hashed tokens, and round-trips that lose nothing."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select, text

from swingometer import elections
from swingometer.desk.desk import annotate
from swingometer.store import (
    ConflictError,
    Entry,
    Ledger,
    NewDeclaration,
    Target,
    TokenError,
    connect,
    create_token,
    match,
    revoke_token,
    stored_digests,
)
from swingometer.store.schema import Base, HeadRow, TokenRow

POSTGRES = os.environ.get("SWINGOMETER_TEST_POSTGRES")


def postgres_url() -> str:
    """The test server's URL; CI must have one (``.ci/run`` starts PostgreSQL)."""
    if POSTGRES:
        return POSTGRES
    if os.environ.get("CI"):
        pytest.fail("SWINGOMETER_TEST_POSTGRES is not set: .ci/run should start PostgreSQL")
    pytest.skip("no PostgreSQL server (set SWINGOMETER_TEST_POSTGRES)")


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        found = connect(str(tmp_path / "ledger.sqlite"))
    else:
        found = connect(postgres_url())
        Base.metadata.drop_all(found)
        Base.metadata.create_all(found)
    yield found
    found.dispose()


@pytest.fixture
def ledger(engine: Engine) -> Ledger:
    return Ledger(engine)


def official(name: str) -> tuple[Target, tuple[Entry, ...], int | None, int | None]:
    """A 2019 contest from the official files, as a ledger target and candidate lines."""
    contest = elections.find_contest(name, on=date(2019, 12, 12))
    target = Target(contest.id, "parl.2019-12-12", contest.ons_id, contest.constituency,
                    contest.date, "general", contest.region, contest.country)
    entries = tuple(Entry(c.name, c.party, c.votes, c.party_name) for c in contest.candidates)
    return target, entries, contest.electorate, contest.rejected


def declaration(name: str, state: str = "result", revision: int = 1) -> NewDeclaration:
    target, entries, electorate, rejected = official(name)
    if state == "winner":
        entries = (replace(entries[0], votes=None),)
    return NewDeclaration(target, state, revision, entries, electorate, rejected,  # type: ignore[arg-type]
                          source="returning officer")


def test_a_declaration_reads_back_as_it_was_given(ledger: Ledger) -> None:
    new = declaration("Blyth Valley")
    stored = ledger.append(new)
    again = ledger.get(stored.id)
    assert again == stored
    assert stored.target == new.target
    assert stored.candidates == new.candidates
    assert stored.candidates[0] == Entry("Ian Levy", "Con", 17440, "Conservative")
    assert (stored.electorate, stored.rejected) == (new.electorate, new.rejected)
    assert stored.received_at.tzinfo is not None


def test_current_state_is_the_highest_revision_and_history_is_kept(ledger: Ledger) -> None:
    rush = ledger.append(declaration("Blyth Valley", "winner", 1))
    result = ledger.append(declaration("Blyth Valley", "result", 2))
    assert ledger.current(result.target.contest_id) == result
    assert [r.id for r in ledger.history(result.target.contest_id)] == [rush.id, result.id]
    assert [r.id for r in ledger.current_all("parl.2019-12-12")] == [result.id]
    with ledger.engine.connect() as conn:  # the compare-and-set head agrees with the records
        head = conn.execute(select(HeadRow.declaration_id)).scalar_one()
    assert head == result.id


def test_a_stale_revision_is_refused(ledger: Ledger) -> None:
    ledger.append(declaration("Blyth Valley", "result", 2))
    for revision in (1, 2):
        with pytest.raises(ConflictError, match=f"revision {revision} is stale"):
            ledger.append(declaration("Blyth Valley", "recount", revision))
    assert len(ledger.history("parl.blyth-valley.2019-12-12")) == 1


def test_a_winner_rush_never_replaces_a_result(ledger: Ledger) -> None:
    result = ledger.append(declaration("Blyth Valley", "result", 1))
    with pytest.raises(ConflictError, match="'winner' declaration never replaces a 'result'"):
        ledger.append(declaration("Blyth Valley", "winner", 5))
    assert ledger.current(result.target.contest_id) == result


def test_a_correction_needs_a_result_and_says_what_changed(ledger: Ledger) -> None:
    with pytest.raises(ConflictError, match="a correction needs a result"):
        ledger.append(declaration("Blyth Valley", "correction", 1))
    right = declaration("Blyth Valley", "result", 1)
    wrong_lines = (right.candidates[0], replace(right.candidates[1], votes=16_000),
                   *right.candidates[2:])
    ledger.append(replace(right, candidates=wrong_lines), annotate)
    fixed = ledger.append(replace(right, state="correction", revision=2), annotate)
    assert fixed.changes == ({"candidate": "Susan Dungworth", "party": "Lab", "field": "votes",
                              "before": 16_000, "after": 16_728, "change": 728},)


def test_two_writers_at_once_never_lose_a_record(ledger: Ledger) -> None:
    names = [c.constituency for c in elections.contests("2019")[:40]]
    declarations = [declaration(n) for n in names]
    stored: list[int] = []
    errors: list[BaseException] = []

    def write(share: list[NewDeclaration]) -> None:
        try:
            stored.extend(ledger.append(d).id for d in share)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(declarations[i::4],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors
    assert sorted(stored) == sorted(r.id for r in ledger.records())
    assert len(ledger.current_all("parl.2019-12-12")) == len(names)


def test_racing_writers_on_one_contest_keep_one_record_a_revision(ledger: Ledger) -> None:
    """Six writers send revisions 1..6 of one contest in a scramble: every revision that was
    answered is stored, none twice, and the current state is the highest stored revision."""
    accepted: list[int] = []
    refused: list[int] = []
    barrier = threading.Barrier(6)

    def write(revision: int) -> None:
        barrier.wait(30)
        try:
            accepted.append(ledger.append(declaration("Blyth Valley", "result", revision)).revision)
        except ConflictError:
            refused.append(revision)

    threads = [threading.Thread(target=write, args=(r,)) for r in range(1, 7)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    history = ledger.history("parl.blyth-valley.2019-12-12")
    assert sorted(accepted) == [r.revision for r in history]
    assert sorted(accepted + refused) == [1, 2, 3, 4, 5, 6]
    assert 6 in accepted  # the newest revision can never be stale
    assert ledger.current("parl.blyth-valley.2019-12-12").revision == 6  # type: ignore[union-attr]


names = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                min_size=1, max_size=60)
lines = st.lists(st.tuples(names, st.sampled_from(["Con", "Lab", "LD", "Green", "Ind", "X"]),
                           st.integers(0, 5_000_000)), min_size=1, max_size=12)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=lines, note=st.none() | names)
def test_round_trips_lose_nothing(ledger: Ledger, lines: list[tuple[str, str, int]],
                                  note: str | None) -> None:
    base = declaration("Aberavon")
    revision = len(ledger.history(base.target.contest_id)) + 1
    new = replace(base, revision=revision, note=note, electorate=None, rejected=None,
                  candidates=tuple(Entry(n, p, v) for n, p, v in lines))
    stored = ledger.append(new)
    assert ledger.get(stored.id) == stored
    assert (stored.candidates, stored.note, stored.revision) == (new.candidates, note, revision)


def test_tokens_are_stored_only_as_hashes(engine: Engine) -> None:
    token = create_token(engine, "desk")
    with engine.connect() as conn:
        stored = [tuple(row) for row in conn.execute(select(TokenRow.name, TokenRow.sha256))]
        dump = " ".join(str(v) for row in conn.execute(text("SELECT * FROM tokens")) for v in row)
    assert token not in dump and token[4:] not in dump
    assert stored[0][0] == "desk" and len(stored[0][1]) == 64
    assert match(token, stored_digests(engine)) == "desk"
    assert match(token + "x", stored_digests(engine)) is None
    with pytest.raises(TokenError, match="already exists"):
        create_token(engine, "desk")
    revoke_token(engine, "desk")
    assert match(token, stored_digests(engine)) is None

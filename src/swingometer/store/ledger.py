"""The append-only results ledger: every declaration is a new record; a contest's current state
is derived from its records (its highest revision); the whole history stays readable."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import Engine, Table, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..errors import SwingometerError
from .records import RANK, Entry, NewDeclaration, Record, State, Target
from .schema import DeclarationRow, HeadRow

#: what changed between the current record (if any) and a new one
Annotate = Callable[[Record | None, NewDeclaration], list[dict[str, Any]]]
ATTEMPTS = 20


class ConflictError(SwingometerError):
    """A declaration that would overwrite a newer one, or a fuller one (HTTP 409)."""

    exit_code = 1

    def __init__(self, message: str, current: Record | None) -> None:
        self.current = current
        super().__init__(message)


class _Raced(Exception):
    """Another writer moved the contest's head between our read and our write."""


def check_order(current: Record | None, new: NewDeclaration) -> None:
    """Refuse a stale revision, a ``winner`` after a ``result``, a correction of nothing."""
    if current is None:
        if new.state == "correction":
            raise ConflictError(f"{new.target.contest_id}: a correction needs a result to "
                                "correct, and none has been declared", None)
        return
    if new.revision <= current.revision:
        raise ConflictError(f"{new.target.contest_id}: revision {new.revision} is stale; "
                            f"revision {current.revision} ({current.state}) is already held",
                            current)
    if RANK[new.state] < RANK[current.state]:
        raise ConflictError(f"{new.target.contest_id}: a {new.state!r} declaration never "
                            f"replaces a {current.state!r} one", current)


def _to_record(row: Any) -> Record:
    """A record from a row of the declarations table (an ORM object or a Core row)."""
    received = row.received_at
    if received.tzinfo is None:  # SQLite keeps no zone: every time is stored in UTC
        received = received.replace(tzinfo=UTC)
    target = Target(row.contest_id, row.election_id, row.ons_id, row.constituency,
                    date.fromisoformat(row.date), row.kind, row.region, row.country)
    return Record(
        id=row.id, target=target, state=cast(State, row.state), revision=row.revision,
        candidates=tuple(Entry(**e) for e in row.candidates), received_at=received,
        electorate=row.electorate, rejected=row.rejected, source=row.source, note=row.note,
        token_name=row.token_name, changes=tuple(row.changes or ()))


def _values(new: NewDeclaration, changes: list[dict[str, Any]]) -> dict[str, Any]:
    t = new.target
    return {"contest_id": t.contest_id, "election_id": t.election_id, "ons_id": t.ons_id,
            "constituency": t.constituency, "date": t.date.isoformat(), "kind": t.kind,
            "region": t.region, "country": t.country, "state": new.state,
            "revision": new.revision, "candidates": [asdict(e) for e in new.candidates],
            "electorate": new.electorate, "rejected": new.rejected, "source": new.source,
            "note": new.note, "changes": changes, "token_name": new.token_name,
            "received_at": datetime.now(UTC)}


TABLE = cast(Table, DeclarationRow.__table__)
INSERT = insert(TABLE)
INSERT_HEAD = insert(cast(Table, HeadRow.__table__)).values(
    contest_id=bindparam("contest"), declaration_id=bindparam("new_id"),
    revision=bindparam("revision"))
MOVE_HEAD = (update(cast(Table, HeadRow.__table__))
             .where(HeadRow.contest_id == bindparam("contest"),
                    HeadRow.declaration_id == bindparam("old_id"))
             .values(declaration_id=bindparam("new_id"), revision=bindparam("revision")))
CURRENT = (select(TABLE).where(TABLE.c.contest_id == bindparam("contest"))
           .order_by(TABLE.c.revision.desc()).limit(1))


def _no_changes(_current: Record | None, _new: NewDeclaration) -> list[dict[str, Any]]:
    return []


class Ledger:
    """Declarations in a SQL database (SQLite or PostgreSQL), appended and never updated."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def append(self, new: NewDeclaration, annotate: Annotate = _no_changes) -> Record:
        """Store a declaration if it is newer than the contest's current one.

        Optimistic: read the head, check the order, then insert and move the head only if it
        still points where we read it; if another writer got there first, read again.
        """
        for _ in range(ATTEMPTS):
            current = self.current(new.target.contest_id)
            check_order(current, new)
            try:
                return self._write(new, current, annotate(current, new))
            except (_Raced, IntegrityError):
                continue
        raise ConflictError(f"{new.target.contest_id}: too many writers at once; try again",
                            self.current(new.target.contest_id))

    def _write(self, new: NewDeclaration, current: Record | None,
               changes: list[dict[str, Any]]) -> Record:
        values = _values(new, changes)
        with self.engine.begin() as conn:
            key = conn.execute(INSERT, values).inserted_primary_key
            assert key is not None
            new_id = int(key[0])
            head = {"contest": new.target.contest_id, "new_id": new_id,
                    "revision": new.revision}
            if current is None:
                conn.execute(INSERT_HEAD, head)
            elif conn.execute(MOVE_HEAD, head | {"old_id": current.id}).rowcount != 1:
                raise _Raced
        return _to_record(SimpleNamespace(id=new_id, **values))

    def get(self, record_id: int) -> Record | None:
        found = self._select(select(DeclarationRow).where(DeclarationRow.id == record_id))
        return found[0] if found else None

    def _select(self, query: Any) -> list[Record]:
        from sqlalchemy.orm import Session

        with Session(self.engine) as session:
            return [_to_record(row) for row in session.execute(query).scalars()]

    def history(self, contest_id: str) -> list[Record]:
        """Every record of a contest, oldest revision first."""
        return self._select(select(DeclarationRow).where(DeclarationRow.contest_id == contest_id)
                            .order_by(DeclarationRow.revision))

    def current(self, contest_id: str) -> Record | None:
        """The contest's current state: its record with the highest revision."""
        with self.engine.connect() as conn:
            row = conn.execute(CURRENT, {"contest": contest_id}).first()
        return _to_record(row) if row is not None else None

    def current_all(self, election_id: str | None = None) -> list[Record]:
        """Each contest's current record (of one election, or of all), derived from the
        records themselves: the highest revision of each contest."""
        latest = select(DeclarationRow.contest_id, func.max(DeclarationRow.revision)
                        .label("revision")).group_by(DeclarationRow.contest_id)
        if election_id is not None:
            latest = latest.where(DeclarationRow.election_id == election_id)
        top = latest.subquery()
        query = (select(DeclarationRow)
                 .join(top, (DeclarationRow.contest_id == top.c.contest_id)
                       & (DeclarationRow.revision == top.c.revision))
                 .order_by(DeclarationRow.id))
        return self._select(query)

    def records(self, election_id: str | None = None, after: int = 0,
                limit: int | None = None) -> list[Record]:
        """Records in the order they were stored, after a record id."""
        query = select(DeclarationRow).where(DeclarationRow.id > after)
        if election_id is not None:
            query = query.where(DeclarationRow.election_id == election_id)
        query = query.order_by(DeclarationRow.id)
        return self._select(query.limit(limit) if limit else query)

    def last(self) -> Record | None:
        """The most recently stored record."""
        found = self._select(select(DeclarationRow).order_by(DeclarationRow.id.desc()).limit(1))
        return found[0] if found else None

    def version(self) -> tuple[int, int]:
        """(number of records, highest id): changes whenever anyone appends a record."""
        with self.engine.connect() as conn:
            count, top = conn.execute(select(func.count(DeclarationRow.id),
                                             func.max(DeclarationRow.id))).one()
        return int(count), int(top or 0)

    def elections(self) -> Sequence[tuple[str, int]]:
        """Elections with declarations, and how many records each has."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(DeclarationRow.election_id, func.count())
                                .group_by(DeclarationRow.election_id)).all()
        return [(str(e), int(n)) for e, n in rows]

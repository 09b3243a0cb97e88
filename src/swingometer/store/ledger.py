"""The append-only results ledger: every declaration is a new record; a contest's current state
is derived from its records (its highest revision); the whole history stays readable."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any, ParamSpec, TypeVar, cast

from sqlalchemy import Engine, Table, bindparam, delete, func, insert, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError

from ..errors import SwingometerError
from .records import RANK, Entry, NewDeclaration, Record, State, Target
from .schema import DeclarationRow, ExitPollRow, HeadRow, ProbeRow

#: what changed between the current record (if any) and a new one
Annotate = Callable[[Record | None, NewDeclaration], list[dict[str, Any]]]
ATTEMPTS = 20
#: bytes the health probe writes (and clears): room for a few declarations
PROBE_ROOM = 16_384


class ConflictError(SwingometerError):
    """A declaration that would overwrite a newer one, or a fuller one (HTTP 409)."""

    exit_code = 1

    def __init__(self, message: str, current: Record | None) -> None:
        self.current = current
        super().__init__(message)


class LedgerUnavailableError(SwingometerError):
    """The ledger's database cannot be written (full disk, read-only file) or reached (the
    server stopped): HTTP 503, exit 4 on the command line."""

    exit_code = 4


#: PostgreSQL channel on which every stored record's id is announced (``d:<id>`` for a
#: declaration, ``e:<id>`` for an exit poll), so every server can push it to its clients
CHANNEL = "swingometer_records"


def _reason(error: BaseException) -> str:
    inner = getattr(error, "orig", None) or error
    return (str(inner).strip().splitlines() or [type(inner).__name__])[0]


@contextmanager
def reaching(what: str = "reached") -> Iterator[None]:
    """Turn a database failure into LedgerUnavailableError ("cannot be written: ...")."""
    try:
        yield
    except IntegrityError:
        raise
    except (DBAPIError, SQLAlchemyError, OSError) as error:
        raise LedgerUnavailableError(f"the results ledger cannot be {what}: "
                                     f"{_reason(error)}") from None


P = ParamSpec("P")
R = TypeVar("R")


def _guarded(what: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    def wrap(method: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(method)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            with reaching(what):
                return method(*args, **kwargs)
        return guarded
    return wrap


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


def _exit_poll(row: Any) -> dict[str, Any]:
    received = row.received_at
    if received.tzinfo is None:
        received = received.replace(tzinfo=UTC)
    return {"id": row.id, "election": row.election_id, "source": row.source,
            "published": row.published, "seats": dict(row.seats),
            "seat_probabilities": row.seat_probabilities,
            "received_at": received.isoformat()}


def _no_changes(_current: Record | None, _new: NewDeclaration) -> list[dict[str, Any]]:
    return []


class Ledger:
    """Declarations in a SQL database (SQLite or PostgreSQL), appended and never updated."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def announces(self) -> bool:
        """Whether stored records are announced to every server (PostgreSQL NOTIFY)."""
        return self.engine.dialect.name == "postgresql"

    def _announce(self, conn: Any, payload: str) -> None:
        """NOTIFY in the writing transaction: delivered to listeners only once committed."""
        if self.announces:
            conn.execute(text("SELECT pg_notify(:channel, :payload)"),
                         {"channel": CHANNEL, "payload": payload})

    @_guarded("written")
    def probe(self, server: str) -> None:
        """Write and commit one row: proof that the ledger takes writes now."""
        with self.engine.begin() as conn:
            conn.execute(delete(ProbeRow).where(ProbeRow.server == server))
            conn.execute(insert(ProbeRow).values(server=server, checked_at=datetime.now(UTC),
                                                 room=" " * PROBE_ROOM))
            conn.execute(update(ProbeRow).where(ProbeRow.server == server).values(room=""))

    @_guarded("written")
    def append_exit_poll(self, election_id: str, poll: dict[str, Any],
                         token_name: str | None = None) -> dict[str, Any]:
        """Store a published exit poll for a night (its JSON shape: ``source``,
        ``published``, ``seats`` and optional ``seat_probabilities``)."""
        values = {"election_id": election_id, "source": poll["source"],
                  "published": poll["published"], "seats": dict(poll["seats"]),
                  "seat_probabilities": poll.get("seat_probabilities"),
                  "token_name": token_name, "received_at": datetime.now(UTC)}
        with self.engine.begin() as conn:
            key = conn.execute(insert(ExitPollRow).values(**values)).inserted_primary_key
            assert key is not None
            new_id = int(key[0])
            self._announce(conn, f"e:{new_id}")
        return _exit_poll(SimpleNamespace(id=new_id, **values))

    @_guarded("reached")
    def exit_poll(self, election_id: str | None = None, poll_id: int | None = None
                  ) -> dict[str, Any] | None:
        """The latest exit poll posted for a night (or the one with this id)."""
        query = select(ExitPollRow)
        if poll_id is not None:
            query = query.where(ExitPollRow.id == poll_id)
        if election_id is not None:
            query = query.where(ExitPollRow.election_id == election_id)
        with self.engine.connect() as conn:
            row = conn.execute(query.order_by(ExitPollRow.id.desc()).limit(1)).first()
        return _exit_poll(row) if row is not None else None

    @_guarded("written")
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
            self._announce(conn, f"d:{new_id}")
        return _to_record(SimpleNamespace(id=new_id, **values))

    @_guarded("reached")
    def get(self, record_id: int) -> Record | None:
        found = self._select(select(DeclarationRow).where(DeclarationRow.id == record_id))
        return found[0] if found else None

    def _select(self, query: Any) -> list[Record]:
        from sqlalchemy.orm import Session

        with Session(self.engine) as session:
            return [_to_record(row) for row in session.execute(query).scalars()]

    @_guarded("reached")
    def history(self, contest_id: str) -> list[Record]:
        """Every record of a contest, oldest revision first."""
        return self._select(select(DeclarationRow).where(DeclarationRow.contest_id == contest_id)
                            .order_by(DeclarationRow.revision))

    @_guarded("reached")
    def current(self, contest_id: str) -> Record | None:
        """The contest's current state: its record with the highest revision."""
        with self.engine.connect() as conn:
            row = conn.execute(CURRENT, {"contest": contest_id}).first()
        return _to_record(row) if row is not None else None

    @_guarded("reached")
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

    @_guarded("reached")
    def records(self, election_id: str | None = None, after: int = 0,
                limit: int | None = None) -> list[Record]:
        """Records in the order they were stored, after a record id."""
        query = select(DeclarationRow).where(DeclarationRow.id > after)
        if election_id is not None:
            query = query.where(DeclarationRow.election_id == election_id)
        query = query.order_by(DeclarationRow.id)
        return self._select(query.limit(limit) if limit else query)

    @_guarded("reached")
    def in_state(self, election_id: str, state: str) -> list[Record]:
        """Every record of a night at one state (``nominated``: the candidate lists), in the
        order stored."""
        return self._select(select(DeclarationRow).where(
            DeclarationRow.election_id == election_id, DeclarationRow.state == state)
            .order_by(DeclarationRow.id))

    @_guarded("reached")
    def last(self) -> Record | None:
        """The most recently stored record."""
        found = self._select(select(DeclarationRow).order_by(DeclarationRow.id.desc()).limit(1))
        return found[0] if found else None

    @_guarded("reached")
    def version(self) -> tuple[int, int]:
        """(number of records, highest id): changes whenever anyone appends a record."""
        with self.engine.connect() as conn:
            count, top = conn.execute(select(func.count(DeclarationRow.id),
                                             func.max(DeclarationRow.id))).one()
        return int(count), int(top or 0)

    @_guarded("reached")
    def elections(self) -> Sequence[tuple[str, int]]:
        """Elections with declarations, and how many records each has."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(DeclarationRow.election_id, func.count())
                                .group_by(DeclarationRow.election_id)).all()
        return [(str(e), int(n)) for e, n in rows]

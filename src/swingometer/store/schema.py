"""The ledger's tables. Declarations are only ever inserted; ``heads`` points at each
contest's latest declaration and is what concurrent writers compare-and-set against."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class DeclarationRow(Base):
    """One declaration of one contest at one publication state (append-only)."""

    __tablename__ = "declarations"
    __table_args__ = (UniqueConstraint("contest_id", "revision", name="one_record_a_revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    contest_id: Mapped[str] = mapped_column(String(200), index=True)
    election_id: Mapped[str] = mapped_column(String(200), index=True)
    ons_id: Mapped[str | None] = mapped_column(String(16))
    constituency: Mapped[str] = mapped_column(String(200))
    date: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(16))
    region: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(16))
    revision: Mapped[int] = mapped_column(Integer)
    candidates: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    electorate: Mapped[int | None] = mapped_column(Integer)
    rejected: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str | None] = mapped_column(Text)
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    token_name: Mapped[str | None] = mapped_column(String(100))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class HeadRow(Base):
    """The latest declaration of a contest: updated only if it still points where the writer
    last saw it, so two writers can never both think they are the latest."""

    __tablename__ = "heads"

    contest_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declarations.id"))
    revision: Mapped[int] = mapped_column(Integer)


class TokenRow(Base):
    """A write token, stored only as its SHA-256."""

    __tablename__ = "tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ExitPollRow(Base):
    """A published exit poll posted for a night (append-only; the latest one counts)."""

    __tablename__ = "exit_polls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    election_id: Mapped[str] = mapped_column(String(200), index=True)
    source: Mapped[str] = mapped_column(Text)
    published: Mapped[str] = mapped_column(String(40))
    seats: Mapped[dict[str, int]] = mapped_column(JSON)
    seat_probabilities: Mapped[dict[str, dict[str, float]] | None] = mapped_column(JSON)
    token_name: Mapped[str | None] = mapped_column(String(100))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ProbeRow(Base):
    """One row per server, rewritten by ``/api/health`` to prove the ledger can be written:
    each probe first writes ``ROOM`` bytes of padding (room for a few declarations) and then
    clears it, so a ledger with no room left for a declaration fails the probe."""

    __tablename__ = "probes"

    server: Mapped[str] = mapped_column(String(200), primary_key=True)
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    room: Mapped[str] = mapped_column(Text, default="")

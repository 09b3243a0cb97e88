"""The results ledger: append-only declarations in SQLite (default) or PostgreSQL, with
each contest's current state derived from its records, and hashed write tokens."""

from __future__ import annotations

from .engine import connect, database_url, default_path, describe
from .ledger import (
    CHANNEL,
    ConflictError,
    Ledger,
    LedgerUnavailableError,
    check_order,
    reaching,
)
from .records import RANK, STATES, WITH_FIGURES, Entry, NewDeclaration, Record, State, Target
from .tokens import TokenError, create_token, match, revoke_token, stored_digests, token_names

__all__ = [
    "CHANNEL", "RANK", "STATES", "WITH_FIGURES", "ConflictError", "Entry", "Ledger",
    "LedgerUnavailableError", "NewDeclaration", "Record", "State", "Target", "TokenError",
    "check_order", "connect", "create_token", "database_url", "default_path", "describe",
    "match", "reaching", "revoke_token", "stored_digests", "token_names",
]

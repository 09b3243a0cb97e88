"""The results ledger: append-only declarations in SQLite (default) or PostgreSQL, with
each contest's current state derived from its records, and hashed write tokens."""

from __future__ import annotations

from .engine import connect, database_url, default_path, describe
from .ledger import ConflictError, Ledger, check_order
from .records import RANK, STATES, WITH_FIGURES, Entry, NewDeclaration, Record, State, Target
from .tokens import TokenError, create_token, match, revoke_token, stored_digests, token_names

__all__ = [
    "RANK", "STATES", "WITH_FIGURES", "ConflictError", "Entry", "Ledger", "NewDeclaration",
    "Record", "State", "Target", "TokenError", "check_order", "connect", "create_token",
    "database_url", "default_path", "describe", "match", "revoke_token", "stored_digests",
    "token_names",
]

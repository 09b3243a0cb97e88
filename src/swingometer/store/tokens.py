"""Write tokens: shown once when created, stored only as a SHA-256, compared in constant time.

A token is 256 random bits, so a plain SHA-256 is enough (no password stretching needed):
the database alone never lets anyone write.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.exc import IntegrityError

from ..errors import SwingometerError
from .schema import TokenRow

PREFIX = "swm_"


class TokenError(SwingometerError, ValueError):
    """A token name that is taken, empty or unknown."""

    exit_code = 2


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(engine: Engine, name: str) -> str:
    """A new write token called ``name``; the token itself is returned and never stored."""
    name = name.strip()
    if not name or len(name) > 100:
        raise TokenError("a token needs a name of 1 to 100 characters")
    token = PREFIX + secrets.token_urlsafe(32)
    try:
        with engine.begin() as conn:
            conn.execute(insert(TokenRow).values(name=name, sha256=digest(token),
                                                 created_at=datetime.now(UTC)))
    except IntegrityError:
        raise TokenError(f"a token named {name!r} already exists; revoke it first") from None
    return token


def revoke_token(engine: Engine, name: str) -> None:
    with engine.begin() as conn:
        gone = conn.execute(delete(TokenRow).where(TokenRow.name == name)).rowcount
    if gone == 0:
        raise TokenError(f"no token is named {name!r}")


def token_names(engine: Engine) -> list[tuple[str, datetime]]:
    with engine.connect() as conn:
        rows = conn.execute(select(TokenRow.name, TokenRow.created_at).order_by(TokenRow.id))
        return [(str(n), t) for n, t in rows]


def stored_digests(engine: Engine) -> dict[str, str]:
    """Each token's SHA-256 and name."""
    with engine.connect() as conn:
        return {str(h): str(n) for n, h in conn.execute(select(TokenRow.name, TokenRow.sha256))}


def match(presented: str, digests: dict[str, str]) -> str | None:
    """The name of the token whose hash matches, comparing against every stored hash in
    constant time (no early exit reveals how much of a guess was right)."""
    wanted = digest(presented)
    found: str | None = None
    for stored, name in digests.items():
        if hmac.compare_digest(stored, wanted):
            found = name
    return found

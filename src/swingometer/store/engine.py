"""Where the ledger lives: a SQLite file by default, PostgreSQL by URL.

SQLite runs in WAL mode with ``synchronous=FULL``: a commit is on disk before the API answers
201, so killing the server loses nothing it acknowledged.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from .schema import Base

ENV = "SWINGOMETER_DB"


def default_path() -> Path:
    """The SQLite file in the user's data folder."""
    import platformdirs

    return Path(platformdirs.user_data_dir("swingometer")) / "results.sqlite"


def database_url(db: str | None = None) -> str:
    """An SQLAlchemy URL from ``--db``, ``SWINGOMETER_DB`` or the default file.

    >>> database_url("postgresql://desk@127.0.0.1/results")
    'postgresql+psycopg://desk@127.0.0.1/results'
    >>> database_url("/tmp/night.sqlite")
    'sqlite:////tmp/night.sqlite'
    """
    url = db or os.environ.get(ENV) or str(default_path())
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    if "://" not in url:
        path = Path(url).expanduser().resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    return url


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "busy_timeout=30000",
                   "foreign_keys=ON"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def connect(db: str | None = None) -> Engine:
    """An engine for the ledger, with its tables created if they are not there yet."""
    from .ledger import reaching

    with reaching("opened"):
        url = database_url(db)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False},
                               pool_size=8, max_overflow=8)
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_size=8, max_overflow=8, pool_pre_ping=True)
    with reaching("opened"):
        Base.metadata.create_all(engine)
    return engine


def describe(engine: Engine) -> str:
    """The database's address without its password."""
    return engine.url.render_as_string(hide_password=True)

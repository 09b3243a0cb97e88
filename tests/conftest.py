"""Shared fixtures: the real data in ../shared/data, and a private download cache."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
if not (SHARED / "parliament" / "SHA256SUMS").is_file():  # pragma: no cover
    raise RuntimeError(f"the real data is expected at {SHARED} (../shared/data beside the repo)")

# Every test reads the official files from the shared folder, never the network.
os.environ["SWINGOMETER_DATA"] = str(SHARED)
os.environ.pop("SWINGOMETER_LIBRARY_DATA", None)
# The project's own tests refuse any set-aside contest: every contradiction in the real files
# must be settled by an erratum (tests of the default, forgiving mode unset this).
os.environ["SWINGOMETER_STRICT"] = "1"
os.environ.pop("SWINGOMETER_ERRATA", None)


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    os.environ["SWINGOMETER_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture
def shared() -> Path:
    return SHARED


@pytest.fixture
def parliament() -> Path:
    return SHARED / "parliament"


@contextmanager
def _served_desk(folder: Path, token_name: str) -> Iterator[tuple[str, str]]:
    from swingometer.desk import Desk
    from swingometer.store import Ledger, connect, create_token
    from swingometer.web import create_app
    from swingometer.web.server import running

    engine = connect(str(folder / "ledger.sqlite"))
    token = create_token(engine, token_name)
    with running(create_app(Desk(Ledger(engine), "2019"))) as url:
        yield url, token
    engine.dispose()


@pytest.fixture(scope="module")
def served_desk(tmp_path_factory: pytest.TempPathFactory
                ) -> Callable[[str], AbstractContextManager[tuple[str, str]]]:
    """Serve a 2019 desk on a fresh SQLite ledger (uvicorn on 127.0.0.1): (url, write token)."""
    return lambda name: _served_desk(tmp_path_factory.mktemp("desk"), name)

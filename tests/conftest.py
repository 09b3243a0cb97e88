"""Shared fixtures: the real data in ../shared/data, and a private download cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
if not (SHARED / "parliament" / "SHA256SUMS").is_file():  # pragma: no cover
    raise RuntimeError(f"the real data is expected at {SHARED} (../shared/data beside the repo)")

# Every test reads the official files from the shared folder, never the network.
os.environ["SWINGOMETER_DATA"] = str(SHARED)
os.environ.pop("SWINGOMETER_LIBRARY_DATA", None)


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    os.environ["SWINGOMETER_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture
def shared() -> Path:
    return SHARED


@pytest.fixture
def parliament() -> Path:
    return SHARED / "parliament"

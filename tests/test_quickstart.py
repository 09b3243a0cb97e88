"""The README's quick start, command for command, on a fresh machine whose only source is a
server holding the files that have an official address (here the shared folder served on
127.0.0.1, refusing the one file that is published only inside a workbook): ``data fetch``
gets what the main job needs and exits 0, then ``result`` shows the Mid Bedfordshire card.
A story told afterwards, offline, says its records since 1945 are unavailable."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from served import ServedFolder
from swingometer import files

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
#: registered files with no address of their own (parsed from a workbook)
WITHOUT_ADDRESS = tuple(f.name for f in files.registry().values() if f.local_only)


@pytest.fixture(scope="module")
def quick_start(tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[tuple[ServedFolder, dict[str, str]]]:
    # the shared folder, less every file without an official address
    server = ServedFolder(SHARED, refuse=WITHOUT_ADDRESS)
    env = {**os.environ, "SWINGOMETER_DATA": server.url, "COLUMNS": "100",
           "SWINGOMETER_CACHE": str(tmp_path_factory.mktemp("fresh-cache"))}
    env.pop("SWINGOMETER_LIBRARY_DATA", None)
    env.pop("SWINGOMETER_PARSED_CACHE", None)
    yield server, env
    server.close()


def _swingometer(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "swingometer", *args], capture_output=True,
                          text=True, timeout=600, env=env)


def test_the_files_without_an_address_are_optional() -> None:
    assert WITHOUT_ADDRESS == ("historical/hoc_CBP7529_gb_byelections_1945_2019.csv",)
    assert all(files.official(name).optional for name in WITHOUT_ADDRESS)


def test_the_readme_quick_start_command_for_command(
        quick_start: tuple[ServedFolder, dict[str, str]]) -> None:
    server, env = quick_start
    fetched = _swingometer(env, "data", "fetch")
    assert fetched.returncode == 0, fetched.stderr
    assert "Traceback" not in fetched.stderr and "✗" not in fetched.stderr
    for name in WITHOUT_ADDRESS:
        assert f"– optional: {name} is not available from {server.url}" in fetched.stderr
    assert any(p.startswith("/parliament/results-by-parliament/58/") for p in server.requests)

    shown = _swingometer(env, "result", "Mid Bedfordshire", "--date", "2023-10-19")
    assert shown.returncode == 0, shown.stderr
    for figure in ("Lab gain from Con", "13,872", "12,680", "9,420", "Majority 1,192",
                   "43.98%", "44.09%", "20.52 points (Butler)"):
        assert figure in shown.stdout


def test_after_the_quick_start_a_story_offline_says_its_records_are_unavailable(
        quick_start: tuple[ServedFolder, dict[str, str]]) -> None:
    server, env = quick_start
    assert _swingometer(env, "data", "fetch").returncode == 0
    server.close()  # offline from here: only the cache
    told = _swingometer(env, "story", "Mid Bedfordshire", "--date", "2023-10-19")
    assert told.returncode == 0, told.stderr
    assert "Traceback" not in told.stderr
    assert "13,872 votes" in told.stdout
    assert "records of by-elections since 1945 are unavailable" in told.stdout.replace(
        "\n", " ")

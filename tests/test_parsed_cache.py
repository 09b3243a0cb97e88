"""The parsed cache serves an entry only when it is the one this code would build from these
files: a change to the code that shapes entries rebuilds them; an entry edited, cut short or
garbled is detected before use and rebuilt (the card shows the official figure, never a
traceback); a write that fails (a full disk) leaves nothing behind."""

from __future__ import annotations

import dataclasses
import errno
import io
import json
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from swingometer import parsed
from swingometer.model import Contest

MID_BEDS = "E14000813"
PACKAGE = Path(parsed.__file__).parent


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SWINGOMETER_CACHE", str(folder))
    monkeypatch.delenv("SWINGOMETER_PARSED_CACHE", raising=False)
    return folder


@pytest.fixture
def inputs(tmp_path: Path) -> list[Path]:
    source = tmp_path / "input.csv"
    source.write_text("a,b\n1,2\n")
    return [source]


class Builder:
    """Counts how often the cache had to build its entry."""

    def __init__(self, value: object) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


def leftovers(cache: Path) -> list[str]:
    folder = cache / "parsed"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --- the key: code and version -------------------------------------------------------------


@pytest.fixture
def code_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the package's code, which the cache hashes in place of the installed one."""
    copy = tmp_path / "swingometer"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(parsed, "__file__", str(copy / "parsed.py"))
    parsed._code_digest.cache_clear()
    yield copy
    parsed._code_digest.cache_clear()


@pytest.mark.parametrize("module", ["elections.py", "analysis/history.py", "sources/sheet.py",
                                    "model.py", "data/notional_parties.csv"])
def test_a_change_to_the_code_that_shapes_entries_rebuilds_them(
        module: str, code_copy: Path, cache: Path, inputs: list[Path]) -> None:
    build = Builder(("first",))
    assert parsed.cached("2019", inputs, build) == ("first",)
    assert parsed.cached("2019", inputs, build) == ("first",) and build.calls == 1
    target = code_copy / module
    target.write_bytes(target.read_bytes() + b"\n# an upgrade changed this file\n")
    parsed._code_digest.cache_clear()
    rebuilt = Builder(("second",))
    assert parsed.cached("2019", inputs, rebuilt) == ("second",)
    assert rebuilt.calls == 1


def test_a_new_package_version_rebuilds_entries(cache: Path, inputs: list[Path],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    parsed._code_digest.cache_clear()
    parsed.cached("2019", inputs, Builder("old"))
    try:
        with monkeypatch.context() as upgraded:
            upgraded.setattr(parsed, "package_version", lambda: "99.0")
            parsed._code_digest.cache_clear()
            assert parsed.cached("2019", inputs, Builder("new")) == "new"
    finally:
        parsed._code_digest.cache_clear()


def test_the_version_falls_back_when_the_package_is_not_installed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    def missing(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", missing)
    assert parsed.package_version() == "unknown"


# --- entries verified before use -----------------------------------------------------------


CORRUPTIONS: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda blob: b"",
    "cut in half": lambda blob: blob[: len(blob) // 2],
    "garbage": lambda blob: b"\x80\x05not a pickle at all" * 10,
    "bad text": lambda blob: pickle.dumps("x").replace(b"x", b"\xff"),
    "a pickle that fails to build": lambda blob: (
        b"\x80\x05cbuiltins\nint\n(X\x05\x00\x00\x00sevent\x81."),
    "one byte flipped": lambda blob: blob[:-40] + bytes([blob[-40] ^ 0xFF]) + blob[-39:],
}


@pytest.mark.parametrize("damage", list(CORRUPTIONS), ids=list(CORRUPTIONS))
def test_a_damaged_entry_is_rebuilt(damage: str, cache: Path, inputs: list[Path]) -> None:
    value = {"contests": list(range(100)), "name": "Mid Bedfordshire"}
    parsed.cached("damaged", inputs, Builder(value))
    entry = parsed._entry("damaged", inputs)
    entry.write_bytes(CORRUPTIONS[damage](entry.read_bytes()))
    again = Builder(value)
    assert parsed.cached("damaged", inputs, again) == value
    assert again.calls == 1
    assert parsed.cached("damaged", inputs, Builder(None)) == value  # the rebuilt entry is good


# --- a failing write -----------------------------------------------------------------------


def _full_disk(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("step", ["pickle.dump", "os.replace"])
def test_a_full_disk_leaves_no_temporary_files(step: str, cache: Path, inputs: list[Path],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    module, name = step.split(".")
    with monkeypatch.context() as full:
        full.setattr({"pickle": pickle, "os": os}[module], name, _full_disk)
        assert parsed.cached("full", inputs, Builder(("value",))) == ("value",)
    assert leftovers(cache) == []
    assert parsed.cached("full", inputs, Builder(("value",))) == ("value",)
    assert len(leftovers(cache)) >= 1  # with room again, the entry is written


# --- end to end: the results card ----------------------------------------------------------


def _card(cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SWINGOMETER_CACHE": str(cache)}
    env.pop("SWINGOMETER_PARSED_CACHE", None)
    return subprocess.run([sys.executable, "-m", "swingometer", "result", MID_BEDS,
                           "--election", "by-2019", "--json"],
                          capture_output=True, text=True, timeout=300, env=env)


def _winner_votes(run: subprocess.CompletedProcess[str]) -> int:
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    votes: int = json.loads(run.stdout)["winner"]["votes"]
    return votes


def _forge(value: Any) -> Any:
    """The value with Labour given 10,000 more votes at Mid Bedfordshire, wherever the entry
    holds that contest (a tuple of contests, or a dataclass holding them)."""
    if isinstance(value, Contest):
        if value.ons_id != MID_BEDS:
            return value
        more = tuple(c._replace(votes=c.votes + 10_000) if c.party == "Lab" else c
                     for c in value.candidates)
        return dataclasses.replace(value, candidates=more)
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(_forge(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _forge(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    return value


def _tamper(entry: Path) -> None:
    """Give Labour 10,000 more votes at Mid Bedfordshire in a cached entry and re-pickle it,
    keeping whatever the entry holds around the pickle as it was."""
    blob = entry.read_bytes()
    start = blob.index(b"\x80")  # a pickle of protocol 2 or later opens with PROTO
    stream = io.BytesIO(blob[start:])
    contests = pickle.load(stream)
    tail = blob[start + stream.tell():]

    forged = _forge(contests)
    assert forged != contests
    entry.write_bytes(blob[:start] + pickle.dumps(forged, protocol=pickle.HIGHEST_PROTOCOL)
                      + tail)


def test_a_tampered_entry_is_detected_and_the_card_shows_the_official_figure(
        tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert _winner_votes(_card(cache)) == 13_872
    (entry,) = (cache / "parsed").glob("by-2019-*")
    _tamper(entry)
    assert _winner_votes(_card(cache)) == 13_872
    assert _winner_votes(_card(cache)) == 13_872  # and the rebuilt entry is sound


def test_a_corrupt_entry_is_rebuilt_without_a_traceback(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert _winner_votes(_card(cache)) == 13_872
    for entry in (cache / "parsed").glob("*"):
        blob = entry.read_bytes()
        entry.write_bytes(blob[: len(blob) // 3] + b"\x00" * 64)
    assert _winner_votes(_card(cache)) == 13_872

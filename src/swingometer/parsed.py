"""A cache of parsed, validated contests beside the downloads, so that a later process reads
an election in milliseconds instead of parsing and validating its files again.

An entry is keyed by the SHA-256 of every input file (already checked against the pinned
registry), by the package version and by a hash of the code and package-data tables that
shape parsed results, so an upgrade or a new erratum never reads a stale entry. Each entry
ends with a trailer holding the SHA-256 of its pickle, checked before unpickling: an entry
that is unreadable, edited, cut short or fails to unpickle is rebuilt, never a traceback.
Entries are written atomically and only after validation succeeded; a failed write (a full
disk) removes its temporary file. The entries are pickles in the user's own cache folder
(pickle is safe only for files this program wrote; point SWINGOMETER_CACHE at a folder only
you can write).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any, TypeVar, cast

from . import files

T = TypeVar("T")
#: code and tables (relative to the package) whose content decides what a parsed entry holds;
#: folders are taken whole, every file in them
PARSING_CODE = ("model.py", "parties.py", "elections.py", "catalogue.py", "errata.py",
                "analysis/history.py",
                "sources", "data")
#: closes every entry: this marker, then the SHA-256 of the pickle before it, in hex
TRAILER = b"\nswingometer-parsed-sha256:"
TRAILER_SIZE = len(TRAILER) + 64


def package_version() -> str:
    """The installed version of swingometer ("unknown" when run from a bare source tree)."""
    import importlib.metadata

    try:
        return importlib.metadata.version("swingometer")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _code_files(root: Path) -> Iterator[Path]:
    for name in PARSING_CODE:
        target = root / name
        if target.is_dir():
            yield from sorted(p for p in target.rglob("*") if p.is_file()
                              and "__pycache__" not in p.parts)
        elif target.is_file():
            yield target


@cache
def _code_digest() -> str:
    root = Path(__file__).parent
    digest = hashlib.sha256(package_version().encode())
    for path in _code_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def _entry(key: str, inputs: Sequence[Path]) -> Path:
    digest = hashlib.sha256(_code_digest().encode())
    for path in inputs:
        digest.update(files.sha256_of(path).encode())
    return files.cache_root() / "parsed" / f"{key}-{digest.hexdigest()[:24]}.pickle"


def _read(entry: Path) -> tuple[bool, Any]:
    """(True, value) for a sound entry; (False, None) for one missing, damaged or foreign."""
    try:
        blob = entry.read_bytes()
    except OSError:
        return False, None
    body, trailer = blob[:-TRAILER_SIZE], blob[-TRAILER_SIZE:]
    expected = TRAILER + hashlib.sha256(body).hexdigest().encode()
    if len(blob) < TRAILER_SIZE or trailer != expected:
        return False, None
    try:
        return True, pickle.loads(body)
    except Exception:  # a sound hash over bytes this version cannot load: rebuild
        return False, None


def _write(entry: Path, value: object) -> None:
    """Write the entry atomically; on any failure leave no temporary file behind."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=entry.parent, prefix=entry.name, suffix=".part")
    try:
        with os.fdopen(fd, "w+b") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            handle.seek(0)
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
            handle.write(TRAILER + digest.encode())
        os.replace(name, entry)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a reading is built: it allocates tens of
    thousands of small objects (candidates, contests) that hold no cycles, and each
    collection would walk them all again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _built(build: Callable[[], T]) -> T:
    with _collector_paused():
        return build()


def cached(key: str, inputs: Sequence[Path], build: Callable[[], T]) -> T:
    """``build()``'s result, from the cache when the same inputs were parsed before."""
    if os.environ.get("SWINGOMETER_PARSED_CACHE", "1") == "0":
        return _built(build)
    entry = _entry(key, inputs)
    found, value = _read(entry)
    if found:
        return cast(T, value)
    built = _built(build)
    with contextlib.suppress(OSError, pickle.PicklingError):
        _write(entry, built)  # a read-only or full cache only costs speed
    return built

"""A cache of parsed, validated contests beside the downloads, so that a later process reads
an election in milliseconds instead of parsing and validating its files again.

An entry is keyed by the SHA-256 of every input file (already checked against the pinned
registry) and by the code that parses them, so a new version of either never reads a stale
entry. Entries are written atomically and only after validation succeeded: a file that failed
leaves nothing behind. The entries are pickles in the user's own cache folder (pickle is safe
only for files this program wrote; point SWINGOMETER_CACHE at a folder only you can write).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import TypeVar

from . import files

T = TypeVar("T")
#: modules whose code decides what a parsed entry contains
PARSING_CODE = ("model.py", "parties.py", "sources")


@cache
def _code_digest() -> str:
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for name in PARSING_CODE:
        target = root / name
        for path in sorted(target.rglob("*.py")) if target.is_dir() else [target]:
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _entry(key: str, inputs: Sequence[Path]) -> Path:
    digest = hashlib.sha256(_code_digest().encode())
    for path in inputs:
        digest.update(files.sha256_of(path).encode())
    return files.cache_root() / "parsed" / f"{key}-{digest.hexdigest()[:24]}.pickle"


def cached(key: str, inputs: Sequence[Path], build: Callable[[], T]) -> T:
    """``build()``'s result, from the cache when the same inputs were parsed before."""
    if os.environ.get("SWINGOMETER_PARSED_CACHE", "1") == "0":
        return build()
    entry = _entry(key, inputs)
    try:
        with entry.open("rb") as handle:
            value: T = pickle.load(handle)
            return value
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    value = build()
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=entry.parent, delete=False) as partial:
            pickle.dump(value, partial, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial.name, entry)
    except OSError:
        pass  # a read-only cache only costs speed
    return value

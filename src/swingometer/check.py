"""What the official files are worth: each election's state (ready, ready with contests set
aside, refused, missing), and the full check behind ``swingometer data check`` — every contest
set aside, every erratum applied or left unapplied, every disagreement found."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import elections, files
from .errors import DataError, DownloadError, HashMismatchError, Problem
from .files import Mirror
from .model import Correction, SetAside

#: an election's state, as ``data status`` and ``elections`` report it
READY, SET_ASIDE, REFUSED, MISSING, UNREADABLE = (
    "ready", "ready with contests set aside", "refused", "missing", "unreadable")


@dataclass
class ElectionCheck:
    """One election's files, read (or not) and checked."""

    key: str
    state: str
    contests: int = 0
    set_aside: tuple[SetAside, ...] = ()
    corrections: list[tuple[str, Correction]] = field(default_factory=list)
    stale_errata: tuple[Problem, ...] = ()
    problem: str | None = None

    @property
    def ready(self) -> bool:
        return self.state in (READY, SET_ASIDE)

    @property
    def label(self) -> str:
        if self.state == SET_ASIDE:
            n = len(self.set_aside)
            return f"ready, {n} contest{'s' if n != 1 else ''} set aside"
        return self.state if self.problem is None else f"{self.state}: {self.problem}"

    @property
    def clean(self) -> bool:
        """Nothing set aside, unreadable, refused or left unapplied; a missing election
        counts as clean only if every one of its files is optional."""
        if self.state == MISSING:
            return all(files.official(name).optional
                       for name in elections.BY_KEY[self.key].files)
        return self.state == READY and not self.stale_errata

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "state": self.state, "status": self.label,
                "contests": self.contests,
                "set_aside": [{"id": s.id, "constituency": s.constituency, "ons_id": s.ons_id,
                               "date": s.date.isoformat() if s.date else None,
                               "problems": [p.as_dict() for p in s.problems]}
                              for s in self.set_aside],
                "corrections": [{"contest": cid, **c.as_dict()} for cid, c in self.corrections],
                "stale_errata": [p.as_dict() for p in self.stale_errata],
                "problem": self.problem}


def _files_at_hand(key: str, data: elections.DataArg) -> ElectionCheck | None:
    """Without downloading anything: an election whose files are not all here and whole."""
    here = {row.name: row.path for row in files.status(data)}
    for name in elections.BY_KEY[key].files:
        path = here.get(name)
        if path is None:
            return ElectionCheck(key, MISSING, problem=f"{name} is not at hand (run "
                                 "'swingometer data fetch', or set SWINGOMETER_DATA)")
        if files.sha256_of(Path(path)) != files.official(name).sha256:
            return ElectionCheck(key, REFUSED, problem=f"{name} does not have the pinned "
                                 "SHA-256, so it is not used")
    return None


def election(key: str, data: elections.DataArg = None, *, fetch: bool = False) -> ElectionCheck:
    """One election checked: its files (downloaded first only if ``fetch``) and its contests,
    read in the forgiving mode whatever ``--strict`` says, so that everything is listed."""
    if not fetch:
        absent = _files_at_hand(key, data)
        if absent is not None:
            return absent
    try:
        found = elections.reading(key, Mirror.configured(data))
    except HashMismatchError as error:
        return ElectionCheck(key, REFUSED, problem=str(error))
    except DownloadError as error:  # missing from the mirror, or not reachable
        return ElectionCheck(key, MISSING, problem=str(error))
    except DataError as error:
        return ElectionCheck(key, UNREADABLE, problem=str(error))
    return ElectionCheck(
        key, SET_ASIDE if found.set_aside else READY, len(found.contests), found.set_aside,
        [(c.id, fix) for c in found.contests for fix in c.corrections], found.stale_errata)


def everything(data: elections.DataArg = None, *, fetch: bool = False) -> list[ElectionCheck]:
    return [election(src.key, data, fetch=fetch) for src in elections.SOURCES]

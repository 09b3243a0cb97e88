"""The official data files: where they come from, how they are pinned, where they are cached.

Every file swingometer reads is named in a registry that ships with the package (the SHA-256
list of the Parliament results service at a pinned commit, and the House of Commons Library
files' addresses and hashes). A file is used only after its SHA-256 has been checked.

Where files come from (first match wins):

* ``data=`` argument / ``--data`` option, else the ``SWINGOMETER_DATA`` environment variable:
  a local folder or an ``http://``/``https://`` base address laid out like the official
  ``db/data`` folder of ``ukparliament/psephology``. A folder or address that instead holds a
  ``parliament/`` subfolder (plus ``historical/``, ``hoc_library/``, ``hexmaps/``) serves
  every file, Library ones included: an address is taken for that full layout when
  ``<address>/parliament/SHA256SUMS`` answers (probed once, and never again once files from it
  are cached).
* ``SWINGOMETER_LIBRARY_DATA``: a folder or base address holding ``historical/``,
  ``hoc_library/`` and ``hexmaps/`` for the House of Commons Library and hex-map files.
* otherwise the official addresses. Downloads are cached under ``SWINGOMETER_CACHE`` or the
  user's cache folder (``swingometer data status`` says where).

Downloads wait at most ``SWINGOMETER_CONNECT_TIMEOUT`` (5 s) to connect and
``SWINGOMETER_READ_TIMEOUT`` (30 s) between bytes, and try once more after a network failure;
an address that failed twice is not asked again in the same process. Optional files (marked
in the registry: the main job runs without them) that cannot be had are reported as missing.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from .errors import DownloadError, HashMismatchError, MissingFileError, NotFoundError

PARLIAMENT_COMMIT = "774c93e64c4d69a5094d0518aef68060c4d74df0"
PARLIAMENT_URL = (
    f"https://raw.githubusercontent.com/ukparliament/psephology/{PARLIAMENT_COMMIT}/db/data/"
)
LICENCE = "Contains Parliamentary information licensed under the Open Parliament Licence v3.0"
#: Parliament files the main job runs without: the 2024– by-elections, which the SHA-256 list
#: names but the pinned commit may not hold (see the shared data's PROVENANCE.md)
OPTIONAL_PARLIAMENT = ("results-by-parliament/59/by-elections/",)
REMEDY = "set SWINGOMETER_DATA to a folder or address with a copy"


class UnreachableError(DownloadError):
    """An address did not answer: ``reason`` is "no network" or "timed out"."""

    def __init__(self, name: str, reason: str, where: str) -> None:
        self.name = name
        self.reason = reason
        self.where = where
        super().__init__(f"{reason}: {name} could not be downloaded from {where} — {REMEDY}")


class OptionalFileMissing(MissingFileError):
    """An optional file could not be had (its address did not answer, or has no copy)."""

    def __init__(self, name: str, where: str, reason: str) -> None:
        super().__init__(name, where)
        self.reason = reason


@dataclass(frozen=True)
class OfficialFile:
    """A pinned file, named by its place in a full mirror (``parliament/…``, ``historical/…``)."""

    name: str
    sha256: str
    url: str
    #: the main job runs without it: ``data fetch`` names it if it cannot be had, and goes on
    optional: bool = False

    @property
    def is_parliament(self) -> bool:
        return self.name.startswith("parliament/")

    @property
    def local_only(self) -> bool:
        """Published with no address of its own (parsed from a workbook): mirrors only."""
        return self.url.startswith("local-only:")

    @property
    def db_path(self) -> str:
        """Path inside the official ``db/data`` folder (Parliament files only)."""
        return self.name.removeprefix("parliament/")


@cache
def registry() -> dict[str, OfficialFile]:
    """Every file swingometer knows, by name."""
    files: dict[str, OfficialFile] = {}
    package = resources.files("swingometer") / "data"
    for line in (package / "parliament.sha256").read_text().splitlines():
        if line.strip():
            digest, path = line.split(maxsplit=1)
            files["parliament/" + path] = OfficialFile(
                "parliament/" + path, digest, PARLIAMENT_URL + path,
                path.startswith(OPTIONAL_PARLIAMENT))
    library = (package / "library.csv").read_text().splitlines()
    for row in csv.DictReader(library):
        if row:
            files[row["name"]] = OfficialFile(row["name"], row["sha256"], row["url"],
                                              row.get("optional") == "yes")
    return files


def official(name: str) -> OfficialFile:
    try:
        return registry()[name]
    except KeyError:
        raise NotFoundError("official file", name) from None


def _is_url(base: str) -> bool:
    return base.startswith(("http://", "https://"))


@dataclass(frozen=True)
class Mirror:
    """Where files are read from: a base for Parliament files and one for Library files
    (``None`` means the official addresses)."""

    parliament: str | None
    library: str | None

    @classmethod
    def configured(cls, data: str | os.PathLike[str] | None = None) -> Mirror:
        parliament = str(data) if data else os.environ.get("SWINGOMETER_DATA") or None
        library = os.environ.get("SWINGOMETER_LIBRARY_DATA") or None
        if parliament and _is_url(parliament) and _full_layout(parliament):
            full = parliament.rstrip("/")
            return cls(full + "/parliament/", library or full + "/")
        if parliament and not _is_url(parliament):
            folder = Path(parliament).expanduser()
            if not folder.is_dir():
                raise DownloadError(f"the data folder {str(folder)!r} does not exist")
            if (folder / "parliament").is_dir():
                parliament, library = str(folder / "parliament"), library or str(folder)
            else:
                parliament = str(folder)
        return cls(parliament, library)

    def base_for(self, file: OfficialFile) -> str | None:
        return self.parliament if file.is_parliament else self.library

    def address(self, file: OfficialFile) -> str:
        """Where this mirror has the file: a path or a URL."""
        base = self.base_for(file)
        if base is None:
            return file.url
        rel = file.db_path if file.is_parliament else file.name
        if _is_url(base):
            return base.rstrip("/") + "/" + rel
        return str(Path(base) / rel)

    def describe(self, file: OfficialFile) -> str:
        return self.base_for(file) or "the official address"


@cache
def _full_layout(base: str) -> bool:
    """Whether an address holds the full mirror layout (``parliament/`` and the Library
    folders): files from it already cached, or ``parliament/SHA256SUMS`` answering."""
    full = base.rstrip("/") + "/parliament/"
    if _cache_tag(full) in {p.name for p in _cache_folders()}:
        return True
    import requests

    _quiet()
    try:
        connect = timeouts()[0]  # a small file: a server that is there answers at once
        with requests.get(full + "SHA256SUMS", timeout=(connect, connect),
                          stream=True) as answer:
            return answer.status_code == 200
    except requests.RequestException:
        return False


def _cache_folders() -> list[Path]:
    root = cache_root()
    return [p for p in root.iterdir() if p.is_dir()] if root.is_dir() else []


def timeouts() -> tuple[float, float]:
    """(connect, read) seconds, from SWINGOMETER_CONNECT_TIMEOUT and SWINGOMETER_READ_TIMEOUT."""
    def seconds(name: str, default: float) -> float:
        try:
            value = float(os.environ.get(name) or default)
        except ValueError:
            return default
        return value if value > 0 else default
    return seconds("SWINGOMETER_CONNECT_TIMEOUT", 5.0), seconds("SWINGOMETER_READ_TIMEOUT", 30.0)


def _quiet() -> None:
    """Silence the download libraries' own logging (retries, notes to pooch's users)."""
    import pooch

    pooch.get_logger().setLevel(logging.ERROR)
    for name in ("urllib3", "requests"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def cache_root() -> Path:
    configured = os.environ.get("SWINGOMETER_CACHE")
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("swingometer"))


def cache_path(file: OfficialFile, mirror: Mirror) -> Path:
    """Where a downloaded copy lives: one folder per source address, so mirrors never mix."""
    return cache_root() / _cache_tag(mirror.base_for(file)) / file.name


def _cache_tag(base: str | None) -> str:
    if base is None:
        return "official-" + PARLIAMENT_COMMIT[:12]
    return "mirror-" + hashlib.sha1(base.encode()).hexdigest()[:12]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_checked: dict[tuple[str, int, int], str] = {}


def _check_local(path: Path, file: OfficialFile, where: str) -> Path:
    if not path.is_file():
        raise MissingFileError(file.name, where)
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    actual = _checked.get(key) or sha256_of(path)
    if actual != file.sha256:
        raise HashMismatchError(file.name, file.sha256, actual, where)
    _checked[key] = actual
    return path


def fetch(name: str, data: str | os.PathLike[str] | None = None,
          progress: Callable[[int, int], None] | None = None) -> Path:
    """A checked local copy of an official file, downloading it on first use."""
    file = official(name)
    mirror = Mirror.configured(data)
    address = mirror.address(file)
    if file.local_only and mirror.base_for(file) is None:
        raise MissingFileError(file.name, "any official address (it is published only inside "
                               "a workbook); set SWINGOMETER_LIBRARY_DATA to a folder that has it")
    if not _is_url(address):
        return _check_local(Path(address), file, mirror.describe(file))
    target = cache_path(file, mirror)
    if target.is_file() and sha256_of(target) == file.sha256:
        return target
    try:
        return _download(address, target, file, mirror.describe(file), progress)
    except UnreachableError as error:
        if file.optional:
            raise OptionalFileMissing(file.name, error.where, error.reason) from None
        raise


#: origins (scheme://host:port) that did not answer twice, with why: not asked again
_unreachable: dict[str, str] = {}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _reason(error: Exception) -> str:
    import requests

    timed_out = isinstance(error, requests.Timeout) or "timed out" in str(error).lower()
    return "timed out" if timed_out else "no network"


def _retrieve(url: str, partial: Path, file: OfficialFile, where: str,
              progress: Callable[[int, int], None] | None) -> Path:
    """Download to ``partial``, trying once more after a network failure."""
    import pooch
    import requests

    _quiet()
    if _origin(url) in _unreachable:
        raise UnreachableError(file.name, _unreachable[_origin(url)], where)
    for attempt in (1, 2):
        downloader = pooch.HTTPDownloader(
            progressbar=_Progress(progress) if progress else False, timeout=timeouts())
        partial.unlink(missing_ok=True)
        try:
            return Path(pooch.retrieve(url, known_hash=None, fname=partial.name,
                                       path=partial.parent, downloader=downloader))
        except (requests.ConnectionError, requests.Timeout) as error:
            partial.unlink(missing_ok=True)
            if attempt == 2:
                _unreachable[_origin(url)] = _reason(error)
                raise UnreachableError(file.name, _reason(error), where) from None
    raise AssertionError("unreachable")  # pragma: no cover


def _download(url: str, target: Path, file: OfficialFile, where: str,
              progress: Callable[[int, int], None] | None) -> Path:
    import requests

    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    try:
        found = _retrieve(url, partial, file, where, progress)
    except requests.HTTPError as error:
        if error.response is not None:
            error.response.close()  # pooch streams, and leaves a refused response open
        if error.response is not None and error.response.status_code == 404:
            raise MissingFileError(file.name, where) from None
        raise DownloadError(f"{file.name}: {error}") from None
    except (requests.RequestException, OSError) as error:
        partial.unlink(missing_ok=True)
        raise DownloadError(f"{file.name} could not be downloaded from {where}: "
                            f"{type(error).__name__}") from None
    path = found
    actual = sha256_of(path)
    if actual != file.sha256:
        path.unlink(missing_ok=True)
        raise HashMismatchError(file.name, file.sha256, actual, where)
    path.replace(target)  # only a checked file ever takes the cached name
    return target


class _Progress:
    """Adapts pooch's tqdm-style progress protocol to a plain callback."""

    def __init__(self, callback: Callable[[int, int], None]) -> None:
        self.callback = callback
        self.total = 0
        self.done = 0

    def update(self, n: int) -> None:
        self.done += n
        self.callback(self.done, self.total)

    def reset(self) -> None:
        self.done = 0

    def close(self) -> None:
        pass


@dataclass(frozen=True)
class FileStatus:
    name: str
    where: str
    cached: bool
    path: str | None


def status(data: str | os.PathLike[str] | None = None) -> list[FileStatus]:
    """For each known file: where it would come from and whether a checked copy is at hand."""
    mirror = Mirror.configured(data)
    rows = []
    for file in registry().values():
        address = mirror.address(file)
        local = Path(address) if not _is_url(address) else cache_path(file, mirror)
        present = local.is_file()
        rows.append(FileStatus(file.name, mirror.describe(file), present,
                               str(local) if present else None))
    return rows

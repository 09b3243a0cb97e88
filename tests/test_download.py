"""The downloader against a real HTTP server on 127.0.0.1 serving the official files: a good file
is cached after its SHA-256 is checked, and used from the cache next time; a corrupt, truncated,
interrupted or missing file is refused with nothing left in the cache; the command line reports
what it could not have and exits 4. Nothing here touches the network beyond 127.0.0.1."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from served import ServedFolder
from swingometer import elections, files
from swingometer.errors import DownloadError, HashMismatchError, MissingFileError

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
GE2019 = "parliament/results-by-parliament/58/general-election/constituencies.csv"
COUNTRIES = "parliament/countries.csv"
ELECTIONS = "parliament/general-elections.csv"
OVERLAPS = "parliament/constituency-area-overlaps.csv"
#: in the registry but not in the shared copy of Parliament's folder (see PROVENANCE.md)
ABSENT = tuple(f"parliament/results-by-parliament/59/by-elections/{f}.csv"
               for f in ("candidacies", "constituencies"))
#: the Library's by-election list, parsed from a workbook: no address of its own
LIBRARY_LIST = "historical/hoc_CBP7529_gb_byelections_1945_2019.csv"


class CutShort(SimpleHTTPRequestHandler):
    """Promises the whole of a file, sends half, and hangs up: an interrupted download."""

    def do_GET(self) -> None:
        body = (SHARED / "parliament" / "new-constituencies.csv").read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedFolder]:
    """Parliament's ``db/data`` folder as the shared copy has it (a link, nothing copied)."""
    root = tmp_path_factory.mktemp("good")
    (root / "db-data").symlink_to(SHARED / "parliament", target_is_directory=True)
    mirror = ServedFolder(root / "db-data")
    yield mirror
    mirror.close()


@pytest.fixture(scope="module")
def damaged_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A mirror folder whose countries file has one byte changed and whose general-elections
    file lost its second half."""
    root = tmp_path_factory.mktemp("damaged")
    countries = bytearray((SHARED / "parliament" / "countries.csv").read_bytes())
    countries[10] ^= 0x20  # one letter's case
    (root / "countries.csv").write_bytes(bytes(countries))
    full = (SHARED / "parliament" / "general-elections.csv").read_bytes()
    (root / "general-elections.csv").write_bytes(full[: len(full) // 2])
    return root


@pytest.fixture(scope="module")
def damaged(damaged_tree: Path) -> Iterator[ServedFolder]:
    mirror = ServedFolder(damaged_tree)
    yield mirror
    mirror.close()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SWINGOMETER_CACHE", str(folder))
    return folder


def cached_files(cache: Path) -> list[Path]:
    return sorted(p for p in cache.rglob("*") if p.is_file()) if cache.exists() else []


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- files.fetch over HTTP ----------------------------------------------------------------


def test_a_good_file_is_downloaded_checked_and_cached(good: ServedFolder, cache: Path) -> None:
    before = len(good.requests)
    path = files.fetch(GE2019, data=good.url)
    asked = [p for p in good.requests[before:] if p != "/parliament/SHA256SUMS"]  # layout probe
    assert asked == ["/results-by-parliament/58/general-election/constituencies.csv"]
    assert path.is_relative_to(cache) and path.name == "constituencies.csv"
    assert sha256(path) == files.official(GE2019).sha256 == sha256(
        SHARED / "parliament" / "results-by-parliament/58/general-election/constituencies.csv")
    assert cached_files(cache) == [path]  # no .part left behind


def test_a_second_fetch_uses_the_cache(good: ServedFolder, cache: Path) -> None:
    first = files.fetch(COUNTRIES, data=good.url)
    asked = len(good.requests)
    again = files.fetch(COUNTRIES, data=good.url)
    assert again == first and len(good.requests) == asked


def test_a_cached_copy_that_was_altered_is_fetched_again(good: ServedFolder, cache: Path) -> None:
    path = files.fetch(COUNTRIES, data=good.url)
    path.write_bytes(path.read_bytes() + b"tampered\n")
    asked = len(good.requests)
    assert files.fetch(COUNTRIES, data=good.url) == path
    assert len(good.requests) == asked + 1
    assert sha256(path) == files.official(COUNTRIES).sha256


@pytest.mark.parametrize("name", [COUNTRIES, ELECTIONS], ids=["corrupted", "truncated"])
def test_a_damaged_file_is_refused_and_nothing_is_cached(name: str, damaged: ServedFolder,
                                                         damaged_tree: Path,
                                                         cache: Path) -> None:
    with pytest.raises(HashMismatchError) as caught:
        files.fetch(name, data=damaged.url)
    error = caught.value
    assert error.name == name and error.exit_code == 4
    assert error.expected == files.official(name).sha256
    assert error.actual == sha256(damaged_tree / name.removeprefix("parliament/"))
    assert f"{name} from {damaged.url} has SHA-256 {error.actual}" in str(error)
    assert cached_files(cache) == []


def test_an_interrupted_download_leaves_nothing(cache: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), CutShort)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with pytest.raises(DownloadError, match=r"new-constituencies\.csv could not be downloaded"):
            files.fetch("parliament/new-constituencies.csv",
                        data=f"http://127.0.0.1:{server.server_port}/")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert cached_files(cache) == []


def test_a_missing_file_is_named(good: ServedFolder, cache: Path) -> None:
    name = ABSENT[0]
    with pytest.raises(MissingFileError) as caught:
        files.fetch(name, data=good.url)
    assert caught.value.name == name and caught.value.exit_code == 4
    assert str(caught.value) == f"{name} is not available from {good.url}"
    assert cached_files(cache) == []


# --- a local folder as the mirror ---------------------------------------------------------


def test_a_local_mirror_with_a_corrupted_file_is_refused(damaged_tree: Path,
                                                         cache: Path) -> None:
    with pytest.raises(HashMismatchError) as caught:
        files.fetch(COUNTRIES, data=damaged_tree)
    assert caught.value.actual == sha256(damaged_tree / "countries.csv")
    with pytest.raises(MissingFileError, match=r"overlaps\.csv is not available from"):
        files.fetch(OVERLAPS, data=damaged_tree)
    assert cached_files(cache) == []  # a local mirror is read in place, never copied


def test_a_local_mirror_file_is_used_in_place(tmp_path: Path, cache: Path) -> None:
    copy = tmp_path / "mirror"
    shutil.copytree(SHARED / "parliament", copy, symlinks=True,
                    ignore=shutil.ignore_patterns("results-by-parliament", "constituencies"))
    assert files.fetch(COUNTRIES, data=copy) == copy / "countries.csv"
    assert cached_files(cache) == []


# --- end to end ---------------------------------------------------------------------------


def test_an_election_loads_through_the_server(good: ServedFolder, cache: Path) -> None:
    contests = elections.contests("2019", data=good.url)
    assert len(contests) == 650
    seats: dict[str, int] = {}
    for contest in contests:
        seats[contest.winner.party] = seats.get(contest.winner.party, 0) + 1
    assert (seats["Con"], seats["Lab"]) == (365, 202)
    mid_beds = next(c for c in contests if c.ons_id == "E14000813")
    assert (mid_beds.winner.votes, mid_beds.electorate) == (38_692, 87_795)
    assert {Path(p).relative_to(cache).parts[-3:] for p in cached_files(cache)
            if p.suffix == ".csv"} == {("58", "general-election", "candidacies.csv"),
                                       ("58", "general-election", "constituencies.csv")}


def _fetch_cli(url: str, cache: Path, *, leave_out: tuple[str, ...] = ()
               ) -> subprocess.CompletedProcess[str]:
    """``swingometer data fetch --data URL`` in a fresh process. ``leave_out`` takes files out
    of that process's registry first — the four by-election files that the shared copy of
    Parliament's folder lacks, so that the tree the server has is complete for what is asked."""
    code = ("import sys; from swingometer import files; from swingometer.cli import main; "
            "[files.registry().pop(n) for n in sys.argv[1:]]; "
            f"sys.argv = ['swingometer', 'data', 'fetch', '--data', {url!r}]; main()")
    env = {**os.environ, "SWINGOMETER_CACHE": str(cache),
           "SWINGOMETER_LIBRARY_DATA": str(SHARED), "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-c", code, *leave_out], capture_output=True,
                          text=True, timeout=300, env=env)


def test_cli_fetches_a_complete_tree_and_exits_0(good: ServedFolder, tmp_path: Path) -> None:
    run = _fetch_cli(good.url, tmp_path / "cache", leave_out=ABSENT)
    total = len(files.registry()) - len(ABSENT)
    assert run.returncode == 0, run.stderr
    assert f"{total} of {total} files checked and ready." in run.stderr
    assert "Traceback" not in run.stderr and "✗" not in run.stderr
    downloaded = cached_files(tmp_path / "cache")
    parliament = [f for f in files.registry().values() if f.is_parliament
                  and f.name not in ABSENT]
    assert len(downloaded) == len(parliament)  # Library files are checked in place
    pinned = {f.name.rsplit("/", 1)[-1] + f.sha256 for f in parliament}
    assert {p.name + sha256(p) for p in downloaded} == pinned


def test_cli_names_the_optional_files_it_could_not_get_and_exits_0(good: ServedFolder,
                                                                   tmp_path: Path) -> None:
    run = _fetch_cli(good.url, tmp_path / "cache")
    total = len(files.registry())
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr and "✗" not in run.stderr
    for name in ABSENT:
        assert f"– optional: {name} is not available from {good.url}" in run.stderr
    assert f"{total - len(ABSENT)} of {total} files checked and ready" in run.stderr
    assert not [p for p in cached_files(tmp_path / "cache") if "by-elections" in p.parts
                and p.parts[-3] == "59"]


def test_cli_names_a_missing_required_file_and_exits_4(tmp_path: Path) -> None:
    holey = ServedFolder(SHARED / "parliament", refuse=("countries.csv",))
    try:
        run = _fetch_cli(holey.url, tmp_path / "cache", leave_out=ABSENT)
    finally:
        holey.close()
    assert run.returncode == 4
    assert "Traceback" not in run.stderr
    assert f"✗ {COUNTRIES} is not available from {holey.url}" in run.stderr
    assert "error: 1 file(s) could not be had: see above" in run.stderr


# --- optional files -----------------------------------------------------------------------


def test_the_registry_marks_what_the_main_job_can_do_without() -> None:
    registry = files.registry()
    optional = {name for name, f in registry.items() if f.optional}
    assert optional == {LIBRARY_LIST, *ABSENT}
    assert all(f.optional for f in registry.values() if f.local_only)
    assert not registry[GE2019].optional
    assert not registry["historical/1918-2019election_results.csv"].optional


def _closed_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def test_an_optional_file_that_cannot_be_had_is_missing_not_an_outage(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nowhere = _closed_port()
    monkeypatch.setenv("SWINGOMETER_LIBRARY_DATA", nowhere)
    with pytest.raises(MissingFileError, match=LIBRARY_LIST):
        files.fetch(LIBRARY_LIST, data=nowhere)
    with pytest.raises(DownloadError, match="no network") as caught:
        files.fetch(GE2019, data=nowhere)
    assert not isinstance(caught.value, MissingFileError)


# --- a full mirror over http --------------------------------------------------------------


@pytest.fixture(scope="module")
def full() -> Iterator[ServedFolder]:
    """The whole shared folder served as a full mirror: parliament/, historical/, …"""
    mirror = ServedFolder(SHARED)
    yield mirror
    mirror.close()


def test_a_full_mirror_layout_works_over_http(full: ServedFolder, cache: Path) -> None:
    before = len(full.requests)
    ge = files.fetch(GE2019, data=full.url)
    series = files.fetch("historical/1918-2019election_results.csv", data=full.url)
    asked = full.requests[before:]
    assert "/" + GE2019 in asked and "/historical/1918-2019election_results.csv" in asked
    assert asked.count("/parliament/SHA256SUMS") <= 1  # the layout is probed once at most
    assert ge.is_relative_to(cache) and series.is_relative_to(cache)
    assert sha256(ge) == files.official(GE2019).sha256
    assert sha256(series) == files.official("historical/1918-2019election_results.csv").sha256


# --- no network, and a server that never answers ------------------------------------------


def _cli(*args: str, data: str, cache: Path, timeout: float = 300, **env: str
         ) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "SWINGOMETER_CACHE": str(cache), "SWINGOMETER_DATA": data,
               "SWINGOMETER_LIBRARY_DATA": data, "COLUMNS": "200", **env}
    return subprocess.run([sys.executable, "-m", "swingometer", *args], capture_output=True,
                          text=True, timeout=timeout, env=environ)


def test_no_network_gives_one_clear_line_and_exits_4(tmp_path: Path) -> None:
    nowhere = _closed_port()
    run = _cli("data", "fetch", data=nowhere, cache=tmp_path / "cache")
    assert run.returncode == 4
    assert "Traceback" not in run.stderr and "urllib3" not in run.stderr
    required = sum(not f.optional for f in files.registry().values())
    lines = [line for line in run.stderr.splitlines() if line.startswith("✗")]
    assert lines == [f"✗ no network: {required} files could not be downloaded from {nowhere}"
                     " — set SWINGOMETER_DATA to a folder or address with a copy"]
    assert len(run.stderr.splitlines()) < 20


def test_a_server_that_never_answers_costs_seconds(tmp_path: Path) -> None:
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(64)  # connections are accepted by the kernel and never answered
    url = f"http://127.0.0.1:{silent.getsockname()[1]}/"
    try:
        run = _cli("data", "fetch", data=url, cache=tmp_path / "cache", timeout=90,
                   SWINGOMETER_CONNECT_TIMEOUT="0.5", SWINGOMETER_READ_TIMEOUT="0.5")
    finally:
        silent.close()
    assert run.returncode == 4
    assert "Traceback" not in run.stderr
    lines = [line for line in run.stderr.splitlines() if line.startswith("✗")]
    assert len(lines) == 1 and lines[0].startswith("✗ timed out: ")
    assert url in lines[0] and "SWINGOMETER_DATA" in lines[0]

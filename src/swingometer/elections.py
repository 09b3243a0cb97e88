"""The catalogue: which elections swingometer knows, loading them, and finding a contest.

General elections 2010–2024, the notional results (2005 on the 2010 boundaries, 2019 on the
2024 boundaries) and the by-elections of each parliament, all from the official Parliament
files. Each has a baseline — the result that "change" and "swing" are measured against.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from . import catalogue, parsed
from .analysis.history import (
    Holding,
    SeatHistory,
    by_election_label,
    by_election_order,
    name_key,
)
from .analysis.lineage import SETS, links_2024, previous_keys
from .errors import (
    ChoiceError,
    DataError,
    DownloadError,
    MissingFileError,
    NotFoundError,
    SetAsideError,
)
from .files import Mirror, fetch
from .model import Contest, Election

if TYPE_CHECKING:
    from .model import Reading

DataArg = str | os.PathLike[str] | None
PARL = "parliament/results-by-parliament/"
HISTORICAL = "historical/1918-2019election_results.csv"
REVISED_CODES = "parliament/revised_constituency_ids.csv"


#: one election as the official files hold it: a row of the catalogue table
#: (``data/elections.csv``, read by ``catalogue``), with ``key, name, kind, date, files,
#: baseline, id`` and the table's other columns
Source = catalogue.Entry
SOURCES: tuple[Source, ...] = catalogue.load().entries
BY_KEY = {s.key: s for s in SOURCES}


def source(name: str) -> Source:
    """A source by key (``2019``, ``2019-notional``, ``by-2019``) or id (``parl.2019-12-12``)."""
    wanted = name.strip().lower().removeprefix("ge")
    for s in SOURCES:
        if wanted in (s.key, s.id, s.id.removeprefix("parl.")):
            return s
    raise ChoiceError("election", name, [s.key for s in SOURCES])


def general_elections() -> list[Source]:
    return [s for s in SOURCES if s.kind == "general"]


def _reader(src: Source) -> Callable[..., Reading]:
    """The source adapter the catalogue names in the ``reader`` column."""
    from .sources import parliament

    if src.reader == "general-election":
        assert src.date is not None
        day = src.date
        return lambda c, s: parliament.general_election_reading(c, s, day)
    readers: dict[str, Callable[..., Reading]] = {
        "by-elections": parliament.by_election_reading,
        "notional-2019": parliament.notional_2019_reading,
        "notional-2005": parliament.notional_2005_reading}
    return readers[src.reader]


def strict() -> bool:
    """``SWINGOMETER_STRICT=1`` (or ``--strict``): refuse an election whole if any of its
    contests was set aside, instead of going on without it."""
    return os.environ.get("SWINGOMETER_STRICT", "").strip().lower() not in ("", "0", "false", "no")


@cache
def reading(key: str, mirror: Mirror) -> Reading:
    """An election's files read, corrected by the errata in force and checked: the contests
    that validated and those set aside (parsed once, then cached by the files' hashes)."""
    from . import errata

    src = BY_KEY[key]
    paths = [fetch(name, mirror.parliament) for name in src.files]
    errata.in_force()  # a malformed errata table is reported before anything is read
    tables = errata.tables()
    if key != "2019-notional":
        return parsed.cached(key, [*paths, *tables], lambda: _reader(src)(*paths))
    revised = fetch(REVISED_CODES, mirror.parliament)
    return parsed.cached(key, [*paths, revised, *tables],
                         lambda: _revise_codes(_reader(src)(*paths), revised))


#: how many contests each election read in this process has set aside
_SET_ASIDE: dict[str, int] = {}


def _load(key: str, mirror: Mirror) -> tuple[Contest, ...]:
    found = reading(key, mirror)
    if strict():
        return found.strict(BY_KEY[key].files[0])
    if found.set_aside:
        _SET_ASIDE[key] = len(found.set_aside)
    return found.contests


def set_aside_notice() -> str | None:
    """One line for stderr when a command went on without contests that failed their checks."""
    if not _SET_ASIDE:
        return None
    n = sum(_SET_ASIDE.values())
    where = ", ".join(sorted(_SET_ASIDE))
    return (f"note: {n} contest{'s' if n != 1 else ''} of {where} set aside because the official "
            "files contradict themselves; 'swingometer data check' lists them")


def _revise_codes(found: Reading, path: Path) -> Reading:
    """Five Scottish seats of 2024 were given new GSS codes after the 2019 notionals were
    published with the old ones; Parliament's ``revised_constituency_ids.csv`` (old code, name,
    new code) maps them, so that every notional result joins its 2024 seat on code."""
    from .sources.sheet import Sheet, read_text

    sheet = Sheet.from_text(read_text(path, str(path)), str(path), header=False,
                            names=("old", "constituency", "new"), min_columns=3)
    old = sheet.codes("old", GSS.pattern, "a GSS constituency code such as S14000006")
    new = sheet.codes("new", GSS.pattern, "a GSS constituency code such as S14000107")
    sheet.check()
    revised = dict(zip(old, new, strict=True))
    return replace(found, contests=tuple(
        replace(c, ons_id=revised[c.ons_id or ""]) if (c.ons_id or "") in revised else c
        for c in found.contests))


def contests(name: str, data: DataArg = None) -> tuple[Contest, ...]:
    """Every contest of an election, read, validated and cached for the process."""
    src = source(name)
    return _load(src.key, Mirror.configured(data))


def load(name: str, data: DataArg = None) -> Election:
    src = source(name)
    found = contests(src.key, data)
    day = src.date or min(c.date for c in found)
    baseline = BY_KEY[src.baseline].id if src.baseline else None
    return Election(src.id, src.name, day, src.kind, found, baseline)


def available(data: DataArg = None) -> list[tuple[Source, str | None]]:
    """Each source and, where it cannot be had from the configured mirror, why not."""
    out: list[tuple[Source, str | None]] = []
    for src in SOURCES:
        try:
            contests(src.key, data)
            out.append((src, None))
        except (DownloadError, DataError) as error:
            out.append((src, str(error)))
    return out


def by_elections(data: DataArg = None) -> list[Contest]:
    """Every by-election the mirror has (parliaments whose files it lacks are skipped)."""
    return sorted(_pool([s for s in SOURCES if s.kind == "by"], data), key=lambda c: c.date)


def previous(contest: Contest, data: DataArg = None) -> Contest | None:
    """The baseline result in the same constituency: the latest general election before the
    contest that has its GSS code — the notional result where boundaries changed, since a
    notional is dated with the election it recasts and is tried first. Intervening
    by-elections are never the baseline. Works for any contest with a GSS code, including
    ones read from the user's own files."""
    if contest.ons_id is None:
        return None
    earlier = [s for s in SOURCES if s.kind != "by" and s.date and s.date < contest.date]
    for src in sorted(earlier, key=lambda s: (s.date, s.kind == "notional"), reverse=True):
        try:
            pool = contests(src.key, data)
        except MissingFileError:
            continue
        found = next((c for c in pool if c.ons_id == contest.ons_id), None)
        if found is not None:
            return found
    return None


# --- finding a contest ------------------------------------------------------------------

ABBREVIATIONS = {
    "beds": "bedfordshire", "herts": "hertfordshire", "bucks": "buckinghamshire",
    "hants": "hampshire", "lancs": "lancashire", "yorks": "yorkshire", "notts":
    "nottinghamshire", "northants": "northamptonshire", "glos": "gloucestershire",
    "leics": "leicestershire", "lincs": "lincolnshire", "oxon": "oxfordshire",
    "wilts": "wiltshire", "cambs": "cambridgeshire", "staffs": "staffordshire",
    "worcs": "worcestershire", "derbys": "derbyshire", "n": "north", "s": "south",
    "e": "east", "w": "west", "st": "st",
}
GSS = re.compile(r"[ENSW]\d{8}", re.IGNORECASE)


def _words(name: str) -> list[str]:
    return [ABBREVIATIONS.get(w, w) for w in name_key(name).split()]


def _matches(query: str, name: str) -> bool:
    """Every query word is a whole word, or the start of a distinct word, of the name."""
    words = _words(name)
    for q in _words(query):
        hit = next((w for w in words if w == q), None) or next(
            (w for w in words if w.startswith(q)), None)
        if hit is None:
            return False
        words.remove(hit)
    return True


class Seated(Protocol):
    """Anything named by a constituency and its GSS code: a contest, or one set aside."""

    @property
    def constituency(self) -> str: ...
    @property
    def ons_id(self) -> str | None: ...


S = TypeVar("S", bound=Seated)


def find(query: str, pool: Sequence[S]) -> list[S]:
    """Those in the pool whose constituency is the query (a GSS code or a name)."""
    query = query.strip()
    if GSS.fullmatch(query):
        return [c for c in pool if (c.ons_id or "").upper() == query.upper()]
    exact = [c for c in pool if name_key(c.constituency) == name_key(query)]
    return exact or [c for c in pool if _matches(query, c.constituency)]


def find_contest(query: str, *, on: date | None = None, election: str | None = None,
                 data: DataArg = None) -> Contest:
    """One contest: the seat by name or GSS code, narrowed by date or election; otherwise the
    seat's latest contest. Unknown names get "did you mean" suggestions."""
    if election is None and on is not None:
        dated = [c for c in find(query, _pool(catalogue.load().holding(on), data))
                 if c.date == on]
        if len({c.ons_id or c.constituency for c in dated}) == 1:
            return max(dated, key=lambda c: c.kind == "by")
    if election is not None:
        pool: list[Contest] = list(contests(election, data))
    else:
        pool = [c for s in general_elections() for c in contests(s.key, data)]
        pool += by_elections(data)
    hits = find(query, pool)
    _refuse_set_aside(query, on, hits, [election] if election else
                      [s.key for s in SOURCES if s.kind in ("general", "by")], data)
    if not hits and election is not None:
        _not_in_election(query, source(election), data)
    if not hits:
        names = sorted({c.constituency for c in pool})
        close = difflib.get_close_matches(query.title(), names, n=3, cutoff=0.6)
        raise NotFoundError("constituency", query, close)
    seats = {c.ons_id or c.constituency for c in hits}
    if len(seats) > 1 and len({name_key(c.constituency) for c in hits}) > 1:
        names = sorted({c.constituency for c in hits})
        raise NotFoundError("single constituency", query, names[:8])
    if on is not None:
        dated = [c for c in hits if c.date == on]
        if not dated:
            raise NotFoundError(
                f"contest in {hits[0].constituency} on", on.isoformat(), _held(hits),
                f"{hits[0].constituency} had no contest on {on.isoformat()}; its contests are "
                + ", ".join(_held(hits)) + " (give one of these dates with --date)")
        hits = dated
    return max(hits, key=lambda c: (c.date, c.kind == "by"))


def _held(hits: Sequence[Contest]) -> list[str]:
    return sorted({f"{c.date.isoformat()} ({c.kind})" for c in hits})


def _not_in_election(query: str, wanted: Source, data: DataArg) -> None:
    """A seat the election does not have, but another does: say so, and where to look (a
    seat of later boundaries is in the notional recast of that election)."""
    elsewhere = find(query, _pool([s for s in SOURCES if s.key != wanted.key], data))
    if not elsewhere:
        return
    name = elsewhere[-1].constituency
    recast = [s for s in SOURCES if s.kind == "notional" and s.date == wanted.date
              and find(query, _pool([s], data))]
    if recast:
        hint = (f"; {name} is a seat of the boundaries drawn after it: its result recast on "
                f"them is --election {recast[0].key}")
    else:
        hint = "; its contests are " + ", ".join(_held(elsewhere))
    raise NotFoundError(f"contest in {wanted.name}", query, (),
                        f"{name} had no contest in the {wanted.name} ({wanted.key}){hint}")


def _pool(found: list[Source], data: DataArg) -> list[Contest]:
    """The contests of these elections (one whose files the mirror lacks counts as empty)."""
    pool: list[Contest] = []
    for src in found:
        try:
            pool += contests(src.key, data)
        except MissingFileError:
            continue
    return pool


def _refuse_set_aside(query: str, on: date | None, hits: list[Contest], keys: list[str],
                      data: DataArg) -> None:
    """A set-aside contest that the query names (and no contest that read cleanly does):
    exit with its problems and the way forward, never "no such constituency"."""
    if (on is None and hits) or any(c.date == on for c in hits):
        return
    mirror = Mirror.configured(data)
    for key in keys:
        try:
            found = reading(source(key).key, mirror)
        except (MissingFileError, DataError):
            continue
        for entry in find(query, found.set_aside):
            if on is None or entry.date == on:
                raise SetAsideError(entry.id or entry.constituency, entry.problems)


# --- seat history -----------------------------------------------------------------------

LIBRARY_BY_ELECTIONS = "historical/hoc_CBP7529_gb_byelections_1945_2019.csv"
#: the Library's by-election result labels → party codes (others are pooled, as in its series)
LIBRARY_WINNERS = {"LAB": "Lab", "CON": "Con", "LIB": "Lib", "LD": "LD", "SNP": "SNP",
                   "PC": "PC", "SDP": "SDP", "UKIP": "UKIP", "RESPECT": "Res", "IND": "Ind"}


@cache
def _historical(path: Path) -> list[Holding]:
    return [h for _, _, h in _series(path)]


@cache
def _series(path: Path) -> tuple[tuple[str, str, Holding], ...]:
    """Every row of the Library's 1918–2019 series: (boundary set, its seat id, the holding)."""
    return parsed.cached("historical-series", [path], lambda: _read_historical(path))


def _read_historical(path: Path) -> tuple[tuple[str, str, Holding], ...]:
    from .sources.historical import read_historical

    frame = read_historical(path)
    columns = [frame[c].tolist() for c in ("boundaries", "ons_id", "election", "order", "year",
                                           "winner", "constituency")]
    return tuple((str(b), str(i), Holding(str(e), float(o), int(y), str(w), str(c)))
                 for b, i, e, o, y, w, c in zip(*columns, strict=True))


def election_orders(data: DataArg = None) -> list[float]:
    """Every general election in the series, as sortable numbers (1918 … 2024)."""
    orders = {h.order for h in _historical(fetch(HISTORICAL, data)) if h.year < 2010}
    return sorted(orders | {float(s.key) for s in general_elections()})


@cache
def _series_index(path: Path) -> tuple[dict[tuple[str, str], list[Holding]],
                                       dict[str, set[str]], dict[float, str]]:
    """The series before 2010 by (boundary set, name key); each 2010 GSS code's name keys;
    each election's boundary set."""
    by_name: dict[tuple[str, str], list[Holding]] = {}
    codes: dict[str, set[str]] = {}
    sets: dict[float, str] = {}
    for boundaries, seat, holding in _series(path):
        sets[holding.order] = boundaries
        if holding.year >= 2010:
            codes.setdefault(seat, set()).add(name_key(holding.constituency))
            continue
        by_name.setdefault((boundaries, name_key(holding.constituency)), []).append(holding)
    return by_name, codes, sets


@cache
def _library_by_elections(path: Path, series: Path) -> dict[tuple[str, str], list[Holding]]:
    return parsed.cached("library-by-election-holdings", [path, series],
                         lambda: _read_library_by_elections(path, series))


def _read_library_by_elections(path: Path, series: Path) -> dict[tuple[str, str],
                                                                  list[Holding]]:
    """The Library's by-elections before 2010 by the seat's (boundary set, name key) in the
    series — the seat :func:`read_byelections_history` matched at the previous general
    election; one it could not match is left out."""
    from .sources.byelections_history import SERIES_ELECTIONS, read_byelections_history
    from .sources.historical import election_order

    sets = _series_index(series)[2]
    out: dict[tuple[str, str], list[Holding]] = {}
    for row in read_byelections_history(path, series):
        if row.previous is None or row.date >= OFFICIAL_BY_ELECTIONS_FROM:
            continue
        parliament, _ = election_order(SERIES_ELECTIONS.get(row.parliament, row.parliament))
        label = row.result.split(" gain")[0].split(" hold")[0].split(" win")[0].strip()
        party = LIBRARY_WINNERS.get(label.upper(), "Oth")
        boundaries = sets.get(parliament)
        if boundaries is None:
            continue
        holding = Holding(by_election_label(row.date), by_election_order(parliament, row.date),
                          row.date.year, party, row.constituency, "by", row.date)
        out.setdefault((boundaries, name_key(row.previous.constituency)), []).append(holding)
    return out


#: the official by-election files begin with the parliament elected in 2010
OFFICIAL_BY_ELECTIONS_FROM = date(2010, 5, 6)


def _library_by_elections_for(data: DataArg) -> dict[tuple[str, str], list[Holding]]:
    try:
        path = fetch(LIBRARY_BY_ELECTIONS, data)
    except MissingFileError:
        return {}
    return _library_by_elections(path, fetch(HISTORICAL, data))


@cache
def _official_by_elections(mirror: Mirror) -> dict[str, list[Holding]]:
    """The official by-elections' winners by GSS code."""
    generals = sorted(s.date for s in general_elections() if s.date)
    out: dict[str, list[Holding]] = {}
    found: list[Contest] = []
    for src in SOURCES:
        if src.kind == "by":
            with contextlib.suppress(MissingFileError):
                found += _load(src.key, mirror)
    for contest in found:
        parliament = max(d for d in generals if d < contest.date)
        out.setdefault(contest.ons_id or "", []).append(Holding(
            by_election_label(contest.date), by_election_order(float(parliament.year),
                                                               contest.date),
            contest.date.year, contest.winner.party, contest.constituency, "by", contest.date))
    return out


@cache
def _seats_by_code_and_name(key: str, mirror: Mirror) -> dict[str, Contest]:
    """An election's contests by GSS code and by name key (first one wins)."""
    index: dict[str, Contest] = {}
    for contest in _load(key, mirror):
        index.setdefault(name_key(contest.constituency), contest)
        if contest.ons_id:
            index[contest.ons_id] = contest
    return index


def _series_walk(index: dict[tuple[str, str], list[Holding]],
                 extra: dict[tuple[str, str], list[Holding]], keys: set[str]) -> list[Holding]:
    """The seat's results before 2010, walking its lineage back from the 2010 boundaries (whose
    name keys are ``keys``) one boundary set at a time, until a set has none of its names."""
    out: list[Holding] = []
    at = SETS.index("2010-2017")
    keys = previous_keys(SETS[at], keys)
    while keys and at > 0:
        at -= 1
        keys = {k for k in keys if (SETS[at], k) in index}
        if not keys:
            break
        out += [h for k in keys for h in [*index[SETS[at], k], *extra.get((SETS[at], k), [])]]
        keys = previous_keys(SETS[at], keys)
    return out


def _code_history(codes: Sequence[str], name: str, until: date, data: DataArg,
                  include_until: bool) -> list[Holding]:
    """The results of the seat these GSS codes name (newest boundaries first; the name where
    there is no code), general elections up to ``until`` (included when ``include_until``) and
    by-elections before it."""
    mirror = Mirror.configured(data)
    out: list[Holding] = []
    for src in general_elections():
        assert src.date is not None
        if src.date > until or (src.date == until and not include_until):
            continue
        seats = _seats_by_code_and_name(src.key, mirror)
        seat = next((seats[c] for c in codes if c in seats), None) if codes else \
            seats.get(name_key(name))
        if seat is not None:
            out.append(Holding(str(src.date.year), float(src.date.year), src.date.year,
                               seat.winner.party, seat.constituency, date=src.date))
    by_code = _official_by_elections(mirror)
    out += [h for c in codes for h in by_code.get(c, []) if h.date and h.date < until]
    series = fetch(HISTORICAL, data)
    index, names, _ = _series_index(series)
    keys = set().union(*(names.get(c, set()) for c in codes)) if codes else {name_key(name)}
    library = _library_by_elections_for(data)
    out += [h for h in _series_walk(index, library, keys)
            if (h.date < until if h.date else h.year <= until.year)]
    return sorted(out, key=lambda h: h.order)


def seat_history(contest: Contest, data: DataArg = None) -> SeatHistory:
    """The seat's winner at each general election and by-election before this contest (and at
    this one if it is a general election), following the seat's lineage (docs/lineage.md):
    official files by GSS code from 2010, the 2024 seat's predecessor where it continues one,
    the Library's 1918–2019 series and by-elections since 1945 by name before 2010. A seat
    created in 2024 has no history before it; the result names its largest predecessor."""
    code = contest.ons_id or ""
    link = links_2024().get(code)
    general = contest.kind == "general"
    if link is None:
        return SeatHistory(_code_history([code] if code else [], contest.constituency,
                                         contest.date, data, general))
    if link.continues:
        return SeatHistory(_code_history([code, link.from_code], contest.constituency,
                                         contest.date, data, general))
    first = source("2024").date
    assert first is not None
    dissolution = min(first, contest.date)
    before = SeatHistory(_code_history([link.from_code], link.from_name, dissolution, data,
                                       True))
    own = _code_history([code], contest.constituency, contest.date, data, general)
    return SeatHistory(own, created=first.year,
                       predecessor=(link.from_name, link.from_code, link.share_of_new or 0.0,
                                    before))


if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .analysis.card import ResultCard
    from .analysis.context import ContestContext
    from .report.story import Story


def result_card(contest: Contest, data: DataArg = None) -> ResultCard:
    """The results card of a contest against its baseline and the seat's history, as a typed
    value (see ``analysis.card.ResultCard``)."""
    from .analysis.card import result_card as build

    return build(contest, previous(contest, data), seat_history(contest, data),
                 election_orders(data))


def card(contest: Contest, data: DataArg = None) -> dict[str, Any]:
    """The results card as JSON-ready dicts — what ``swingometer result --json`` prints
    (``result_card(contest, data).as_dict()``)."""
    return dict(result_card(contest, data).as_dict())


def card_and_context(contest: Contest, data: DataArg = None
                     ) -> tuple[ResultCard, ContestContext]:
    """A contest's card and what a story may say beyond it (records, the previous turnout)."""
    from .analysis.card import result_card as build
    from .analysis.context import contest_context

    before = previous(contest, data)
    history = seat_history(contest, data)
    built = build(contest, before, history, election_orders(data))
    return built, contest_context(contest, before, built, data, history)


def story(contest: Contest, data: DataArg = None) -> Story:
    """The news story of a contest, with its records and context (render it with
    ``report.story.render``)."""
    from .report.story import contest_story

    return contest_story(*card_and_context(contest, data))


def share_chart(contest: Contest, data: DataArg = None) -> Figure:
    """The share-change chart of a contest, titled with its story's headline."""
    from .report.charts import card_share_chart

    return card_share_chart(result_card(contest, data))


def swing_chart(contest: Contest, data: DataArg = None) -> Figure:
    """The swingometer dial of a contest's Butler swing, marked with the swing the seat
    needed to change hands on the previous result."""
    from .analysis import shares, swing_needed
    from .report.charts import card_swing_dial

    built = result_card(contest, data)
    before = previous(contest, data)
    swing = built.swing
    tie = None if before is None or swing is None else \
        swing_needed(shares(before), swing.frm, swing.to)
    return card_swing_dial(built, tie)

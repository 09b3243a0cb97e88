"""The catalogue: which elections swingometer knows, loading them, and finding a contest.

General elections 2010–2024, the notional results (2005 on the 2010 boundaries, 2019 on the
2024 boundaries) and the by-elections of each parliament, all from the official Parliament
files. Each has a baseline — the result that "change" and "swing" are measured against.
"""

from __future__ import annotations

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
from .analysis.history import Holding, name_key
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


@cache
def _historical(path: Path) -> list[Holding]:
    return parsed.cached("historical", [path], lambda: _read_historical(path))


def _read_historical(path: Path) -> list[Holding]:
    from .sources.historical import read_historical

    frame = read_historical(path)
    frame = frame[frame["year"] < 2010]
    columns = [frame[c].tolist() for c in ("election", "order", "year", "winner", "constituency")]
    return [Holding(str(e), float(o), int(y), str(w), str(c)) for e, o, y, w, c in zip(
        *columns, strict=True)]


def election_orders(data: DataArg = None) -> list[float]:
    """Every general election in the series, as sortable numbers (1918 … 2024)."""
    orders = {h.order for h in _historical(fetch(HISTORICAL, data))}
    return sorted(orders | {float(s.key) for s in general_elections()})


@cache
def _historical_by_name(path: Path) -> dict[str, list[Holding]]:
    index: dict[str, list[Holding]] = {}
    for holding in _historical(path):
        index.setdefault(name_key(holding.constituency), []).append(holding)
    for holdings in index.values():
        holdings.sort(key=lambda h: h.order)
    return index


@cache
def _seats_by_code_and_name(key: str, mirror: Mirror) -> dict[str, Contest]:
    """An election's contests by GSS code and by name key (first one wins)."""
    index: dict[str, Contest] = {}
    for contest in _load(key, mirror):
        index.setdefault(name_key(contest.constituency), contest)
        if contest.ons_id:
            index[contest.ons_id] = contest
    return index


def seat_history(contest: Contest, data: DataArg = None) -> list[Holding]:
    """The seat's winner at each general election before this contest (and at this one if it
    is a general election): official files by GSS code or name from 2010, the Library's
    1918–2019 series by name before that."""
    key = name_key(contest.constituency)
    mirror = Mirror.configured(data)
    out: list[Holding] = []
    for src in general_elections():
        assert src.date is not None
        if src.date > contest.date:
            continue
        seats = _seats_by_code_and_name(src.key, mirror)
        seat = seats.get(contest.ons_id or "") or seats.get(key)
        if seat is not None:
            out.append(Holding(str(src.date.year), float(src.date.year), src.date.year,
                               seat.winner.party, seat.constituency))
    first = out[0].order if out else 9999.0
    earlier = _historical_by_name(fetch(HISTORICAL, data)).get(key, [])
    return [h for h in earlier if h.order < first] + out


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
    return result_card(contest, data).as_dict()


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

"""The independent story audit: every by-election 2010–2024 and every 2024 seat, each number in
its story recomputed from the raw files by code of this test alone.

Nothing here imports ``swingometer.analysis``: the official CSVs, the Library's by-elections
since 1945 and its 1918–2019 constituency series are read with pandas, the package's data
tables (errata, party codes) with csv, and every figure the story records (``Story.figures``)
is compared with the value recomputed here. Rankings are re-derived by this test's own reading
of the rules (docs/stories.md): where this test cannot tell whether a contest of the Library's
list belongs in a pool (its seat is not found by exact name in the series), the claim must
lie between the bounds with and without it. A figure this audit does not recompute is named
in UNAUDITED with the reason.
"""

from __future__ import annotations

import ast
import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from swingometer import elections
from swingometer.model import Contest
from swingometer.report.story import Story

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
RAW = SHARED / "parliament" / "results-by-parliament"
PACKAGE = Path(__file__).resolve().parents[1] / "src" / "swingometer" / "data"
GENERAL = {55: date(2010, 5, 6), 56: date(2015, 5, 7), 57: date(2017, 6, 8),
           58: date(2019, 12, 12)}
GE_COLUMNS = ["ONS ID", "ONS region ID", "Constituency name", "County name", "Region name",
              "Country name", "Constituency type", "Party name", "Party abbreviation",
              "Electoral Commission party ID", "MNIS party ID",
              "Electoral Commission adjunct party ID", "Candidate first name",
              "Candidate surname", "Candidate gender", "Sitting MP", "Former MP",
              "Member MNIS ID", "Votes", "Share", "Change"]
SEAT_COLUMNS = ["ONS ID", "ONS region ID", "Constituency name", "County name", "Region name",
                "Country name", "Constituency type", "Declaration time", "Member first name",
                "Member surname", "Member gender", "Result", "First party", "Second party",
                "Electorate", "Valid votes", "Invalid votes", "Majority"]
#: the figures this audit does not recompute, and why
UNAUDITED = {
    "card:held_since.election": "seat lineage: audited by tests/test_history.py's test-side "
                                "computation from the 1918–2019 series",
    "card:sitting.election": "the sitting member's by-election across boundaries: the seat "
                             "lineage's, audited by tests/test_history.py",
    "card:standing.created": "a new seat: the lineage's (tests/test_history.py)",
    "card:standing.predecessor.share": "population overlap: the lineage's "
                                       "(tests/test_history.py)",
    "card:standing.predecessor.held_since.election": "the lineage's (tests/test_history.py)",
    "election_rank:swing": "needs every 2024 seat's swing pair; the card's own tests cover it",
    "context:gaps": "no official set is missing in ../shared/data",
}
#: this test's reading of the conventions (docs/stories.md)
SUCCESSOR = {"RUK": "BRX"}
MERGER = date(1988, 3, 3)
FAMILIES = ("Con", "Lab", "LD", "SNP", "PC")
NATION_OF = {"SNP": "Scotland", "PC": "Wales"}
NAMES = {"the Conservatives": "Con", "Labour": "Lab", "the Liberal Democrats": "LD",
         "the Lib Dems": "LD", "the Scottish National Party": "SNP", "the SNP": "SNP",
         "Plaid Cymru": "PC", "Plaid": "PC", "Conservative": "Con", "Liberal Democrat": "LD",
         "SNP": "SNP"}
TOLERANCE = 1e-6


# --- the raw files --------------------------------------------------------------------------


@dataclass
class Result:
    """One contest from the raw files: candidates (name, party code, votes) and totals."""

    ons: str
    day: date
    country: str
    electorate: int | None
    valid: int
    invalid: int | None
    candidates: list[tuple[str, str, int]] = field(default_factory=list)

    def party_votes(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for _, party, votes in self.candidates:
            out[party] = out.get(party, 0) + votes
        return out

    def share(self, party: str) -> float | None:
        """Party share of all votes, per cent, with the successor rule (RUK ← BRX)."""
        votes = self.party_votes()
        total = sum(votes.values())
        if party in votes and party not in ("Ind", "Oth"):
            return 100 * votes[party] / total
        earlier = SUCCESSOR.get(party)
        return self.share(earlier) if earlier else None

    def ordered(self) -> list[tuple[str, str, int]]:
        return sorted(self.candidates, key=lambda c: -c[2])

    @property
    def winner(self) -> str:
        return self.ordered()[0][1]

    @property
    def majority(self) -> int:
        order = self.ordered()
        return order[0][2] - (order[1][2] if len(order) > 1 else 0)


def _errata() -> dict[tuple[str, str, str], str]:
    """(file, row key, field) → corrected value, from the package's pinned errata."""
    with (PACKAGE / "errata.csv").open(encoding="utf-8") as handle:
        return {(r["file"], r["row_key"], r["field"]): r["corrected"]
                for r in csv.DictReader(handle)}


def _candidates(frame: pd.DataFrame, file: str, errata: dict[tuple[str, str, str], str]
                ) -> pd.DataFrame:
    frame = frame.copy()
    for i, row in frame.iterrows():
        key = f"ons_id={row['ONS ID']};surname={row['Candidate surname']}"
        if (file, key, "votes") in errata:
            frame.loc[i, "Votes"] = errata[(file, key, "votes")]
        if (file, key, "party") in errata:
            frame.loc[i, "Party abbreviation"] = errata[(file, key, "party")]
    frame["Votes"] = frame["Votes"].astype(int)
    return frame


def _results(candidates: pd.DataFrame, seats: pd.DataFrame, day_of: Any) -> dict[Any, Result]:
    out: dict[Any, Result] = {}
    for _, seat in seats.iterrows():
        key = day_of(seat)
        out[key] = Result(seat["ONS ID"], key[1] if isinstance(key, tuple) else GENERAL[58],
                          seat["Country name"], _int(seat["Electorate"]),
                          int(seat["Valid votes"]), _int(seat["Invalid votes"]))
    for _, row in candidates.iterrows():
        name = f"{row['Candidate first name']} {row['Candidate surname']}"
        party = row["Party abbreviation"] if isinstance(row["Party abbreviation"], str) \
            else "Oth"
        out[day_of(row)].candidates.append((name, party, int(row["Votes"])))
    return out


def _int(text: Any) -> int | None:
    """A whole number, None for the files' placeholders (``[x]``, blank)."""
    return int(text) if isinstance(text, str) and text.strip().isdigit() else None


def _day(text: str) -> date:
    return datetime.strptime(text, "%d/%m/%Y").date()


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    """By-elections by (GSS code, date); general elections by parliament and GSS code; the
    2019 notionals by (new) GSS code; 2024 by GSS code."""
    errata = _errata()
    by: dict[tuple[str, date], Result] = {}
    parliament_of: dict[tuple[str, date], int] = {}
    general: dict[int, dict[str, Result]] = {}
    for p in GENERAL:
        folder = RAW / str(p) / "by-elections"
        name = f"parliament/results-by-parliament/{p}/by-elections/candidacies.csv"
        cands = pd.read_csv(folder / "candidacies.csv", dtype=str, encoding="utf-8-sig")
        cands = _candidates(cands.rename(columns={"ONS ID2": "ONS ID"}), name, errata)
        seats = pd.read_csv(folder / "constituencies.csv", dtype=str, encoding="utf-8-sig")
        found = _results(cands, seats, lambda r: (r["ONS ID"], _day(
            r["By-election date"] if "By-election date" in r else r["Election date"])))
        by.update(found)
        parliament_of.update({k: p for k in found})
        folder = RAW / str(p) / "general-election"
        name = f"parliament/results-by-parliament/{p}/general-election/candidacies.csv"
        cands = pd.read_csv(folder / "candidacies.csv", dtype=str, header=None,
                            names=GE_COLUMNS, usecols=range(21))
        cands = _candidates(cands, name, errata)
        seats = pd.read_csv(folder / "constituencies.csv", dtype=str, header=None,
                            usecols=range(18), names=SEAT_COLUMNS)
        general[p] = {k[0]: v for k, v in _results(
            cands, seats, lambda r, p=p: (r["ONS ID"], GENERAL[p])).items()}
    folder = RAW / "59" / "general-election"
    cands = _candidates(pd.read_csv(folder / "candidacies.csv", dtype=str),
                        "parliament/results-by-parliament/59/general-election/candidacies.csv",
                        errata)
    seats = pd.read_csv(folder / "constituencies.csv", dtype=str)
    g2024 = {k[0]: v for k, v in _results(
        cands, seats, lambda r: (r["ONS ID"], date(2024, 7, 4))).items()}
    return {"by": by, "parliament": parliament_of, "general": general, "2024": g2024,
            "notional": _notionals()}


def _notionals() -> dict[str, Result]:
    with (PACKAGE / "notional_parties.csv").open(encoding="utf-8") as handle:
        by_label = {r["label"]: r["code"] for r in csv.DictReader(handle)}
    with (PACKAGE / "party_codes.csv").open(encoding="utf-8") as handle:
        aliases = {alias: r["code"] for r in csv.DictReader(handle)
                   for alias in [r["name"], *r["aliases"].split("|")] if alias}
    revised = pd.read_csv(SHARED / "parliament" / "revised_constituency_ids.csv", header=None,
                          dtype=str)
    recode = dict(zip(revised[0], revised[2], strict=True))
    frame = pd.read_csv(RAW / "58" / "notional-general-election" / "results.csv", header=None,
                        dtype=str, keep_default_na=False)
    frame = frame[~frame[11].str.startswith(("TOTOTH", "MAXOTH"))]
    out: dict[str, Result] = {}
    for _, row in frame.iterrows():
        ons = recode.get(row[2], row[2])
        if ons not in out:
            out[ons] = Result(ons, GENERAL[58], row[5], int(row[8]), int(row[9]), None)
        label = row[14] if row[14] not in ("", "NA") else row[11].strip()
        code = row[13] if row[13] not in ("", "NA") else label
        code = by_label.get(aliases.get(code, code), aliases.get(code, code))
        if re.fullmatch(r"IND\d+V", row[11]) or re.match(r"Independent \d", code):
            code = "Ind"
        out[ons].candidates.append((label, code or "Oth", int(row[12])))
    return out


# --- the Library's list and series, as this test reads the rules ----------------------------


def _tokens(name: str) -> frozenset[str]:
    words = re.sub(r"[^a-z0-9]+", " ", name.lower().replace("&", " and ")).split()
    return frozenset(w for w in words if w not in {"and", "the", "of"})


@dataclass
class Row:
    """A by-election in a ranking pool: its changes by family, and whether this test can
    tell it belongs (True), cannot tell (None) or knows it does not (False)."""

    day: date
    name: str
    changes: dict[str, float]
    known: dict[str, bool | None]
    majority: int | None = None
    overturned: int | None = None
    winner: str | None = None
    left_out: bool = False


@pytest.fixture(scope="module")
def library_pool() -> list[Row]:
    """The Library's list with each family's verdict: the series found by exact name (the
    seat's words equal) at the previous general election, or no verdict."""
    series = pd.read_csv(SHARED / "historical" / "1918-2019election_results.csv",
                         encoding="cp1252", dtype=str)
    series.columns = [c.strip() for c in series.columns]
    seats: dict[tuple[str, frozenset[str]], list[dict[str, Any]]] = {}
    for _, s in series.iterrows():
        total = pd.to_numeric(s["total_votes"], errors="coerce")
        stood = {}
        for column, group in (("con_votes", "Con"), ("lab_votes", "Lab"),
                              ("lib_votes", "LD"), ("natSW_votes", "Nat")):
            votes = pd.to_numeric(s[column], errors="coerce")
            if votes == -1:
                stood[group] = 100.0
            elif votes > 0:
                stood[group] = 100 * votes / total
        seats.setdefault((s["election"].strip(), _tokens(s["constituency_name"])), []).append(
            {"shares": stood, "country": s["country/region"].strip()})
    listed = pd.read_csv(SHARED / "historical" / "hoc_CBP7529_gb_byelections_1945_2019.csv",
                         dtype=str)
    out = []
    for _, r in listed.iterrows():
        raw = {g: 100 * float(r[c]) for c, g in (
            ("chg_share_con", "Con"), ("chg_share_lab", "Lab"), ("chg_share_ld", "LD"),
            ("chg_share_pc_snp", "Nat")) if isinstance(r[c], str)}
        label = {"1974 (FEB)": "1974F", "1974 (OCT)": "1974O"}.get(r["parliament_elected"],
                                                                  r["parliament_elected"])
        name = re.sub(r"\d+(,\d+)*$", "", r["constituency"].strip())
        found = seats.get((label, _tokens(name)), [])
        out.append(_library_verdict(date.fromisoformat(r["date"]), name, raw,
                                    found[0] if len(found) == 1 else None))
    return out


def _library_verdict(day: date, name: str, raw: dict[str, float],
                     seat: dict[str, Any] | None) -> Row:
    nation = seat["country"] if seat else None
    changes = {}
    for group, value in raw.items():
        if group == "Nat":
            for nat, country in NATION_OF.items():
                if nation in (None, country):
                    changes[nat] = value
        else:
            changes[group] = value
    if seat is None:
        return Row(day, name, changes, dict.fromkeys(changes, None))
    shares = seat["shares"]
    fits = all(raw.get(g, 0.0) >= -shares.get(g, 0.0) - 0.06 for g in ("Con", "Lab", "LD",
                                                                       "Nat"))
    if not fits:
        return Row(day, name, changes, dict.fromkeys(changes, None))
    stood_by = {g for g, v in raw.items() if g in shares and abs(v + shares[g]) > 0.06}
    mains = ["Con", "Lab", "LD"] + (["Nat"] if nation in ("Scotland", "Wales") else [])
    speaker = "Con" not in shares and "Lab" not in shares
    aside = any(g in shares and g not in stood_by for g in mains)
    known: dict[str, bool | None] = {}
    for family in changes:
        column = "Nat" if family in NATION_OF else family
        known[family] = not speaker and not aside and column in stood_by
    return Row(day, name, changes, known, left_out=speaker or aside)


def _official_row(result: Result, before: Result) -> Row:
    """A by-election of the official files under the rules, from the raw votes."""
    now, then = result.party_votes(), before.party_votes()
    mains = ["Con", "Lab", "LD"] + [p for p, n in NATION_OF.items() if n == result.country]
    speaker = "Spk" in (result.winner, before.winner)
    aside = any(p in then and p not in now for p in mains)
    changes, known = {}, {}
    for family in FAMILIES:
        a, b = result.share(family), before.share(family)
        if family in now and a is not None and b is not None:
            changes[family] = a - b
            known[family] = not (speaker or aside)
    gain = result.winner != before.winner and SUCCESSOR.get(result.winner) != before.winner
    return Row(result.day, "", changes, known, result.majority,
               before.majority if gain and not speaker else None, result.winner,
               speaker or aside)


# --- the audit ------------------------------------------------------------------------------


@dataclass
class Tally:
    stories: int = 0
    figures: int = 0
    rankings: int = 0
    unaudited: Counter[str] = field(default_factory=Counter)


def _near(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= TOLERANCE
    return bool(a == b)


def _previous_of(contest: Contest, raw: dict[str, Any]) -> tuple[Result, Result]:
    if contest.kind == "by":
        key = (contest.ons_id, contest.date)
        return raw["by"][key], raw["general"][raw["parliament"][key]][contest.ons_id]
    return raw["2024"][contest.ons_id], raw["notional"][contest.ons_id]


def _card_value(name: str, now: Result, then: Result) -> Any:
    """A ``card:`` figure recomputed from the raw results."""
    order = now.ordered()
    path = name.removeprefix("card:")
    match = re.fullmatch(r"candidates\[(\w+)\]\.(\w+)", path)
    if match:
        party, attr = match.groups()
        first = next(c for c in order if c[1] == party)
        a, b = now.share(party), then.share(party)
        return {"share": 100 * first[2] / now.valid, "previous_share": b,
                "change": None if a is None or b is None else a - b}[attr]
    values: dict[str, Any] = {
        "contest.date": now.day.isoformat(),
        "winner.votes": order[0][2], "winner.share": 100 * order[0][2] / now.valid,
        "runner_up.votes": order[1][2], "runner_up.share": 100 * order[1][2] / now.valid,
        "majority.votes": now.majority, "majority.share": 100 * now.majority / now.valid,
        "electorate": now.electorate, "rejected": now.invalid,
        "turnout.valid": 100 * now.valid / (now.electorate or 1),
        "turnout.ballot_box": 100 * (now.valid + (now.invalid or 0)) / (now.electorate or 1),
        "previous.date": then.day.isoformat(), "majority_overturned": then.majority,
    }
    return values[path]


def _swing_holds(value: float, now: Result, then: Result) -> bool:
    """The swing is Butler's between two parties that stood at both (the winner and another,
    or, where the winner did not stand before, the two leading ones that did)."""
    moved = {p: a - b for p in now.party_votes() if p not in ("Ind", "Oth")
             and (a := now.share(p)) is not None and (b := then.share(p)) is not None}
    return any(abs(abs(moved[p] - moved[q]) / 2 - abs(value)) <= TOLERANCE
               for p in moved for q in moved if p != q)


def _shown(value: float) -> str:
    return f"{abs(value):.1f}"


def _check_rank(story: Story, key: str, text: str, subject: Row, pool: list[Row],
                tally: Tally) -> None:
    """Re-derive one ranking claim from the pool (bounds where a verdict is unknown)."""
    figures = {f.name.removeprefix(f"rank:{key}."): f for f in story.figures
               if f.name.startswith(f"rank:{key}.")}
    if key == "swing":
        m = re.search(r"The swing from ([^,.]+?) to ([^,.]+?), [\d.]+ points?, was", text)
        assert m, text
        frm, to = NAMES[m[1]], NAMES[m[2]]

        def measure(r: Row) -> float | None:
            return (r.changes[to] - r.changes[frm]) / 2 \
                if frm in r.changes and to in r.changes else None
        families, largest = (frm, to), True
    elif key in ("winner_rise", "loser_fall"):
        m = re.search(rf"The {'rise' if key == 'winner_rise' else 'fall'} in the ([^,.]+?) share",
                      text)
        assert m, text
        family = NAMES[m[1]]

        def measure(r: Row) -> float | None:
            return r.changes.get(family)
        families, largest = (family,), key == "winner_rise"
    else:
        def measure(r: Row) -> float | None:
            value = r.overturned if key != "smallest_majority" else r.majority
            if key == "party_majority_overturned" and r.winner != subject.winner:
                return None
            return None if value is None or r.left_out else float(value)
        families, largest = (), key != "smallest_majority"
    value = measure(subject)
    assert value is not None, (story.id, key)
    sign = 1 if largest else -1
    sure = maybe = ahead_sure = ahead_maybe = 0
    first_sure, first_maybe = subject.day.year, subject.day.year
    for row in pool:
        v = measure(row)
        if v is None:
            continue
        verdicts = [row.known.get(f) for f in families] or [True]
        if any(x is False for x in verdicts):
            continue
        certain = all(x is True for x in verdicts)
        first_maybe = min(first_maybe, row.day.year)
        if certain:
            first_sure = min(first_sure, row.day.year)
        sure += certain
        maybe += not certain
        if sign * v > sign * value:
            ahead_sure += certain
            ahead_maybe += not certain
    position, of = figures["position"].value, figures["of"].value
    assert 1 + ahead_sure <= position <= 1 + ahead_sure + ahead_maybe, (story.id, key)
    assert 1 + sure <= of <= 1 + sure + maybe, (story.id, key, of, sure, maybe)
    if "value" in figures:  # a party's field shares the overall ranking's value
        assert _near(figures["value"].value, value), (story.id, key)
    if "since" in figures:
        assert first_maybe <= figures["since"].value <= first_sure, (story.id, key)
    if "leader_value" in figures:
        best = figures["leader_value"].value
        year = int(figures["leader.date"].value[:4])
        assert any(_near(measure(r), best) and r.day.year == year for r in pool
                   if measure(r) is not None), (story.id, key, best)
        assert all(sign * (measure(r) or 0) <= sign * best + TOLERANCE for r in pool
                   if measure(r) is not None and all(r.known.get(f) for f in families))
    tally.rankings += 1


def _twin(subject: Contest, row: Row) -> bool:
    """The Library's entry for the subject itself (same day, a word of the name alike)."""
    return row.day == subject.date and bool(
        {w for w in _tokens(row.name) if len(w) > 3} & _tokens(subject.constituency))


def test_every_story_recomputes_from_the_raw_files(raw: dict[str, Any],
                                                  library_pool: list[Row]) -> None:
    tally = Tally()
    by_elections = sorted(raw["by"].items(), key=lambda kv: kv[0][1])
    official = {k: _official_row(r, raw["general"][raw["parliament"][k]][k[0]])
                for k, r in by_elections}
    for k, row in official.items():
        row.name = k[0]
    until = max(r.day for r in library_pool)
    contests = [*elections.by_elections(), *elections.contests("2024")]
    for contest in contests:
        story = elections.story(contest)
        now, then = _previous_of(contest, raw)
        text = " ".join(story.paragraphs)
        tally.stories += 1
        for figure in story.figures:
            name = figure.name
            if name in UNAUDITED:
                tally.unaudited[name] += 1
                continue
            if name.startswith("card:"):
                if name == "card:swing.points":
                    assert _swing_holds(figure.value, now, then), (story.id, figure)
                else:
                    assert _near(figure.value, _card_value(name, now, then)), (story.id, figure)
                tally.figures += 1
            elif name == "context:previous_turnout":
                assert _near(figure.value, 100 * then.valid / (then.electorate or 1))
                tally.figures += 1
            elif name in ("context:official_from", "context:election"):
                assert str(figure.value) in ("2010", "2024 general election",
                                             "the 2024 general election"), figure
                tally.figures += 1
            elif name.startswith("election_rank:"):
                tally.figures += 1
                _check_election_rank(name, figure.value, contest, raw)
            elif not name.startswith("rank:"):
                raise AssertionError(f"a figure this audit does not know: {figure}")
        if contest.kind == "by":
            subject = official[(contest.ons_id, contest.date)]  # type: ignore[index]
            keys = {f.name.split(".")[0].removeprefix("rank:") for f in story.figures
                    if f.name.startswith("rank:")}
            for key in keys:
                if key in ("majority_overturned", "party_majority_overturned",
                           "smallest_majority"):
                    pool = [r for k, r in official.items() if r.day <= contest.date
                            and k != (contest.ons_id, contest.date)]
                else:
                    gb = [r for k, r in official.items() if r.day > until
                          and r.day <= contest.date and not k[0].startswith("N")
                          and k != (contest.ons_id, contest.date)]
                    pool = [r for r in library_pool if r.day <= contest.date
                            and not _twin(contest, r)] + gb
                _check_rank(story, key, text, subject, pool, tally)
                tally.figures += sum(f.name.startswith(f"rank:{key}.") for f in story.figures)
    print(f"story audit: {tally.stories} stories, {tally.figures} figures recomputed, "
          f"{tally.rankings} ranking claims re-derived; not recomputed: "
          f"{dict(tally.unaudited)}")
    assert tally.stories == len(contests) >= 700
    assert tally.rankings >= 20 and tally.figures >= 10_000


def _check_election_rank(name: str, value: int, contest: Contest, raw: dict[str, Any]) -> None:
    seats = raw["2024"]
    now = seats[contest.ons_id]
    if name == "election_rank:majority":
        assert value == 1 + sum(s.majority < now.majority for s in seats.values())
    elif name == "election_rank:majority_overturned":
        before = raw["notional"]

        def overturned(ons: str) -> int | None:
            s, b = seats[ons], before[ons]
            held = s.winner == b.winner or SUCCESSOR.get(s.winner) == b.winner
            return None if held or "Spk" in (s.winner, b.winner) else b.majority
        mine = overturned(contest.ons_id or "")
        assert mine is not None
        assert value == 1 + sum((o := overturned(k)) is not None and o > mine for k in seats)
    else:
        raise AssertionError(name)


def test_the_audit_does_not_import_the_analysis() -> None:
    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)] + [
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [m for m in imported if m and m.startswith(("swingometer.analysis", "."))]

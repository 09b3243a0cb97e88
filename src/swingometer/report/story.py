"""A news-style report of one contest, in British English, from its results card.

Every number in a story is a value of the card (``swingometer.analysis.card.result_card``) or
of its context (rankings from ``swingometer.analysis.records``): the story records each one
as a :class:`Figure` with where it came from, so a test can check them all. Nothing is
computed here; the only choices are which sentences to write.
"""

from __future__ import annotations

import html
import json
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..analysis.card import CandidateLine, ResultCard
from ..analysis.context import ContestContext, History
from ..analysis.history import HeldSince
from ..analysis.records import ByElectionRow, Rank, share_ratio, smallest_majority_rank
from ..parties import PARTIES, predecessor
from .formats import Format, to_markdown
from .words import (
    Names,
    article,
    capital,
    count,
    difference,
    long_date,
    naming,
    number,
    pct,
    points,
    possessive,
    proportion,
    superlative,
)

#: a share movement is worth a sentence from this many points, or a ratio phrase from this share
NOTABLE_CHANGE = 5.0
#: rankings are quoted down to this position, and only among at least MIN_FIELD contests
TOP = 10
MIN_FIELD = 20
LIBRARY_LIST = "House of Commons Library (by-elections since 1945, CBP-7529)"
RECORDS_UNAVAILABLE = ("The records of by-elections since 1945 are unavailable: the House of "
                       "Commons Library's list (CBP-7529) could not be had.")
SOURCES = ("Sources: UK Parliament election results; House of Commons Library. Contains "
           "Parliamentary information licensed under the Open Parliament Licence v3.0.")


@dataclass(frozen=True)
class Figure:
    """One number in a story: where it comes from, its value and how it is written."""

    name: str
    value: Any
    text: str


@dataclass
class Story:
    """A headline, paragraphs, an optional table, and every figure the words quote."""

    id: str
    headline: str
    paragraphs: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    #: header row then rows, for stories with a table (the election summary)
    table: list[list[str]] = field(default_factory=list)
    sources: str = SOURCES

    def fig(self, name: str, value: Any, text: str) -> str:
        """Record a figure and return its text, for use inside a sentence."""
        self.figures.append(Figure(name, value, text))
        return text

    def say(self, *sentences: str) -> None:
        """Add a paragraph of the sentences given (empty ones are skipped)."""
        text = " ".join(s for s in sentences if s)
        if text:
            self.paragraphs.append(text)


# --- rendering ------------------------------------------------------------------------------


def render(story: Story, fmt: Format = "text") -> str:
    """The story as plain text (wrapped at 88), Markdown, HTML or JSON."""
    renderers: dict[str, Callable[[Story], str]] = {
        "text": _text, "markdown": to_markdown, "html": _html, "json": _json}
    return renderers[fmt](story)


def _columns(table: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    return ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                      for i, (cell, w) in enumerate(zip(row, widths, strict=True))).rstrip()
            for row in table]


def _text(story: Story) -> str:
    parts = [story.headline + "\n" + "=" * len(story.headline)]
    parts += [textwrap.fill(p, 88, break_on_hyphens=False) for p in story.paragraphs]
    if story.table:
        parts.append("\n".join(_columns(story.table)))
    parts.append(textwrap.fill(story.sources, 88, break_on_hyphens=False))
    return "\n\n".join(parts) + "\n"


def _html(story: Story) -> str:
    e = html.escape
    lines = [f'<article id="{e(story.id)}">', f"<h1>{e(story.headline)}</h1>"]
    lines += [f"<p>{e(p)}</p>" for p in story.paragraphs]
    if story.table:
        head, *rows = story.table
        lines.append("<table>")
        lines.append("<tr>" + "".join(f"<th>{e(c)}</th>" for c in head) + "</tr>")
        lines += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows]
        lines.append("</table>")
    lines += [f"<footer>{e(story.sources)}</footer>", "</article>"]
    return "\n".join(lines) + "\n"


def _json(story: Story) -> str:
    payload = {"id": story.id, "headline": story.headline, "paragraphs": story.paragraphs,
               "table": story.table, "sources": story.sources,
               "figures": [vars(f) for f in story.figures]}
    return json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n"


# --- the contest story ----------------------------------------------------------------------


def headline(card: ResultCard) -> str:
    """``Labour gain Mid Bedfordshire from the Conservatives``; ``Conservatives hold …``."""
    seat = card.contest.constituency
    winner = card.winner
    name = naming(winner.party, card.candidates[0].party_name)
    subject = winner.candidate if name.person else name.headline
    verbs = ("gains", "holds", "wins") if name.person else ("gain", "hold", "win")
    previous = card.previous
    if previous is None:
        return f"{subject} {verbs[2]} {seat}"
    if card.changed_hands:
        return f"{subject} {verbs[0]} {seat} from {naming(previous.winner.party).full}"
    return f"{subject} {verbs[1]} {seat}"


def _occasion(story: Story, card: ResultCard) -> str:
    day = card.contest.date
    when = story.fig("card:contest.date", day.isoformat(), long_date(day))
    kind = card.contest.kind
    if kind == "by":
        return f"at the by-election on {when}"
    if kind == "notional":
        return f"in the notional result of {when} on the new boundaries"
    return f"at the general election on {when}"


def _person(names: Names, code: str, candidate: str) -> str:
    """``Labour's Alistair Strathern``; ``Jo Bloggs, an independent,``."""
    if naming(code).person:
        return f"{candidate}, {names.noun(code)},"
    return f"{possessive(names.noun(code))} {candidate}"


def _lead(story: Story, card: ResultCard, names: Names) -> str:
    """Who won where and when, with how many votes; and whom from, for a gain."""
    winner, seat = card.winner, card.contest.constituency
    who = capital(_person(names, winner.party, winner.candidate))
    occasion = _occasion(story, card)
    votes = story.fig("card:winner.votes", winner.votes, count(winner.votes))
    share = story.fig("card:winner.share", winner.share, pct(winner.share))
    previous = card.previous
    if previous is not None and card.changed_hands:
        loser = names.noun(previous.winner.party)
        return (f"{who} won {seat} {occasion} with {votes} votes ({share}), taking the seat "
                f"from {loser}.")
    verb = "held" if previous is not None else "won"
    return f"{who} {verb} {seat} {occasion} with {votes} votes ({share})."


def _second(story: Story, card: ResultCard, names: Names) -> str:
    """The runner-up and the majority."""
    second = card.runner_up
    if second is None:
        return "No other candidate stood."
    code = second.party
    who = (f"{second.candidate}, {names.noun(code)}," if naming(code).person
           else f"{second.candidate}, the {names.adjective(code)} candidate,")
    votes = story.fig("card:runner_up.votes", second.votes, count(second.votes))
    share = story.fig("card:runner_up.share", second.share, pct(second.share))
    won = card.majority
    size = story.fig("card:majority.votes", won.votes, count(won.votes))
    text = pct(won.share)
    if text == pct(0.0):
        text = "less than " + pct(0.1)
    part = story.fig("card:majority.share", won.share, text)
    return (f"{who} came second with {votes} ({share}), a majority of {size} ({part} of valid "
            "votes).")


def _baseline(story: Story, card: ResultCard, preposition: bool = False) -> str:
    """``the 2019 general election`` or ``the notional 2019 result on these boundaries``;
    with ``preposition``, ``at …`` or ``in …`` as the phrase needs."""
    previous = card.previous
    assert previous is not None
    year = story.fig("card:previous.date", previous.date.isoformat(), str(previous.date.year))
    if previous.kind == "notional":
        phrase = f"the notional {year} result on these boundaries"
        return "in " + phrase if preposition else phrase
    kind = "by-election" if previous.kind == "by" else "general election"
    return ("at " if preposition else "") + f"the {year} {kind}"


def _change(story: Story, card: ResultCard, names: Names,
            context: ContestContext) -> list[str]:
    previous, out = card.previous, list[str]()
    if previous is None:
        return out
    gained = card.changed_hands
    if gained and card.majority_overturned is not None:
        loser = previous.winner.party
        size = story.fig("card:majority_overturned", card.majority_overturned,
                         count(card.majority_overturned))
        out.append(f"It overturned {article(names.adjective(loser))} majority of {size} "
                   f"{_baseline(story, card, preposition=True)}.")
    convention = _sitting(story, card, names)
    out.append(convention)
    since = card.held_since
    if since is not None and not card.speaker_seat and not convention:
        held = _since(story, "card:held_since.election", since)
        # the run is the sitting party's: it goes on where that party won again
        kept = card.result_pa.hold if card.result_pa is not None else not gained
        tense = "has been" if kept else "had been"
        if context.held_since_open:
            held = "at least " + held  # the result before names no party, only "others"
        out.append(f"The seat {tense} held by {names.noun(since.party)} since {held}.")
    out.append(_stood_aside(story, card, names, context))
    if since is None:
        out.append(_created(story, card, names))
    swing = card.swing
    if swing is not None and swing.points is not None \
            and _stood_both_times(card, swing.frm, swing.to):
        frm, to = names.noun(swing.frm), names.noun(swing.to)
        if not _usual_pair(card, swing.frm, swing.to):
            # the card's note says why: the usual pair did not both stand both times
            to += ", the two leading parties that stood at both contests,"
        size = story.fig("card:swing.points", swing.points, points(swing.points))
        out.append(f"The swing from {frm} to {to} was {size} (Butler swing: half the "
                   f"difference between the two parties' changes in share since "
                   f"{_baseline(story, card)}).")
    return out


def _since(story: Story, name: str, since: HeldSince) -> str:
    """``1931``, ``the May 2021 by-election`` or ``its creation in 2024``."""
    if since.created:
        return "its creation in " + story.fig(name, since.election, str(since.year))
    held = story.fig(name, since.election, since.election)
    return "the " + held if since.kind == "by" else held


def _created(story: Story, card: ResultCard, names: Names) -> str:
    """A seat new at this election: ``The seat was created in 2024; its largest predecessor,
    Eastleigh, with 48.2% of its people, had been held by the Conservatives since 2015.``"""
    seat: Any = getattr(card, "standing", None)  # the card's standing, where it carries one
    created = getattr(seat, "created", None)
    if seat is None or created is None:
        return ""
    year = story.fig("card:standing.created", created, str(created))
    sentence = f"The seat was created in {year}"
    before = seat.predecessor
    if before is not None and before.held_since is not None:
        share = story.fig("card:standing.predecessor.share", before.share,
                          pct(100 * before.share))
        when = _since(story, "card:standing.predecessor.held_since.election", before.held_since)
        sentence += (f"; its largest predecessor, {before.constituency}, with {share} of its "
                     f"people, had been held by {names.noun(before.held_since.party)} since "
                     f"{when}")
    return sentence + "."


def _sitting(story: Story, card: ResultCard, names: Names) -> str:
    """The Press Association's convention, where it differs from the Library's label: against
    the sitting member at dissolution, who came from a by-election. ``Labour regain the seat
    from the Workers Party, which won it at the February 2024 by-election.``"""
    sitting, pa = card.sitting, card.result_pa
    if sitting is None or pa is None or sitting.kind != "by" or card.speaker_seat:
        return ""
    when = story.fig("card:sitting.election", sitting.election, sitting.election)
    winner = card.winner.party
    if card.regained:
        loser = names.noun(sitting.party)
        who = "who" if naming(sitting.party).person else "which"
        return (f"{capital(names.noun(winner))} {_verb(winner, 'regains', 'regain')} the seat "
                f"from {loser}, {who} won it at the {when}.")
    if card.result.gain and pa.hold:
        return (f"Against the sitting member it is {article(names.adjective(winner))} hold: "
                f"{names.noun(winner)} won the seat at the {when}.")
    return ""


def _verb(code: str, singular: str, plural: str) -> str:
    return singular if naming(code).person else plural


def _row(card: ResultCard, context: ContestContext) -> ByElectionRow | None:
    """The contest as the by-election records see it (None for a general election)."""
    history = context.history
    if history is None:
        return None
    return next((r for r in history.official if r.id == card.contest.id), None)


def _stood_aside(story: Story, card: ResultCard, names: Names,
                 context: ContestContext) -> str:
    """``The Conservatives and the Lib Dems, who stood here at the 2015 general election, did
    not put up a candidate.`` (a main party stood aside: the contest is in no ranking)."""
    row = _row(card, context)
    if row is None or not row.aside or card.previous is None:
        return ""
    who = [names.noun(p) for p in row.aside]
    listed = " and ".join(who) if len(who) < 3 else ", ".join(who[:-1]) + " and " + who[-1]
    return (f"{capital(listed)}, who stood here {_baseline(story, card, preposition=True)}, "
            "did not put up a candidate, so the result is left out of the by-election records.")


def _usual_pair(card: ResultCard, *pair: str) -> bool:
    """Whether the swing is the usual one: previous winner to new winner for a gain, winner
    and runner-up for a hold."""
    usual = {card.winner.party}
    if card.changed_hands and card.previous is not None:
        usual.add(card.previous.winner.party)
    elif card.runner_up is not None:
        usual.add(card.runner_up.party)
    return set(pair) == usual


def _stood_both_times(card: ResultCard, *parties: str) -> bool:
    """Whether each party has a change in share (stood now and at the baseline): a swing
    involving a party that did not stand is not quoted."""
    changed = {c.party for c in card.candidates if c.change is not None}
    return all(p in changed for p in parties)


def _turnout(story: Story, card: ResultCard, context: ContestContext) -> list[str]:
    valid = card.turnout.valid
    if valid is None or card.electorate is None:
        return []
    share = story.fig("card:turnout.valid", valid, pct(valid))
    electorate = story.fig("card:electorate", card.electorate, count(card.electorate))
    sentence = f"Turnout was {share} of the electorate of {electorate}, counting valid votes"
    before = context.previous_turnout
    if before is not None and card.previous is not None:
        direction = "down" if before > valid else "up"
        then = story.fig("context:previous_turnout", before, pct(before))
        sentence += f", {direction} from {then} {_baseline(story, card, preposition=True)}"
    sentence += "."
    out = [sentence]
    box, rejected = card.turnout.ballot_box, card.rejected
    if box is not None and rejected:
        spoilt = story.fig("card:rejected", rejected, count(rejected))
        if pct(box) == pct(valid):
            out.append(f"The {spoilt} rejected ballots do not change that figure at one "
                       "decimal place.")
        else:
            out.append(f"Counting the {spoilt} rejected ballots it was "
                       f"{story.fig('card:turnout.ballot_box', box, pct(box))}.")
    return out


def _movement(story: Story, names: Names, row: CandidateLine, path: str) -> str:
    """One party's share movement in words, with its figures."""
    now, then, moved = row.share, row.previous_share, row.change
    assert moved is not None
    noun = capital(names.noun(row.party))
    new = story.fig(f"card:{path}.share", now, pct(now))
    if then is None:  # measured against a predecessor's share (Reform UK against the Brexit Party)
        size = story.fig(f"card:{path}.change", moved, points(moved))
        earlier = predecessor(row.party)
        against = f", measured against {possessive(names.noun(earlier))}" if earlier else ""
        return (f"{possessive(noun)} share {'rose' if moved > 0 else 'fell'} by {size} to "
                f"{new}{against}.")
    old = story.fig(f"card:{path}.previous_share", then, pct(then))
    phrase = proportion(now, then)
    if phrase is not None and now < then:
        return f"{possessive(noun)} share {phrase}, from {old} to {new}."
    if phrase is not None:
        return f"{noun} {phrase} their share, from {old} to {new}."
    # the points as the difference of the shares shown, so the sentence adds up
    gap = difference(now, then)
    if gap == 0:
        return f"{possessive(noun)} share was unchanged at {new}, from {old}."
    size = story.fig(f"card:{path}.change", moved, points(gap))
    verb = "rose" if gap > 0 else "fell"
    return f"{possessive(noun)} share {verb} by {size}, from {old} to {new}."


def _movements(story: Story, card: ResultCard, names: Names) -> list[str]:
    previous = card.previous
    if previous is None:
        return []
    seen: set[str] = set()
    notable: list[tuple[float, str, CandidateLine]] = []
    for row in card.candidates:
        party = row.party
        if party in seen or party in ("Ind", "Oth"):
            continue
        seen.add(party)
        path = f"candidates[{party}]"
        if row.change is None:
            if row.share >= NOTABLE_CHANGE:
                notable.append((row.share, path, row))
            continue
        big = max(row.share, row.previous_share or 0.0) >= NOTABLE_CHANGE
        ratio = share_ratio(row.share, row.previous_share) or 1.0
        if abs(row.change) >= NOTABLE_CHANGE or (big and (ratio >= 1.8 or ratio < 0.5)):
            notable.append((abs(row.change), path, row))
    out = []
    for _, path, row in sorted(notable, key=lambda n: -n[0])[:4]:
        if row.change is None:
            year = story.fig("card:previous.date", previous.date.isoformat(),
                             str(previous.date.year))
            share = story.fig(f"card:{path}.share", row.share, pct(row.share))
            noun = capital(names.noun(row.party))
            # a code every official file spells alike; a Speaker stood before under a party
            if row.party in PARTIES and row.party != "Spk":
                out.append(f"{noun}, who did not stand here in {year}, won {share}.")
            else:
                out.append(f"{noun} won {share}, with no share of theirs in {year} to compare.")
        else:
            out.append(_movement(story, names, row, path))
    return out


def _gaps(history: History, day: date, after: date | None = None) -> list[str]:
    """The sets of official by-elections missing from a ranking of a contest on ``day``
    (only those ending after ``after``, where the Library's list covers earlier ones)."""
    return [g.label for g in history.gaps_before(day)
            if after is None or g.end is None or g.end > after]


def _gap_note(story: Story, gaps: list[str]) -> str:
    if not gaps:
        return ""
    sets = " and ".join(dict.fromkeys(gaps))
    story.fig("context:gaps", sets, sets)
    return f"The official results of the by-elections of {sets} were not at hand."


def _ranked(story: Story, key: str, rank: Rank) -> str:
    return story.fig(f"rank:{key}.position", rank.position, superlative(rank.position))


#: where a ranking's pool lies: a nationalist party's in its own nation only
POOL_NATION = {"SNP": "Scotland", "PC": "Wales"}


def _pool_place(*parties: str) -> str:
    return next((POOL_NATION[p] for p in parties if p in POOL_NATION), "Great Britain")


def _record_1945(story: Story, key: str, rank: Rank, history: History, what: str,
                 gaps: list[str], place: str = "Great Britain") -> str:
    """``The swing …, 23.9 points, was the fourth-largest of 475 by-elections in Great Britain
    since 1945 for which it can be measured; the record, …``."""
    since = story.fig(f"rank:{key}.since", rank.since.year, str(rank.since.year))
    field_size = story.fig(f"rank:{key}.of", rank.of, count(rank.of))
    sentence = (f"{what} was {_ranked(story, key, rank)} of {field_size} by-elections in "
                f"{place} since {since} for which it can be measured")
    if rank.position > 1:
        best = story.fig(f"rank:{key}.leader_value", rank.leader_value,
                         points(rank.leader_value))
        year = story.fig(f"rank:{key}.leader.date", rank.leader.date.isoformat(),
                         str(rank.leader.date.year))
        sentence += f"; the record, {best}, was at {rank.leader.constituency} in {year}"
    gaps += _gaps(history, rank.subject.date, history.library_until)
    return sentence + "."


def _records(story: Story, card: ResultCard, names: Names,
             context: ContestContext) -> list[str]:
    history, out, gaps = context.history, [], list[str]()
    if history is None:
        return _election_records(story, context)
    if history.library_until is None:
        out.append(RECORDS_UNAVAILABLE)
    ranks = {k: r for k, r in context.ranks.items()
             if k.startswith(("majority", "party")) or (r.position <= TOP and r.of >= MIN_FIELD)}
    swing = ranks.get("swing")
    if swing is not None and card.swing is not None:
        frm, to = card.swing.frm, card.swing.to
        what = (f"The swing from {names.noun(frm)} to {names.noun(to)}, "
                f"{story.fig('rank:swing.value', swing.value, points(swing.value))},")
        out.append(_record_1945(story, "swing", swing, history, what, gaps,
                                _pool_place(frm, to)))
    for key, verb in (("winner_rise", "rise"), ("loser_fall", "fall")):
        rank = ranks.get(key)
        if rank is None:
            continue
        code = card.winner.party if key == "winner_rise" or card.previous is None else \
            card.previous.winner.party
        what = (f"The {verb} in the {names.adjective(code)} share, "
                f"{story.fig(f'rank:{key}.value', rank.value, _shown_change(card, code, rank))},")
        out.append(_record_1945(story, key, rank, history, what, gaps, _pool_place(code)))
    out.append(_majority_record(story, card, names, context, gaps))
    out.append(_smallest_majority(story, card, context))
    out.append(_gap_note(story, gaps))
    return out


def _smallest_majority(story: Story, card: ResultCard, context: ContestContext) -> str:
    """``The majority, 617, was the smallest of 20 at by-elections since the 2010 general
    election.`` (official results only: the Library's list since 1945 has no votes)."""
    row, history = _row(card, context), context.history
    if row is None or history is None or history.official_from is None:
        return ""
    rank = smallest_majority_rank(row, history.official)
    if rank is None or rank.position != 1 or rank.of < 5:
        return ""
    size = story.fig("rank:smallest_majority.value", rank.value, count(int(rank.value)))
    ranked = story.fig("rank:smallest_majority.position", rank.position,
                       superlative(rank.position, "smallest"))
    of = story.fig("rank:smallest_majority.of", rank.of, number(rank.of))
    since = story.fig("context:official_from", history.official_from, history.official_from)
    return (f"The majority, {size}, was {ranked} of {of} at by-elections since the {since} "
            "general election.")


def _shown_change(card: ResultCard, code: str, rank: Rank) -> str:
    """A ranked change in share as the movement sentence shows it: the difference of the
    shares shown, so one story never gives one change two ways."""
    row = next((c for c in card.candidates if c.party == code and c.change is not None
                and c.previous_share is not None), None)
    return points(rank.value if row is None else difference(row.share, row.previous_share or 0.0))


def _majority_record(story: Story, card: ResultCard, names: Names,
                     context: ContestContext, gaps: list[str]) -> str:
    overall = context.ranks.get("majority_overturned")
    party = context.ranks.get("party_majority_overturned")
    history = context.history
    if overall is None or history is None or history.official_from is None:
        return ""
    top_overall = overall.position <= 5 and overall.of >= 5
    top_party = party is not None and party.position == 1 and party.of >= 3
    if not (top_overall or top_party):
        return ""
    since = story.fig("context:official_from", history.official_from, history.official_from)
    where = f"at any by-election since the {since} general election"
    winner = names.noun(card.winner.party)
    size = story.fig("rank:majority_overturned.value", overall.value, count(int(overall.value)))
    if top_overall:
        of = story.fig("rank:majority_overturned.of", overall.of, number(overall.of))
        where = f"overturned at a by-election since the {since} general election"
        sentence = (f"The majority overturned, {size}, was "
                    f"{_ranked(story, 'majority_overturned', overall)} of {of} {where}")
        if top_party and party is not None and overall.position > 1:
            of_party = story.fig("rank:party_majority_overturned.of", party.of, number(party.of))
            largest = story.fig("rank:party_majority_overturned.position", party.position,
                                superlative(party.position))
            sentence += f", and {largest} of the {of_party} overturned by {winner}"
    else:
        assert party is not None
        largest = story.fig("rank:party_majority_overturned.position", party.position,
                            superlative(party.position))
        of_party = story.fig("rank:party_majority_overturned.of", party.of, number(party.of))
        sentence = (f"The majority overturned, {size}, was {largest} of the {of_party} "
                    f"{winner} had overturned {where}")
    gaps += _gaps(history, overall.subject.date)
    return sentence + "."


def _election_records(story: Story, context: ContestContext) -> list[str]:
    """``It was the closest result of the 2024 general election.`` (top ten only)."""
    out = []
    for key, word, what in (("majority", "closest", "result"), ("swing", "largest", "swing"),
                            ("majority_overturned", "largest", "majority overturned")):
        position = context.election_ranks.get(key)
        if position is not None and position <= TOP:
            ranked = story.fig(f"election_rank:{key}", position, superlative(position, word))
            election = "election"
            if context.election:
                election = story.fig("context:election", context.election, context.election)
            out.append(f"It was {ranked} {what} of the {election}.")
    return out


def contest_story(card: ResultCard, context: ContestContext | None = None) -> Story:
    """The story of one contest from its results card (and, if given, its context)."""
    context = context or ContestContext()
    story = Story(card.contest.id, headline(card))
    names = Names(card.party_names())
    story.say(_lead(story, card, names), _second(story, card, names))
    story.say(*_change(story, card, names, context))
    story.say(*_turnout(story, card, context))
    story.say(*_movements(story, card, names))
    story.say(*_records(story, card, names, context))
    if context.history is not None and context.history.library_until is not None:
        story.sources = SOURCES.replace("House of Commons Library", LIBRARY_LIST)
    story.sources = " ".join([*_corrections(card), story.sources])
    return story


def _corrections(card: ResultCard) -> list[str]:
    """A footnote for each official figure corrected by a pinned erratum: never silent."""
    return [f"Correction: Parliament's {c.file.removeprefix('parliament/')} gives "
            f"{c.field} {c.official} in row {c.row}; {c.corrected} is used, "
            f"because {c.evidence[0].lower()}{c.evidence[1:]}"
            for c in card.corrections]


def result_story(card: ResultCard, fmt: Format = "text") -> str:
    """The story of a results card in one call, without historical context (for the results
    desk, which has the card and nothing else)."""
    return render(contest_story(card), fmt)

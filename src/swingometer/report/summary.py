"""The night in summary: an election's seats, votes, gains and losses, biggest swings, closest
results and turnout, in words and a table, from
:func:`swingometer.analysis.records.election_summary`. Formatting only."""

from __future__ import annotations

from collections.abc import Sequence

from ..analysis.records import ContestFigures, ElectionSummary, PartyResult
from ..model import Election
from .story import Story
from .words import Names, capital, count, long_date, naming, pct, points, signed, signed_count

#: parties named in the vote paragraph: at least this share, at most this many
SHARE_WORTH_NAMING = 2.0
MOST_NAMED = 6
#: parties in the table: a seat, or at least this share
TABLE_SHARE = 0.5


def _noun(names: Names, code: str) -> str:
    """A party in a list of parties (independents are many people)."""
    return "independents" if code == "Ind" else names.noun(code)


def _seat_change(story: Story, p: PartyResult, baseline: str) -> str:
    moved = p.seats_change
    if moved is None:
        return ""
    size = story.fig(f"summary:parties[{p.party}].seats_change", moved, count(abs(moved)))
    if moved == 0:
        return f"as many as {baseline}"
    return f"{size} {'more' if moved > 0 else 'fewer'} than {baseline}"


def _headline(story: Story, summary: ElectionSummary, year: str, notional: bool) -> str:
    top = summary.largest
    name = naming(top.party)
    if summary.overall_majority > 0:
        size = story.fig("summary:overall_majority", summary.overall_majority,
                         count(summary.overall_majority))
        if notional:
            return (f"The {year} general election on the new boundaries: a {name.adjective} "
                    f"majority of {size} (notional)")
        return f"{name.headline} win the {year} general election with a majority of {size}"
    seats = story.fig(f"summary:parties[{top.party}].seats", top.seats, count(top.seats))
    if notional:
        return (f"The {year} general election on the new boundaries: no overall majority, "
                f"{name.full} largest with {seats} seats (notional)")
    return f"Hung parliament: {name.full} largest party with {seats} seats"


def _seats(story: Story, summary: ElectionSummary, names: Names, occasion: str,
           baseline: str | None) -> list[str]:
    top = summary.largest
    seats = story.fig(f"summary:parties[{top.party}].seats", top.seats, count(top.seats))
    total = story.fig("summary:seats", summary.seats, count(summary.seats))
    first = f"{capital(_noun(names, top.party))} won {seats} of the {total} seats {occasion}"
    if baseline is not None and top.seats_change is not None:
        first += ", " + _seat_change(story, top, baseline)
    if summary.overall_majority > 0:
        size = story.fig("summary:overall_majority", summary.overall_majority,
                         count(summary.overall_majority))
        first += f", a majority of {size} over all other parties combined"
    else:
        line = story.fig("summary:majority_line", summary.majority_line,
                         count(summary.majority_line))
        first += f", short of the {line} needed for a majority"
    rest = []
    for p in summary.parties[1:]:
        if p.seats == 0:
            break
        won = story.fig(f"summary:parties[{p.party}].seats", p.seats, count(p.seats))
        text = f"{_noun(names, p.party)} {won}"
        if baseline and p.seats_change is not None:
            moved = story.fig(f"summary:parties[{p.party}].seats_change", p.seats_change,
                              signed_count(p.seats_change))
            text += f" ({moved})" if p.seats_change else " (no change)"
        rest.append(text)
    out = [first + "."]
    if rest:
        out.append("The others: " + "; ".join(rest) + ".")
    return out


def _votes(story: Story, summary: ElectionSummary, names: Names) -> str:
    named = [p for p in sorted(summary.parties, key=lambda p: -p.votes)
             if p.share >= SHARE_WORTH_NAMING and p.party != "Ind"][:MOST_NAMED]
    parts = []
    for i, p in enumerate(named):
        share = story.fig(f"summary:parties[{p.party}].share", p.share, pct(p.share))
        text = f"{_noun(names, p.party)} {share}"
        if i == 0:
            votes = story.fig(f"summary:parties[{p.party}].votes", p.votes, count(p.votes))
            text = (f"{capital(_noun(names, p.party))} took {share} of the vote "
                    f"({votes} votes)")
        if p.share_change is not None:
            size = story.fig(f"summary:parties[{p.party}].share_change", p.share_change,
                             points(p.share_change))
            text += f", {'up' if p.share_change > 0 else 'down'} {size}"
        parts.append(text)
    return "; ".join(parts) + "." if parts else ""


def _gains(story: Story, summary: ElectionSummary, names: Names) -> list[str]:
    out = []
    for p in summary.parties:
        if not (p.gains or p.losses):
            continue
        moves = []
        if p.gains:
            moves.append("gained " + story.fig(f"summary:parties[{p.party}].gains", p.gains,
                                               count(p.gains)))
        if p.losses:
            moves.append("lost " + story.fig(f"summary:parties[{p.party}].losses", p.losses,
                                             count(p.losses)))
        out.append(f"{_noun(names, p.party)} " + " and ".join(moves))
    if not out:
        return []
    flows = sorted(summary.changes_of_hands.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    sentence = "Seats changing hands: " + "; ".join(out) + "."
    if flows:
        moves = [f"{story.fig(f'summary:changes_of_hands[{won}<-{lost}]', n, count(n))} from "
                 f"{_noun(names, lost)} to {_noun(names, won)}" for (won, lost), n in flows]
        sentence += " The biggest movements were " + ", ".join(moves) + "."
    return [sentence]


def _contest_list(story: Story, rows: Sequence[ContestFigures], names: Names,
                  key: str) -> list[str]:
    out = []
    for i, f in enumerate(rows):
        if key == "swing" and f.swing is not None:
            frm, to, size = f.swing
            amount = story.fig(f"summary:biggest_swings[{i}].points", size, points(size))
            out.append(f"{f.constituency} ({_noun(names, frm)} to {_noun(names, to)}, "
                       f"{amount})")
        elif key == "majority":
            votes = story.fig(f"summary:closest[{i}].majority", f.majority, count(f.majority))
            unit = "vote" if f.majority == 1 else "votes"
            out.append(f"{f.constituency} ({_noun(names, f.winner)} by {votes} {unit})")
    return out


def _turnout(story: Story, summary: ElectionSummary, baseline: str | None) -> str:
    if summary.turnout is None:
        return ""
    share = story.fig("summary:turnout", summary.turnout, pct(summary.turnout))
    text = f"Turnout was {share} of the electorate, counting valid votes"
    if summary.turnout_before is not None and baseline is not None:
        then = story.fig("summary:turnout_before", summary.turnout_before,
                         pct(summary.turnout_before))
        direction = "down" if summary.turnout_before > summary.turnout else "up"
        text += f", {direction} from {then} {baseline}"
    return text + "."


def _table(summary: ElectionSummary, names: Names) -> list[list[str]]:
    rows = [["Party", "Seats", "Change", "Votes", "Share", "Change"]]
    for p in summary.parties:
        if p.seats == 0 and p.share < TABLE_SHARE:
            continue
        rows.append(["Independents" if p.party == "Ind" else names.naming(p.party).table,
                     count(p.seats),
                     "" if p.seats_change is None else signed_count(p.seats_change),
                     count(p.votes), pct(p.share),
                     "" if p.share_change is None else signed(p.share_change)])
    return rows


def summary_story(election: Election, summary: ElectionSummary,
                  baseline: Election | None = None) -> Story:
    """The night in summary for a general election (or its notional recast)."""
    year = str(election.date.year)
    story = Story(election.id, "")
    notional = election.kind == "notional"
    story.headline = _headline(story, summary, story.fig("election.year", election.date.year,
                                                         year), notional)
    names = Names()
    when = story.fig("election.date", election.date.isoformat(), long_date(election.date))
    occasion = f"at the general election on {when}"
    if notional:
        occasion = (f"in the notional result of the general election on {when}, recast on "
                    "the new boundaries")
    before = None
    if baseline is not None:
        then = story.fig("baseline.year", baseline.date.year, str(baseline.date.year))
        before = f"in {then}"
    seats = _seats(story, summary, names, occasion, before)
    if baseline is not None and baseline.kind == "notional":
        seats.insert(1, "Changes are against the notional results of "
                     f"{story.fig('baseline.year', baseline.date.year, str(baseline.date.year))}"
                     " on the new boundaries.")
    story.say(*seats)
    story.say(_votes(story, summary, names))
    story.say(*_gains(story, summary, names))
    swings = _contest_list(story, summary.biggest_swings, names, "swing")
    if swings:
        story.say("The biggest swings (Butler, between parties that stood both times): "
                  + "; ".join(swings) + ".")
    closest = _contest_list(story, summary.closest, names, "majority")
    if closest:
        story.say("The closest results: " + "; ".join(closest) + ".")
    story.say(_turnout(story, summary, before))
    story.table = _table(summary, names)
    return story

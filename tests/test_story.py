"""Result stories and the night in summary, on the real files: golden files, every number
against the analysis functions, a contest with little data, and the ``story`` command.

Golden files live in ``tests/golden``; a mismatch writes ``<name>.new`` beside the golden file
(review it, then rename it over the golden file to accept)."""

from __future__ import annotations

import difflib
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from swingometer import elections
from swingometer.analysis.card import result_card
from swingometer.analysis.records import (
    baseline_pairs,
    contest_figures,
    election_ranks,
    election_summary,
    group_of,
    majority_overturned_rank,
    official_row,
    share_change_rank,
    swing_rank,
)
from swingometer.analysis.result import turnout
from swingometer.cli import app
from swingometer.model import Contest
from swingometer.report.context import ContestContext, by_election_history, contest_context
from swingometer.report.formats import FORMATS
from swingometer.report.story import Story, contest_story, render, result_story
from swingometer.report.summary import summary_story
from swingometer.report.words import long_date

GOLDEN = Path(__file__).parent / "golden"
runner = CliRunner()


def check_golden(name: str, text: str) -> None:
    """Compare with ``tests/golden/<name>``; on a difference write ``<name>.new`` and fail."""
    path = GOLDEN / name
    new = path.with_name(path.name + ".new")
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        new.unlink(missing_ok=True)
        return
    new.write_text(text, encoding="utf-8")
    old = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    diff = "\n".join(difflib.unified_diff(old, text.splitlines(), str(path), str(new),
                                          lineterm=""))
    pytest.fail(f"{name} differs from its golden file; review {new} and rename it over "
                f"{path} to accept:\n{diff}")


def contest_of(seat: str, on: date) -> tuple[Contest, Contest | None, dict[str, Any],
                                              ContestContext]:
    contest = elections.find_contest(seat, on=on)
    previous = elections.previous(contest)
    history = elections.seat_history(contest)
    card = result_card(contest, previous, history, elections.election_orders())
    return contest, previous, card, contest_context(contest, previous, card, None, history)


@pytest.fixture(scope="module")
def mid_beds() -> tuple[Contest, Contest | None, dict[str, Any], ContestContext]:
    return contest_of("Mid Bedfordshire", date(2023, 10, 19))


@pytest.fixture(scope="module")
def tamworth() -> tuple[Contest, Contest | None, dict[str, Any], ContestContext]:
    return contest_of("Tamworth", date(2023, 10, 19))


@pytest.fixture(scope="module")
def hendon() -> tuple[Contest, Contest | None, dict[str, Any], ContestContext]:
    return contest_of("Hendon", date(2024, 7, 4))


# --- golden files ---------------------------------------------------------------------------


def test_mid_bedfordshire_golden(mid_beds: tuple[Any, ...]) -> None:
    story = contest_story(mid_beds[2], mid_beds[3])
    check_golden("mid-bedfordshire-2023.md", render(story, "markdown"))
    check_golden("mid-bedfordshire-2023.txt", render(story, "text"))


def test_tamworth_golden(tamworth: tuple[Any, ...]) -> None:
    check_golden("tamworth-2023.md", render(contest_story(tamworth[2], tamworth[3]),
                                            "markdown"))


@pytest.fixture(scope="module")
def summary_2024() -> tuple[Story, Any]:
    chosen, baseline = elections.load("2024"), elections.load("2019-notional")
    summary = election_summary(chosen.contests, baseline.contests)
    return summary_story(chosen, summary, baseline), summary


def test_summary_2024_golden(summary_2024: tuple[Story, Any]) -> None:
    check_golden("summary-2024.md", render(summary_2024[0], "markdown"))


# --- what the stories say -------------------------------------------------------------------


def test_mid_bedfordshire_says_what_the_newsroom_said(mid_beds: tuple[Any, ...]) -> None:
    story = contest_story(mid_beds[2], mid_beds[3])
    text = " ".join(story.paragraphs)
    assert story.headline == "Labour gain Mid Bedfordshire from the Conservatives"
    assert "held by the Conservatives since 1931" in text
    assert "The Liberal Democrats nearly doubled their share, from 12.6% to 23.1%." in text
    assert "a majority of 1,192 (2.9% of valid votes)" in text
    assert "It overturned a Conservative majority of 24,664 at the 2019 general election." \
        in text
    assert "The swing from the Conservatives to Labour was 20.5 points (Butler swing" in text


def test_hendon_is_the_closest_result_of_2024(hendon: tuple[Any, ...]) -> None:
    story = contest_story(hendon[2], hendon[3])
    text = " ".join(story.paragraphs)
    assert "a majority of 15 (less than 0.1% of valid votes)" in text
    assert "It was the closest result of the 2024 general election." in text
    assert "in the notional 2019 result on these boundaries" in text


def test_a_hold_reads_as_a_hold() -> None:
    _, _, card, context = contest_of("Uxbridge and South Ruislip", date(2023, 7, 20))
    story = contest_story(card, context)
    assert story.headline == "Conservatives hold Uxbridge and South Ruislip"
    assert "has been held by the Conservatives since" in story.paragraphs[1]
    assert "overturned" not in " ".join(story.paragraphs)


def test_held_since_says_at_least_where_earlier_results_pool_the_party() -> None:
    """Before 2010 the Library's series counts Sinn Féin among "others": West Tyrone's run
    cannot be traced past 2010, so the story does not claim it began then."""
    _, _, card, context = contest_of("West Tyrone", date(2018, 5, 3))
    assert card["held_since"]["year"] == 2010 and context.held_since_open
    assert "held by Sinn Féin since at least 2010." in contest_story(card, context).paragraphs[1]
    _, _, card, context = contest_of("Brighton Pavilion", date(2024, 7, 4))
    assert not context.held_since_open  # Labour held it in 2005: the Greens' run began in 2010
    assert "held by the Greens since 2010." in contest_story(card, context).paragraphs[1]


def test_the_speaker_and_unlisted_parties_are_named_in_words() -> None:
    _, _, card, context = contest_of("Chorley", date(2024, 7, 4))
    story = contest_story(card, context)
    assert story.headline == "Lindsay Hoyle holds Chorley"
    assert story.paragraphs[0].startswith("Lindsay Hoyle, the Speaker, held Chorley")
    text = " ".join(story.paragraphs)  # not in the party table: no "did not stand" claim
    assert "Democracy for Chorley won 7.1%, with no share of theirs in 2019 to compare." in text


# --- every number is the analysis function's value -----------------------------------------


def card_value(card: dict[str, Any], path: str) -> Any:
    """``winner.votes``, ``candidates[LD].share`` … in a results card."""
    value: Any = card
    for part in path.split("."):
        match = re.fullmatch(r"(\w+)\[(\w+)\]", part)
        value = next(c for c in value[match[1]] if c["party"] == match[2]) if match \
            else value[part]
    return value


def expected_ranks(contest: Contest, previous: Contest, card: dict[str, Any]) -> dict[str, Any]:
    """The records, straight from ``analysis.records`` on the by-elections at hand."""
    history = by_election_history()
    subject = official_row(contest, previous)
    frm, to = card["swing"]["from"], card["swing"]["to"]
    winner, loser = contest.winner.party, previous.winner.party
    return {
        "swing": swing_rank(subject, history.since_1945, group_of(frm) or "", group_of(to) or ""),
        "winner_rise": share_change_rank(subject, history.since_1945, group_of(winner) or "",
                                         rise=True),
        "loser_fall": share_change_rank(subject, history.since_1945, group_of(loser) or "",
                                        rise=False),
        "majority_overturned": majority_overturned_rank(subject, history.official),
        "party_majority_overturned": majority_overturned_rank(subject, history.official,
                                                              winner=winner),
    }


def rank_value(rank: Any, attr: str) -> Any:
    if attr == "since":
        return rank.since.year
    if attr == "leader.date":
        return rank.leader.date.isoformat()
    return getattr(rank, attr)


def assert_every_number_checked(story: Story, expected: Any) -> None:
    """Each figure's value is ``expected(name)``, its text is in the story, and no digit in
    the story is outside a figure."""
    text = "\n".join([story.headline, *story.paragraphs])
    for figure in story.figures:
        wanted = expected(figure.name)
        assert wanted is ... or figure.value == wanted, figure  # ...: not checked here
        assert figure.text in text, figure
    for figure in sorted(story.figures, key=lambda f: -len(f.text)):
        text = text.replace(figure.text, "")
    assert not re.search(r"\d", text), f"numbers with no figure behind them: {text}"


@pytest.mark.parametrize("seat", ["mid_beds", "tamworth", "hendon"])
def test_every_number_in_a_contest_story(seat: str, request: pytest.FixtureRequest) -> None:
    contest, previous, card, context = request.getfixturevalue(seat)
    ranks = expected_ranks(contest, previous, card) if contest.kind == "by" else {}
    pairs = baseline_pairs(elections.contests("2024"), elections.contests("2019-notional"))
    placed = election_ranks([contest_figures(c, p) for c, p in pairs]) \
        if contest.kind == "general" else {}

    def expected(name: str) -> Any:
        kind, _, path = name.partition(":")
        if kind == "card":
            return card_value(card, path)
        if kind == "context":
            missing = [src.name.removeprefix("by-elections ") for src, problem
                       in elections.available() if problem and src.kind == "by"
                       and int(src.key.removeprefix("by-")) < contest.date.year]
            return {"previous_turnout": turnout(previous).valid, "official_from": "2010",
                    "election": elections.source("2024").name,
                    "gaps": " and ".join(missing)}[path]
        if kind == "rank":
            key, _, attr = path.partition(".")
            return rank_value(ranks[key], attr)
        if kind == "election_rank":
            return placed[contest.id][path]
        raise AssertionError(name)

    story = contest_story(card, context)
    assert story.figures
    assert_every_number_checked(story, expected)


def test_every_by_election_story_quotes_only_its_figures() -> None:
    """Every by-election at hand, whatever it holds (independents, new parties, Northern
    Ireland, no swing): each figure's text is in the story and no other number is."""
    orders = elections.election_orders()
    stories = 0
    for contest in elections.by_elections():
        previous = elections.previous(contest)
        history = elections.seat_history(contest)
        card = result_card(contest, previous, history, orders)
        story = contest_story(card, contest_context(contest, previous, card, None, history))
        assert_every_number_checked(story, lambda name, card=card: (
            card_value(card, name[5:]) if name.startswith("card:") else ...))
        assert not re.search(r"\b(None|nan)\b", render(story, "text"))
        stories += 1
    assert stories >= 40


def test_every_number_in_the_summary(summary_2024: tuple[Story, Any]) -> None:
    story, summary = summary_2024

    def expected(name: str) -> Any:
        fixed = {"election.year": 2024, "election.date": "2024-07-04", "baseline.year": 2019}
        if name in fixed:
            return fixed[name]
        path = name.removeprefix("summary:")
        match = re.fullmatch(r"(\w+)\[([^\]]+)\](?:\.(\w+))?", path)
        if match is None:
            return getattr(summary, path)
        field, key, attr = match.groups()
        if field == "parties":
            return getattr(summary.party(key), attr)
        if field == "changes_of_hands":
            won, lost = key.split("<-")
            return summary.changes_of_hands[(won, lost)]
        row = getattr(summary, field)[int(key)]
        return row.swing[2] if attr == "points" else getattr(row, attr)

    assert_every_number_checked(story, expected)
    lab = summary.party("Lab")
    assert (lab.seats, lab.seats_change, summary.overall_majority) == (411, 211, 172)
    assert summary.closest[0].constituency == "Hendon" and summary.closest[0].majority == 15
    assert story.table[1][:3] == ["Labour", "411", "+211"]
    text = " ".join(story.paragraphs)  # full name at first mention, short afterwards
    assert text.index("the Liberal Democrats 72") < text.index("the Lib Dems 12.2%")
    assert "the Liberal Democrats" not in text[text.index("the Lib Dems"):]


def test_the_2024_election_in_figures(summary_2024: tuple[Story, Any]) -> None:
    """Parliament's own totals: 2024 Lab 411, Con 121, LD 72; notional 2019 Con 372."""
    _, summary = summary_2024
    seats = {p.party: (p.seats, p.seats_before) for p in summary.parties}
    assert seats["Lab"] == (411, 200) and seats["Con"] == (121, 372)
    assert seats["LD"][0] == 72
    assert sum(p.seats for p in summary.parties) == 650
    assert round(summary.party("Lab").share, 1) == 33.7
    assert summary.changes_of_hands[("Lab", "Con")] > summary.changes_of_hands[("LD", "Con")]
    assert all(p.gains - p.losses == p.seats_change for p in summary.parties
               if p.party in ("Lab", "Con", "LD", "SNP"))


# --- records --------------------------------------------------------------------------------


def test_the_swing_ranked_is_the_cards_swing(mid_beds: tuple[Any, ...]) -> None:
    _, _, card, context = mid_beds
    assert context.ranks["swing"].value == card["swing"]["points"]
    overturned = context.ranks["majority_overturned"]
    assert overturned.value == card["majority_overturned"] == 24_664
    assert overturned.position == 1  # no larger majority overturned at a by-election since 2010


def test_the_library_record_swing_from_con_to_lab() -> None:
    """The largest measurable Conservative-to-Labour swing in the Library's list is Dudley West,
    15 December 1994 (29.1 points). Bristol South East 1963 shows −43.8 for the Conservatives
    only because they did not stand: that change is a known anomaly and is left out."""
    history = by_election_history()
    rows = [r for r in history.since_1945 if r.source == "library"]
    measurable = [r for r in rows if "Lab" in r.changes and "Con" in r.changes]
    best = max(measurable, key=lambda r: r.changes["Lab"] - r.changes["Con"])
    assert (best.constituency, best.date) == ("Dudley West", date(1994, 12, 15))
    assert round((best.changes["Lab"] - best.changes["Con"]) / 2, 1) == 29.1
    bristol = next(r for r in rows if r.constituency == "Bristol South East"
                   and r.date == date(1963, 8, 20))
    # the Conservatives stood aside there: by rule the contest is out of every ranking
    assert bristol.changes == {}
    assert len(rows) == 471 and history.library_until == date(2019, 8, 1)


# --- a contest with little data -------------------------------------------------------------


def write_csv(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "results.csv"
    path.write_text("constituency,candidate,party,votes,date\n" + rows, encoding="utf-8")
    return path


def story_of_file(path: Path) -> Story:
    from swingometer.sources import read_results

    contest = read_results(path)[0]
    card = result_card(contest, elections.previous(contest), elections.seat_history(contest),
                       elections.election_orders())
    return contest_story(card, contest_context(contest, None, card))


def test_a_contest_with_no_electorate_and_no_previous_result(tmp_path: Path) -> None:
    story = story_of_file(write_csv(tmp_path, "Anytown,Ann Smith,Lab,12000,2024-07-04\n"
                                    "Anytown,Bob Jones,Con,9000,2024-07-04\n"
                                    "Anytown,Cat Brown,Green,1500,2024-07-04\n"))
    assert story.headline == "Labour win Anytown"
    assert story.paragraphs == [
        "Labour's Ann Smith won Anytown at the general election on 4 July 2024 with 12,000 "
        "votes (53.3%). Bob Jones, the Conservative candidate, came second with 9,000 (40.0%), "
        "a majority of 3,000 (13.3% of valid votes)."]
    for fmt in FORMATS:
        rendered = render(story, fmt)
        assert "None" not in rendered and "nan" not in rendered


def test_an_unopposed_candidate(tmp_path: Path) -> None:
    story = story_of_file(write_csv(tmp_path, "Lonely,Ann Smith,SNP,100,2024-07-04\n"))
    assert story.headline == "SNP win Lonely"
    assert story.paragraphs[0].endswith("No other candidate stood.")


def test_the_desk_gets_a_story_from_a_card(mid_beds: tuple[Any, ...]) -> None:
    text = result_story(mid_beds[2])
    assert text.startswith("Labour gain Mid Bedfordshire from the Conservatives\n")
    assert "since 1945" not in text  # no history without its context


# --- the command ----------------------------------------------------------------------------


def test_story_command_formats() -> None:
    args = ["story", "Mid Bedfordshire", "--date", "2023-10-19"]
    text = runner.invoke(app, args)
    assert text.exit_code == 0, text.output
    assert text.stdout.startswith("Labour gain Mid Bedfordshire from the Conservatives\n====")
    payload = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)
    assert payload["id"] == "parl.mid-bedfordshire.by.2023-10-19"
    assert {"name": "card:majority.votes", "value": 1192, "text": "1,192"} in payload["figures"]
    page = runner.invoke(app, [*args, "-f", "html"]).stdout
    assert page.startswith('<article id="parl.mid-bedfordshire.by.2023-10-19">')
    assert long_date(date(2023, 10, 19)) in page


def test_story_command_summary_and_errors() -> None:
    summary = runner.invoke(app, ["story", "--election", "2024", "--format", "markdown"])
    assert summary.exit_code == 0, summary.output
    assert summary.stdout.startswith("# Labour win the 2024 general election with a majority")
    by = runner.invoke(app, ["story", "--election", "by-2019"])
    assert by.exit_code != 0 and "general election for a summary" in str(by.exception)
    bad = runner.invoke(app, ["story", "Tamworth", "--format", "pdf"])
    assert bad.exit_code != 0 and "choose from: text, markdown, json, html" in str(bad.exception)


# --- wording that holds on every story -------------------------------------------------------


@pytest.fixture(scope="module")
def every_story_text() -> list[str]:
    """The paragraphs of every by-election story and every 2024 seat's story."""
    contests = [*elections.by_elections(), *elections.contests("2024")]
    return [" ".join(elections.story(c).paragraphs) for c in contests]


MOVED = re.compile(r"(rose|fell) by (\d+\.\d) points?, from (\d+\.\d)% to (\d+\.\d)%")
PROPORTION = re.compile(r"(more than halved|fell by more than [a-z-]+|more than doubled|"
                        r"more than tripled|nearly doubled)(?: their share)?, from (\d+\.\d)% "
                        r"to (\d+\.\d)%")
FRACTION = {"two-thirds": 2 / 3, "three-quarters": 3 / 4, "four-fifths": 4 / 5,
            "nine-tenths": 9 / 10}


def test_points_are_the_difference_of_the_shares_shown(every_story_text: list[str]) -> None:
    """"fell by X points, from A% to B%": X = A − B as printed (22 of 76 were not)."""
    sentences = [m for text in every_story_text for m in MOVED.finditer(text)]
    assert len(sentences) > 500
    wrong = [m[0] for m in sentences
             if f"{abs(float(m[3]) - float(m[4])):.1f}" != m[2]
             or (m[1] == "fell") != (float(m[4]) < float(m[3]))]
    assert wrong == []


def test_proportion_words_hold_for_the_shares_shown(every_story_text: list[str]) -> None:
    """"more than halved" is wrong for a fall of 81–95%: the words come from the ratio."""
    found = [m for text in every_story_text for m in PROPORTION.finditer(text)]
    assert len(found) > 100
    for m in found:
        phrase, before, after = m[1], float(m[2]), float(m[3])
        ratio = after / before
        slack = 0.05 / before  # the shares are shown to one decimal place
        if phrase == "more than halved":
            assert 1 / 3 - slack <= ratio < 1 / 2, m[0]
        elif phrase.startswith("fell by more than"):
            fraction = FRACTION[phrase.rsplit(" ", 1)[1]]
            assert 1 - ratio > fraction, m[0]
            bigger = [f for f in FRACTION.values() if f > fraction]
            assert not bigger or 1 - ratio <= min(bigger) + slack, m[0]
        elif phrase == "more than tripled":
            assert ratio > 3, m[0]
        elif phrase == "more than doubled":
            assert 2 < ratio <= 3, m[0]
        else:
            assert 1.8 <= ratio < 2, m[0]
    assert any("four-fifths" in m[0] for m in found)


def test_articles_follow_the_sound(every_story_text: list[str]) -> None:
    """"an SNP majority", never "a SNP"; initials said letter by letter."""
    text = " ".join(every_story_text)
    assert not re.search(r"\ba (SNP|SDLP|MP|LD)\b", text)
    assert re.search(r"\ban SNP majority\b", text)


@pytest.mark.parametrize(("seat", "sentence"), [
    ("Rochdale", "Labour regain the seat from the Workers Party of Britain, which won it at the "
                 "February 2024 by-election."),
    ("Mid Bedfordshire", "The Conservatives regain the seat from Labour, which won it at the "
                         "October 2023 by-election."),
    ("Chesham and Amersham", "Against the sitting member it is a Liberal Democrat hold: the Lib "
                             "Dems won the seat at the June 2021 by-election.")])
def test_a_sitting_member_from_a_by_election_is_said(seat: str, sentence: str) -> None:
    """Both conventions: the Library's label in the headline, the PA's against the sitting
    member in a sentence; no "held since" that contradicts it."""
    story = elections.story(elections.find_contest(seat, election="2024"))
    text = " ".join(story.paragraphs)
    assert sentence in text
    assert "held by the Workers Party" not in text and "since February" not in text


def test_a_new_seat_says_since_its_creation() -> None:
    """A 2024 seat new at the boundary review: its creation and its largest predecessor."""
    contest = elections.find_contest("Hamble Valley", election="2024")
    if getattr(elections.result_card(contest), "standing", None) is None:
        pytest.skip("the card does not carry the seat's standing yet")
    text = " ".join(elections.story(contest).paragraphs)
    assert "The seat was created in 2024; its largest predecessor, Eastleigh, with 48.2% of " \
        "its people, had been held by the Conservatives since 2015." in text


def test_a_swing_between_other_parties_says_so() -> None:
    """Clacton 2014: UKIP did not stand in 2010, so the swing quoted is between the two
    leading parties that stood both times, and the story says so."""
    contest = elections.find_contest("Clacton", on=date(2014, 10, 9))
    text = " ".join(elections.story(contest).paragraphs)
    assert "The swing from the Conservatives to Labour, the two leading parties that stood at " \
        "both contests, was 7.3 points" in text

"""Names are text everywhere: a candidate, party or constituency name is data, never markup.

A user's results file built from the real Mid Bedfordshire 2023 result, with the winner
renamed to a string that is Rich markup, HTML and mathtext at once, goes through the CLI's
table, stories and chart; each must show the name as written (escaped where the medium needs
it), never a traceback, styled output, live HTML or a formula.
"""

from __future__ import annotations

import csv
import dataclasses
import html
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.text import Text
from rich.console import Console

from swingometer import elections
from swingometer.analysis.card import ResultCard
from swingometer.errors import DataError
from swingometer.model import Contest
from swingometer.report.charts import (
    SeatBar,
    seats_chart,
    share_bars,
    share_change_chart,
    swing_dial,
)
from swingometer.report.formats import markdown_text
from swingometer.report.hexmap import hex_map
from swingometer.report.tables import card_view, elections_view
from swingometer.sources import read_results
from swingometer.sources.hexjson import Hex, HexLayout

MID_BEDS = "E14000813"
WINNER = "Alistair [/] [bold red]Strathern</script><script>alert(1)</script> $x^2$"
SECOND = "Festus :thumbs_up: [link=https://example.com]Akinbusoye[/link]"
#: an invalid formula: mathtext would raise on it, not just garble it
PARTY_NAME = r"Beds $\frac$ First"
COLUMNS = ("constituency", "ons_id", "date", "kind", "candidate", "party", "party_name",
           "votes", "electorate", "rejected", "elected")


def mid_bedfordshire() -> Contest:
    """The by-election of 19 October 2023; the 2019 general election's contest while the
    by-election files cannot be read."""
    try:
        return next(c for c in elections.contests("by-2019")
                    if (c.ons_id, c.date) == (MID_BEDS, date(2023, 10, 19)))
    except DataError:
        return next(c for c in elections.contests("2019") if c.ons_id == MID_BEDS)


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real result with the winner and runner-up renamed, and the first independent
    standing for a new party with a hostile name."""
    contest = mid_bedfordshire()
    path = tmp_path_factory.mktemp("names") / "results.csv"
    renamed = False
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
        writer.writeheader()
        for i, c in enumerate(contest.candidates):
            name, code, label = c.name, c.party, c.party_name
            if i < 2:
                name = (WINNER, SECOND)[i]
            elif code == "Ind" and not renamed:
                code, label, renamed = "BdF", PARTY_NAME, True
            writer.writerow({"constituency": contest.constituency, "ons_id": contest.ons_id,
                             "date": contest.date.isoformat(), "kind": contest.kind,
                             "candidate": name, "party": code, "party_name": label,
                             "votes": c.votes, "electorate": contest.electorate,
                             "rejected": contest.rejected,
                             "elected": str(c is contest.winner).lower()})
    return path


def swingometer(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "400", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "swingometer", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=300)


def hostile_card(path: Path) -> ResultCard:
    (contest,) = read_results(path)
    return elections.result_card(contest)


# --- Rich: the results card ---------------------------------------------------------------


def test_result_table_shows_names_literally(hostile_file: Path) -> None:
    run = swingometer("result", "--file", hostile_file)
    assert run.returncode == 0, run.stderr
    assert WINNER in run.stdout
    assert SECOND in run.stdout
    assert "\x1b[" not in run.stdout


def test_card_view_escapes_every_name_it_shows(hostile_file: Path) -> None:
    card = hostile_card(hostile_file)
    card = dataclasses.replace(card, contest=dataclasses.replace(
        card.contest, constituency="[bold]Mid[/] Beds", id="parl.[/].by.2023-10-19"))
    console = Console(record=True, width=400, color_system=None)
    console.print(card_view(card))
    shown = console.export_text()
    for name in ("[bold]Mid[/] Beds", "parl.[/].by.2023-10-19", WINNER, SECOND):
        assert name in shown


def test_elections_view_escapes_names() -> None:
    rows = [{"key": "by-x", "name": "[red]Parliament[/]", "ready": True, "status": "ready",
             "contests": 1,
             "baseline": "[/]", "by_elections": [
                 {"date": "2023-10-19", "constituency": "[/] Beds", "result": "[b]Lab[/b]"}]}]
    console = Console(record=True, width=200, color_system=None)
    console.print(elections_view(rows))
    shown = console.export_text()
    for name in ("[red]Parliament[/]", "[/] Beds", "[b]Lab[/b]"):
        assert name in shown


# --- stories ------------------------------------------------------------------------------


def test_text_story_shows_the_name(hostile_file: Path) -> None:
    run = swingometer("story", "--file", hostile_file, "--format", "text")
    assert run.returncode == 0, run.stderr
    assert WINNER in " ".join(run.stdout.split())


def test_markdown_story_escapes_html_and_markdown(hostile_file: Path) -> None:
    run = swingometer("story", "--file", hostile_file, "--format", "markdown")
    assert run.returncode == 0, run.stderr
    assert "<script>" not in run.stdout
    assert re.search(r"(?<!\\)\$", run.stdout) is None  # no $ left for a maths extension
    page = MarkdownIt("commonmark").render(run.stdout)
    assert "<script>" not in page
    assert html.escape(WINNER, quote=False) in page  # shown as written once rendered


@pytest.mark.parametrize("name", [WINNER, SECOND, PARTY_NAME, "# Not a heading", "1. Not a list",
                                  "- not an item", "*bold* _it_ `code` ~~x~~ | a | \\ &amp;",
                                  "line\nbreak", "+ plus", "> quote", "=== rule"])
def test_markdown_text_renders_as_written(name: str) -> None:
    page = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    rendered = page.render(markdown_text(name))
    expected = " ".join(name.split())
    assert rendered == f"<p>{html.escape(expected, quote=False).replace(chr(34), '&quot;')}</p>\n"


def test_html_story_escapes_html(hostile_file: Path) -> None:
    run = swingometer("story", "--file", hostile_file, "--format", "html")
    assert run.returncode == 0, run.stderr
    assert "<script>" not in run.stdout
    assert html.escape(WINNER) in run.stdout


# --- matplotlib ---------------------------------------------------------------------------


def test_chart_shares_of_a_hostile_file(hostile_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.png"
    run = swingometer("chart", "shares", "--file", hostile_file, "-o", out)
    assert run.returncode == 0, run.stderr
    assert out.stat().st_size > 1000


def _texts(fig: Figure) -> list[Text]:
    fig.canvas.draw()  # an unparsed formula would raise here
    return [t for t in fig.findobj(Text) if t.get_text()]


def _literal(fig: Figure, *expected: str) -> None:
    texts = _texts(fig)
    for want in expected:
        assert any(want in t.get_text() for t in texts), want
    for t in texts:
        if "$" in t.get_text():
            assert not t.get_parse_math() and not t.get_usetex(), t.get_text()


def test_share_chart_labels_are_literal(hostile_file: Path) -> None:
    bars = share_bars(hostile_card(hostile_file))
    assert PARTY_NAME in [b.label for b in bars]
    _literal(share_change_chart(bars, WINNER, "a $ sign"), PARTY_NAME, WINNER, "a $ sign")


CODE = r"$\frac$"


def test_swing_dial_labels_are_literal() -> None:
    _literal(swing_dial(CODE, "Lab", 3.0, 2.0, WINNER, "$"), CODE, WINNER)


def test_seats_chart_labels_are_literal() -> None:
    rows = [SeatBar(CODE, 3, 1), SeatBar("Lab", 2, None)]
    _literal(seats_chart(rows, 5, 3, WINNER, "$"), CODE, WINNER)


def test_hex_map_labels_are_literal() -> None:
    layout = HexLayout("odd-r", {"A": Hex("A", "[/]$a$", 0, 0), "B": Hex("B", "$", 1, 0)})
    fig = hex_map(layout, {"A": CODE, "B": "Lab"}, {CODE: 1, "Lab": 1}, {"A"}, WINNER, "$")
    _literal(fig, CODE, WINNER)


def test_charts_ignore_a_usetex_matplotlibrc() -> None:
    with rc_context({"text.usetex": True}):
        _literal(swing_dial(CODE, "Lab", 3.0, 2.0, WINNER, "50%"), CODE, WINNER, "50%")

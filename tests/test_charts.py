"""Charts on the real files: each is written, opened again and checked — size, the hexes of
the map (650, each with its GSS code, a known seat in its winner's colour), the labels that
keep them legible without colour."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from matplotlib.image import imread
from typer.testing import CliRunner

from swingometer import elections
from swingometer.analysis.card import ResultCard, result_card
from swingometer.analysis.records import baseline_pairs, contest_figures
from swingometer.cli import app
from swingometer.errors import ChoiceError, DataError, NotApplicableError
from swingometer.parties import party
from swingometer.report.charts import (
    DPI,
    hemicycle_positions,
    save,
    share_bars,
    share_change_chart,
    swing_dial,
)
from swingometer.report.hexmap import hex_centres, hex_map, layout_for

SVG = "{http://www.w3.org/2000/svg}"
runner = CliRunner()


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def svg_texts(path: Path) -> list[str]:
    return [t.text or "" for t in ET.parse(path).iter(SVG + "text")]


def pixels_of(image: np.ndarray, colour: str) -> int:
    """How many pixels are (within rounding) the colour."""
    target = np.array(rgb(colour)) / 255
    return int((np.abs(image[..., :3] - target).max(axis=-1) < 0.01).sum())


@pytest.fixture(scope="module")
def mid_beds() -> ResultCard:
    contest = elections.find_contest("Mid Bedfordshire", on=date(2023, 10, 19))
    return result_card(contest, elections.previous(contest))


def test_share_change_chart(mid_beds: ResultCard, tmp_path: Path) -> None:
    bars = share_bars(mid_beds)
    assert [b.party for b in bars[:3]] == ["Lab", "Con", "LD"]
    fig = share_change_chart(bars, "Mid Bedfordshire", "by-election")
    path = save(fig, tmp_path / "shares.png")
    image = imread(path)
    width, height = fig.get_size_inches() * DPI
    assert image.shape[:2] == (round(height), round(width))
    assert pixels_of(image, party("Lab").colour) > 1000  # the Labour bar, in Labour's colour
    texts = svg_texts(save(fig, tmp_path / "shares.svg"))
    assert "+12.4" in texts and "−28.6" in texts and "new" in texts  # labelled, not colour only


def test_islington_north_has_a_bar_for_jeremy_corbyn(tmp_path: Path) -> None:
    card = elections.result_card(elections.find_contest("Islington North", election="2024"))
    assert card.winner.candidate == "Jeremy Corbyn" and card.winner.party == "Ind"
    bars = share_bars(card)
    corbyn = next(b for b in bars if b.label == "Jeremy Corbyn")
    assert corbyn.share == card.winner.share and corbyn.kind == "person"
    fig = elections.share_chart(elections.find_contest("Islington North", election="2024"))
    texts = svg_texts(save(fig, tmp_path / "islington.svg"))
    assert any(t.startswith("Jeremy Corbyn") for t in texts)
    assert any("independent" in t.lower() for t in texts)  # the footnote says what it is


def bar_rule_holds(card: ResultCard) -> None:
    """Test-side: every candidate who won, or who beat a party shown, has a bar of their own;
    the rest are pooled in one "others" bar; the bars add up to every vote."""
    bars = share_bars(card)
    parties = [b for b in bars if b.kind == "party"]
    floor = min((b.share for b in parties), default=100.0)
    named = {(b.label, round(b.share, 9)) for b in bars if b.kind == "person"}
    party_bars = {(b.party, round(b.share, 9)) for b in parties}
    for i, c in enumerate(card.candidates):
        if i == 0 or c.share > floor:
            if c.party in ("Ind", "Oth"):
                assert (c.candidate, round(c.share, 9)) in named, (card.contest.id, c.candidate)
            else:
                assert (c.party, round(c.share, 9)) in party_bars | named, card.contest.id
    others = [b for b in bars if b.kind == "others"]
    assert len(others) <= 1
    assert sum(b.share for b in bars) == pytest.approx(sum(c.share for c in card.candidates))


def test_every_winner_and_every_candidate_beating_a_party_shown_has_a_bar() -> None:
    for contest in [*elections.contests("2024"), *elections.by_elections()]:
        bar_rule_holds(elections.result_card(contest))


def test_swing_dial(mid_beds: ResultCard, tmp_path: Path) -> None:
    assert mid_beds.swing is not None and mid_beds.swing.points is not None
    fig = swing_dial("Con", "Lab", mid_beds.swing.points, 19.05, "Mid Bedfordshire", "")
    texts = svg_texts(save(fig, tmp_path / "dial.svg"))
    assert "+20.5 points" in texts and "+19.1" in texts
    assert "swing to Labour →" in texts and "← swing to Conservative" in texts
    image = imread(save(fig, tmp_path / "dial.png"))
    assert image.shape[:2] == (round(5.6 * DPI), 8 * DPI)
    assert pixels_of(image, party("Con").colour) > 1000


def test_hemicycle_places_every_seat() -> None:
    places = hemicycle_positions(650)
    assert len(places) == 650 and len(set(places)) == 650
    assert all(y >= -1e-9 for _, y in places)
    angles = [np.arctan2(y, x) for x, y in places]
    assert all(b <= a + 1e-9 for a, b in itertools.pairwise(angles))  # left to right


@pytest.fixture(scope="module")
def map_2024() -> dict[str, Any]:
    chosen = elections.load("2024")
    pairs = baseline_pairs(chosen.contests, elections.contests("2019-notional"))
    figures = [contest_figures(c, p) for c, p in pairs]
    winners = {f.ons_id or "": f.winner for f in figures}
    gains = {f.ons_id or "" for f in figures if "gain" in f.result}
    layout = layout_for("2024")
    return {"layout": layout, "winners": winners, "gains": gains,
            "fig": hex_map(layout, winners, chosen.seats(), gains, "2024", "")}


def code_of(seat: str) -> str:
    return elections.find_contest(seat, election="2024").ons_id or ""


def test_hex_map_svg_has_650_hexes_in_winners_colours(map_2024: dict[str, Any],
                                                     tmp_path: Path) -> None:
    path = save(map_2024["fig"], tmp_path / "map.svg")
    hexes = {g.get("id"): g.find(SVG + "path") for g in ET.parse(path).iter(SVG + "g")
             if (g.get("id") or "")[:1] in "ENSW" and (g.get("id") or "")[1:].isdigit()}
    assert len(hexes) == 650
    style = {code: dict(part.split(": ") for part in (p.get("style") or "").split("; "))
             for code, p in hexes.items() if p is not None}
    mid_beds, hendon = code_of("Mid Bedfordshire"), code_of("Hendon")
    assert map_2024["winners"][mid_beds] == "Con" and mid_beds not in map_2024["gains"]
    assert style[mid_beds]["fill"] == party("Con").colour.lower()
    assert style[mid_beds]["stroke"] == "#ffffff"
    assert map_2024["winners"][hendon] == "Lab" and hendon in map_2024["gains"]
    assert style[hendon]["fill"] == party("Lab").colour.lower()
    assert style[hendon]["stroke"] == "#1a1a1a"  # gains are outlined
    assert "Labour  411" in svg_texts(path)


def test_hex_map_png_pixel_at_a_known_seat(map_2024: dict[str, Any], tmp_path: Path) -> None:
    fig = map_2024["fig"]
    image = imread(save(fig, tmp_path / "map.png"))
    width, height = fig.get_size_inches() * DPI
    assert image.shape[:2] == (round(height), round(width))
    for seat, colour in (("Mid Bedfordshire", "Con"), ("Islington North", "Ind"),
                         ("Clacton", "RUK")):
        x, y = hex_centres(map_2024["layout"])[code_of(seat)]
        px, py = fig.axes[0].transData.transform((x, y)) * DPI / fig.dpi
        pixel = image[round(float(height - py)), round(float(px)), :3] * 255
        assert np.abs(pixel - rgb(party(colour).colour)).max() <= 2, seat


def test_layouts_follow_the_boundaries() -> None:
    assert len(layout_for("2019-notional")) == 650
    assert set(layout_for("2019").hexes) == {c.ons_id for c in elections.contests("2019")}
    with pytest.raises(ChoiceError):
        layout_for("by-2019")


def test_chart_files_must_be_png_svg_or_pdf(mid_beds: ResultCard, tmp_path: Path) -> None:
    fig = share_change_chart(share_bars(mid_beds), "", "")
    with pytest.raises(ChoiceError, match=r"\.png, \.svg, \.pdf"):
        save(fig, tmp_path / "shares.gif")


# --- the command ----------------------------------------------------------------------------


def run(*args: str) -> Any:
    return runner.invoke(app, ["chart", *args])


def test_chart_commands(tmp_path: Path) -> None:
    for command, target in (("shares", "shares.png"), ("swing", "dial.svg")):
        done = run(command, "Mid Bedfordshire", "--date", "2023-10-19", "-o",
                   str(tmp_path / target))
        assert done.exit_code == 0, done.output
        assert (tmp_path / target).stat().st_size > 10_000
    done = run("seats", "--election", "2024", "-o", str(tmp_path / "house.svg"))
    assert done.exit_code == 0, done.output
    texts = svg_texts(tmp_path / "house.svg")
    assert "411 (+211)" in texts and " 326 for a majority" in texts


def test_projection_charts(tmp_path: Path) -> None:
    shares = ["--share", "Lab=34.7", "--share", "Con=24.4", "--share", "LD=12.6",
              "--share", "RUK=14.7"]
    done = run("seats", "--baseline", "2019-notional", *shares, "-o", str(tmp_path / "p.svg"))
    assert done.exit_code == 0, done.output
    assert any(t.startswith("Labour ") for t in svg_texts(tmp_path / "p.svg"))
    done = run("map", "--baseline", "2019-notional", *shares, "-o", str(tmp_path / "p.png"))
    assert done.exit_code == 0, done.output


def test_chart_command_errors(tmp_path: Path) -> None:
    bad = run("seats", "--baseline", "2019-notional", "--share", "Lab:34", "--share", "=3",
              "-o", str(tmp_path / "x.png"))
    assert isinstance(bad.exception, DataError) and len(bad.exception.problems) == 2
    both = run("map", "--election", "2024", "--baseline", "2019", "-o", str(tmp_path / "x.png"))
    assert both.exit_code == 2 and "either --election" in both.output
    csv = tmp_path / "mine.csv"
    csv.write_text("constituency,candidate,party,votes,date\nAnytown,A,Lab,10,2024-07-04\n"
                   "Anytown,B,Con,5,2024-07-04\n", encoding="utf-8")
    nothing = run("swing", "--file", str(csv), "-o", str(tmp_path / "x.png"))
    # not bad data: a swing that does not apply to a contest with nothing to compare with
    assert isinstance(nothing.exception, NotApplicableError)
    assert nothing.exception.exit_code == 2
    assert "no previous result" in str(nothing.exception)
    assert not (tmp_path / "x.png").exists()



def test_the_dial_says_why_its_pair_is_not_the_usual_one(tmp_path: Path) -> None:
    contest = elections.find_contest("Rochdale", on=date(2024, 2, 29))
    texts = svg_texts(save(elections.swing_chart(contest), tmp_path / "rochdale.svg"))
    assert "Butler swing from Labour to Conservative" in texts
    assert any("Workers Party did not stand" in t for t in texts)

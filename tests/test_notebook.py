"""Notebook-friendly objects: short reprs, HTML views, and ``elected`` on every winner."""

from __future__ import annotations

from datetime import date

import pytest

from swingometer import elections
from swingometer.model import Candidate, Contest


@pytest.mark.parametrize(("key", "text"), [
    ("2024", "<Election 2024 general: 650 contests, Lab 411>"),
    ("2019", "<Election 2019 general: 650 contests, Con 365>"),
    ("2019-notional", "<Election 2019 notional: 650 contests, Con 372>"),
])
def test_an_election_prints_in_one_line(key: str, text: str) -> None:
    assert repr(elections.load(key)) == text


def test_every_election_and_contest_repr_is_short() -> None:
    for key, missing in elections.available():
        if missing:
            continue
        election = elections.load(key.key)
        assert len(repr(election)) < 120, repr(election)
        assert all(len(repr(c)) < 200 for c in election.contests)


def test_a_contest_names_its_member() -> None:
    contest = elections.find_contest("Mid Bedfordshire", on=date(2023, 10, 19))
    assert repr(contest) == ("<Contest parl.mid-bedfordshire.by.2023-10-19: Alistair Strathern "
                             "(Lab) elected, 13 candidates, 40,720 valid votes>")


def test_html_views_escape_names() -> None:
    c = Contest("Nowhere", date(2024, 7, 4), "general",
                (Candidate("<script>x</script>", "Ind", 10), Candidate("B", "Lab", 5)))
    html = c._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<table>" in elections.load("2024")._repr_html_()


def test_every_winner_is_elected_and_no_one_else() -> None:
    for key in ("2010", "2015", "2017", "2019", "2024", "by-2019"):
        for contest in elections.contests(key):
            assert [c.elected for c in contest.candidates] == [
                i == 0 for i in range(len(contest.candidates))], contest.id
            assert not contest.by_lot


def test_a_tie_settled_by_lot_is_flagged() -> None:
    tied = Contest("Nowhere", date(2024, 7, 4), "general",
                   (Candidate("A", "Con", 100), Candidate("B", "Lab", 100, elected=True),
                    Candidate("C", "LD", 50)))
    assert tied.winner.name == "B" and tied.winner.elected and tied.by_lot
    assert [c.elected for c in tied.candidates] == [True, False, False]


def test_a_projection_and_its_simulation_are_short_and_tidy() -> None:
    from swingometer.projection import project

    p = project("2024", {"Lab": 40}, simulate=300, seed=3)
    assert len(repr(p)) < 120 and repr(p).startswith("<Projection uns from 2024: Lab ")
    assert len(repr(p.simulation)) < 160
    parties = p.to_frame()
    assert parties["seats"].sum() == 650
    assert dict(zip(parties["party"], parties["seats"], strict=True)) == p.seats
    assert (parties["p05"] <= parties["median"]).all()
    seats = p.to_frame("seat")
    assert len(seats) == 650 and dict(zip(seats["ons_id"], seats["winner"],
                                          strict=True)) == p.winners
    assert seats["changed"].sum() == len(p.changes)
    shares = seats[list(p.baseline.parties)].sum(axis=1)
    assert ((shares - 100).abs() < 1e-6).all()
    assert p.simulation is not None
    sim = p.simulation.to_frame()
    assert sim["party"].iloc[0] == "Lab" and 0 <= sim["p_majority"].iloc[0] <= 1
    assert len(p.simulation.to_frame("seat")) == 650
    assert "<table>" in p._repr_html_()

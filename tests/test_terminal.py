"""Terminal output never cuts what a user needs: every card's verdict is whole at 80 columns
and when piped; tables wrap names rather than cut them."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys

import pytest
from rich.console import Console

from swingometer import elections
from swingometer.report.tables import card_view

KEYS = ("2019", "2024", "by-2017", "by-2019")


def _flat(text: str) -> str:
    """The text without box drawing, lines joined: what wrapping cannot hide."""
    return re.sub(r"\s+", " ", re.sub(r"[│╭╮╰╯─]", " ", text))


@pytest.mark.parametrize("key", KEYS)
def test_every_card_is_whole_at_80_columns(key: str) -> None:
    cut = []
    for contest in elections.contests(key):
        card = elections.result_card(contest)
        out = io.StringIO()
        Console(file=out, width=80, color_system=None).print(card_view(card))
        shown = out.getvalue()
        assert max(len(line) for line in shown.splitlines()) <= 80
        flat = _flat(shown)
        wanted = [f"{contest.constituency} · ", f"· {card.result.text}", contest.id]
        if card.result_pa is not None:
            wanted.append(f"Result {card.result_pa.text} against the sitting member")
        cut += [(contest.id, w) for w in wanted if w not in flat]
    assert not cut, cut[:5]


def test_a_long_title_is_whole_when_piped() -> None:
    done = subprocess.run([sys.executable, "-m", "swingometer", "result", "Caithness",
                           "--election", "2019"], capture_output=True, text=True, check=False,
                          env={k: v for k, v in os.environ.items() if k != "COLUMNS"})
    assert done.returncode == 0, done.stderr
    flat = _flat(done.stdout)
    assert "Caithness, Sutherland and Easter Ross · general election 2019-12-12 · LD hold" in flat


def _piped(*args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    done = subprocess.run([sys.executable, "-m", "swingometer", *args], capture_output=True,
                          text=True, check=False, env=env)
    assert done.returncode in (0, 1), done.stderr
    assert max(len(line) for line in done.stdout.splitlines()) <= 80
    return done.stdout


def test_backtest_shows_every_method_and_pair_whole_when_piped() -> None:
    from swingometer.catalogue import load
    from swingometer.projection.api import methods

    shown = _piped("backtest", "--simulations", "200")
    words = set(re.findall(r"[\w→-]+", shown))
    assert set(methods()) <= words
    assert {f"{a}→{b}" for a, b in load().backtest_pairs()} <= words


def test_data_status_shows_every_file_name_when_piped() -> None:
    from swingometer import files

    cells = [line.split("│")[1].strip() for line in _piped("data", "status").splitlines()
             if line.count("│") == 4]
    joined = "".join(cells)  # the file column's fragments in order: a folded name rejoins
    missing = [name for name in files.registry() if name not in joined]
    assert not missing, missing

"""docs/tutorial.md runs: every ```python block, in order, in one namespace, in a scratch
folder (so the chart it saves lands there), on the real files."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

TUTORIAL = Path(__file__).resolve().parents[1] / "docs" / "tutorial.md"


def blocks() -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", TUTORIAL.read_text(encoding="utf-8"),
                      flags=re.M | re.S)


def test_the_tutorial_has_code() -> None:
    assert len(blocks()) >= 6


def test_the_tutorial_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    for i, code in enumerate(blocks(), start=1):
        try:
            exec(compile(code, f"docs/tutorial.md block {i}", "exec"), namespace)
        except Exception as error:  # pragma: no cover - the message names the block
            raise AssertionError(f"tutorial block {i} fails: {error!r}\n{code}") from error
    assert (tmp_path / "mid-bedfordshire.png").stat().st_size > 10_000
    assert os.environ["SWINGOMETER_DATA"]  # it ran on the shared files (conftest)

"""The ``swingometer`` console entry (``swingometer.cli.main``) run in the test's own process:
exit code, stdout and stderr, never a traceback."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from swingometer.cli import main


def swingometer(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                *args: str, columns: int = 120) -> tuple[int, str, str]:
    """``swingometer ARGS`` as the console script runs it, at a terminal width of
    ``columns``."""
    monkeypatch.setattr(sys, "argv", ["swingometer", *args])
    monkeypatch.setenv("COLUMNS", str(columns))
    code: Any = 0
    try:
        main()
    except SystemExit as stopped:
        code = stopped.code
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return (code if isinstance(code, int) else 0 if code is None else 1), out, err

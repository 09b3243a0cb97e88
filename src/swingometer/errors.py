"""The one root exception and its kinds; every error carries the values that caused it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MAX_LISTED = 50


class SwingometerError(Exception):
    """Root of every error swingometer raises on purpose."""

    exit_code = 1


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what was expected."""

    source: str
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = self.source
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column {self.column!r}"
        return f"{where}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {"source": self.source, "row": self.row, "column": self.column,
                "message": self.message}


class DataError(SwingometerError, ValueError):
    """An input failed validation; ``problems`` lists every problem found, not just the first."""

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__(self._describe())

    def _describe(self) -> str:
        n = len(self.problems)
        lines = [f"{self.source}: {n} problem{'s' if n != 1 else ''} found"]
        lines += [f"  - {p}" for p in self.problems[:MAX_LISTED]]
        if n > MAX_LISTED:
            lines.append(f"  … and {n - MAX_LISTED} more")
        return "\n".join(lines)


class SetAsideError(DataError):
    """The contest asked for was set aside: its official figures contradict each other."""

    def __init__(self, contest: str, problems: Sequence[Problem]) -> None:
        self.contest = contest
        super().__init__(contest, problems)

    def _describe(self) -> str:
        return (f"{self.contest} was set aside because the official files contradict "
                "themselves:\n" + "\n".join(f"  - {p}" for p in self.problems[:MAX_LISTED])
                + "\n'swingometer data check' lists every such contest; a correction with its "
                "evidence can be added in a table named by SWINGOMETER_ERRATA (README: \"When "
                "the official data is wrong\").")


class NotFoundError(SwingometerError, LookupError):
    """A constituency, contest, election or file that does not exist; offers close matches."""

    exit_code = 3

    def __init__(self, what: str, value: str, suggestions: Iterable[str] = (),
                 message: str | None = None) -> None:
        self.what = what
        self.value = value
        self.suggestions = tuple(suggestions)
        if message is None:
            message = f"no {what} matches {value!r}"
            if self.suggestions:
                shown = ", ".join(repr(s) for s in self.suggestions)
                message += f"; did you mean {shown}?"
        super().__init__(message)


class NotApplicableError(SwingometerError, ValueError):
    """What was asked does not apply to this contest (no swing at the Speaker's seat); the
    message says why and what does apply. A usage error: exit 2."""

    exit_code = 2


class ChoiceError(SwingometerError, ValueError):
    """A value outside a fixed set of choices; names the valid ones."""

    exit_code = 2

    def __init__(self, what: str, value: object, choices: Iterable[str]) -> None:
        self.what = what
        self.value = value
        self.choices = tuple(choices)
        super().__init__(f"unknown {what} {value!r}; choose from: {', '.join(self.choices)}")


class DownloadError(SwingometerError):
    """An official file could not be had from the configured mirror."""

    exit_code = 4


class MissingFileError(DownloadError, FileNotFoundError):
    """The mirror does not have a file that swingometer needs."""

    def __init__(self, name: str, where: str) -> None:
        self.name = name
        self.where = where
        super().__init__(f"{name} is not available from {where}")


class HashMismatchError(DownloadError, ValueError):
    """A file's SHA-256 differs from the pinned one: it is refused, never used."""

    def __init__(self, name: str, expected: str, actual: str, where: str) -> None:
        self.name = name
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"{name} from {where} has SHA-256 {actual}, expected {expected}: "
            "the file is corrupt, truncated or not the pinned version, so it was refused"
        )

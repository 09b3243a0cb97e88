"""The story's context is gathered in :mod:`swingometer.analysis.context` (report/ renders
only); these names stay importable from here."""

from ..analysis.context import ContestContext, History, by_election_history, contest_context

__all__ = ["ContestContext", "History", "by_election_history", "contest_context"]

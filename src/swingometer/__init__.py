"""swingometer: first-past-the-post election results, swing and projections."""

__version__ = "0.1.0"

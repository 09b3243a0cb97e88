"""Source adapters: one per kind of file. Each renames columns to the canonical ones, coerces
types, validates the whole file and raises one :class:`~swingometer.errors.DataError` listing
every problem (file, row, column, what was expected)."""

from .generic import read_results
from .hoc_library import read_hoc_library
from .parliament import (
    read_by_elections,
    read_general_election,
    read_notional_2005,
    read_notional_2019,
)

__all__ = [
    "read_by_elections",
    "read_general_election",
    "read_hoc_library",
    "read_notional_2005",
    "read_notional_2019",
    "read_results",
]

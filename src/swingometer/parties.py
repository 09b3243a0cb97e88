"""Parties: official abbreviations (as the UK Parliament results files use them), names, colours.

Colours follow the parties' own branding where they have one; the report layer adds labels
so no figure relies on telling red from green alone.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .errors import SwingometerError


@dataclass(frozen=True)
class Party:
    code: str
    name: str
    #: how a newsroom names the party in running text ("the Conservatives")
    plural: str
    colour: str


_TABLE = [
    Party("Con", "Conservative", "the Conservatives", "#0087DC"),
    Party("Lab", "Labour", "Labour", "#E4003B"),
    Party("LD", "Liberal Democrat", "the Liberal Democrats", "#FAA61A"),
    Party("Lib", "Liberal", "the Liberals", "#FFB000"),
    Party("RUK", "Reform UK", "Reform UK", "#12B6CF"),
    Party("BRX", "Brexit Party", "the Brexit Party", "#5BC0DE"),
    Party("UKIP", "UK Independence Party", "UKIP", "#6D3177"),
    Party("Green", "Green", "the Greens", "#02A95B"),
    Party("SNP", "Scottish National Party", "the SNP", "#FDF38E"),
    Party("PC", "Plaid Cymru", "Plaid Cymru", "#005B54"),
    Party("DUP", "Democratic Unionist Party", "the DUP", "#D46A4C"),
    Party("SF", "Sinn Féin", "Sinn Féin", "#326760"),
    Party("SDLP", "Social Democratic and Labour Party", "the SDLP", "#2AA82C"),
    Party("UUP", "Ulster Unionist Party", "the UUP", "#48A5EE"),
    Party("APNI", "Alliance", "Alliance", "#F6CB2F"),
    Party("TUV", "Traditional Unionist Voice", "the TUV", "#0C3A6A"),
    Party("WPB", "Workers Party of Britain", "the Workers Party", "#761A1A"),
    Party("Res", "Respect", "Respect", "#46801C"),
    Party("Spk", "Speaker", "the Speaker", "#7F7F7F"),
    Party("Ind", "Independent", "an independent", "#B3B3B3"),
    Party("Nat", "Nationalist", "the nationalists", "#C9B53A"),
    Party("Oth", "Other", "others", "#9E9E9E"),
]

PARTIES: dict[str, Party] = {p.code: p for p in _TABLE}

#: A party that succeeded another: its change is measured against its predecessor's votes.
#: The Brexit Party renamed itself Reform UK on 6 January 2021; Parliament's own 2024 "Change"
#: column measures RUK against the Brexit Party's 2019 (notional) share, and so do we; it also
#: measures Shared Ground (SG) against the Young People's Party (YPP).
SUCCESSORS: dict[str, str] = {"RUK": "BRX", "SG": "YPP"}
#: For seat history only: the Liberal Democrats (1988) continue the Liberals of the 1918–2019
#: series. Not used for change: today's small Liberal Party is a different party.
LINEAGE: dict[str, str] = {**SUCCESSORS, "LD": "Lib"}

#: Labels that some official files use for a party instead of its abbreviation.
ALIASES: dict[str, str] = {
    "Brexit Party": "BRX",
    "Independent": "Ind",
    "Commons Speaker": "Spk",
    "Speaker": "Spk",
    "Conservative": "Con",
    "Labour": "Lab",
    "Liberal Democrat": "LD",
    "Green Party": "Green",
    "Loony": "MRLP",
    "Eng Dem": "ED",
    "Alliance": "APNI",
}


def canonical_code(label: str) -> str:
    """The official abbreviation for a party label, or the label itself if it is already one."""
    label = label.strip()
    return ALIASES.get(label, label)


def party(code: str) -> Party:
    """The party with this code; an unknown code gets a neutral grey entry of its own."""
    return PARTIES.get(code) or Party(code, code, code, "#9E9E9E")


def predecessor(code: str) -> str | None:
    return SUCCESSORS.get(code)


def lineage(code: str) -> set[str]:
    """The party and every party it succeeded (``LD`` → ``{"LD", "Lib"}``)."""
    found = {code}
    while code in LINEAGE and LINEAGE[code] not in found:
        code = LINEAGE[code]
        found.add(code)
    return found


# --- the registry of party codes (data/party_codes.csv, built from the official files) ------

REGISTRY = "party_codes.csv"


class UnknownPartyError(SwingometerError, ValueError):
    """A party label that is not in the registry, or a code and a name of two parties."""

    def __init__(self, message: str, value: str, suggestions: tuple[str, ...] = (),
                 column: str = "party") -> None:
        self.value = value
        self.suggestions = suggestions
        self.column = column
        super().__init__(message)


def party_key(label: str) -> str:
    """A spelling-proof key for a party code or name: case, accents, punctuation, ``&`` and
    a leading "The" aside ("Party" is kept: ``APNI`` and the Apni Party are two parties).

    >>> party_key("The Brexit Party") == party_key("brexit party") and party_key("Lab / Co-op")
    'lab co op'
    """
    folded = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", " ", folded.casefold().replace("&", " and ")).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@cache
def registry() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Every registered code: its official name and its other names and spellings."""
    text = resources.files("swingometer.data").joinpath(REGISTRY).read_text(encoding="utf-8")
    return {row["code"]: (row["name"], tuple(a for a in row["aliases"].split("|") if a))
            for row in csv.DictReader(io.StringIO(text))}


@cache
def _index() -> dict[str, str]:
    """Key of every code, name and alias → code (codes first, then names, then aliases)."""
    index: dict[str, str] = {}
    for position in range(3):
        for code, (name, aliases) in registry().items():
            for label in ((code,), (name,), aliases)[position]:
                index.setdefault(party_key(label), code)
    index.pop("", None)
    return index


def _lookup(label: str) -> str | None:
    return _index().get(party_key(label))


def _suggestions(label: str) -> tuple[str, ...]:
    close = difflib.get_close_matches(party_key(label), list(_index()), n=6, cutoff=0.6)
    return tuple(dict.fromkeys(_index()[k] for k in close))[:3]


def _named(code: str) -> str:
    return f"{code!r} ({registry()[code][0]})"


def registered_code(label: str, name: str = "") -> str:
    """The registry's code for a party as a person gave it: a known code in any case or an
    official name (``con``, ``Conservative`` → ``Con``). A label the registry lacks is a new
    party, accepted as given only with its full ``name``; otherwise, or where the label and
    the name are two parties, :class:`UnknownPartyError` says what was meant."""
    label, name = label.strip(), name.strip()
    code, named = _lookup(label), _lookup(name) if name else None
    if code is not None and named is not None and named != code:
        raise UnknownPartyError(f"party {label!r} is {registry()[code][0]} but party_name "
                                f"{name!r} is {named}: give the code and name of one party",
                                name, (code, named), "party_name")
    if code is not None:
        return code
    if named is not None:
        raise UnknownPartyError(f"{label!r} is not a registered party code, and party_name "
                                f"{name!r} is {_named(named)}: did you mean {named!r}?",
                                label, (named,))
    if name:
        return label
    hints = _suggestions(label)
    hint = f"; did you mean {' or '.join(_named(c) for c in hints)}?" if hints else ""
    raise UnknownPartyError(f"{label!r} is not a registered party code{hint} (a new party "
                            "needs its full name in party_name)", label, hints)

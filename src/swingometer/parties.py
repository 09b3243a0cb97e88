"""Parties: official abbreviations (as the UK Parliament results files use them), names, colours.

Colours follow the parties' own branding where they have one; the report layer adds labels
so no figure relies on telling red from green alone.
"""

from __future__ import annotations

from dataclasses import dataclass


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

"""Build ``src/swingometer/data/party_codes.csv``, the registry of party codes, from the official
candidacies files (run once per data update; the registry is package data, the files are not).

Each code is listed with its most used official name and, as aliases, every other name and
spelling the official files use for it (``Labour and Co-operative`` and the joint description
``Lab / Co-op`` for ``Lab``, as the results files count them; ``IND`` for ``Ind``), the
labels of ``swingometer.parties.ALIASES`` and a few common forms people type. Codes that
differ only in case are one party (``Cli`` and ``CLI``).

Usage: ``python benchmarks/party_codes.py [--data FOLDER] [--check]``; ``--check`` exits 1 if
the shipped registry differs from what the files give.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
REGISTRY = ROOT / "src" / "swingometer" / "data" / "party_codes.csv"
#: the columns (abbreviation, name) of the party in each layout, by header
LAYOUTS = {"Party abbreviation": ("Party abbreviation", "Party name"),
           "mnis_party_abbrev": ("mnis_party_abbrev", "mnis_party_name"),
           "Nomination_Party_Abbreviation": ("Nomination_Party_Abbreviation",
                                             "Nomination_Party_Name")}
#: the 2029 template names each candidate's nomination (``Lab / Co-op``) and party (``Lab``)
PRIMARY = "Primary_Party_Abbreviation"
HEADERLESS = [(8, 7)]  # 2010-2019 general-election candidacies: name, then abbreviation
#: forms people type that no official file uses
COMMON = {"Con": ["Conservatives", "Conservative Party", "Conservative and Unionist Party",
                  "Tory", "Tories"],
          "Lab": ["Labour Party", "Labour Co-op", "Lab Co-op"],
          "LD": ["Liberal Democrats", "Lib Dem", "Lib Dems"],
          "Green": ["Greens", "Green Party of England and Wales"],
          "RUK": ["Reform"], "PC": ["Plaid"], "SNP": ["Scottish Nationalists"]}


def official_files(data: Path) -> list[Path]:
    results = data / "parliament" / "results-by-parliament"
    return sorted([*results.glob("*/general-election/candidacies.csv"),
                   *results.glob("*/by-elections/candidacies.csv"),
                   *results.glob("*/notional-general-election/results.csv")])


def party_pairs(path: Path) -> Iterator[tuple[str, str]]:
    """(abbreviation, name) of every candidate row of an official file (headerless or not)."""
    rows = csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    header = next(rows)
    layout = next((LAYOUTS[h] for h in header if h in LAYOUTS), None)
    if layout is None:
        if not header[0][:1].isalpha() or len(header) < 21:
            return  # the 2019 notionals: labels, not codes (see data/notional_parties.csv)
        code_at, name_at, rows = 8, 7, iter([header, *rows])
    else:
        code_at, name_at = header.index(layout[0]), header.index(layout[1])
    primary_at = header.index(PRIMARY) if PRIMARY in header else None
    for row in rows:
        code, name = row[code_at].strip(), row[name_at].strip()
        party = row[primary_at].strip() if primary_at is not None else ""
        if party and party != code:  # a joint description: the party is the primary one
            yield party, code
            code = party
        if code and code != "NA":
            yield code, name


def registry(data: Path) -> list[tuple[str, str, list[str]]]:
    """(code, name, aliases) for every code the official files use, most used first."""
    sys.path.insert(0, str(ROOT / "src"))
    from swingometer.parties import _TABLE, ALIASES

    names: dict[str, Counter[str]] = defaultdict(Counter)
    for path in official_files(data):
        for code, name in party_pairs(path):
            names[code][name] += 1
    for party in _TABLE:
        names[party.code][party.name] += 0
    spelling = _spellings(names)
    merged: dict[str, Counter[str]] = defaultdict(Counter)
    for code, counts in names.items():
        merged[spelling[code.casefold()]].update(counts)
    out: list[tuple[str, str, list[str]]] = []
    for code, counts in sorted(merged.items(), key=lambda kv: (-kv[1].total(), kv[0])):
        name = counts.most_common(1)[0][0] if counts else code
        aliases = [n for n in counts if n != name]
        aliases += [c for c in names if c != code and spelling[c.casefold()] == code]
        aliases += [label for label, c in ALIASES.items() if c == code] + COMMON.get(code, [])
        out.append((code, name, sorted(dict.fromkeys(a for a in aliases if a != name))))
    return out


def _spellings(names: dict[str, Counter[str]]) -> dict[str, str]:
    """The spelling kept for codes that differ only in case: the most used."""
    best: dict[str, str] = {}
    for code in sorted(names, key=lambda c: -names[c].total()):
        best.setdefault(code.casefold(), code)
    return best


def render(rows: list[tuple[str, str, list[str]]]) -> str:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["code", "name", "aliases"])
    writer.writerows([code, name, "|".join(aliases)] for code, name, aliases in rows)
    return text.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = render(registry(args.data))
    if args.check:
        same = REGISTRY.read_text(encoding="utf-8") == text
        print("registry is current" if same else "registry differs from the official files")
        return 0 if same else 1
    REGISTRY.write_text(text, encoding="utf-8")
    print(f"wrote {REGISTRY} ({text.count(chr(10)) - 1} codes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

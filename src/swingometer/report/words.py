"""How a British newsroom writes numbers, dates and party names.

Thousands separators; percentages and points to one decimal place; ordinal rankings in words
("the second-largest"); dates as "19 October 2023"; a party named in full at first mention and
short after ("the Liberal Democrats", then "the Lib Dems"). Formatting only: every number
arrives already computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..parties import party

ORDINALS = ("", "", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
            "ninth", "tenth")


def count(n: int) -> str:
    """Thousands separators.

    >>> count(24664)
    '24,664'
    """
    return f"{n:,}"


def pct(value: float) -> str:
    """A percentage to one decimal place.

    >>> pct(34.0668)
    '34.1%'
    """
    return f"{value:.1f}%"


def points(value: float) -> str:
    """A size in percentage points, unsigned.

    >>> points(20.518), points(-1.04)
    ('20.5 points', '1.0 point')
    """
    shown = f"{abs(value):.1f}"
    return f"{shown} point" if shown == "1.0" else f"{shown} points"


def signed(value: float) -> str:
    """A change in points, signed, to one decimal place.

    >>> signed(1.62), signed(-19.94), signed(0.01)
    ('+1.6', '−19.9', '0.0')
    """
    shown = f"{abs(value):.1f}"
    if shown == "0.0":
        return shown
    return ("+" if value > 0 else "−") + shown


def signed_count(n: int) -> str:
    """A change in seats, signed.

    >>> signed_count(211), signed_count(-251), signed_count(0)
    ('+211', '−251', '0')
    """
    return f"+{n:,}" if n > 0 else f"−{-n:,}" if n < 0 else "0"


def ordinal(n: int) -> str:
    """An ordinal in words to tenth, in figures after.

    >>> ordinal(2), ordinal(11), ordinal(22)
    ('second', '11th', '22nd')
    """
    if 2 <= n < len(ORDINALS):
        return ORDINALS[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def superlative(position: int, word: str = "largest") -> str:
    """A ranking in words.

    >>> superlative(1), superlative(4), superlative(2, "smallest")
    ('the largest', 'the fourth-largest', 'the second-smallest')
    """
    return f"the {word}" if position == 1 else f"the {ordinal(position)}-{word}"


NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
#: fractions a fall is told by, largest first: "fell by more than four-fifths"
FRACTIONS = ((9 / 10, "nine-tenths"), (4 / 5, "four-fifths"), (3 / 4, "three-quarters"),
             (2 / 3, "two-thirds"))
#: letters whose names begin with a vowel sound ("an SNP majority", "an MP")
VOWEL_LETTERS = frozenset("AEFHILMNORSX")
#: capitals read as a word, not letter by letter
SAID_AS_WORDS = frozenset({"UKIP", "UNISON"})


def number(n: int) -> str:
    """A count in words to ten, in figures after (newsroom style).

    >>> number(6), number(12)
    ('six', '12')
    """
    return NUMBERS[n] if 0 <= n < len(NUMBERS) else count(n)


def ranked(position: int, of: int, word: str = "largest") -> str:
    """A ranking with the size of its field.

    >>> ranked(5, 6), ranked(1, 12, "smallest")
    ('the fifth-largest of six', 'the smallest of 12')
    """
    return f"{superlative(position, word)} of {number(of)}"


def article(word: str) -> str:
    """The indefinite article for a word as it is said: ``an SNP``, ``a UKIP``, ``an
    independent``, ``a Unionist``.

    >>> article("SNP"), article("UKIP"), article("Labour"), article("independent")
    ('an SNP', 'a UKIP', 'a Labour', 'an independent')
    """
    head = word.split()[0] if word.split() else word
    letters = head.rstrip("'s")
    if len(letters) > 1 and letters.isupper() and letters not in SAID_AS_WORDS:
        vowel = letters[0] in VOWEL_LETTERS
    else:
        low = head.lower()
        vowel = low[:1] in "aeiou" and not low.startswith(("uni", "uk", "eu", "use", "one"))
    return ("an " if vowel else "a ") + word


def shown(value: float) -> float:
    """A figure as the story shows it, to one decimal place."""
    return float(f"{value:.1f}")


def proportion(now: float, then: float) -> str | None:
    """A share's movement as a proportion, where one holds for the figures shown and the exact
    ones alike (``then`` and ``now`` in per cent); None where none applies.

    >>> proportion(23.13, 12.63), proportion(3.0, 21.0), proportion(12.0, 20.0)
    ('nearly doubled', 'fell by more than four-fifths', None)
    >>> proportion(9.0, 20.0), proportion(6.5, 20.0), proportion(70.0, 20.0)
    ('more than halved', 'fell by more than two-thirds', 'more than tripled')
    """
    if then <= 0 or shown(then) <= 0:
        return None
    ratio_low = min(now / then, shown(now) / shown(then))
    ratio_high = max(now / then, shown(now) / shown(then))
    if ratio_low > 3:
        return "more than tripled"
    if ratio_low > 2:
        return "more than doubled"
    if ratio_low >= 1.8 and ratio_high < 2:
        return "nearly doubled"
    fall = 1 - ratio_high
    for fraction, words in FRACTIONS:
        if fall > fraction:
            return f"fell by more than {words}"
    if fall > 1 / 2:
        return "more than halved"
    return None


def difference(now: float, then: float) -> float:
    """The change between two shares as the story shows them, so that "fell by X points, from
    A% to B%" always has X = A − B.

    >>> difference(31.06, 59.76)
    -28.7
    """
    return round(shown(now) - shown(then), 1)


def long_date(day: date) -> str:
    """A date as British newsrooms write it.

    >>> long_date(date(2023, 10, 19))
    '19 October 2023'
    """
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Naming:
    """How running text names a party: in full, short, as an adjective, in a headline."""

    full: str
    short: str
    adjective: str
    headline: str
    #: a single person rather than a party (independent, Speaker): singular verbs
    person: bool = False
    #: the name in a table of parties; the adjective unless given
    label: str = ""

    @property
    def table(self) -> str:
        return self.label or self.adjective


NAMES: dict[str, Naming] = {
    "Con": Naming("the Conservatives", "the Conservatives", "Conservative", "Conservatives"),
    "Lab": Naming("Labour", "Labour", "Labour", "Labour"),
    "LD": Naming("the Liberal Democrats", "the Lib Dems", "Liberal Democrat", "Lib Dems"),
    "Lib": Naming("the Liberals", "the Liberals", "Liberal", "Liberals"),
    "RUK": Naming("Reform UK", "Reform", "Reform UK", "Reform UK"),
    "BRX": Naming("the Brexit Party", "the Brexit Party", "Brexit Party", "Brexit Party"),
    "UKIP": Naming("the UK Independence Party", "UKIP", "UKIP", "UKIP"),
    "Green": Naming("the Green Party", "the Greens", "Green", "Greens"),
    "SNP": Naming("the Scottish National Party", "the SNP", "SNP", "SNP"),
    "PC": Naming("Plaid Cymru", "Plaid", "Plaid Cymru", "Plaid Cymru"),
    "DUP": Naming("the Democratic Unionist Party", "the DUP", "DUP", "DUP"),
    "SF": Naming("Sinn Féin", "Sinn Féin", "Sinn Féin", "Sinn Féin"),
    "SDLP": Naming("the Social Democratic and Labour Party", "the SDLP", "SDLP", "SDLP"),
    "UUP": Naming("the Ulster Unionist Party", "the UUP", "UUP", "UUP"),
    "APNI": Naming("the Alliance Party", "Alliance", "Alliance", "Alliance"),
    "TUV": Naming("Traditional Unionist Voice", "the TUV", "TUV", "TUV"),
    "WPB": Naming("the Workers Party of Britain", "the Workers Party", "Workers Party",
                  "Workers Party"),
    "Res": Naming("Respect", "Respect", "Respect", "Respect"),
    "Spk": Naming("the Speaker", "the Speaker", "the Speaker's", "Speaker", person=True,
                  label="Speaker"),
    "Ind": Naming("an independent", "the independent", "independent", "Independent",
                  person=True, label="Independent"),
}


def naming(code: str, label: str = "") -> Naming:
    """The party's names; an unlisted party is named by the party table's entry or, failing
    that, by the label its result file gives it (``label``)."""
    found = NAMES.get(code)
    if found is not None:
        return found
    entry = party(code)
    name = label.strip() if entry.name == code and label.strip() else entry.name
    plural = entry.plural if entry.plural != code else name
    return Naming(plural, plural, name, name)


def capital(text: str) -> str:
    """The text with a capital first letter.

    >>> capital("the Conservatives")
    'The Conservatives'
    """
    return text[:1].upper() + text[1:]


def possessive(noun: str) -> str:
    """The possessive of a noun: an apostrophe after a final s.

    >>> possessive("the Conservatives"), possessive("Labour")
    ("the Conservatives'", "Labour's")
    """
    return noun + ("'" if noun.endswith("s") else "'s")


class Names:
    """Names parties in full at first mention and short afterwards, within one story."""

    def __init__(self, labels: dict[str, str] | None = None) -> None:
        #: party code → the name its result file gives (for parties not in the table)
        self.labels = labels or {}
        self.seen: set[str] = set()

    def naming(self, code: str) -> Naming:
        return naming(code, self.labels.get(code, ""))

    def noun(self, code: str) -> str:
        name = self.naming(code)
        if code in self.seen:
            return name.short
        self.seen.add(code)
        return name.full

    def adjective(self, code: str) -> str:
        return self.naming(code).adjective


def changed_hands(card: dict[str, Any]) -> bool:
    """Whether to tell the result as a gain: the Speaker's seat is told as a hold, as the
    House of Commons Library does (the main parties do not stand against the Speaker)."""
    return "gain" in card["result"] and not card.get("speaker_seat")

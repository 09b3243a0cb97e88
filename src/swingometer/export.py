"""Tidy tables of results cards: one row per contest or one row per candidate.

The rows are flattened from each contest's card as ``swingometer result --json`` prints it,
so the export and the JSON contract cannot drift apart. Column names are stable and documented
in ``docs/export.md``; shares and turnout are percentages 0–100, swing and change percentage
points, blank (``None``) where a figure does not apply.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pandas as pd

    from .model import Contest

Level = Literal["contest", "candidate"]
LEVELS: tuple[Level, ...] = ("contest", "candidate")
Card = Mapping[str, Any]

#: one row per contest, in this order
CONTEST_COLUMNS: tuple[str, ...] = (
    "contest_id", "constituency", "ons_id", "date", "kind", "region", "country",
    "electorate", "valid_votes", "rejected", "candidates",
    "winner_candidate", "winner_party", "winner_votes", "winner_share",
    "runner_up_candidate", "runner_up_party", "runner_up_votes", "runner_up_share",
    "result", "declared_result", "majority_votes", "majority_share",
    "turnout_valid", "turnout_ballot_box",
    "swing_from", "swing_to", "swing_butler", "swing_steed",
    "previous_id", "previous_kind", "previous_winner_party", "previous_majority_votes",
    "previous_majority_share", "majority_overturned", "speaker_seat",
    "held_since_party", "held_since_year", "held_since_at_least", "corrections",
    "result_pa", "sitting_party", "sitting_since", "swing_note",
)
#: whole numbers, blank where they do not apply (pandas ``Int64``)
INTEGERS = frozenset({"electorate", "valid_votes", "rejected", "candidates", "winner_votes",
                      "runner_up_votes", "majority_votes", "previous_majority_votes",
                      "majority_overturned", "held_since_year", "position", "votes"})
#: yes/no, blank where they do not apply (pandas ``boolean``)
BOOLEANS = frozenset({"speaker_seat", "held_since_at_least", "elected"})
#: shares, turnout, swing and change (pandas ``Float64``); every other column is text
FLOATS = frozenset({"winner_share", "runner_up_share", "majority_share", "turnout_valid",
                    "turnout_ballot_box", "swing_butler", "swing_steed",
                    "previous_majority_share", "share", "previous_share", "change"})
#: one row per candidate, in this order
CANDIDATE_COLUMNS: tuple[str, ...] = (
    "contest_id", "constituency", "ons_id", "date", "kind", "position", "candidate", "party",
    "party_name", "votes", "share", "previous_share", "change", "elected",
)


def _get(card: Card, *path: str) -> Any:
    value: Any = card
    for key in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def _correction(c: Mapping[str, Any]) -> str:
    return f"{c['file']} row {c['row']} {c['field']}: {c['official']} -> {c['corrected']}"


def contest_row(card: Card) -> dict[str, Any]:
    """One contest's card as one flat row (``CONTEST_COLUMNS``)."""
    contest = card["contest"]
    return {
        "contest_id": contest["id"], "constituency": contest["constituency"],
        "ons_id": contest["ons_id"], "date": contest["date"], "kind": contest["kind"],
        "region": contest["region"], "country": contest["country"],
        "electorate": card["electorate"], "valid_votes": card["valid_votes"],
        "rejected": card["rejected"], "candidates": len(card["candidates"]),
        "winner_candidate": _get(card, "winner", "candidate"),
        "winner_party": _get(card, "winner", "party"),
        "winner_votes": _get(card, "winner", "votes"),
        "winner_share": _get(card, "winner", "share"),
        "runner_up_candidate": _get(card, "runner_up", "candidate"),
        "runner_up_party": _get(card, "runner_up", "party"),
        "runner_up_votes": _get(card, "runner_up", "votes"),
        "runner_up_share": _get(card, "runner_up", "share"),
        "result": card["result"], "declared_result": card["declared_result"],
        "majority_votes": _get(card, "majority", "votes"),
        "majority_share": _get(card, "majority", "share"),
        "turnout_valid": _get(card, "turnout", "valid"),
        "turnout_ballot_box": _get(card, "turnout", "ballot_box"),
        "swing_from": _get(card, "swing", "from"), "swing_to": _get(card, "swing", "to"),
        "swing_butler": _get(card, "swing", "points"),
        "swing_steed": _get(card, "steed_swing", "points"),
        "previous_id": _get(card, "previous", "id"),
        "previous_kind": _get(card, "previous", "kind"),
        "previous_winner_party": _get(card, "previous", "winner", "party"),
        "previous_majority_votes": _get(card, "previous", "majority", "votes"),
        "previous_majority_share": _get(card, "previous", "majority", "share"),
        "majority_overturned": card["majority_overturned"],
        "speaker_seat": card["speaker_seat"],
        "held_since_party": _get(card, "held_since", "party"),
        "held_since_year": _get(card, "held_since", "year"),
        "held_since_at_least": _get(card, "held_since", "at_least"),
        "corrections": "; ".join(_correction(c) for c in card["corrections"]) or None,
        "result_pa": card.get("result_pa"),
        "sitting_party": _get(card, "sitting", "party"),
        "sitting_since": _get(card, "sitting", "election"),
        "swing_note": card.get("swing_note"),
    }


def candidate_rows(card: Card) -> Iterator[dict[str, Any]]:
    """One row per candidate of a card (``CANDIDATE_COLUMNS``), winner first."""
    contest = card["contest"]
    for position, c in enumerate(card["candidates"], start=1):
        yield {"contest_id": contest["id"], "constituency": contest["constituency"],
               "ons_id": contest["ons_id"], "date": contest["date"], "kind": contest["kind"],
               "position": position, "candidate": c["candidate"], "party": c["party"],
               "party_name": c["party_name"], "votes": c["votes"], "share": c["share"],
               "previous_share": c["previous_share"], "change": c["change"],
               "elected": position == 1}


def rows(cards: Iterable[Card], level: Level = "contest") -> Iterator[dict[str, Any]]:
    """The export's rows, in the cards' order."""
    for card in cards:
        if level == "contest":
            yield contest_row(card)
        else:
            yield from candidate_rows(card)


def columns(level: Level) -> tuple[str, ...]:
    return CONTEST_COLUMNS if level == "contest" else CANDIDATE_COLUMNS


def cards(contests: Sequence[Contest], card: Callable[[Contest], Card],
          progress: Callable[[int, int], None] | None = None) -> Iterator[Card]:
    """Each contest's card, reporting ``progress(done, total)`` as it goes."""
    for done, contest in enumerate(contests, start=1):
        yield card(contest)
        if progress is not None:
            progress(done, len(contests))


def frame(cards: Iterable[Card], level: Level = "contest") -> pd.DataFrame:
    """The export as a pandas DataFrame with the documented columns."""
    import pandas as pd

    table = pd.DataFrame(list(rows(cards, level)), columns=list(columns(level)))
    kinds = {c: "Int64" if c in INTEGERS else "boolean" if c in BOOLEANS else
             "Float64" if c in FLOATS else "string" for c in table.columns}
    return table.astype(kinds)

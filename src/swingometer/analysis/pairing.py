"""Which swing a results card quotes: only between parties that stood at both contests.

The conventional pair is the previous winner and the new one for a gain, and the winner and
the runner-up for a hold (in the direction that makes the swing positive). Where a party of
that pair did not stand at one of the two contests (a new party, a party that stood aside, an
independent — the label pools different people), the swing is between the two leading
parties (by share now) that stood at both, and a note says so; where fewer than two did, no
swing is quoted and the note gives the reason. The Speaker's seat has no swing (the main
parties do not stand against the Speaker). Butler and Steed swing of opposite sign always
come with a note that explains them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..model import Contest
from ..parties import PARTIES, predecessor
from .labels import label_of
from .result import NO_CHANGE, Shares, share_of, shares, speaker_seat
from .swing import butler_swing, steed_swing

SPEAKER_NOTE = ("No swing: the Speaker stood in one of the two results, and the main parties "
                "do not stand against the Speaker.")


@dataclass(frozen=True)
class SwingPair:
    """The swing between two parties that stood at both contests, by both measures."""

    frm: str
    to: str
    butler: float
    steed: float | None


@dataclass(frozen=True)
class QuotedSwing:
    """The swing a card quotes (None: there is none to quote) and why, where it is not the
    conventional pair or Butler and Steed disagree in sign."""

    pair: SwingPair | None
    note: str | None = None


def stood_both(party: str, now: Shares, then: Shares) -> bool:
    """Whether the party (or its predecessor, at the baseline) stood at both contests; an
    independent or pooled label never counts (it need not be the same people)."""
    return party not in NO_CHANGE and party in now and share_of(party, then) is not None


def _as_now(party: str, now: Shares) -> str:
    """The previous winner's code as it stands now (a successor party: BRX → RUK)."""
    if party in now:
        return party
    return next((p for p in now if _descends(p, party)), party)


def _descends(code: str, ancestor: str) -> bool:
    seen = {code}
    while (earlier := predecessor(code)) is not None and earlier not in seen:
        if earlier == ancestor:
            return True
        seen.add(earlier)
        code = earlier
    return False


def _oriented(then: Shares, now: Shares, a: str, b: str) -> tuple[str, str]:
    """The two parties in the direction that makes the Butler swing positive."""
    return (a, b) if butler_swing(then, now, a, b) >= 0 else (b, a)


def conventional_pair(contest: Contest, previous: Contest) -> tuple[str, str]:
    """Previous winner → new winner for a gain; winner and runner-up (positive) for a hold."""
    winner = contest.winner.party
    before = previous.winner.party
    now, then = shares(contest), shares(previous)
    if label_of(winner, before).hold:
        other = contest.runner_up.party if contest.runner_up else before
        return _oriented(then, now, winner, other)
    return _as_now(before, now), winner


def _name(code: str, names: Mapping[str, str]) -> str:
    known = PARTIES.get(code)
    if known is not None:
        return known.plural
    return names.get(code) or code


def _absence(code: str, role: str, now: Shares, names: Mapping[str, str],
             baseline: str) -> str:
    if code in NO_CHANGE:
        return f"{role} was an independent, whose share cannot be compared with an earlier one"
    who = _name(code, names)
    if code not in now:
        return f"{who} did not stand this time"
    return f"{who} did not stand {baseline}"


def _baseline(previous: Contest) -> str:
    """``at the 2019 general election``, ``in the notional 2019 result``."""
    year = previous.date.year
    if previous.kind == "notional":
        return f"in the notional {year} result"
    return f"at the {year} {'by-election' if previous.kind == 'by' else 'general election'}"


def _possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")


def _sign_note(then: Shares, now: Shares, pair: SwingPair, names: Mapping[str, str]) -> str:
    a, b = _name(pair.frm, names), _name(pair.to, names)
    before = (share_of(pair.frm, then) or 0.0) + (share_of(pair.to, then) or 0.0)
    after = (share_of(pair.frm, now) or 0.0) + (share_of(pair.to, now) or 0.0)
    return (f"Butler and Steed swing point opposite ways: {a} and {b} together had "
            f"{before:.1f}% of the vote before and {after:.1f}% now; Butler swing compares "
            f"the two parties' changes in share of all votes, Steed swing {_possessive(b)} "
            "share of the two parties' votes.")


def quoted_swing(contest: Contest, previous: Contest) -> QuotedSwing:
    """The swing to quote between ``previous`` and ``contest`` (see the module docstring)."""
    if speaker_seat(contest.winner.party, previous.winner.party):
        return QuotedSwing(None, SPEAKER_NOTE)
    now, then = shares(contest), shares(previous)
    names = {c.party: c.party_name for c in (*contest.candidates, *previous.candidates)}
    frm, to = conventional_pair(contest, previous)
    gain = not label_of(contest.winner.party, previous.winner.party).hold
    roles = {frm: "the previous winner", to: "the winner"} if gain else \
        {frm: "the runner-up", to: "the runner-up"} | {contest.winner.party: "the winner"}
    notes: list[str] = []
    missing = [p for p in dict.fromkeys((frm, to)) if not stood_both(p, now, then)]
    if frm == to:
        missing = missing or [frm]
    if missing:
        why = " and ".join(_absence(p, roles[p], now, names, _baseline(previous))
                           for p in missing)
        both = sorted((p for p in now if stood_both(p, now, then)), key=lambda p: -now[p])
        if len(both) < 2:
            only = f"only {_name(both[0], names)} stood" if both else "no party stood"
            return QuotedSwing(None, f"No swing: {why}, and {only} at both contests.")
        frm, to = _oriented(then, now, both[0], both[1])
        notes.append(f"{why[0].upper()}{why[1:]}, so the swing is between the two leading "
                     f"parties that stood at both contests, {_name(frm, names)} and "
                     f"{_name(to, names)}.")
    pair = SwingPair(frm, to, butler_swing(then, now, frm, to), steed_swing(then, now, frm, to))
    if pair.steed is not None and pair.butler * pair.steed < 0:
        notes.append(_sign_note(then, now, pair, names))
    return QuotedSwing(pair, " ".join(notes) or None)

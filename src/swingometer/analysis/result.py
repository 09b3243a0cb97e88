"""One contest's figures, with the House of Commons Library's conventions.

* share = votes ÷ valid votes, in per cent;
* change = share − share at the previous general election in the same constituency (notional
  where boundaries changed), in percentage points; a party that succeeded another (Reform UK,
  the Brexit Party) is compared with its predecessor;
* majority = winner's votes − runner-up's votes (also as % of valid votes);
* turnout: valid votes ÷ electorate (the Library's definition), and "ballot-box" turnout, which
  adds rejected ballots (what returning officers announce).

Source: House of Commons Library, *General election results* briefings (e.g. CBP-8749,
"Notes on the data").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..model import Contest
from ..parties import predecessor
from .labels import label_of

Shares = Mapping[str, float]
#: parties whose "change" is not meaningful between two contests (different people)
NO_CHANGE = frozenset({"Ind", "Oth"})


def vote_shares(votes: Mapping[str, int]) -> dict[str, float]:
    """Each party's share of the votes given, per cent (all zero when no vote was cast)."""
    total = sum(votes.values())
    return {party: 100 * n / total if total else 0.0 for party, n in votes.items()}


def shares(contest: Contest) -> dict[str, float]:
    """Each party's share of the valid vote, per cent (independents pooled)."""
    return vote_shares(contest.party_votes())


def candidate_share(contest: Contest, votes: int) -> float:
    valid = contest.valid_votes
    return 100 * votes / valid if valid else 0.0


def share_of(party: str, shares: Shares) -> float | None:
    """A party's share, falling back on its predecessor's (RUK ← BRX); None if it did not stand."""
    if party in shares:
        return shares[party]
    earlier = predecessor(party)
    return share_of(earlier, shares) if earlier else None


def change(now: Shares, before: Shares) -> dict[str, float | None]:
    """Change in share, in points, for every party standing now; None where the party did not
    stand before (a new party) or where the label pools different candidates (independents)."""
    out: dict[str, float | None] = {}
    for party, share in now.items():
        then = None if party in NO_CHANGE else share_of(party, before)
        out[party] = None if then is None else share - then
    return out


@dataclass(frozen=True)
class Majority:
    votes: int
    #: per cent of valid votes
    share: float


def majority(contest: Contest) -> Majority:
    """Winner's votes minus runner-up's (the winner's total when unopposed)."""
    second = contest.runner_up.votes if contest.runner_up else 0
    votes = contest.winner.votes - second
    return Majority(votes, candidate_share(contest, votes))


@dataclass(frozen=True)
class Turnout:
    #: valid votes ÷ electorate, per cent (House of Commons Library)
    valid: float | None
    #: (valid votes + rejected ballots) ÷ electorate, per cent (returning officers, the press)
    ballot_box: float | None


def turnout(contest: Contest) -> Turnout:
    if not contest.electorate:
        return Turnout(None, None)
    valid = 100 * contest.valid_votes / contest.electorate
    if contest.rejected is None:
        return Turnout(valid, None)
    return Turnout(valid, 100 * (contest.valid_votes + contest.rejected) / contest.electorate)


SPEAKER = "Spk"


def speaker_seat(winner: str, previous_winner: str | None) -> bool:
    """Whether the Speaker won either result. The main parties do not stand against the
    Speaker, so the House of Commons Library quotes no swing and no majority overturned
    where the Speaker is involved (a new Speaker's seat is "Spk gain from Lab" in name only).
    """
    return SPEAKER in (winner, previous_winner)


def majority_overturned(contest: Contest, previous: Contest | None) -> int | None:
    """The previous winner's majority where the seat changed hands (not for the Speaker)."""
    if previous is None or speaker_seat(contest.winner.party, previous.winner.party):
        return None
    if label_of(contest.winner.party, previous.winner.party).hold:
        return None
    return majority(previous).votes


def result_label(winner: str, previous_winner: str | None) -> str:
    """``"Lab gain from Con"`` or ``"Con hold"`` (a party holds what its predecessor won), as
    text; :func:`swingometer.analysis.labels.label_of` gives the typed value."""
    return label_of(winner, previous_winner).text

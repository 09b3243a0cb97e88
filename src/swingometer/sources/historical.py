"""Adapter for the House of Commons Library's constituency results 1918–2019 (CBP-8647).

Quirks: Windows-1252 encoding; unopposed returns have votes −1 (and share 1); minor parties are
pooled in ``oth``; nationalists (SNP and Plaid Cymru) share ``natSW``; GSS codes only from 2010;
two headers carry trailing spaces; the two 1974 elections are ``1974F`` and ``1974O``;
``constituency_id`` is the series' own number for a seat within a boundary set before 2010
(the GSS code from 2010), and ``boundary_set`` names the set (``1974-1979``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .sheet import Sheet, read_text

PARTY_COLUMNS = {"con_share": "Con", "lib_share": "Lib", "lab_share": "Lab",
                 "natSW_share": "Nat", "oth_share": "Oth"}
#: sort order and display label of each election in the series
ELECTION_ORDER = {"1974F": (1974.2, "February 1974"), "1974O": (1974.8, "October 1974")}


def election_order(label: str) -> tuple[float, str]:
    if label in ELECTION_ORDER:
        return ELECTION_ORDER[label]
    return float(label), label


def read_historical(path: Path | str) -> pd.DataFrame:
    """One row per constituency per general election: ``constituency``, ``election`` (label),
    ``order`` (sortable), ``year``, ``country``, ``ons_id`` (the GSS code from 2010, the series'
    number before), ``boundaries`` (the boundary set) and ``winner`` (party code; ``Lib``
    becomes ``LD`` from 1992, ``Nat`` becomes ``SNP``/``PC`` by country)."""
    source = str(path)
    sheet = Sheet.from_text(read_text(path, source, encoding="cp1252"), source)
    votes = [c.replace("_share", "_votes") for c in PARTY_COLUMNS]
    sheet.require(["constituency_name", "election", "country/region", "boundary_set",
                   *PARTY_COLUMNS, *votes])
    sheet.codes("election", r"(19|20)\d\d|1974[FO]", "an election year such as 1931 or 1974F")
    sheet.check()
    frame = sheet.frame
    # The winner by votes (shares are rounded to 0.001: Winchester 1997, won by 2 votes, has
    # equal shares); an unopposed return has votes −1 and blank shares: the whole vote.
    counts = np.column_stack([
        pd.to_numeric(frame[c.replace("_share", "_votes")], errors="coerce").to_numpy()
        for c in PARTY_COLUMNS])
    shares = np.column_stack([pd.to_numeric(frame[c], errors="coerce").to_numpy()
                              for c in PARTY_COLUMNS])
    score = np.where(counts == -1, np.inf, np.where(np.isnan(counts), -1.0, counts))
    score = np.where((score.max(axis=1) < 0)[:, None], np.nan_to_num(shares, nan=-1.0), score)
    codes = np.array(list(PARTY_COLUMNS.values()))
    winner = pd.Series(codes[score.argmax(axis=1)], index=frame.index)
    # an unopposed return with no party column filled (St Ives 1931): no party is known
    winner = winner.where(score.max(axis=1) >= 0, "Oth")
    order = frame["election"].str.strip().map(election_order)
    years = order.map(lambda o: int(o[0]))
    country = frame["country/region"].str.strip()
    winner = winner.where(~((winner == "Lib") & (years >= 1992)), "LD")
    winner = winner.where(~((winner == "Nat") & (country == "Scotland")), "SNP")
    winner = winner.where(~((winner == "Nat") & (country == "Wales")), "PC")
    return pd.DataFrame({
        "constituency": frame["constituency_name"].str.strip(),
        "election": order.map(lambda o: o[1]), "order": order.map(lambda o: o[0]),
        "year": years, "country": country, "ons_id": frame["constituency_id"].str.strip(),
        "boundaries": frame["boundary_set"].str.strip(), "winner": winner,
    })

"""By-elections against the next general election, on the real files: 494 Great Britain
by-elections 1945–2024, the ratios refitted here by least squares, the leave-one-parliament-out
comparison pinned in docs/backtests.md, and ``project --from-byelection`` printing both answers
with the 2024 outcome."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from in_process import swingometer
from swingometer.cli.byelection import markdown
from swingometer.projection.shrinkage import (
    MODELS,
    ROLES,
    backtest_report,
    fit,
    general_elections,
    history,
    lopo,
    observations,
    period,
)

DOCS = Path(__file__).resolve().parents[1] / "docs" / "backtests.md"


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        *args: str) -> tuple[int, str, str]:
    return swingometer(monkeypatch, capsys, *args, columns=160)


def test_every_gb_by_election_since_1945() -> None:
    report = backtest_report()
    assert report["by_elections"] == 494 and report["parliaments"] == 21
    assert report["first"] == "1945-10-01" and report["last"] == "2024-05-02"
    obs = observations()
    assert {o.party for o in obs} == {"Con", "Lab", "LD", "SNP", "PC"}
    # Mid Bedfordshire: the Conservatives' −28.6 against their 2019→2024 fall of 20.4 points
    mid = [o for o in obs if o.constituency == "Mid Bedfordshire" and o.party == "Con"
           and o.date.year == 2023]
    assert len(mid) == 1 and mid[0].by == pytest.approx(-28.65, abs=0.01)
    assert mid[0].ge == pytest.approx(-20.4, abs=0.05) and mid[0].role == "governing"
    assert period(mid[0].years) == "final year"


def test_national_shares_and_roles() -> None:
    found = {g.label: g for g in general_elections()}
    assert found["2019"].shares["GB:Con"] == pytest.approx(44.7, abs=0.05)
    assert found["2024"].shares["GB:Lab"] == pytest.approx(34.6, abs=0.05)
    assert found["1974F"].roles["Lab"] == "governing"  # fewer votes, more seats
    assert found["2010"].roles["LD"] == "third" and found["1945"].roles["Con"] == "opposition"


def test_the_issues_figures_reproduced() -> None:
    """The literal translation is twice as far off as assuming no change; the next election's
    change is about a quarter of the by-election's."""
    report = backtest_report()
    assert round(report["rmse"]["mirrored literally"], 1) == 11.1
    assert 5.6 <= report["rmse"]["no change"] <= 5.75
    assert 0.2 < report["pooled_ratio"] < 0.3


def test_as_history_suggests_beats_no_change() -> None:
    report = backtest_report()
    rmse = report["rmse"]
    assert rmse["as history suggests"] < rmse["no change"] - 0.5
    assert report["mae"]["as history suggests"] < report["mae"]["no change"]
    # the chosen model is the one that scores best out of sample; the data decide the splits
    assert report["model"] == min(MODELS, key=lambda m: rmse[f"ratio: {m}"])
    assert report["role_supported"] == (rmse["ratio: role"] < rmse["ratio: pooled"])
    assert report["time_supported"] == (rmse["ratio: role-time"] < rmse["ratio: role"])


def test_the_ratios_are_fitted_from_the_data() -> None:
    """Refit each cell by least squares through the origin and compare."""
    obs = observations()
    by = np.array([o.by for o in obs])
    ge = np.array([o.ge for o in obs])
    pooled = float(np.linalg.lstsq(by[:, None], ge, rcond=None)[0][0])
    assert fit(obs, "pooled").ratios[("all", "any")] == pytest.approx(pooled)
    assert history().report["pooled_ratio"] == pytest.approx(pooled)
    role_fit = fit(obs, "role")
    for role in ROLES:
        mask = np.array([o.role == role for o in obs])
        slope = float(np.linalg.lstsq(by[mask, None], ge[mask], rcond=None)[0][0])
        assert role_fit.ratios[(role, "any")] == pytest.approx(slope)
    assert history().ratios.ratios == fit(obs, history().ratios.model).ratios


def test_leave_one_parliament_out_never_sees_its_parliament() -> None:
    obs = list(observations())
    predicted = lopo(obs, "pooled")
    last = [i for i, o in enumerate(obs) if o.parliament == "2019"]
    others = fit([o for o in obs if o.parliament != "2019"], "pooled")
    assert predicted[last] == pytest.approx(others.predict([obs[i] for i in last]))
    assert not np.allclose(predicted[last], fit(obs, "pooled").predict([obs[i] for i in last]))


def test_docs_section_is_current() -> None:
    text = DOCS.read_text(encoding="utf-8")
    start = text.index("<!-- byelections:start -->") + len("<!-- byelections:start -->")
    end = text.index("<!-- byelections:end -->")
    assert text[start:end].strip() == markdown(backtest_report()).strip()


def test_mid_bedfordshire_on_2019_prints_both_answers_and_2024(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(monkeypatch, capsys, "project", "--from-byelection",
                         "Mid Bedfordshire", "--date", "2023-10-19", "--baseline", "2019")
    assert code == 0, err
    assert "literal: additive" in out and "as history suggests" in out and "actual 2024" in out
    assert "LD gain from Con 63" in out and "Ind gain" not in out
    assert "2019-notional" in out and "411" in out
    code, out, _ = run(monkeypatch, capsys, "project", "--from-night", "2023-10-19", "--json")
    found = json.loads(out)
    assert code == 0 and [b["constituency"] for b in found["by_elections"]] == [
        "Mid Bedfordshire", "Tamworth"]
    assert found["next_general_election"]["seats"]["Lab"] == 411
    assert found["history"]["range"]["seats"]["Con"]["p05"] <= found["history"]["seats"]["Con"]


def test_backtest_report_prints(capsys: pytest.CaptureFixture[str]) -> None:
    from swingometer.cli.byelection import backtest

    backtest(True, None)
    found = json.loads(capsys.readouterr().out)
    assert found["by_elections"] == 494 and "no change" in found["rmse"]
    backtest(False, None)
    out = capsys.readouterr().out
    assert "leave-one-parliament-out" in out and "mirrored literally" in out

"""The desk's web page in a real browser (Playwright driving Debian's Chromium, headless): it
loads, a declaration appears and the totals move, the swingometer slider changes the House,
a candidate called ``<script>alert(1)</script>`` is shown as text, and it fits a phone.
Screenshots are saved as test artefacts (``SWINGOMETER_ARTEFACTS``, else pytest's tmp dir)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from swingometer.desk import Desk
from swingometer.desk.replay import schedule
from swingometer.store import Ledger, connect, create_token
from swingometer.web import create_app
from swingometer.web.server import running

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
XSS = "<script>alert(1)</script>"
WAIT = 15_000  # milliseconds


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("SWINGOMETER_ARTEFACTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is not installed: .ci/run installs it")
        pytest.skip("no /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        found = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield found
        found.close()


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, httpx.Client]]:
    engine = connect(str(tmp_path_factory.mktemp("browser") / "night.sqlite"))
    token = create_token(engine, "browser")
    with running(create_app(Desk(Ledger(engine), "2019"))) as url, httpx.Client(
            base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
        for step in schedule("2019", limit=40):
            assert client.post("/api/declarations", json=step.body).status_code == 201
        yield url, client
    engine.dispose()


def test_the_desk_page_follows_the_night(browser: Any, desk: tuple[str, httpx.Client],
                                         artefacts: Path) -> None:
    url, client = desk
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url + "/")
    line = page.locator("#declared-line")
    line.filter(has_text="40 of 650 declared").wait_for(timeout=WAIT)
    page.locator("#live.on").wait_for(timeout=WAIT)
    con = page.locator('#totals tr[data-party="Con"] td:nth-child(2)')
    before = int(con.inner_text())

    later = schedule("2019")[40:60]
    for step in later:
        assert client.post("/api/declarations", json=step.body).status_code == 201
    line.filter(has_text="60 of 650 declared").wait_for(timeout=WAIT)
    won = sum(s.body["candidates"][0]["party"] == "Con" for s in later)
    page.wait_for_function(
        "n => Number(document.querySelector('#totals tr[data-party=\"Con\"] td:nth-child(2)')"
        ".textContent) === n", arg=before + won, timeout=WAIT)
    page.wait_for_function(  # the projection follows too (refreshed at most every 1.5 s)
        "n => Number(document.querySelector('#projection tr[data-party=\"Con\"] "
        "td:nth-child(4)').textContent) === n", arg=before + won, timeout=WAIT)
    first = page.locator("#latest li").first
    assert later[-1].constituency in first.inner_text()
    hexes = page.locator("#hexmap polygon")
    assert hexes.count() == 650
    filled = page.locator('#hexmap polygon:not([fill="#d0d0d0"])')
    assert filled.count() == 60

    lab = page.locator('#swing-table tr[data-party="Lab"] td:nth-child(2)')
    lab.wait_for(timeout=WAIT)
    level = int(lab.inner_text())
    page.locator("#swing").fill("6")
    page.locator("#swing-value").filter(has_text="6.0 points Con→Lab").wait_for(timeout=WAIT)
    page.wait_for_function(
        "n => Number(document.querySelector('#swing-table tr[data-party=\"Lab\"] "
        "td:nth-child(2)').textContent) > n", arg=level, timeout=WAIT)
    expected = client.get("/api/swing", params={"points": 6}).json()
    assert page.locator("#swing-outcome").inner_text() == expected["outcome"]
    shown = {row.get_attribute("data-party"): int(row.locator("td").nth(1).inner_text())
             for row in page.locator("#swing-table tbody tr").all()}
    assert shown == {row["party"]: row["seats"] for row in expected["parties"]}
    projected = page.locator('#projection tr[data-party="Con"] td:nth-child(3)').inner_text()
    assert "–" in projected  # an interval, low–high

    page.screenshot(path=str(artefacts / "desk.png"), full_page=True)
    assert not errors and not dialogs


def test_names_are_shown_as_text_never_run(browser: Any, desk: tuple[str, httpx.Client],
                                           artefacts: Path) -> None:
    url, client = desk
    page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url + "/")
    page.locator("#live.on").wait_for(timeout=WAIT)
    step = schedule("2019")[100]
    body = step.body | {"candidates": [dict(c) for c in step.body["candidates"]]}
    body["candidates"][0]["candidate"] = XSS
    assert client.post("/api/declarations", json=body).status_code == 201
    winner = page.locator("#latest li .winner").filter(has_text=XSS)
    winner.wait_for(timeout=WAIT)
    assert winner.inner_text() == f"{XSS} ({body['candidates'][0]['party']})"
    page.goto(f"{url}/#/contest/{step.contest}")
    cell = page.locator("#contest-table tbody tr td").first
    cell.filter(has_text=XSS).wait_for(timeout=WAIT)
    assert page.locator("script").count() == 1  # only the page's own script
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # fits the phone
    page.screenshot(path=str(artefacts / "contest-phone.png"), full_page=True)
    assert not dialogs

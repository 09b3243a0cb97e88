"""The desk's web page in a real browser (Playwright driving Debian's Chromium, headless): it
loads, a declaration appears and the totals move, the swingometer slider changes the House,
under a steady stream of declarations the House is never more than a second behind the API,
a seat is found by search (any spelling) and from the keyboard, the latest declarations are a
live region, an undeclared seat shows its previous result, candidates and the swing needed,
errors recover, a candidate called ``<script>alert(1)</script>`` is shown as text, and it fits
a phone with seat targets a finger can hit. Screenshots are saved as test artefacts
(``SWINGOMETER_ARTEFACTS``, else pytest's tmp dir)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from swingometer import elections
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
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


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
    # tonight's swing, Con to Lab: half the difference of their share changes in the seats in
    parties = {p["party"]: p for p in client.get("/api/totals").json()["parties"]}
    tonight = (parties["Lab"]["change"] - parties["Con"]["change"]) / 2
    words = f"{abs(tonight):.1f} points " + ("Con→Lab" if tonight > 0 else "Lab→Con")
    page.locator("#swing-tonight").filter(has_text=words).wait_for(timeout=WAIT)
    assert page.locator("#swing-tonight-mark").is_visible()
    page.locator("#swing-actual").click()
    page.locator("#swing-value").filter(has_text=words).wait_for(timeout=WAIT)
    page.locator("#swing-to").select_option("LD")  # any pair: Con to the Liberal Democrats
    page.locator("#swing-label").filter(has_text="from Con to LD").wait_for(timeout=WAIT)
    points = float(page.locator("#swing").input_value())
    expected = client.get("/api/swing", params={"points": points, "from": "Con",
                                                "to": "LD"}).json()
    page.wait_for_function(
        "n => Number(document.querySelector('#swing-table tr[data-party=\"LD\"] "
        "td:nth-child(2)').textContent) === n", arg=expected["seats"]["LD"], timeout=WAIT)
    assert page.locator("#swing-outcome").inner_text() == expected["outcome"]
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
    page.screenshot(path=str(artefacts / "desk-phone.png"), full_page=True)
    hexes = page.locator("#hexmap polygon")
    assert hexes.first.bounding_box()["width"] < 24  # the whole map on a phone: too small
    page.locator("#map-zoom").click()  # the larger map: every seat a finger-sized target
    box = hexes.first.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    assert page.locator("#map-zoom").get_attribute("aria-pressed") == "true"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # the map scrolls
    page.locator("#map-sec").screenshot(path=str(artefacts / "map-phone.png"))
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


def _declared(page: Any) -> int:
    """The House count the page shows (``N of 650 declared``)."""
    text = page.evaluate("document.getElementById('declared-line').textContent")
    return int(text.split(" of ")[0]) if " of " in text else -1


def test_the_house_is_never_a_second_behind_a_steady_stream(
        browser: Any, desk: tuple[str, httpx.Client]) -> None:
    """Seven declarations a second for ten seconds: every time the page is sampled, its House
    count is at least what /api/totals had said a second before (a debounce never fires)."""
    url, client = desk
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(url + "/")
    page.locator("#live.on").wait_for(timeout=WAIT)
    start = client.get("/api/totals").json()["declared"]
    page.locator("#declared-line").filter(has_text=f"{start} of 650").wait_for(timeout=WAIT)
    stream = schedule("2019")[200:270]
    api: list[tuple[float, int]] = []
    statuses: list[int] = []
    done = threading.Event()

    def post() -> None:
        began = time.monotonic()
        try:
            for i, step in enumerate(stream):
                time.sleep(max(0.0, began + i / 7 - time.monotonic()))
                statuses.append(client.post("/api/declarations", json=step.body).status_code)
        finally:
            done.set()

    def sample() -> None:
        with httpx.Client(base_url=url, timeout=30) as reader:
            while True:
                finished = done.is_set()
                declared = reader.get("/api/totals").json()["declared"]
                api.append((time.monotonic(), declared))
                if finished:
                    return
                time.sleep(0.05)

    threads = [threading.Thread(target=post), threading.Thread(target=sample)]
    for thread in threads:
        thread.start()
    shown: list[tuple[float, int]] = []
    while not done.is_set():
        count = _declared(page)
        shown.append((time.monotonic(), count))
        page.wait_for_timeout(50)
    for thread in threads:
        thread.join()
    worst = 0
    for at, count in shown:
        said = max((n for t, n in api if t <= at - 1.0), default=start)
        worst = max(worst, said - count)
    assert statuses == [201] * len(stream)
    assert len(shown) > 50 and api[-1][1] == start + len(stream)
    assert worst <= 0, f"the page was {worst} seats behind what the API said a second before"
    page.locator("#declared-line").filter(
        has_text=f"{start + len(stream)} of 650").wait_for(timeout=2000)
    page.close()


def test_a_seat_is_found_by_any_spelling_and_from_the_keyboard(
        browser: Any, desk: tuple[str, httpx.Client]) -> None:
    url, client = desk
    seats = {s["constituency"]: s for s in client.get("/api/contests").json()}
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(url + "/")
    page.locator("#live.on").wait_for(timeout=WAIT)
    search = page.locator("#seat-search")
    spellings = [("ynys mon", "Ynys Môn"), ("EDGBASTON birmingham", "Birmingham, Edgbaston"),
                 ("berwick upon tweed", "Berwick-Upon-Tweed"), ("vale of clwyd", "Vale Of Clwyd")]
    for typed, name in spellings:
        page.goto(url + "/#/")
        search.fill(typed)
        option = page.locator("#seat-results [role=option]").first
        option.filter(has_text=name).wait_for(timeout=WAIT)
        search.press("Enter")
        page.locator("#contest-title").filter(has_text=name).wait_for(timeout=WAIT)
        assert page.evaluate("location.hash") == "#/contest/" + seats[name]["contest"]
    search.fill("no such place anywhere")
    assert page.locator("#seat-results").inner_text() == "No seat of tonight's matches that."

    page.goto(url + "/#/")  # the map from the keyboard: Tab reaches it, arrows move, Enter opens
    page.locator("#hexmap polygon").first.wait_for(timeout=WAIT)
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "polygon":
            break
    first = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert first and page.evaluate("document.activeElement.getAttribute('role')") == "link"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert label != first
    name, _, said = label.partition(": ")
    seat = seats[name]
    assert said == (seat["result"] or f"not declared ({seat['previous_winner']} before)")
    page.keyboard.press("Enter")
    page.locator("#contest-title").filter(has_text=name).wait_for(timeout=WAIT)
    declared = next(s for s in seats.values() if s["result"])  # a declared hex says its result
    assert page.locator(f'#hexmap polygon[data-ons="{declared["ons_id"]}"]').get_attribute(
        "aria-label") == f"{declared['constituency']}: {declared['result']}"
    page.close()


def _previous_2017(ons_id: str) -> tuple[str, str, float]:
    """The swing a 2019 seat needed, from the real 2017 result: half its leaders' gap."""
    found = next(c for c in elections.contests("2017", str(DATA)) if c.ons_id == ons_id)
    valid = sum(c.votes for c in found.candidates)
    top = sorted(found.candidates, key=lambda c: -c.votes)[:2]
    return top[0].party, top[1].party, 50 * (top[0].votes - top[1].votes) / valid


def test_an_undeclared_seat_shows_who_stands_and_the_swing_needed(
        browser: Any, desk: tuple[str, httpx.Client], artefacts: Path) -> None:
    url, client = desk
    step = schedule("2019")[400]
    nominated = [{"candidate": c["candidate"], "party": c["party"],
                  "party_name": c.get("party_name", "")} for c in step.body["candidates"]]
    answer = client.post("/api/nominations", json={"contest": step.contest, "revision": 1,
                                                   "candidates": nominated, "source": "test"})
    assert answer.status_code == 201, answer.text
    card = client.get(f"/api/contests/{step.contest}").json()
    seat = next(s for s in client.get("/api/contests").json() if s["contest"] == step.contest)
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(f"{url}/#/contest/{step.contest}")
    page.locator("#contest-title").filter(has_text=step.constituency).wait_for(timeout=WAIT)
    page.locator("#contest-before").wait_for(timeout=WAIT)
    rows = page.locator("#contest-nominated tbody tr")
    rows.first.wait_for(timeout=WAIT)
    assert [r.locator("td").first.inner_text() for r in rows.all()] == \
        [c["candidate"] for c in nominated]
    assert page.locator("#contest-previous").inner_text().startswith(
        f"{seat['previous_winner']} won")
    needed = page.locator("#contest-needed").inner_text()
    if card.get("previous"):  # the API gives the previous result: the swing it needs
        leader, second, points = _previous_2017(seat["ons_id"])
        assert needed == f"A swing of {points:.1f} points from {leader} to {second} " \
            "would change hands."
    else:
        assert needed.startswith("The swing needed is not known")
    page.screenshot(path=str(artefacts / "undeclared.png"), full_page=True)

    # a failed load clears the card: never the last seat's figures under the new address
    declared = schedule("2019")[0]
    page.goto(f"{url}/#/contest/{declared.contest}")
    page.locator("#contest-table tbody tr").first.wait_for(timeout=WAIT)
    page.evaluate("location.hash = '#/contest/parl.no-such-seat.2019-12-12'")
    page.locator("#contest-title").filter(has_text="No such seat").wait_for(timeout=WAIT)
    assert page.locator("#contest-error").is_visible()
    assert declared.constituency not in page.locator("#contest").inner_text()
    assert page.locator("#contest-table tbody tr").count() == 0
    assert "error" not in page.locator("#live").inner_text()  # a missing seat: no outage
    page.locator("#live.on").wait_for(timeout=WAIT)
    page.close()


def test_the_page_recovers_from_errors(browser: Any, desk: tuple[str, httpx.Client]) -> None:
    """The event stream refused at first (503): the page retries and goes live; a failed
    totals load shows "error" until the next one works; the latest list is a live region."""
    url, client = desk
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.route("**/api/events", lambda route: route.fulfill(status=503, body="down"))
    page.goto(url + "/")
    page.locator("#live").filter(has_text="reconnecting").wait_for(timeout=WAIT)
    page.unroute("**/api/events")
    page.locator("#live.on").wait_for(timeout=WAIT)
    assert page.locator("#latest").get_attribute("aria-live") == "polite"

    down = '{"detail": "the results ledger cannot be reached"}'
    page.route("**/api/totals", lambda route: route.fulfill(
        status=503, body=down, content_type="application/json"))
    steps = schedule("2019")[300:302]
    assert client.post("/api/declarations", json=steps[0].body).status_code == 201
    page.locator("#live").filter(has_text="error: the results ledger cannot be reached").wait_for(
        timeout=WAIT)
    page.locator("#latest li").first.filter(has_text=steps[0].constituency).wait_for(timeout=WAIT)
    page.unroute("**/api/totals")
    assert client.post("/api/declarations", json=steps[1].body).status_code == 201
    page.locator("#live.on").filter(has_text="live").wait_for(timeout=WAIT)
    declared = client.get("/api/totals").json()["declared"]
    page.locator("#declared-line").filter(has_text=f"{declared} of 650").wait_for(timeout=WAIT)
    page.close()


def test_a_by_election_night_is_shown_as_such(browser: Any,
                                              tmp_path_factory: pytest.TempPathFactory,
                                              artefacts: Path) -> None:
    """19 October 2023: the page lists Mid Bedfordshire and Tamworth against their previous
    general election, with the swing each needs, not an empty House."""
    engine = connect(str(tmp_path_factory.mktemp("by") / "night.sqlite"))
    with running(create_app(Desk(Ledger(engine), "2023-10-19"))) as url:
        contests = httpx.get(url + "/api/totals", timeout=30).json()["by_elections"]
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(url + "/")
        page.locator("#house-h").filter(has_text="The by-elections").wait_for(timeout=WAIT)
        cards = page.locator("#by-elections article")
        assert [c.locator("h3").inner_text() for c in cards.all()] == \
            [b["constituency"] for b in contests] == ["Mid Bedfordshire", "Tamworth"]
        for card, contest in zip(cards.all(), contests, strict=True):
            shares = sorted(contest["previous"]["shares"].items(), key=lambda kv: -kv[1])
            (first, a), (second, b) = shares[:2]
            assert f"{(a - b) / 2:.1f} points {first}→{second} to change hands" in \
                card.inner_text()
        page.screenshot(path=str(artefacts / "by-elections.png"), full_page=True)
        page.close()
    engine.dispose()

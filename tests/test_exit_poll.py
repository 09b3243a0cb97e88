"""The exit poll: the published polls with their citations, checked input (registered party
codes, whole seats, at most the House, probabilities that sum to 1), and the command that
prints or posts one."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from swingometer.cli import app as cli
from swingometer.errors import ChoiceError, DataError, SwingometerError
from swingometer.projection.exit_poll import (
    ExitPoll,
    exit_poll,
    from_file,
    from_json,
    from_pairs,
    published,
    years,
)

PUBLISHED = {
    "2010": {"Con": 307, "Lab": 255, "LD": 59},
    "2015": {"Con": 316, "Lab": 239, "SNP": 58, "LD": 10},
    "2017": {"Con": 314, "Lab": 266, "SNP": 34, "LD": 14},
    "2019": {"Con": 368, "Lab": 191, "SNP": 55, "LD": 13},
    "2024": {"Lab": 410, "Con": 131, "LD": 61, "RUK": 13, "SNP": 10},
}


@pytest.mark.parametrize("year", sorted(PUBLISHED))
def test_the_published_exit_polls_with_their_sources(year: str) -> None:
    poll = published(year)
    assert dict(poll.seats) == PUBLISHED[year]
    assert poll.election == year and "exit poll" in poll.source and "http" in poll.source
    assert poll.others() == 650 - sum(PUBLISHED[year].values())


def test_published_by_id_and_unknown_years() -> None:
    assert published("parl.2019-12-12").seats == published("2019").seats
    assert years() == sorted(PUBLISHED)
    with pytest.raises(ChoiceError, match="2005"):
        published("2005")


def test_seats_given_on_the_command_line_are_checked() -> None:
    poll = from_pairs(["con=368", "Labour=191", "SNP = 55"])
    assert dict(poll.seats) == {"Con": 368, "Lab": 191, "SNP": 55}
    with pytest.raises(DataError) as error:
        from_pairs(["Con=368", "Lab=-3", "Whigs=2", "LD=1.5"])
    messages = " ".join(p.message for p in error.value.problems)
    assert "Lab are not a whole number" in messages and "LD are not" in messages
    assert "'Whigs' is not a registered party code" in messages
    with pytest.raises(DataError, match="PARTY=SEATS"):
        from_pairs(["Con368"])
    with pytest.raises(DataError, match="more than the 650"):
        exit_poll({"Con": 400, "Lab": 300})
    with pytest.raises(DataError, match="given twice"):
        exit_poll({"Con": 300, "con": 10})


def test_per_seat_probabilities_are_checked() -> None:
    poll = exit_poll({"Con": 300}, probabilities={"E14000530": {"Con": 0.75, "Lab": 0.25}})
    assert poll.probabilities["E14000530"] == {"Con": 0.75, "Lab": 0.25}
    with pytest.raises(DataError) as error:
        exit_poll({"Con": 300}, probabilities={"E1": {"Con": 0.5, "Lab": 0.2},
                                               "E2": {"Con": 1.5}})
    messages = " ".join(p.message for p in error.value.problems)
    assert "sum to 0.700" in messages and "not between 0 and 1" in messages


def test_an_exit_poll_file(tmp_path: Path) -> None:
    good = tmp_path / "poll.json"
    good.write_text(json.dumps({"seats": {"Con": 368, "Lab": 191}, "source": "BBC/ITV/Sky"}))
    assert from_file(good) == ExitPoll({"Con": 368, "Lab": 191}, "BBC/ITV/Sky")
    bad = tmp_path / "bad.json"
    bad.write_text("{\"seats\": ")
    with pytest.raises(DataError, match="is not JSON"):
        from_file(bad)
    with pytest.raises(DataError, match="unknown field 'sets'"):
        from_json({"seats": {"Con": 1}, "sets": {}})
    with pytest.raises(DataError, match="cannot be read"):
        from_file(tmp_path / "missing.json")


def test_the_command_prints_the_poll() -> None:
    answer = CliRunner().invoke(cli, ["exit-poll", "2024"])
    assert answer.exit_code == 0, answer.output
    printed = json.loads(answer.stdout)
    assert printed["seats"] == PUBLISHED["2024"]
    assert printed["published"] == "2024-07-04T22:00:00+01:00"
    given = CliRunner().invoke(cli, ["exit-poll", "--seats", "Con=368", "--seats", "Lab=191"])
    assert json.loads(given.stdout)["seats"] == {"Con": 368, "Lab": 191}
    usage = CliRunner().invoke(cli, ["exit-poll"]).exception
    assert isinstance(usage, SwingometerError) and usage.exit_code == 2
    bad = CliRunner().invoke(cli, ["exit-poll", "--seats", "Whigs=3"]).exception
    assert isinstance(bad, DataError) and bad.exit_code == 1


@pytest.fixture
def listener() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A bare HTTP server on 127.0.0.1 that keeps what is posted to it."""
    received: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            body = json.loads(self.rfile.read(length))
            received.append({"path": self.path, "body": body,
                             "token": self.headers["Authorization"]})
            status = 401 if self.headers["Authorization"] != "Bearer good" else 201
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(json.dumps({"stored": True}).encode())

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", received
    server.shutdown()
    server.server_close()


def test_the_command_posts_to_a_desk(listener: tuple[str, list[dict[str, Any]]]) -> None:
    url, received = listener
    answer = CliRunner().invoke(cli, ["exit-poll", "2019", "--url", url, "--token", "good",
                                      "--night", "2019"])
    assert answer.exit_code == 0, answer.output
    assert received[0]["path"] == "/api/exit-poll"
    body = received[0]["body"]
    assert body["seats"] == PUBLISHED["2019"] and body["election"] == "2019"
    assert body["published"] == "2019-12-12T22:00:00+00:00" and "Ipsos" in body["source"]
    refused = CliRunner().invoke(cli, ["exit-poll", "2019", "--url", url, "--token", "bad"])
    assert refused.exit_code == 1

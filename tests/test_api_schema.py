"""Property tests driven by the desk's own OpenAPI description (schemathesis): requests that
the schema allows, and many it does not, never make the server fail, and every answer has a
status code and body the description promises. Bounded: a few dozen cases per operation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings


@pytest.fixture(scope="module")
def served(served_desk: Any) -> Iterator[tuple[str, str]]:
    with served_desk("schemathesis") as desk:
        yield desk


@pytest.fixture(scope="module")
def api_schema(served: tuple[str, str]) -> Any:
    return schemathesis.openapi.from_url(served[0] + "/openapi.json")


# the event stream never ends by design; it has its own test in test_api.py
schema = schemathesis.pytest.from_fixture("api_schema").exclude(path="/api/events")


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_the_api_keeps_the_promises_of_its_openapi_description(
        case: Any, served: tuple[str, str]) -> None:
    """Schema-valid declarations are often refused on their merits (an unknown contest, votes
    above the electorate: 422 by design), so "valid data is accepted" is not checked."""
    case.call_and_validate(headers={"Authorization": f"Bearer {served[1]}"}, timeout=30,
                           excluded_checks=[schemathesis.checks.positive_data_acceptance])

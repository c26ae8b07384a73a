"""Classifying an answered request: success, partial, request_error, failure."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.server.http.status import GraphQLResponse
from gateway.telemetry.outcome import classify, error_codes


def _error(code: str | None) -> dict[str, Any]:
    return {"message": "m", "extensions": {"code": code}} if code else {"message": "m"}


@pytest.mark.parametrize(
    ("status", "body", "outcome"),
    [
        (200, {"data": {"a": 1}}, "success"),
        (200, {"data": {"a": None}, "errors": [_error("X")]}, "partial"),
        (200, {"data": None, "errors": [_error("X")]}, "failure"),
        (400, {"errors": [_error("GRAPHQL_PARSE_FAILED")]}, "request_error"),
        (401, {"errors": [_error("UNAUTHENTICATED")]}, "request_error"),
        (405, {"errors": [_error("METHOD_NOT_ALLOWED")]}, "request_error"),
        (500, {"errors": [_error("QUERY_PLANNING_FAILED")]}, "failure"),
        (503, {"errors": []}, "failure"),
    ],
)
def test_outcome_follows_status_and_errors(status: int, body: dict[str, Any], outcome: str) -> None:
    result = classify(GraphQLResponse(status=status, body=body))
    assert (result.outcome, result.status) == (outcome, status)


def test_no_response_means_the_client_went_away() -> None:
    result = classify(None)
    assert (result.outcome, result.status) == ("request_error", 499)


def test_error_codes_are_distinct_in_order_and_unknown_when_missing() -> None:
    body = {"errors": [_error("B"), _error(None), _error("A"), _error("B"), "junk"]}
    assert error_codes(body) == ("B", "UNKNOWN", "A")
    assert error_codes({"data": {}}) == ()

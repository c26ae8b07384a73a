"""The status table: which HTTP status each outcome is sent with."""

from collections.abc import AsyncIterator, Mapping
from typing import Any

import pytest

from gateway.request import ExecutionResult, IncrementalResult, refusal
from gateway.server.http.status import http_answer, internal_error, legacy_answer


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("GRAPHQL_PARSE_FAILED", 400),
        ("GRAPHQL_VALIDATION_FAILED", 400),
        ("BAD_USER_INPUT", 400),
        ("MAX_DEPTH_EXCEEDED", 400),
        ("PERSISTED_QUERY_HASH_MISMATCH", 400),
        ("PERSISTED_QUERY_NOT_FOUND", 200),
        ("PERSISTED_QUERY_NOT_SUPPORTED", 200),
        ("UNAUTHENTICATED", 401),
        ("METHOD_NOT_ALLOWED", 405),
        ("RATE_LIMITED", 429),
        ("QUERY_PLANNING_FAILED", 500),
    ],
)
def test_a_refusal_is_sent_with_the_status_of_its_code(code: str, status: int) -> None:
    answer = http_answer(refusal("no", code))
    assert (answer.status, answer.body) == (
        status,
        {"errors": [{"message": "no", "extensions": {"code": code}}]},
    )


def test_statuses_that_need_a_header_carry_it() -> None:
    assert http_answer(refusal("no", "UNAUTHENTICATED")).headers == (
        (b"www-authenticate", b"Bearer"),
    )
    assert http_answer(refusal("no", "METHOD_NOT_ALLOWED")).headers == ((b"allow", b"POST"),)


def test_a_result_is_200_even_with_errors_and_encodes_once() -> None:
    result = ExecutionResult(data=None, errors=({"message": "boom"},))
    answer = http_answer(result)
    assert (answer.status, answer.body) == (200, {"data": None, "errors": [{"message": "boom"}]})
    assert answer.encoded() is http_answer(result).encoded()


def test_legacy_json_answers_only_a_refused_request_200() -> None:
    assert legacy_answer(http_answer(refusal("no", "GRAPHQL_PARSE_FAILED"))).status == 200
    assert legacy_answer(http_answer(refusal("no", "METHOD_NOT_ALLOWED"))).status == 405
    assert legacy_answer(internal_error()).status == 500


def test_an_incremental_result_is_answered_200_by_its_first_payload() -> None:
    async def parts() -> AsyncIterator[Mapping[str, Any]]:
        yield {}

    stream = IncrementalResult(initial=ExecutionResult(data={"a": 1}), subsequent=parts())
    answer = http_answer(stream)
    assert (answer.status, answer.body) == (200, {"data": {"a": 1}})

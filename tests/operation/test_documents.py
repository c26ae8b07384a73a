"""DocumentCache: size and token limits with their codes, parse and validation errors, caching."""

from __future__ import annotations

from typing import Any

import graphql
import pytest
from graphql import build_schema

import gateway.operation.documents as documents
from gateway.config import LimitsConfig
from gateway.operation import DocumentCache, document_hash
from gateway.operation.documents import count_tokens

SCHEMA = build_schema("type Query { a: Int b(x: String): Int }")


def checked(query: str, **limits: int) -> Any:
    return DocumentCache(SCHEMA, **limits).check(document_hash(query), query)


def test_a_valid_document_is_parsed() -> None:
    result = checked("{ a }")
    assert result.document is not None
    assert (result.errors, result.code) == ((), None)


def test_oversized_document_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed an oversized document")

    monkeypatch.setattr(documents, "parse", no_parse)
    query = "{ a }" + " " * 100
    result = checked(query, max_bytes=100)
    assert result.document is None
    assert result.code == "MAX_DOCUMENT_SIZE_EXCEEDED"
    assert result.errors == (
        {
            "message": "The document's size 105 bytes exceeds the limit 100 bytes.",
            "extensions": {"code": "MAX_DOCUMENT_SIZE_EXCEEDED", "limit": 100, "measured": 105},
        },
    )


def test_size_is_counted_in_utf8_bytes() -> None:
    query = '{ b(x: "' + "é" * 40 + '") }'  # 52 characters, 92 bytes
    assert checked(query, max_bytes=92).code is None
    refused = checked(query, max_bytes=91)
    assert refused.code == "MAX_DOCUMENT_SIZE_EXCEEDED"
    assert refused.errors[0]["extensions"]["measured"] == 92


def test_too_many_tokens_is_its_own_code_with_the_count() -> None:
    query = "{ " + "a " * 20 + "}"  # 22 tokens
    assert checked(query, max_tokens=22).code is None
    refused = checked(query, max_tokens=15)
    assert refused.code == "MAX_TOKENS_EXCEEDED"
    assert refused.errors == (
        {
            "message": "The document's token count 22 exceeds the limit 15.",
            "extensions": {"code": "MAX_TOKENS_EXCEEDED", "limit": 15, "measured": 22},
        },
    )


def test_comments_count_as_tokens() -> None:
    # A document padded with comments must not slip past the token limit.
    query = "# pad\n" * 30 + "{ a }"
    assert count_tokens(query, cap=100) == (33, True)
    refused = checked(query, max_tokens=20)
    assert refused.code == "MAX_TOKENS_EXCEEDED"
    assert refused.errors[0]["extensions"]["measured"] == 33


def test_counting_stops_at_twice_the_limit() -> None:
    # A refused document must not cost much more than the parse that refused it.
    for query in ("{ " + "a " * 500 + "}", "#\n" * 500 + "{ a }"):
        assert count_tokens(query, cap=40) == (41, False)
        refused = checked(query, max_tokens=20)
        assert refused.code == "MAX_TOKENS_EXCEEDED"
        assert refused.errors[0] == {
            "message": "The document's token count exceeds the limit 20 "
            "(counting stopped at 41 tokens).",
            "extensions": {"code": "MAX_TOKENS_EXCEEDED", "limit": 20, "measured": 41},
        }


def test_token_limit_on_text_that_does_not_lex_reports_where_counting_stopped() -> None:
    query = "{ " + "a " * 12 + "} ~"  # 14 tokens, then a character that is no token
    assert count_tokens(query, cap=100) == (14, False)
    refused = checked(query, max_tokens=10)
    assert refused.code == "MAX_TOKENS_EXCEEDED"
    assert refused.errors[0]["extensions"]["measured"] == 14
    assert "(counting stopped at 14 tokens)" in refused.errors[0]["message"]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("{ a", "GRAPHQL_PARSE_FAILED"),
        ("{ a } ~", "GRAPHQL_PARSE_FAILED"),
        ("{ nope }", "GRAPHQL_VALIDATION_FAILED"),
    ],
)
def test_other_failures_keep_their_codes(query: str, code: str) -> None:
    result = checked(query, max_tokens=1000)
    assert result.code == code
    assert result.errors[0]["locations"]
    assert "extensions" not in result.errors[0]


def test_a_document_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    parses: list[str] = []
    real = graphql.parse

    def counting(source: str, **kwargs: Any) -> Any:
        parses.append(source)
        return real(source, **kwargs)

    monkeypatch.setattr(documents, "parse", counting)
    cache = DocumentCache(SCHEMA)
    for _ in range(3):
        assert cache.check(document_hash("{ a }"), "{ a }").document is not None
    assert parses == ["{ a }"]


def test_oversized_documents_take_no_cache_entry() -> None:
    cache = DocumentCache(SCHEMA, maxsize=4, max_bytes=10)
    for i in range(8):
        query = "{ a }" + " " * (10 + i)
        assert cache.check(document_hash(query), query).code == "MAX_DOCUMENT_SIZE_EXCEEDED"
    assert len(cache._cache) == 0


def test_defaults_are_the_configured_production_limits() -> None:
    defaults = LimitsConfig()
    # Comments count as tokens and cost validation nothing: `{ a }` is 3 tokens.
    at_limit = "#\n" * (defaults.max_tokens - 3) + "{ a }"
    assert checked(at_limit).code is None
    over = "#\n" + at_limit
    assert checked(over).code == "MAX_TOKENS_EXCEEDED"
    big = "{ a }" + " " * defaults.max_document_bytes
    assert checked(big).code == "MAX_DOCUMENT_SIZE_EXCEEDED"


def test_a_lone_surrogate_is_hashed_and_measured_instead_of_crashing() -> None:
    query = '{ b(x: "\ud800") }'
    assert len(document_hash(query)) == 64
    assert checked(query, max_bytes=5).code == "MAX_DOCUMENT_SIZE_EXCEEDED"

"""Automatic persisted queries through the request pipeline, over the in-memory store."""

from __future__ import annotations

import pytest

from gateway.config.model import PersistedQueriesConfig
from gateway.policy.persisted import AutomaticPersistedQueries, MemoryStore, persisted_queries
from gateway.request import GraphQLRequest
from tests.support.answers import status_of

from .helpers import QUERY, code, hash_only, pipeline, sha, with_text

OK = {"data": {"me": {"name": "Ada"}}}


async def test_apq_dance_hash_then_text_then_hash() -> None:
    run, fetch = pipeline(persisted_queries(PersistedQueriesConfig()))

    first = await run.execute(hash_only(sha(QUERY)))
    assert status_of(first) == 200
    assert first.body["errors"][0]["message"] == "PersistedQueryNotFound"
    assert code(first.body) == "PERSISTED_QUERY_NOT_FOUND"
    assert "data" not in first.body
    assert fetch.requests == []

    second = await run.execute(with_text(QUERY))
    assert (status_of(second), second.body) == (200, OK)

    third = await run.execute(hash_only(sha(QUERY)))
    assert (status_of(third), third.body) == (200, OK)
    assert [request.query for request in fetch.requests][-1].startswith("query Me")
    assert len(fetch.requests) == 2


async def test_uppercase_hash_names_the_same_query() -> None:
    run, _ = pipeline(persisted_queries(PersistedQueriesConfig()))
    await run.execute(with_text(QUERY))
    answer = await run.execute(hash_only(sha(QUERY).upper()))
    assert (status_of(answer), answer.body) == (200, OK)


async def test_hash_mismatch_is_refused_and_not_stored() -> None:
    store = MemoryStore(10)
    run, fetch = pipeline(AutomaticPersistedQueries(store))
    wrong = sha("{ me { id } }")
    answer = await run.execute(with_text(QUERY, wrong))
    assert status_of(answer) == 400
    assert code(answer.body) == "PERSISTED_QUERY_HASH_MISMATCH"
    assert len(store) == 0
    assert fetch.requests == []
    later = await run.execute(hash_only(wrong))
    assert code(later.body) == "PERSISTED_QUERY_NOT_FOUND"


@pytest.mark.parametrize("version", [2, 0, "1", True, None])
async def test_unsupported_version_is_bad_request(version: object) -> None:
    run, _ = pipeline(persisted_queries(PersistedQueriesConfig()))
    answer = await run.execute(hash_only(sha(QUERY), version=version))
    assert status_of(answer) == 400
    assert code(answer.body) == "BAD_REQUEST"
    assert "version" in answer.body["errors"][0]["message"]


@pytest.mark.parametrize(
    "extension",
    [
        "not an object",
        {"version": 1},
        {"version": 1, "sha256Hash": 42},
        {"version": 1, "sha256Hash": ""},
    ],
)
async def test_malformed_extension_is_bad_request(extension: object) -> None:
    run, _ = pipeline(persisted_queries(PersistedQueriesConfig()))
    request = GraphQLRequest(query=QUERY, extensions={"persistedQuery": extension})
    answer = await run.execute(request)
    assert status_of(answer) == 400
    assert code(answer.body) == "BAD_REQUEST"


async def test_hash_that_cannot_be_sha256_is_not_found_without_asking_the_store() -> None:
    class Exploding:
        async def get(self, key: str) -> str | None:
            raise AssertionError("the store must not be asked")

        async def put(self, key: str, text: str) -> None:
            raise AssertionError("the store must not be written")

        async def close(self) -> None:
            return None

    run, _ = pipeline(AutomaticPersistedQueries(Exploding()))
    answer = await run.execute(hash_only("x" * 5000))
    assert code(answer.body) == "PERSISTED_QUERY_NOT_FOUND"


async def test_apq_disabled_answers_not_supported() -> None:
    run, fetch = pipeline(persisted_queries(PersistedQueriesConfig(apq_enabled=False)))
    for request in (hash_only(sha(QUERY)), with_text(QUERY)):
        answer = await run.execute(request)
        assert status_of(answer) == 200
        assert answer.body["errors"][0]["message"] == "PersistedQueryNotSupported"
        assert code(answer.body) == "PERSISTED_QUERY_NOT_SUPPORTED"
    assert fetch.requests == []
    plain = await run.execute(GraphQLRequest(query=QUERY))
    assert (status_of(plain), plain.body) == (200, OK)


@pytest.mark.parametrize("apq", [True, False])
async def test_request_without_extension_runs_its_text(apq: bool) -> None:
    run, _ = pipeline(persisted_queries(PersistedQueriesConfig(apq_enabled=apq)))
    answer = await run.execute(GraphQLRequest(query=QUERY, extensions={"other": 1}))
    assert (status_of(answer), answer.body) == (200, OK)


@pytest.mark.parametrize("query", ["", "   \n"])
async def test_request_without_query_or_extension_is_bad_request(query: str) -> None:
    run, _ = pipeline(persisted_queries(PersistedQueriesConfig()))
    answer = await run.execute(GraphQLRequest(query=query))
    assert status_of(answer) == 400
    assert answer.body["errors"][0]["message"] == "The request has no 'query' string."
    assert code(answer.body) == "BAD_REQUEST"


async def test_memory_store_is_bounded_by_memory_entries() -> None:
    stage = persisted_queries(PersistedQueriesConfig(memory_entries=2))
    run, _ = pipeline(stage)
    texts = [f"query Q{i} {{ me {{ name }} }}" for i in range(3)]
    for text in texts:
        assert status_of(await run.execute(with_text(text))) == 200
    # The least recently used (the first) was evicted; the two newest remain.
    assert code((await run.execute(hash_only(sha(texts[0])))).body) == "PERSISTED_QUERY_NOT_FOUND"
    for text in texts[1:]:
        assert (await run.execute(hash_only(sha(text)))).body == {"data": {"me": {"name": "Ada"}}}


@pytest.mark.parametrize(
    ("padding", "stored"),
    [("a" * 10, True), ("a" * 200, False), ("é" * 30, False)],
    ids=["small", "too-many-characters", "too-many-utf8-bytes"],
)
async def test_text_longer_than_max_text_bytes_runs_but_is_not_stored(
    padding: str, stored: bool
) -> None:
    store = MemoryStore(10)
    run, _ = pipeline(AutomaticPersistedQueries(store, max_text_bytes=60))
    text = f"query Me {{ me {{ name }} }} # {padding}"
    assert (await run.execute(with_text(text))).body == OK
    assert (len(store) == 1) is stored
    later = await run.execute(hash_only(sha(text)))
    assert (later.body == OK) is stored

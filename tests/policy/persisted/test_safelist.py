"""Safelist mode through the request pipeline: only registered operations run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gateway.config.model import PersistedQueriesConfig
from gateway.policy.persisted import PersistedQueryStage, persisted_queries
from gateway.request import GraphQLRequest
from tests.support.answers import status_of

from .helpers import QUERY, code, hash_only, pipeline, sha, with_text

OK = {"data": {"me": {"name": "Ada"}}}
UNLISTED = "query Who { me { id } }"


@pytest.fixture
def stage(tmp_path: Path) -> PersistedQueryStage:
    path = tmp_path / "operations.json"
    path.write_text(
        json.dumps(
            {
                "format": "apollo-persisted-query-manifest",
                "version": 1,
                "operations": [{"id": "op-me", "name": "Me", "type": "query", "body": QUERY}],
            }
        )
    )
    config = PersistedQueriesConfig(safelist=True, safelist_file=str(path))
    return persisted_queries(config)


async def test_registered_id_runs_its_body(stage: PersistedQueryStage) -> None:
    run, fetch = pipeline(stage)
    answer = await run.execute(hash_only("op-me"))
    assert (status_of(answer), answer.body) == (200, OK)
    assert fetch.requests[0].query.startswith("query Me")


async def test_sha256_of_a_registered_body_runs_it(stage: PersistedQueryStage) -> None:
    run, _ = pipeline(stage)
    assert (await run.execute(hash_only(sha(QUERY)))).body == OK


async def test_registered_body_runs_with_or_without_hash(stage: PersistedQueryStage) -> None:
    run, _ = pipeline(stage)
    assert (await run.execute(GraphQLRequest(query=QUERY))).body == OK
    assert (await run.execute(with_text(QUERY))).body == OK
    assert (await run.execute(with_text(QUERY, "op-me"))).body == OK


@pytest.mark.parametrize(
    "request_",
    [
        GraphQLRequest(query=UNLISTED, operation_name="Who"),
        hash_only("op-unknown", name="Who"),
        hash_only(sha(UNLISTED), name="Who"),
        with_text(UNLISTED),
        # Same operation, different spelling: only identical bodies are registered.
        GraphQLRequest(query="query Me { me { name } } ", operation_name="Who"),
    ],
    ids=["text", "unknown-id", "unlisted-sha", "apq-registration", "respelt"],
)
async def test_anything_unregistered_is_not_in_list(
    stage: PersistedQueryStage, request_: GraphQLRequest
) -> None:
    run, fetch = pipeline(stage)
    answer = await run.execute(request_)
    assert status_of(answer) == 400
    assert code(answer.body) == "PERSISTED_QUERY_NOT_IN_LIST"
    assert "safelist" in answer.body["errors"][0]["message"]
    assert fetch.requests == []


async def test_not_in_list_error_names_the_operation(stage: PersistedQueryStage) -> None:
    run, _ = pipeline(stage)
    answer = await run.execute(GraphQLRequest(query=UNLISTED, operation_name="Who"))
    assert answer.body["errors"][0]["extensions"]["operationName"] == "Who"


async def test_registered_body_with_a_foreign_hash_is_a_mismatch(
    stage: PersistedQueryStage,
) -> None:
    run, _ = pipeline(stage)
    answer = await run.execute(with_text(QUERY, sha(UNLISTED)))
    assert status_of(answer) == 400
    assert code(answer.body) == "PERSISTED_QUERY_HASH_MISMATCH"


async def test_unsupported_version_is_refused_in_safelist_mode(
    stage: PersistedQueryStage,
) -> None:
    run, _ = pipeline(stage)
    answer = await run.execute(hash_only("op-me", version=3))
    assert (status_of(answer), code(answer.body)) == (400, "BAD_REQUEST")


async def test_no_query_and_no_hash_is_bad_request(stage: PersistedQueryStage) -> None:
    run, _ = pipeline(stage)
    answer = await run.execute(GraphQLRequest(query=""))
    assert (status_of(answer), code(answer.body)) == (400, "BAD_REQUEST")


async def test_safelist_ignores_apq_switch(tmp_path: Path, stage: PersistedQueryStage) -> None:
    manifest = tmp_path / "operations.json"
    config = PersistedQueriesConfig(safelist=True, safelist_file=str(manifest), apq_enabled=False)
    run, _ = pipeline(persisted_queries(config))
    assert (await run.execute(hash_only("op-me"))).body == OK


def test_safelist_without_file_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="safelist_file is not set"):
        persisted_queries(PersistedQueriesConfig(safelist=True))


def test_malformed_manifest_fails_construction(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"format": "apollo-persisted-query-manifest", "version": 1}')
    with pytest.raises(ValueError, match=r"bad\.json: \"operations\" must be a list"):
        persisted_queries(PersistedQueriesConfig(safelist=True, safelist_file=str(path)))

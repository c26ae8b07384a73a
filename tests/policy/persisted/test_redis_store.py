"""The Redis APQ store against a real redis-server: sharing, prefix, TTL, outages and restarts."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from gateway.config.model import PersistedQueriesConfig
from gateway.pipeline import RequestPipeline
from gateway.policy.persisted import RedisStore, persisted_queries
from tests.support.answers import status_of
from tests.support.redis_server import RedisServer

from .helpers import QUERY, code, hash_only, pipeline, sha, with_text

OK = {"data": {"me": {"name": "Ada"}}}


def config(prefix: str, *, ttl_seconds: int = 3600) -> PersistedQueriesConfig:
    return PersistedQueriesConfig(
        store="redis",
        redis_url_env="TEST_APQ_REDIS",
        redis_key_prefix=prefix,
        ttl_seconds=ttl_seconds,
    )


@pytest.fixture
def prefix() -> str:
    return f"test:{uuid.uuid4().hex[:8]}:"


@pytest.fixture
async def raw(live_redis: RedisServer) -> AsyncIterator[Redis]:
    client: Redis = Redis.from_url(live_redis.url, decode_responses=True)
    try:
        yield client
    finally:
        await client.aclose()


async def test_apq_dance_is_shared_between_gateway_instances(
    live_redis: RedisServer, raw: Redis, prefix: str
) -> None:
    env = {"TEST_APQ_REDIS": live_redis.url}
    one = persisted_queries(config(prefix), env=env)
    two = persisted_queries(config(prefix), env=env)
    try:
        run_one, _ = pipeline(one)
        run_two, _ = pipeline(two)
        assert code((await run_two.execute(hash_only(sha(QUERY)))).body) == (
            "PERSISTED_QUERY_NOT_FOUND"
        )
        assert (await run_one.execute(with_text(QUERY))).body == OK
        assert await raw.get(prefix + sha(QUERY)) == QUERY
        # The second instance never saw the text: it comes from Redis.
        answer = await run_two.execute(hash_only(sha(QUERY)))
        assert (status_of(answer), answer.body) == (200, OK)
    finally:
        await one.close()
        await two.close()


async def test_entries_are_written_with_the_configured_ttl(
    live_redis: RedisServer, raw: Redis, prefix: str
) -> None:
    stage = persisted_queries(
        config(prefix, ttl_seconds=900), env={"TEST_APQ_REDIS": live_redis.url}
    )
    try:
        run, _ = pipeline(stage)
        await run.execute(with_text(QUERY))
        ttl = await raw.ttl(prefix + sha(QUERY))
        assert 0 < ttl <= 900
    finally:
        await stage.close()


async def test_entries_expire_in_redis(live_redis: RedisServer, raw: Redis, prefix: str) -> None:
    store = RedisStore(live_redis.url, prefix=prefix, ttl_seconds=1)
    try:
        await store.put(sha(QUERY), QUERY)
        assert await store.get(sha(QUERY)) == QUERY
        # Poll (no timing assertion): Redis drops the key once its second is up.
        deadline = time.monotonic() + 20
        while await store.get(sha(QUERY)) is not None:
            assert time.monotonic() < deadline, "the key never expired"
            await asyncio.sleep(0.2)
        assert await raw.exists(prefix + sha(QUERY)) == 0
    finally:
        await store.close()


async def test_zero_ttl_config_means_no_expiry(
    live_redis: RedisServer, raw: Redis, prefix: str
) -> None:
    stage = persisted_queries(config(prefix, ttl_seconds=0), env={"TEST_APQ_REDIS": live_redis.url})
    try:
        run, _ = pipeline(stage)
        await run.execute(with_text(QUERY))
        assert await raw.ttl(prefix + sha(QUERY)) == -1
    finally:
        await stage.close()


async def test_redis_outage_never_fails_a_request_and_is_logged_once(
    redis_server: RedisServer, prefix: str, caplog: pytest.LogCaptureFixture
) -> None:
    redis_server.start()
    store = RedisStore(redis_server.url, prefix=prefix, ttl_seconds=60, pause_seconds=0)
    try:
        await store.put("a" * 64, QUERY)
        redis_server.stop()
        caplog.set_level(logging.WARNING, logger="gateway.policy.persisted.redis_store")
        # Reads are misses and writes are skipped, without raising.
        assert await store.get("a" * 64) is None
        await store.put("b" * 64, QUERY)
        assert await store.get("b" * 64) is None
        warnings = [r for r in caplog.records if r.name == "gateway.policy.persisted.redis_store"]
        assert len(warnings) == 1
        assert "treating it as a miss" in warnings[0].getMessage()
    finally:
        redis_server.start()
        await store.close()


async def test_requests_are_answered_while_redis_is_down_and_after_it_returns(
    redis_server: RedisServer, prefix: str
) -> None:
    redis_server.start()
    env = {"TEST_APQ_REDIS": redis_server.url}
    stage = persisted_queries(config(prefix), env=env)
    try:
        run, _ = pipeline(stage)
        redis_server.stop()
        other = "query Other { me { name } }"
        # A miss, not a failure: the client resends the text, which runs.
        assert code((await run.execute(hash_only(sha(other)))).body) == (
            "PERSISTED_QUERY_NOT_FOUND"
        )
        assert (await run.execute(with_text(other))).body == OK
        # This instance's memory still knows the text while Redis is away.
        assert (await run.execute(hash_only(sha(other)))).body == OK

        redis_server.start()  # empty: nothing was saved
        fresh = persisted_queries(config(prefix), env=env)
        try:
            fresh_run, _ = pipeline(fresh)
            missing = await fresh_run.execute(hash_only(sha(other)))
            assert code(missing.body) == "PERSISTED_QUERY_NOT_FOUND"
            assert (await fresh_run.execute(with_text(QUERY))).body == OK
        finally:
            await fresh.close()
        # The first instance reconnects once its pause is over and shares again.
        await _until_shared(run, prefix, redis_server)
    finally:
        redis_server.start()
        await stage.close()


async def _until_shared(run: RequestPipeline, prefix: str, server: RedisServer) -> None:
    client: Redis = Redis.from_url(server.url, decode_responses=True)
    text = "query Third { me { name } }"
    try:
        deadline = time.monotonic() + 30
        while True:
            # A new text each round: the memory tier skips texts it already holds.
            round_text = f"{text} # {time.monotonic_ns()}"
            assert (await run.execute(with_text(round_text))).body == OK
            if await client.get(prefix + sha(round_text)) == round_text:
                return
            assert time.monotonic() < deadline, "the store never wrote to Redis again"
            await asyncio.sleep(0.2)
    finally:
        await client.aclose()


async def test_paused_store_does_not_call_redis(redis_server: RedisServer, prefix: str) -> None:
    now = [0.0]
    store = RedisStore(
        redis_server.url, prefix=prefix, ttl_seconds=60, pause_seconds=5, clock=lambda: now[0]
    )
    try:
        redis_server.stop()
        assert await store.get("a" * 64) is None  # fails, pauses until t=5
        redis_server.start()
        now[0] = 4.0
        await store.put("c" * 64, QUERY)  # skipped: still paused
        now[0] = 5.0
        assert await store.get("c" * 64) is None
        await store.put("c" * 64, QUERY)
        assert await store.get("c" * 64) == QUERY
    finally:
        redis_server.start()
        await store.close()


def test_redis_store_needs_its_url_variable() -> None:
    with pytest.raises(ValueError, match="TEST_APQ_REDIS"):
        persisted_queries(config("p:"), env={})


def test_invalid_redis_url_is_refused_without_echoing_it() -> None:
    with pytest.raises(ValueError, match="not valid") as raised:
        persisted_queries(config("p:"), env={"TEST_APQ_REDIS": "mysql://user:hunter2@db"})
    assert "hunter2" not in str(raised.value)


async def test_burst_beyond_the_pool_waits_instead_of_failing(
    live_redis: RedisServer, prefix: str, caplog: pytest.LogCaptureFixture
) -> None:
    store = RedisStore(live_redis.url, prefix=prefix, ttl_seconds=60)
    try:
        await store.put("d" * 64, QUERY)
        caplog.set_level(logging.WARNING, logger="gateway.policy.persisted.redis_store")
        answers = await asyncio.gather(*(store.get("d" * 64) for _ in range(300)))
        assert answers == [QUERY] * 300
        assert [r for r in caplog.records if r.name == "gateway.policy.persisted.redis_store"] == []
    finally:
        await store.close()


async def test_failures_are_reported_again_after_the_interval_with_a_count(
    redis_server: RedisServer, prefix: str, caplog: pytest.LogCaptureFixture
) -> None:
    now = [1000.0]
    store = RedisStore(
        redis_server.url,
        prefix=prefix,
        ttl_seconds=60,
        pause_seconds=0,
        log_interval=60,
        clock=lambda: now[0],
    )
    caplog.set_level(logging.WARNING, logger="gateway.policy.persisted.redis_store")
    try:
        redis_server.stop()
        for step in (0, 10, 20, 61):
            now[0] = 1000.0 + step
            assert await store.get("e" * 64) is None
        logger = "gateway.policy.persisted.redis_store"
        messages = [r.getMessage() for r in caplog.records if r.name == logger]
        assert len(messages) == 2
        assert "(1 failure(s) since the last report" in messages[0]
        assert "(3 failure(s) since the last report" in messages[1]
    finally:
        redis_server.start()
        await store.close()

"""Three gateway replicas on one port (SO_REUSEPORT), one Redis, one schema registry: what one
replica learns or counts, every replica knows, and a supergraph published once reaches all.

Real processes and sockets throughout: the registry on the session's PostgreSQL, a Redis
server, the Strawberry subgraphs of tests/server/subgraphs.py, and three
`python -m gateway serve --reuse-port --instance-id …` processes.  Each check reaches the
replica it means through `Fleet.on` (tests/server/fleet.py).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.policy.persisted.helpers import code, sha
from tests.registry.conftest import Registry, module_database, module_registry, run_cli
from tests.support.redis_server import RedisServer
from tests.support.servers import free_port

from .fleet import DEADLINE_SECONDS, Fleet, running_fleet
from .subgraphs import ACCOUNTS, REVIEWS_SCHEMA, ChaosControl

__all__ = ["module_database", "module_registry"]  # the fixtures, imported for this module

pytestmark = pytest.mark.stores

GRAPH = "tutorgraph"
INSTANCES = ("replica-a", "replica-b", "replica-c")
# `Query.users` may run this often per window, counted over the whole fleet.
USERS_LIMIT = 6
USERS = {"query": "{ users { name } }"}
# Only once the reviews subgraph is published does the supergraph have `latestReviews`.
REVIEWS = {"query": "{ latestReviews { body author { name } } }"}
SCHEMAS = {"accounts": ACCOUNTS, "reviews": REVIEWS_SCHEMA}


def _publish(registry: Registry, name: str, url: str, workdir: Path) -> str:
    """Publishes the subgraph's SDL (as its `_service` gives it); returns the composition now
    served."""
    served = SCHEMAS[name].execute_sync("{ _service { sdl } }")
    assert served.data is not None, served.errors
    schema = workdir / f"{name}.graphql"
    schema.write_text(served.data["_service"]["sdl"])
    published = run_cli(
        "subgraph", "publish", "--graph", GRAPH, "--name", name, "--schema", str(schema),
        "--url", url, "--format", "json",
        url=registry.url, token=registry.admin_token,
    )  # fmt: skip
    assert published.status == 0, published.out + published.err
    return str(json.loads(published.out)["composition"]["id"])


@pytest.fixture(scope="module")
def fleet(
    subgraph_urls: tuple[dict[str, str], ChaosControl],
    module_registry: Registry,
    redis_server: RedisServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Fleet]:
    workdir = tmp_path_factory.mktemp("replicas")
    urls, _ = subgraph_urls
    _publish(module_registry, "accounts", urls["accounts"], workdir)
    read = run_cli(
        "token", "create", "--name", "replicas", "--scope", "read", "--graph", GRAPH,
        url=module_registry.url, token=module_registry.admin_token,
    )  # fmt: skip
    assert read.status == 0, read.out + read.err
    prefix = f"replicas:{uuid.uuid4().hex}:"
    config = workdir / "gateway.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "server": {"host": "127.0.0.1"},
                "supergraph": {
                    "registry": {"url": module_registry.url, "graph": GRAPH, "poll_seconds": 0.2}
                },
                "persisted_queries": {"store": "redis", "redis_key_prefix": f"{prefix}apq:"},
                "rate_limits": {
                    "store": "redis",
                    "redis_key_prefix": f"{prefix}limits:",
                    "operations": [
                        {
                            "name": "users",
                            "fields": ["Query.users"],
                            "limit": USERS_LIMIT,
                            "window_seconds": 600,
                            "per": "all",
                        }
                    ],
                },
                "usage": {"enabled": False},
            }
        )
    )
    env = {
        "GATEWAY_REGISTRY_TOKEN": read.out.strip(),
        "GATEWAY_APQ_REDIS_URL": redis_server.url,
        "GATEWAY_RATE_LIMIT_REDIS_URL": redis_server.url,
    }
    with running_fleet(config, free_port(), INSTANCES, env, workdir) as running:
        yield running


def test_every_replica_answers_on_the_one_port(fleet: Fleet) -> None:
    for instance in fleet.instances:
        with fleet.on(instance) as replica:
            assert replica.ready["status"] == "ready", replica.ready
            assert replica.ready["supergraph"]["source"] == "registry", replica.ready
            # Not `users`: its rate limit is for the test below.
            status, body = replica.post({"query": "{ me { name } }"})
            assert (status, body) == (200, {"data": {"me": {"name": "Ada"}}})


def test_a_query_registered_through_one_replica_runs_by_hash_on_the_others(
    fleet: Fleet,
) -> None:
    query = f"query Replicas_{uuid.uuid4().hex} {{ me {{ name }} }}"
    by_hash = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha(query)}}}
    first, *others = fleet.instances
    with fleet.on(others[0]) as replica:
        status, body = replica.post(by_hash)
        assert (status, code(body)) == (200, "PERSISTED_QUERY_NOT_FOUND"), body
    with fleet.on(first) as replica:
        status, body = replica.post({"query": query, **by_hash})
        assert (status, body) == (200, {"data": {"me": {"name": "Ada"}}})
    for instance in others:
        with fleet.on(instance) as replica:
            status, body = replica.post(by_hash)
            assert (status, body) == (200, {"data": {"me": {"name": "Ada"}}}), instance


def test_a_rate_limit_counts_the_requests_of_every_replica(fleet: Fleet) -> None:
    # Two requests on each replica use the fleet's whole allowance...
    for turn in range(USERS_LIMIT):
        instance = fleet.instances[turn % len(fleet.instances)]
        with fleet.on(instance) as replica:
            status, body = replica.post(USERS)
            assert status == 200, (instance, body)
    # ...so one more is refused by whichever replica gets it, though each served only two.
    for instance in fleet.instances:
        with fleet.on(instance) as replica:
            status, body = replica.post(USERS)
            assert status == 429, (instance, body)
            assert code(body) == "RATE_LIMITED", body


def test_a_supergraph_published_once_reaches_every_replica(
    fleet: Fleet,
    module_registry: Registry,
    subgraph_urls: tuple[dict[str, str], ChaosControl],
    tmp_path: Path,
) -> None:
    before: set[str] = set()
    for instance in fleet.instances:
        with fleet.on(instance) as replica:
            before.add(replica.ready["supergraph"]["version"])
            _, body = replica.post(REVIEWS)
            assert code(body) == "GRAPHQL_VALIDATION_FAILED", body
    assert len(before) == 1, before
    version = _publish(module_registry, "reviews", subgraph_urls[0]["reviews"], tmp_path)
    assert version not in before
    pending = set(fleet.instances)
    deadline = time.monotonic() + DEADLINE_SECONDS
    while pending:
        instance = sorted(pending)[0]
        with fleet.on(instance) as replica:
            if replica.ready["supergraph"]["version"] == version:
                status, body = replica.post(REVIEWS)
                assert status == 200, body
                assert body["data"]["latestReviews"][0] == {
                    "body": "Fine",
                    "author": {"name": "Grace"},
                }
                pending.discard(instance)
        if time.monotonic() > deadline:
            raise AssertionError(f"{sorted(pending)} still serve {before} rather than {version}")
        time.sleep(0.05)

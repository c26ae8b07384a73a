"""docker/compose.yaml stays in step with the code: real stores, health checks, known commands."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from gateway.config import load_config
from gateway.server.factory import StartFailure, build_app
from shared.launcher.platform import links
from shared.launcher.services import SUBGRAPHS
from shared.stores import StoreUrls

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "docker" / "compose.yaml").read_text())
    return loaded


def test_stores_are_the_production_servers(compose: dict[str, Any]) -> None:
    images = {name: svc.get("image") for name, svc in compose["services"].items()}
    assert images["postgres"] == "postgres:16"
    assert images["neo4j"] == "neo4j:5"
    assert images["mongo"] == "mongo:7"


@pytest.mark.parametrize("name", [s.name for s in SUBGRAPHS] + ["gateway", "postgres", "neo4j"])
def test_every_long_running_service_has_a_health_check(compose: dict[str, Any], name: str) -> None:
    assert "test" in compose["services"][name]["healthcheck"]


@pytest.mark.parametrize("service", SUBGRAPHS, ids=lambda s: s.name)
def test_subgraph_service_runs_its_module_on_its_port(
    compose: dict[str, Any], service: Any
) -> None:
    command = compose["services"][service.name]["command"]
    assert f"python -m {service.module} serve" in command
    assert f"--port {service.port}" in command
    assert importlib.util.find_spec(service.module) is not None


LOCAL = StoreUrls(
    postgres_port=1, bolt_port=2, redis_port=3, mongo_port=4, stripe_port=5
).environment()
STRIPE = {name for name in LOCAL if name.startswith("PAYMENTS_STRIPE_")}


def test_subgraphs_get_every_store_variable_the_local_run_sets(compose: dict[str, Any]) -> None:
    for_subgraphs = {name for name in LOCAL if not name.startswith("REGISTRY_")} - STRIPE
    assert for_subgraphs
    for service in SUBGRAPHS:
        env = compose["services"][service.name]["environment"]
        assert for_subgraphs <= set(env), service.name
        assert "JWT_SECRET" in env
        assert "GATEWAY_SHARED_SECRET" in env
        assert "PLATFORM_SIGNING_SECRET" in env


def test_only_payments_holds_the_stripe_keys_and_they_come_from_the_environment(
    compose: dict[str, Any],
) -> None:
    assert {
        "PAYMENTS_STRIPE_API_KEY",
        "PAYMENTS_STRIPE_WEBHOOK_SECRET",
        "PAYMENTS_STRIPE_API_BASE",
    } == STRIPE
    holders = {
        name
        for name, service in compose["services"].items()
        if STRIPE & set(service.get("environment") or {})
    }
    assert holders == {"payments"}
    env = compose["services"]["payments"]["environment"]
    for key in ("PAYMENTS_STRIPE_API_KEY", "PAYMENTS_STRIPE_WEBHOOK_SECRET"):
        assert env[key].startswith(f"${{{key}:?"), f"{key} must be required from the environment"
    # Unset or empty: Stripe itself (subgraphs/payments/settings.py).
    assert env["PAYMENTS_STRIPE_API_BASE"] == "${PAYMENTS_STRIPE_API_BASE:-}"
    # Stripe's webhooks reach payments through this host's loopback only.
    assert compose["services"]["payments"]["ports"] == ["127.0.0.1:4005:4005"]


def test_subgraphs_reach_each_other_as_the_local_run_links_them(compose: dict[str, Any]) -> None:
    """Every cross-subgraph URL `task up` sets, with the compose network's host names."""
    by_port = {s.port: s.name for s in SUBGRAPHS}
    for variable, url in links(SUBGRAPHS).items():
        owner = variable.split("_", 1)[0].lower()
        port = int(url.split(":")[2].split("/")[0])
        env = compose["services"][owner]["environment"]
        assert env[variable] == f"http://{by_port[port]}:{port}/graphql", variable


def test_postgres_creates_every_database_the_subgraphs_use(compose: dict[str, Any]) -> None:
    init = (ROOT / "docker" / "postgres" / "init.sql").read_text()
    for name in ("accounts", "scheduling", "payments", "learning", "registry"):
        assert f"CREATE DATABASE {name};" in init
        assert f"@postgres:5432/{name}" in str(compose["services"]), name


def test_every_subgraph_is_seeded_composed_and_awaited_by_the_gateway(
    compose: dict[str, Any],
) -> None:
    seed = compose["services"]["seed"]["command"]
    config = yaml.safe_load((ROOT / "docker" / "supergraph.yaml").read_text())
    awaited = compose["services"]["gateway"]["depends_on"]
    for service in SUBGRAPHS:
        assert f"python -m {service.module} seed --if-empty" in seed
        routing = config["subgraphs"][service.name]["routing_url"]
        assert routing == f"http://{service.name}:{service.port}/graphql"
        assert awaited[service.name] == {"condition": "service_healthy"}


def test_gateway_gets_both_secrets_from_the_environment(compose: dict[str, Any]) -> None:
    env = compose["services"]["gateway"]["environment"]
    for key in ("JWT_SECRET", "GATEWAY_SHARED_SECRET"):
        assert env[key].startswith(f"${{{key}:?"), f"{key} must be required from the environment"


def _gateway_config_path(compose: dict[str, Any]) -> tuple[str, str]:
    """The path the gateway is served from in the container, and the host file mounted there."""
    command = compose["services"]["gateway"]["command"]
    found = re.search(r"python -m gateway serve --config (\S+?)\"?$", command.strip())
    assert found is not None, command
    in_container = found.group(1)
    mounts = dict(
        volume.removesuffix(":ro").split(":", 1)[::-1]
        for volume in compose["services"]["gateway"]["volumes"]
    )
    return in_container, mounts[f"/app/{in_container}"]


def test_gateway_serves_the_mounted_production_config(compose: dict[str, Any]) -> None:
    in_container, host_file = _gateway_config_path(compose)
    assert in_container == "docker/gateway.yaml"
    assert (ROOT / "docker" / host_file).resolve() == ROOT / "docker" / "gateway.yaml"
    dockerfile = (ROOT / "docker" / "Dockerfile").read_text()
    assert "docker/gateway.yaml" in dockerfile, "the image carries a copy too"


def test_production_config_is_safe_and_matches_the_compose_file(compose: dict[str, Any]) -> None:
    config = load_config(ROOT / "docker" / "gateway.yaml", env={})
    assert not config.dev
    assert not config.introspection_enabled
    assert not config.graphiql_enabled
    assert not config.query_plan_exposed
    assert config.log_format == "json"
    assert config.limits.max_depth <= 15
    assert config.csrf.enabled
    assert config.server.host == "0.0.0.0"  # noqa: S104 (inside the container's network)
    assert f"{config.server.port}:{config.server.port}" in compose["services"]["gateway"]["ports"]
    # The supergraph it reads is the one the container composes before serving.
    command = compose["services"]["gateway"]["command"]
    assert f"--output {config.supergraph.file}" in command


def test_no_secret_is_written_in_the_file() -> None:
    text = (ROOT / "docker" / "compose.yaml").read_text()
    secrets = ("JWT_SECRET", "GATEWAY_SHARED_SECRET", "POSTGRES_PASSWORD", "NEO4J_PASSWORD")
    stripe = ("PAYMENTS_STRIPE_API_KEY", "PAYMENTS_STRIPE_WEBHOOK_SECRET")
    tokens = ("REGISTRY_ADMIN_TOKEN", "REGISTRY_TOKEN", "PLATFORM_SIGNING_SECRET")
    for key in (*secrets, *stripe, *tokens):
        for value in re.findall(rf"^\s*{key}:\s*(\S+)", text, flags=re.MULTILINE):
            assert value.startswith("${"), f"{key} must come from the environment, not {value}"


def test_production_config_builds_every_stage_over_the_committed_supergraph() -> None:
    config = load_config(
        ROOT / "docker" / "gateway.yaml",
        env={},
        overrides={"supergraph.file": str(ROOT / "schema" / "supergraph.graphql")},
    )
    app = build_app(config)
    assert not isinstance(app, StartFailure), app


def test_the_registry_gets_its_database_and_an_admin_token_from_the_environment(
    compose: dict[str, Any],
) -> None:
    registry = compose["services"]["registry"]
    assert "python -m registry serve" in registry["command"]
    assert "--port 4010" in registry["command"]
    env = registry["environment"]
    assert env["REGISTRY_DATABASE_URL"].endswith("@postgres:5432/registry")
    assert env["REGISTRY_ADMIN_TOKEN"].startswith("${REGISTRY_ADMIN_TOKEN:?")
    init = (ROOT / "docker" / "postgres" / "init.sql").read_text()
    assert "CREATE DATABASE registry;" in init
    publish = compose["services"]["publish"]["command"]
    for service in SUBGRAPHS:
        assert f"{service.name}:{service.port}" in publish


def test_the_image_carries_the_compiled_hot_path_for_its_own_interpreter() -> None:
    """The compiled modules only load into the interpreter they were built for (gateway.native)."""
    dockerfile = (ROOT / "docker" / "Dockerfile").read_text()
    images = re.findall(r"^FROM (\S+)", dockerfile, flags=re.MULTILINE)
    assert len(images) == 2, images
    builder, final = (image.split(":")[1] for image in images)
    assert final.split("-")[0] == builder.split("-")[0]  # python:3.11 and python:3.11-slim
    # The interpreter the suite and the benchmark run on, and the fastest for the gateway
    # (docs/decisions/0014): the lower bound of `requires-python`.
    floor = re.search(r'requires-python = ">=(\d+\.\d+)"', (ROOT / "pyproject.toml").read_text())
    assert floor is not None
    assert builder == floor.group(1)
    assert "python -m gateway native build" in dockerfile
    assert "COPY --from=native /app/.data/native ./.data/native" in dockerfile

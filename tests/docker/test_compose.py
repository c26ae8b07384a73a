"""docker/compose.yaml stays in step with the code: real stores, health checks, known commands."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

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


def test_subgraphs_get_every_store_variable_the_local_run_sets(compose: dict[str, Any]) -> None:
    local = StoreUrls(postgres_port=1, bolt_port=2, redis_port=3, mongo_port=4).environment()
    for service in SUBGRAPHS:
        env = compose["services"][service.name]["environment"]
        assert set(local) <= set(env), service.name
        assert "JWT_SECRET" in env


def test_no_secret_is_written_in_the_file() -> None:
    text = (ROOT / "docker" / "compose.yaml").read_text()
    for key in ("JWT_SECRET", "POSTGRES_PASSWORD", "NEO4J_PASSWORD"):
        for value in re.findall(rf"^\s*{key}:\s*(\S+)", text, flags=re.MULTILINE):
            assert value.startswith("${"), f"{key} must come from the environment, not {value}"

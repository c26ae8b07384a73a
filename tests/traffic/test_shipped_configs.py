"""The configurations we ship limit sign-in and sign-up per address, over a real socket: the
production file (docker/gateway.yaml) and the local run's development configuration."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from gateway.config import config_to_data, load_config
from shared.launcher.local_gateway import gateway_config
from shared.launcher.services import gateway_service, subgraphs

from .stack import serve_gateway

ROOT = Path(__file__).resolve().parents[2]


def _production() -> dict[str, Any]:
    return config_to_data(load_config(ROOT / "docker" / "gateway.yaml", env={}))


def _development(tmp_path: Path) -> dict[str, Any]:
    path = gateway_config(
        tmp_path,
        gateway=gateway_service(23000),
        host="127.0.0.1",
        supergraph=tmp_path / "supergraph.graphql",
        subgraphs=subgraphs(23000),
    )
    return dict(yaml.safe_load(path.read_text()))


def _served(data: dict[str, Any]) -> dict[str, Any]:
    """Only what these tests are about: the traffic settings, served in front of our stack."""
    keys = ("dev", "rate_limits", "circuit_breaker", "retries", "batching")
    return {key: data[key] for key in keys if key in data}


@pytest.mark.parametrize("which", ["production", "development"])
def test_sign_in_and_sign_up_are_limited_per_address(which: str, sdl: str, tmp_path: Path) -> None:
    data = _production() if which == "production" else _development(tmp_path)
    rules = {rule["name"]: rule for rule in data["rate_limits"]["operations"]}
    assert rules["sign-in"]["per"] == rules["sign-up"]["per"] == "ip"
    with serve_gateway(_served(data), sdl) as (client, _):
        for field, rule in (("signIn", rules["sign-in"]), ("signUp", rules["sign-up"])):
            mutation = {"query": f'mutation {{ {field}(email: "a@example.com") }}'}
            answers = [client.post("/graphql", json=mutation) for _ in range(rule["limit"] + 1)]
            assert [a.status_code for a in answers[:-1]] == [200] * rule["limit"]
            assert answers[-1].status_code == 429
            assert answers[-1].json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        assert client.post("/graphql", json={"query": "{ hello }"}).status_code == 200

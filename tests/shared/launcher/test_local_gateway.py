"""The local run's gateway: its development configuration and the secrets it shares."""

from __future__ import annotations

import stat
from pathlib import Path

from gateway.config import load_config
from shared.launcher.local_gateway import gateway_config, secret_environment
from shared.launcher.services import gateway_service, subgraphs


def test_secrets_are_generated_once_and_kept_private(tmp_path: Path) -> None:
    first = secret_environment(tmp_path, env={})
    assert set(first) == {
        "JWT_SECRET",
        "GATEWAY_SHARED_SECRET",
        "PLATFORM_SIGNING_SECRET",
        "REGISTRY_ADMIN_TOKEN",
    }
    assert len(set(first.values())) == 4
    assert all(len(value.encode()) >= 32 for value in first.values())
    for name in (
        "jwt_secret",
        "gateway_shared_secret",
        "platform_signing_secret",
        "registry_admin_token",
    ):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    assert secret_environment(tmp_path, env={}) == first


def test_secrets_from_the_environment_win(tmp_path: Path) -> None:
    env = {
        "JWT_SECRET": "j" * 40,
        "GATEWAY_SHARED_SECRET": "g" * 40,
        "PLATFORM_SIGNING_SECRET": "p" * 40,
        "REGISTRY_ADMIN_TOKEN": "r" * 40,
    }
    assert secret_environment(tmp_path, env=env) == env
    assert not (tmp_path / "gateway_shared_secret").exists()


def test_gateway_config_is_a_dev_configuration_for_this_run(tmp_path: Path) -> None:
    supergraph = tmp_path / "supergraph.graphql"
    services = subgraphs(23000)
    path = gateway_config(
        tmp_path,
        gateway=gateway_service(23000),
        host="127.0.0.1",
        supergraph=supergraph,
        subgraphs=services,
    )
    config = load_config(path, env={})
    assert config.dev
    assert config.graphiql_enabled
    assert config.introspection_enabled
    assert config.server.port == 23000
    assert config.supergraph.file == str(supergraph)
    assert dict(config.subgraphs.urls) == {
        "accounts": "http://127.0.0.1:23001/graphql",
        "tutors": "http://127.0.0.1:23002/graphql",
        "reviews": "http://127.0.0.1:23003/graphql",
        "scheduling": "http://127.0.0.1:23004/graphql",
        "payments": "http://127.0.0.1:23005/graphql",
        "learning": "http://127.0.0.1:23006/graphql",
    }


def test_gateway_config_takes_the_supergraph_from_the_registry_when_given(tmp_path: Path) -> None:
    path = gateway_config(
        tmp_path,
        gateway=gateway_service(23000),
        host="127.0.0.1",
        supergraph=tmp_path / "supergraph.graphql",
        subgraphs=subgraphs(23000),
        registry=("http://127.0.0.1:23010", "tutorgraph", "current"),
    )
    config = load_config(path, env={})
    registry = config.supergraph.registry
    assert registry is not None
    assert config.supergraph.file is None
    assert (registry.url, registry.graph, registry.variant) == (
        "http://127.0.0.1:23010",
        "tutorgraph",
        "current",
    )
    assert registry.cache_file == str(
        (tmp_path / "registry" / "tutorgraph@current.graphql").resolve()
    )
    assert config.usage_enabled


def test_gateway_config_for_the_platform_benchmark_is_production_without_rate_limits(
    tmp_path: Path,
) -> None:
    path = gateway_config(
        tmp_path,
        gateway=gateway_service(23000),
        host="127.0.0.1",
        supergraph=tmp_path / "supergraph.graphql",
        subgraphs=subgraphs(23000),
        dev=False,
        rate_limits=False,
    )
    config = load_config(path, env={})
    assert not config.dev
    assert not config.graphiql_enabled
    assert not config.introspection_enabled
    assert config.rate_limits.operations == ()
    local = load_config(
        gateway_config(
            tmp_path,
            gateway=gateway_service(23000),
            host="127.0.0.1",
            supergraph=tmp_path / "supergraph.graphql",
            subgraphs=subgraphs(23000),
        ),
        env={},
    )
    assert [rule.name for rule in local.rate_limits.operations] == ["sign-in", "sign-up"]

"""Where the supergraph comes from and usage reporting: the keys, their checks and variables."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from gateway.config import (
    ConfigError,
    GatewayConfig,
    RegistryConfig,
    config_from_data,
    config_to_data,
    env_name,
    load_config,
)
from gateway.config.convert import to_data

DOC = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"
REGISTRY = {
    "GATEWAY__SUPERGRAPH__REGISTRY__URL": "http://registry:4010",
    "GATEWAY__SUPERGRAPH__REGISTRY__GRAPH": "tutorgraph",
}


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "gateway.yaml"
    path.write_text(text)
    return path


def _refusal(path: Path | None, env: dict[str, str] | None = None) -> str:
    with pytest.raises(ConfigError) as caught:
        load_config(path, env=env or {})
    return str(caught.value)


def test_the_registry_section_loads_with_defaults_and_a_path_beside_the_file(
    tmp_path: Path,
) -> None:
    path = _file(
        tmp_path,
        "supergraph:\n"
        "  registry: {url: 'http://127.0.0.1:4010', graph: tutorgraph, cache_file: c.graphql}\n",
    )
    config = load_config(path, env={})
    registry = config.supergraph.registry
    assert registry == RegistryConfig(
        url="http://127.0.0.1:4010",
        graph="tutorgraph",
        cache_file=str(tmp_path / "c.graphql"),
    )
    assert (registry.variant, registry.token_env, registry.poll_seconds) == (
        "current",
        "GATEWAY_REGISTRY_TOKEN",
        10.0,
    )
    assert config.usage_enabled  # on by default with a registry


def test_registry_keys_come_from_the_environment_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    env = {
        **REGISTRY,
        "GATEWAY__SUPERGRAPH__REGISTRY__POLL_SECONDS": "2.5",
        "GATEWAY__SUPERGRAPH__REGISTRY__CACHE_FILE": "cache/s.graphql",
        "GATEWAY__USAGE__FLUSH_SECONDS": "3",
    }
    config = load_config(None, env=env)
    registry = config.supergraph.registry
    assert registry is not None
    assert registry.url == "http://registry:4010"
    assert registry.poll_seconds == 2.5
    assert registry.cache_file == str(tmp_path / "cache" / "s.graphql")
    assert config.usage.flush_seconds == 3.0


def test_the_whole_registry_section_may_be_json() -> None:
    env = {"GATEWAY__SUPERGRAPH__REGISTRY": '{"url": "https://r.example", "graph": "g"}'}
    registry = load_config(None, env=env).supergraph.registry
    assert registry is not None
    assert (registry.url, registry.graph) == ("https://r.example", "g")


def test_usage_is_off_without_a_registry_and_can_be_switched_off_with_one() -> None:
    assert not load_config(None, env={}).usage_enabled
    off = load_config(None, env={**REGISTRY, "GATEWAY__USAGE__ENABLED": "false"})
    assert not off.usage_enabled


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {"GATEWAY__SUPERGRAPH__FILE": "/s.graphql", **REGISTRY},
            "supergraph.registry: set one of file, url and registry, not file and registry",
        ),
        (
            {"GATEWAY__SUPERGRAPH__FILE": "/s.graphql", "GATEWAY__SUPERGRAPH__URL": "http://x"},
            "supergraph.url: set one of file, url and registry, not file and url",
        ),
        (
            {"GATEWAY__SUPERGRAPH__REGISTRY__URL": "http://r"},
            "supergraph.registry.graph: required: a string",
        ),
        (
            {**REGISTRY, "GATEWAY__SUPERGRAPH__REGISTRY__URL": "ftp://r"},
            "supergraph.registry.url: expected an http(s) URL, got 'ftp://r'",
        ),
        (
            {**REGISTRY, "GATEWAY__SUPERGRAPH__REGISTRY__VARIANT": "a/b"},
            "supergraph.registry.variant: expected a name of letters",
        ),
        (
            {**REGISTRY, "GATEWAY__SUPERGRAPH__REGISTRY__TOKEN_ENV": "my token"},
            "supergraph.registry.token_env: expected the name of an environment variable",
        ),
        (
            {**REGISTRY, "GATEWAY__SUPERGRAPH__REGISTRY__POLL_SECONDS": "-1"},
            "supergraph.registry.poll_seconds: must be at least 0",
        ),
        (
            {"GATEWAY__USAGE__ENABLED": "true"},
            "usage.enabled: usage is reported to supergraph.registry",
        ),
        (
            {**REGISTRY, "GATEWAY__USAGE__FLUSH_SECONDS": "0"},
            "usage.flush_seconds: must be positive",
        ),
        ({**REGISTRY, "GATEWAY__USAGE__MAX_QUEUE": "0"}, "usage.max_queue: must be at least 1"),
        (
            {**REGISTRY, "GATEWAY__USAGE__CLIENT_NAME_HEADER": "client name"},
            "usage.client_name_header: expected an HTTP header name",
        ),
    ],
)
def test_refusals_name_the_key(env: dict[str, str], expected: str) -> None:
    assert expected in _refusal(None, env)


def test_registry_keys_are_documented_with_defaults_and_variables() -> None:
    text = DOC.read_text().split("### Supergraph registry keys", 1)[1].split("\n### ", 1)[0]
    rows = {
        match.group(1): [cell.strip() for cell in match.group(0).strip("|").split("|")]
        for match in re.finditer(r"^\| `(\w+)` \|.*$", text, flags=re.MULTILINE)
    }
    fields = dataclasses.fields(RegistryConfig)
    assert set(rows) == {field.name for field in fields}
    defaults = to_data(RegistryConfig(url="u", graph="g"))
    for field in fields:
        cells = rows[field.name]
        required = field.default is dataclasses.MISSING
        default = defaults[field.name]
        shown = "required" if required else ("`null`" if default is None else f"`{default}`")
        assert cells[2] == shown, field.name
        assert cells[3] == f"`{env_name(('supergraph', 'registry', field.name))}`"


def test_the_registry_example_loads(tmp_path: Path) -> None:
    text = DOC.read_text().split("### Supergraph registry keys", 1)[1]
    example = re.search(r"```yaml\n(.*?)```", text, re.DOTALL)
    assert example is not None
    config = load_config(_file(tmp_path, example.group(1)), env={})
    assert config.supergraph.registry is not None
    assert config.supergraph.registry.cache_file == str(
        tmp_path / ".data/registry/supergraph.graphql"
    )
    assert config == dataclasses.replace(config, usage=GatewayConfig().usage)


def test_a_registry_configuration_round_trips_to_the_workers() -> None:
    config = load_config(None, env={**REGISTRY, "GATEWAY__USAGE__MAX_QUEUE": "5"})
    assert config_from_data(config_to_data(config)) == config

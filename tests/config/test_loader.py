"""`load_config`: the file, environment overrides, explicit overrides and `--dev`, in that order."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.config import (
    ConfigError,
    GatewayConfig,
    HeaderRule,
    config_from_data,
    config_to_data,
    env_name,
    load_config,
)
from gateway.config.convert import optional_of
from gateway.config.loader import PATH_KEYS, _hint_at


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "gateway.yaml"
    path.write_text(text)
    return path


def _refusal(path: Path | None, env: dict[str, str] | None = None, **kwargs: object) -> str:
    with pytest.raises(ConfigError) as caught:
        load_config(path, env=env or {}, **kwargs)  # type: ignore[arg-type]
    return str(caught.value)


def test_no_file_and_no_environment_gives_the_production_defaults() -> None:
    config = load_config(None, env={})
    assert config == GatewayConfig()
    assert not config.dev
    assert not config.introspection_enabled
    assert not config.graphiql_enabled
    assert not config.query_plan_exposed


def test_file_sets_sections_keyed_like_the_model(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        """
limits: {max_depth: 12}
server:
  port: 4100
headers:
  all: [{action: propagate, named: [x-tenant]}]
  subgraphs:
    accounts:
      - {action: insert, name: x-source, value: gateway}
subgraphs:
  timeouts: {reviews: 2.5, tutors: null}
""",
    )
    config = load_config(path, env={})
    assert config.limits.max_depth == 12
    assert config.limits.max_aliases == GatewayConfig().limits.max_aliases
    assert config.server.port == 4100
    assert config.headers.all == (HeaderRule(action="propagate", named=("x-tenant",)),)
    assert config.headers.subgraphs["accounts"][0].value == "gateway"
    assert dict(config.subgraphs.timeouts) == {"reviews": 2.5, "tutors": None}


def test_empty_file_gives_the_defaults(tmp_path: Path) -> None:
    assert load_config(_file(tmp_path, "# nothing yet\n"), env={}) == GatewayConfig()


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    path = _file(tmp_path, "limits: {max_depth: 12, max_aliases: 5}\n")
    env = {
        "GATEWAY__LIMITS__MAX_DEPTH": "8",
        "GATEWAY__DEV": "true",
        "GATEWAY__CORS__ALLOW_ORIGINS": "https://a.example,https://b.example",
        "GATEWAY__SUBGRAPHS__URLS": '{"accounts": "http://a:1/graphql"}',
        "GATEWAY__SUBGRAPHS__URLS__REVIEWS": "http://r:2/graphql",
        "UNRELATED": "x",
        "GATEWAY_SHARED_SECRET": "not a config key: one underscore",
    }
    config = load_config(path, env=env)
    assert config.limits.max_depth == 8
    assert config.limits.max_aliases == 5
    assert config.dev
    assert config.graphiql_enabled
    assert config.cors.allow_origins == ("https://a.example", "https://b.example")
    assert dict(config.subgraphs.urls) == {
        "accounts": "http://a:1/graphql",
        "reviews": "http://r:2/graphql",
    }


def test_environment_key_inside_a_file_mapping_keeps_the_other_entries(tmp_path: Path) -> None:
    path = _file(tmp_path, "subgraphs: {timeouts: {reviews: 2}}\n")
    config = load_config(path, env={"GATEWAY__SUBGRAPHS__TIMEOUTS__TUTORS": "null"})
    assert dict(config.subgraphs.timeouts) == {"reviews": 2.0, "tutors": None}


def test_header_rules_from_the_environment_as_json() -> None:
    env = {"GATEWAY__HEADERS__ALL": '[{"action": "rename", "name": "a", "rename_to": "b"}]'}
    config = load_config(None, env=env)
    assert config.headers.all == (HeaderRule(action="rename", name="a", rename_to="b"),)


def test_overrides_beat_the_environment_and_dev_beats_all(tmp_path: Path) -> None:
    path = _file(tmp_path, "dev: false\nserver: {port: 4100}\n")
    config = load_config(
        path,
        env={"GATEWAY__SERVER__PORT": "4200", "GATEWAY__DEV": "false"},
        overrides={"server.port": 4300},
        dev=True,
    )
    assert config.server.port == 4300
    assert config.dev


def test_dev_false_does_not_turn_dev_off(tmp_path: Path) -> None:
    assert load_config(_file(tmp_path, "dev: true\n"), env={}, dev=False).dev


def test_explicit_settings_beat_what_dev_implies(tmp_path: Path) -> None:
    path = _file(tmp_path, "introspection: false\ngraphiql: {enabled: false}\n")
    config = load_config(path, env={}, dev=True)
    assert not config.introspection_enabled
    assert not config.graphiql_enabled
    assert config.query_plan_exposed


def test_relative_paths_in_the_file_are_relative_to_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "conf"
    folder.mkdir()
    path = _file(
        folder,
        """
supergraph: {file: supergraph.graphql}
persisted_queries: {safelist_file: ops/safelist.json}
auth: {jwks_file: /etc/keys.json}
graphiql: {assets_dir: ../assets}
""",
    )
    config = load_config(path, env={})
    assert config.supergraph.file == str(folder / "supergraph.graphql")
    assert config.persisted_queries.safelist_file == str(folder / "ops" / "safelist.json")
    assert config.auth.jwks_file == "/etc/keys.json"
    assert config.graphiql.assets_dir == str(folder / ".." / "assets")


def test_relative_paths_from_the_environment_are_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "conf").mkdir()
    path = _file(tmp_path / "conf", "")
    config = load_config(path, env={"GATEWAY__SUPERGRAPH__FILE": "s.graphql"})
    assert config.supergraph.file == str(tmp_path / "s.graphql")


def test_path_keys_exist_in_the_model() -> None:
    for keys in PATH_KEYS:
        assert optional_of(_hint_at(keys)) is str, keys


def test_env_name_joins_keys_with_double_underscores() -> None:
    assert env_name(("limits", "max_depth")) == "GATEWAY__LIMITS__MAX_DEPTH"
    assert env_name(("dev",)) == "GATEWAY__DEV"


def test_config_round_trips_through_data(tmp_path: Path) -> None:
    path = _file(tmp_path, "dev: true\nheaders: {all: [{action: remove, matching: '^x-'}]}\n")
    config = load_config(path, env={"GATEWAY__SUBGRAPHS__TIMEOUTS": "a=1"})
    assert config_from_data(config_to_data(config)) == config


def test_refuses_a_wrong_type_in_the_file_naming_the_key(tmp_path: Path) -> None:
    message = _refusal(_file(tmp_path, "limits: {max_depth: ten}\n"))
    assert message == "limits.max_depth: expected an integer, got 'ten'"


def test_refuses_an_unknown_key_in_the_file(tmp_path: Path) -> None:
    message = _refusal(_file(tmp_path, "limits: {max_dept: 3}\n"))
    assert message.startswith("limits.max_dept: unknown key (did you mean 'max_depth'?)")


def test_refuses_a_bad_literal_listing_the_allowed_values(tmp_path: Path) -> None:
    message = _refusal(_file(tmp_path, "telemetry: {tracing_exporter: jaeger}\n"))
    assert message == (
        "telemetry.tracing_exporter: expected one of 'none', 'console', 'otlp', got 'jaeger'"
    )


def test_refuses_a_wrong_type_in_the_environment_naming_the_variable() -> None:
    message = _refusal(None, {"GATEWAY__LIMITS__MAX_DEPTH": "ten"})
    assert message == (
        "GATEWAY__LIMITS__MAX_DEPTH: limits.max_depth: expected an integer, got 'ten'"
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("GATEWAY__LIMTS__MAX_DEPTH", "limts: unknown key (did you mean 'limits'?)"),
        ("GATEWAY__LIMITS__MAX_DEPTH__X", "limits.max_depth: set this whole value"),
        ("GATEWAY__HEADERS__ALL__0", "headers.all: set this whole value"),
        ("GATEWAY__LIMITS", "limits: expected a mapping, got 3"),
        ("GATEWAY____X", "expected GATEWAY__SECTION__FIELD"),
        ("GATEWAY__PERSISTED_QUERIES__STORE", "expected one of 'memory', 'redis', got '3'"),
    ],
)
def test_refuses_a_bad_environment_variable(name: str, message: str) -> None:
    refusal = _refusal(None, {name: "3"})
    assert refusal.startswith(f"{name}: ")
    assert message in refusal


def test_refuses_a_bad_override() -> None:
    message = _refusal(None, overrides={"server.port": "http"})
    assert message == "server.port: expected an integer, got 'http'"


def test_refuses_a_missing_file(tmp_path: Path) -> None:
    message = _refusal(tmp_path / "missing.yaml")
    assert message.startswith("cannot read ")
    assert "missing.yaml" in message


def test_refuses_invalid_yaml_with_its_line(tmp_path: Path) -> None:
    message = _refusal(_file(tmp_path, "limits:\n  max_depth: [1\n"))
    assert "not valid YAML" in message
    assert "line 3" in message


def test_refuses_a_file_that_is_not_a_mapping(tmp_path: Path) -> None:
    message = _refusal(_file(tmp_path, "- a\n- b\n"))
    assert message.endswith("expected a mapping of sections at the top, got a list")


def test_refuses_an_environment_key_under_a_non_mapping_in_the_file(tmp_path: Path) -> None:
    path = _file(tmp_path, "subgraphs: {urls: 5}\n")
    message = _refusal(path, {"GATEWAY__SUBGRAPHS__URLS__A": "http://a"})
    assert message == "subgraphs.urls: expected a mapping, got 5"


def test_a_secret_cannot_be_written_in_the_file(tmp_path: Path) -> None:
    # The model only names the variables secrets are read from; a value is an unknown key.
    message = _refusal(_file(tmp_path, "auth: {jwt_secret: hunter2}\n"))
    assert message.startswith("auth.jwt_secret: unknown key")


def test_refuses_a_key_given_twice(tmp_path: Path) -> None:
    message = _refusal(_file(tmp_path, "limits:\n  max_depth: 3\n  max_depth: 30\n"))
    assert "not valid YAML: duplicate key 'max_depth' (line 3, column 3)" in message


def test_yaml_anchors_still_work(tmp_path: Path) -> None:
    text = (
        "headers:\n"
        "  all: [&tenant {action: propagate, named: [x-tenant]}]\n"
        "  subgraphs: {accounts: [*tenant]}\n"
    )
    config = load_config(_file(tmp_path, text), env={})
    assert config.headers.subgraphs["accounts"] == config.headers.all

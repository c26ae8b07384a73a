"""docs/configuration.md stays the complete reference: every key, its default and its variable."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any, get_type_hints

import pytest

from gateway.config import (
    GatewayConfig,
    HeaderRule,
    OperationRateLimit,
    RateLimit,
    env_name,
    load_config,
)
from gateway.config.convert import to_data

DOC = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"


def _leaf_keys() -> dict[tuple[str, ...], Any]:
    """Every configurable key below the sections, with its default as the file would write it."""
    keys: dict[tuple[str, ...], Any] = {}
    defaults = to_data(GatewayConfig())
    hints = get_type_hints(GatewayConfig)
    for field in dataclasses.fields(GatewayConfig):
        hint = hints[field.name]
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            for key, value in defaults[field.name].items():
                keys[(field.name, key)] = value
        else:
            keys[(field.name,)] = defaults[field.name]
    return keys


def _render(value: object) -> str:
    match value:
        case None:
            return "`null`"
        case bool():
            return "`true`" if value else "`false`"
        case list():
            return "`[" + ", ".join(str(item) for item in value) + "]`"
        case dict():
            return "`{}`" if not value else f"`{value}`"
        case _:
            return f"`{value}`"


def _reference_rows() -> dict[tuple[str, ...], list[str]]:
    """Rows of the per-section tables under "Gateway reference", keyed like `_leaf_keys`."""
    rows: dict[tuple[str, ...], list[str]] = {}
    text = DOC.read_text()
    reference = text.split("## Gateway reference", 1)[1].split("\n## ", 1)[0]
    section: tuple[str, ...] | None = None
    for line in reference.splitlines():
        heading = re.fullmatch(r"### (?:`(\w+)`|(top level)|.*)", line)
        if heading is not None:
            name, top = heading.groups()
            section = (name,) if name else (() if top else None)
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if section is not None and line.startswith("| `"):
            rows[(*section, cells[0].strip("`"))] = cells
    return rows


def test_every_key_has_one_row_and_no_row_is_stale() -> None:
    assert set(_reference_rows()) == set(_leaf_keys())


@pytest.mark.parametrize("key", sorted(_leaf_keys()), ids=".".join)
def test_row_gives_the_default_and_the_environment_variable(key: tuple[str, ...]) -> None:
    cells = _reference_rows()[key]
    assert cells[2] == _render(_leaf_keys()[key]), f"default of {'.'.join(key)}"
    assert cells[4] == f"`{env_name(key)}`"
    assert cells[5], f"{'.'.join(key)} needs a meaning"


def test_dev_column_names_what_dev_changes() -> None:
    rows = _reference_rows()
    dev = load_config(None, env={}, dev=True)
    production = load_config(None, env={})
    changed = {
        ("introspection",): (dev.introspection_enabled, production.introspection_enabled),
        ("expose_query_plan",): (dev.query_plan_exposed, production.query_plan_exposed),
        ("graphiql", "enabled"): (dev.graphiql_enabled, production.graphiql_enabled),
        ("telemetry", "log_format"): (dev.log_format, production.log_format),
        ("cors", "allow_origins"): (list(dev.cors_origins), list(production.cors_origins)),
        ("telemetry", "access_log_sample_rate"): (
            dev.access_log_sample_rate,
            production.access_log_sample_rate,
        ),
    }
    for key, (in_dev, in_production) in changed.items():
        assert in_dev != in_production
        assert rows[key][3] == _render(in_dev)
    for key, cells in rows.items():
        if key not in changed:
            assert cells[3] == "—", key


def test_header_rule_keys_are_documented() -> None:
    text = DOC.read_text().split("### Header rules", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `(\w+)` \|", text, flags=re.MULTILINE))
    assert documented == {field.name for field in dataclasses.fields(HeaderRule)}


def test_rate_limit_rule_keys_are_documented() -> None:
    text = DOC.read_text().split("### Rate limit rules", 1)[1].split("\n##", 1)[0]
    documented = set(re.findall(r"^\| `(\w+)` \|", text, flags=re.MULTILINE))
    rules = (RateLimit, OperationRateLimit)
    keys = {field.name for cls in rules for field in dataclasses.fields(cls)}
    assert documented == keys


def test_the_rate_limit_example_loads(tmp_path: Path) -> None:
    text = DOC.read_text().split("### Rate limit rules", 1)[1]
    example = re.search(r"```yaml\n(.*?)```", text, re.DOTALL)
    assert example is not None
    path = tmp_path / "gateway.yaml"
    path.write_text(example.group(1))
    [rule] = load_config(path, env={}).rate_limits.operations
    assert rule.fields == ("Mutation.signIn", "Mutation.signUp")
    assert rule.per == "ip"


def test_the_example_file_loads(tmp_path: Path) -> None:
    example = re.search(r"```yaml\n(# gateway\.yaml\n.*?)```", DOC.read_text(), re.DOTALL)
    assert example is not None
    path = tmp_path / "gateway.yaml"
    path.write_text(example.group(1))
    config = load_config(path, env={})
    assert config.supergraph.file == str(tmp_path / "supergraph.graphql")
    assert config.headers.subgraphs["accounts"][1].value == "gateway"

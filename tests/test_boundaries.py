"""The import boundaries of the platform's design, checked on the source tree.

The gateway works with any subgraphs, so it imports nothing of the platform (`shared/`,
`subgraphs/`, `registry/`); no subgraph imports the gateway or another subgraph; `shared/`
imports neither. The registry uses the gateway's pure packages (composition, supergraph,
planner, plan) as a library, never its server or executor, and nothing imports the registry.
Inside the gateway, packages are ordered as the data flows (docs/architecture.md): a package
imports only the packages listed before it. Imports are read from each module's syntax tree,
wherever they occur (inside functions too).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _top(name: str, depth: int = 1) -> str:
    return ".".join(name.split(".")[:depth])


def _violations(package: str, refused: set[str], depth: int = 1) -> list[str]:
    found = []
    for path in _modules(package):
        if "node_modules" in path.parts:
            continue
        for line, name in _imports(path):
            if _top(name, depth) in refused:
                found.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    return found


def test_the_gateway_imports_nothing_of_the_platform() -> None:
    assert _modules("gateway")
    assert _violations("gateway", {"shared", "subgraphs", "registry"}) == []


def test_shared_imports_neither_the_gateway_nor_a_subgraph() -> None:
    assert _modules("shared")
    assert _violations("shared", {"gateway", "subgraphs"}) == []


# The registry uses the gateway as a library of pure functions over SDL and documents.
REGISTRY_MAY_USE = {"composition", "supergraph", "planner", "plan", "operation", "formatted_error"}


def test_the_registry_uses_only_the_gateways_library_packages() -> None:
    assert _modules("registry")
    found = []
    for path in _modules("registry"):
        for line, name in _imports(path):
            parts = name.split(".")
            if parts[0] == "gateway" and (len(parts) < 2 or parts[1] not in REGISTRY_MAY_USE):
                found.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
            if parts[0] == "subgraphs":
                found.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert found == []


def test_neither_gateway_nor_subgraphs_import_the_registry() -> None:
    assert _violations("subgraphs", {"registry"}) == []
    assert _violations("shared", {"registry"}) == []


SUBGRAPHS = sorted(p.name for p in (ROOT / "subgraphs").iterdir() if (p / "__init__.py").exists())


def test_every_subgraph_is_checked() -> None:
    assert {"accounts", "tutors", "reviews", "scheduling"} <= set(SUBGRAPHS)


@pytest.mark.parametrize("name", SUBGRAPHS)
def test_a_subgraph_imports_neither_the_gateway_nor_another_subgraph(name: str) -> None:
    others = {f"subgraphs.{other}" for other in SUBGRAPHS if other != name}
    assert _violations(f"subgraphs/{name}", {"gateway"}) == []
    assert _violations(f"subgraphs/{name}", others, depth=2) == []


def test_the_checks_see_an_import_that_crosses_a_boundary(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from shared.identity import encode_claims\nimport gateway\n")
    assert sorted(name for _, name in _imports(module)) == ["gateway", "shared.identity"]
    assert _violations("gateway", {"gateway"}), "the scan finds the gateway's own imports"


# The gateway's packages in data-flow order: each may import only those before it (and itself).
# `server.runtime` assembles the stages, `server.http` serves the runtime, `server.factory` builds
# the app from both.
GATEWAY_ORDER = (
    "native",  # the finder of the compiled hot path, installed before anything else is imported
    "formatted_error",
    "config",
    "supergraph",
    "composition",
    "operation",
    "plan",
    "planner",
    "execution",
    "shaping",
    "request",
    "traffic",
    "transport",
    "telemetry",
    "usage",
    "policy",
    "pipeline",
    "graphiql",
    "server.runtime",
    "server.http",
    "server.factory",
    "server",
    "cli",
    "__main__",
)


def _layer(module: str) -> str | None:
    """The entry of GATEWAY_ORDER that `module` (a `gateway.` dotted name) belongs to."""
    parts = module.split(".")[1:]
    for depth in (2, 1):
        name = ".".join(parts[:depth])
        if len(parts) >= depth and name in GATEWAY_ORDER:
            return name
    return None


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _order_violations(root: Path) -> list[str]:
    rank = {name: index for index, name in enumerate(GATEWAY_ORDER)}
    found = []
    for path in sorted((root / "gateway").rglob("*.py")):
        if "node_modules" in path.parts:
            continue
        module = _module_name(path, root)
        if module == "gateway":  # the package's own `__init__` imports only `gateway.native`
            found += [f"gateway/__init__.py:{line} imports {name}"
                      for line, name in _imports(path) if name != "gateway.native"]  # fmt: skip
            continue
        source = _layer(module)
        if source is None:
            found.append(f"{path.relative_to(root)} is in no package of GATEWAY_ORDER")
            continue
        for line, name in _imports(path):
            if not name.startswith("gateway."):
                continue
            target = _layer(name)
            if target is None:
                found.append(f"{path.relative_to(root)}:{line} imports {name}, in no package")
            elif target != source and rank[target] > rank[source]:
                found.append(f"{path.relative_to(root)}:{line} ({source}) imports {name}")
    return found


def test_gateway_packages_import_only_the_packages_before_them() -> None:
    assert _order_violations(ROOT) == []


def test_the_order_check_sees_an_import_against_the_flow(tmp_path: Path) -> None:
    planner = tmp_path / "gateway" / "planner"
    planner.mkdir(parents=True)
    (planner / "late.py").write_text("from gateway.pipeline import RequestPipeline\n")
    (planner / "early.py").write_text("from gateway.plan import QueryPlan\n")
    (tmp_path / "gateway" / "stray.py").write_text("")
    assert _order_violations(tmp_path) == [
        "gateway/planner/late.py:1 (planner) imports gateway.pipeline",
        "gateway/stray.py is in no package of GATEWAY_ORDER",
    ]

"""The import boundaries of the platform's design, checked on the source tree.

The gateway works with any subgraphs, so it imports nothing of the platform (`shared/`,
`subgraphs/`); no subgraph imports the gateway or another subgraph; `shared/` imports neither.
Imports are read from each module's syntax tree, wherever they occur (inside functions too).
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

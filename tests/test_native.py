"""The compiled hot path (`gateway.native`): used when current, plain Python otherwise."""

from __future__ import annotations

import ast
import importlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gateway import native
from gateway.cli.native import compiler_command

ROOT = Path(__file__).resolve().parents[1]


def _compiler_present() -> bool:
    return shutil.which(compiler_command()) is not None


def test_the_suite_runs_what_is_served() -> None:
    """With a C compiler, `task test` built the hot path and this process imported it."""
    state = native.status()
    merge = importlib.import_module("gateway.execution.merge")
    if os.environ.get("GATEWAY_NATIVE") == "0" or not _compiler_present():
        assert not state.enabled
        assert merge.__file__ is not None
        assert merge.__file__.endswith(".py")
        return
    assert state.enabled, state.reason
    for name in native.COMPILED:
        module = importlib.import_module(name)
        assert module.__file__ is not None
        assert module.__file__.endswith(".so"), name
        assert str(native.build_directory()) in module.__file__


def _build_like(tmp_path: Path) -> Path:
    """A build directory as `native build` leaves it (libraries as empty files: only checked)."""
    directory = tmp_path / "native"
    names = (*native.COMPILED, f"{native.GROUP}__mypyc")
    libraries = {name: f"{name.replace('.', '/')}.so" for name in names}
    for library in libraries.values():
        (directory / library).parent.mkdir(parents=True, exist_ok=True)
        (directory / library).touch()
    manifest = native.manifest_for(native.COMPILED, libraries)
    (directory / "manifest.json").write_text(json.dumps(manifest))
    return directory


def _edit_manifest(directory: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    manifest = json.loads((directory / "manifest.json").read_text())
    edit(manifest)
    (directory / "manifest.json").write_text(json.dumps(manifest))


def test_a_current_build_is_used(tmp_path: Path) -> None:
    directory = _build_like(tmp_path)
    libraries, reason = native.check(directory)
    assert set(libraries) == {*native.COMPILED, f"{native.GROUP}__mypyc"}
    assert libraries["gateway.execution.merge"] == directory / "gateway/execution/merge.so"
    assert reason == f"{len(native.COMPILED)} modules compiled"


def test_an_edited_source_turns_the_whole_build_off(tmp_path: Path) -> None:
    directory = _build_like(tmp_path)

    def edit(manifest: dict[str, Any]) -> None:
        manifest["modules"]["gateway.execution.merge"]["sha256"] = "0" * 64

    _edit_manifest(directory, edit)
    assert native.check(directory) == (
        {},
        "gateway.execution.merge changed since the build: rebuild",
    )
    # A module written in C is hashed from its C source, like the others from theirs.
    directory = _build_like(tmp_path / "again")
    name = "gateway.shaping._cshaper"
    assert native.source_path(name) == ROOT / "gateway" / "shaping" / "_cshaper.c"

    def edit_c(manifest: dict[str, Any]) -> None:
        manifest["modules"][name]["sha256"] = "0" * 64

    _edit_manifest(directory, edit_c)
    assert native.check(directory) == ({}, f"{name} changed since the build: rebuild")


def test_an_incomplete_or_foreign_build_is_not_used(tmp_path: Path) -> None:
    directory = _build_like(tmp_path)
    (directory / "gateway/execution/paths.so").unlink()
    libraries, reason = native.check(directory)
    assert libraries == {}
    assert reason.startswith("missing ")
    assert reason.endswith("paths.so: rebuild")
    _edit_manifest(directory, lambda manifest: manifest["modules"].pop("gateway.execution.merge"))
    assert native.check(directory) == ({}, "built for another module list: rebuild")
    assert native.check(tmp_path / "nothing")[1] == "not built (python -m gateway native build)"
    (directory / "manifest.json").write_text("{")
    assert native.check(directory)[1] == f"unreadable manifest in {directory}"


def _run(code: str, *, native: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GATEWAY_NATIVE": native}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


_HEAVY = """
import asyncio, gateway.native as native, gateway.execution.merge as merge
from bench.execution import EXPECTED, HEAVY, InProcessFetch, build_pipeline
from gateway.request import GraphQLRequest
pipeline = build_pipeline(InProcessFetch())
result = asyncio.run(pipeline.execute(GraphQLRequest(query=HEAVY)))
assert result.body == EXPECTED, "wrong answer"
print(native.status().enabled, merge.__file__.rsplit(".", 1)[-1])
"""


def test_plain_python_gives_the_same_answer_when_switched_off() -> None:
    """GATEWAY_NATIVE=0 imports the Python modules; the benchmark's heavy query answers alike."""
    plain = _run(_HEAVY, native="0")
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.split() == ["False", "py"]
    served = _run(_HEAVY, native="1")
    assert served.returncode == 0, served.stderr
    built = native.check(native.build_directory())[0]  # with a compiler, `task test` built it
    expected = ["True", "so"] if built or _compiler_present() else ["False", "py"]
    assert served.stdout.split() == expected


def test_without_a_compiler_the_build_stops_with_a_clear_message() -> None:
    built = native.build_directory() / "manifest.json"
    before = built.read_bytes() if built.exists() else None
    done = subprocess.run(
        [sys.executable, "-m", "gateway", "native", "build"], cwd=ROOT,
        env={**os.environ, "CC": "/nonexistent/cc"}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "cannot compile: no C compiler (/nonexistent/cc not found); "
        "the gateway runs as plain Python"
    )
    assert (built.read_bytes() if built.exists() else None) == before  # the build is untouched


def _base_name(base: ast.expr) -> str | None:
    if isinstance(base, ast.Subscript):  # Generic[T]-style bases
        base = base.value
    if isinstance(base, ast.Attribute):
        return base.attr
    return base.id if isinstance(base, ast.Name) else None


def _opens_to_python(node: ast.ClassDef) -> bool:
    return any(
        isinstance(d, ast.Call) and _base_name(d.func) == "mypyc_attr"
        and any(k.arg == "allow_interpreted_subclasses" for k in d.keywords)
        for d in node.decorator_list
    )  # fmt: skip


def _imported_names(tree: ast.Module) -> dict[str, tuple[str, str]]:
    """Local name → (module it is imported from, its name there), for `from M import N`."""
    names: dict[str, tuple[str, str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                names[alias.asname or alias.name] = (node.module, alias.name)
    return names


def test_every_compiled_class_extended_by_python_code_allows_it() -> None:
    """A compiled class refuses (or mis-checks) plain Python subclasses unless marked."""
    compiled: dict[tuple[str, str], ast.ClassDef] = {}
    for name in native.MODULES:
        tree = ast.parse(native.source_path(name).read_text())
        compiled.update(((name, n.name), n) for n in tree.body if isinstance(n, ast.ClassDef))
    plain = {native.source_path(name) for name in native.MODULES}
    extended: set[tuple[str, str]] = set()
    for folder in ("gateway", "tests", "bench", "registry", "shared", "subgraphs"):
        for path in (ROOT / folder).rglob("*.py"):
            if "node_modules" in path.parts or path in plain:
                continue
            tree = ast.parse(path.read_text())
            imported = _imported_names(tree)
            for node in ast.walk(tree):
                if not isinstance(node, ast.ClassDef):
                    continue
                for base in node.bases:
                    origin = imported.get(_base_name(base) or "")
                    if origin is None:
                        continue
                    source, class_name = origin
                    # Imported from the defining module or from a package above it.
                    extended.update(
                        key for key in compiled
                        if key[1] == class_name
                        and (key[0] == source or key[0].startswith(source + "."))
                    )  # fmt: skip
    names = {class_name for _, class_name in extended}
    assert {"SubgraphFetchError", "RequestPipeline"} <= names  # the scan sees them
    assert sorted(key for key in extended if not _opens_to_python(compiled[key])) == []

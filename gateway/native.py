"""The gateway's hot path compiled to C with mypyc, used only while it matches its sources.

`python -m gateway native build` compiles the modules in `MODULES` (the code every request runs:
execution, merging, shaping, ...) with mypyc, and the few written in C (`EXTENSIONS`), into
`.data/native/<interpreter>/` beside the sources, with a manifest of the sources' hashes.  On
import, `gateway/__init__.py` calls `enable()`, which puts a finder in front of the usual ones
when that manifest exists and every source still hashes as it did: the compiled modules are
imported instead of the Python ones, all of them or none (compiled modules call each other
directly, so a stale one must not mix with fresh ones).  Without a compiler, after an edit, or
with `GATEWAY_NATIVE=0`, everything runs as plain Python.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
import sysconfig
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

__all__ = [
    "COMPILED",
    "EXTENSIONS",
    "GROUP",
    "MODULES",
    "Status",
    "build_directory",
    "check",
    "enable",
    "extension",
    "manifest_for",
    "source_path",
    "status",
]

ROOT = Path(__file__).resolve().parent.parent
GROUP = "gateway_native"  # the shared library every compiled module links to
MANIFEST = "manifest.json"

# The modules every request runs through.  A module joins the list when mypyc compiles it and
# the whole test suite passes with it compiled (async generators are not compiled by mypyc).
MODULES: tuple[str, ...] = (
    "gateway.execution.errors",
    "gateway.execution.executor",
    "gateway.execution.fetcher",
    "gateway.execution.inflight",
    "gateway.execution.merge",
    "gateway.execution.options",
    "gateway.execution.paths",
    "gateway.execution.provenance",
    "gateway.execution.representations",
    "gateway.execution.rewrites",
    "gateway.pipeline.admission",
    "gateway.pipeline.dedup",
    "gateway.pipeline.pipeline",
    "gateway.pipeline.prepared",
    "gateway.policy.headers.propagation",
    "gateway.request.model",
    "gateway.request.outcome",
    "gateway.server.http.asgi",
    "gateway.server.http.endpoint",
    "gateway.server.runtime.pools",
    "gateway.shaping.errors",
    "gateway.shaping.fast",
    "gateway.shaping.project",
    "gateway.shaping.shape",
    "gateway.telemetry.fetch",
    "gateway.telemetry.tally",
    "gateway.transport.subgraph_client",
)


# Modules written in C for what mypyc's output does slowest, each with its source; they are used
# with the compiled modules only (all or none), and the Python code that calls them keeps a path
# of its own for plain Python.
EXTENSIONS: dict[str, str] = {
    "gateway.execution._cdata": "gateway/execution/_cdata.c",
    "gateway.shaping._cshaper": "gateway/shaping/_cshaper.c",
}

# Everything a build makes and the manifest lists.
COMPILED: tuple[str, ...] = (*MODULES, *EXTENSIONS)


def build_directory() -> Path:
    """Where this interpreter's compiled modules live (one directory per ABI and platform)."""
    tag = f"{sys.implementation.cache_tag}-{sysconfig.get_platform()}"
    return ROOT / ".data" / "native" / tag


def source_path(module: str) -> Path:
    extension = EXTENSIONS.get(module)
    if extension is not None:
        return ROOT / extension
    return ROOT.joinpath(*module.split(".")).with_suffix(".py")


def _digest(module: str) -> str:
    return hashlib.sha256(source_path(module).read_bytes()).hexdigest()


def manifest_for(modules: Sequence[str], libraries: dict[str, str]) -> dict[str, object]:
    """The manifest written after a build: each module's source hash and library file."""
    return {
        "python": sys.implementation.cache_tag,
        "modules": {
            name: {"sha256": _digest(name), "library": libraries[name]} for name in modules
        },
        "group": libraries[f"{GROUP}__mypyc"],
    }


@dataclass(frozen=True, slots=True)
class Status:
    enabled: bool
    reason: str  # why not, or what is compiled


def check(directory: Path) -> tuple[dict[str, Path], str]:
    """Module name → library path when every compiled module is current; else why not."""
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, "not built (python -m gateway native build)"
    except ValueError:
        return {}, f"unreadable manifest in {directory}"
    modules: dict[str, dict[str, str]] = manifest.get("modules", {})
    if set(modules) != set(COMPILED):
        return {}, "built for another module list: rebuild"
    found: dict[str, Path] = {f"{GROUP}__mypyc": directory / manifest["group"]}
    for name, entry in modules.items():
        try:
            current = _digest(name)
        except OSError:
            return {}, f"{name}: source missing"
        if current != entry["sha256"]:
            return {}, f"{name} changed since the build: rebuild"
        found[name] = directory / entry["library"]
    missing = [str(path) for path in found.values() if not path.exists()]
    if missing:
        return {}, f"missing {missing[0]}: rebuild"
    return found, f"{len(modules)} modules compiled"


class _Finder(importlib.abc.MetaPathFinder):
    """Finds the compiled library of each listed module (and of their shared group)."""

    def __init__(self, libraries: dict[str, Path]) -> None:
        self.libraries = libraries

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        library = self.libraries.get(fullname)
        if library is None:
            return None
        loader = importlib.machinery.ExtensionFileLoader(fullname, str(library))
        return importlib.util.spec_from_file_location(fullname, library, loader=loader)


_status = Status(enabled=False, reason="not looked for")


def enable() -> Status:
    """Import the compiled modules from now on, when they are current (see the module doc)."""
    global _status
    if any(isinstance(finder, _Finder) for finder in sys.meta_path):
        return _status
    if os.environ.get("GATEWAY_NATIVE", "1") == "0":
        _status = Status(enabled=False, reason="off (GATEWAY_NATIVE=0)")
        return _status
    libraries, reason = check(build_directory())
    if not libraries:
        _status = Status(enabled=False, reason=reason)
        return _status
    already = [name for name in MODULES if name in sys.modules]
    if already:  # imported as Python before us: mixing the two is what must not happen
        _status = Status(enabled=False, reason=f"{already[0]} was imported before")
        return _status
    sys.meta_path.insert(0, _Finder(libraries))
    _status = Status(enabled=True, reason=reason)
    return _status


def extension(name: str) -> object | None:
    """The C module `name` (one of `EXTENSIONS`) when the compiled hot path is in use, else None:
    without the finder there is nothing it could be imported from."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def status() -> Status:
    """Whether the compiled modules are in use in this process, and why (not)."""
    return _status

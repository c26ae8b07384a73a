"""Package hygiene: every module says what it owns, exports through `__all__`, stays small."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import subgraphs.payments

# `migrations.env` runs Alembic when imported, so it is only imported by Alembic itself.
_SKIP = ("subgraphs.payments.__main__", "subgraphs.payments.migrations.env")
_MAX_LINES = 300


def _modules() -> list[str]:
    return [subgraphs.payments.__name__] + [
        info.name
        for info in pkgutil.walk_packages(subgraphs.payments.__path__, "subgraphs.payments.")
        if info.name not in _SKIP
    ]


def test_every_module_exports_existing_names_and_has_a_docstring() -> None:
    checked = 0
    for name in _modules():
        module = importlib.import_module(name)
        assert (module.__doc__ or "").strip(), f"{name} has no docstring"
        exported = getattr(module, "__all__", None)
        assert exported is not None, f"{name} has no __all__"
        for attribute in exported:
            assert hasattr(module, attribute), f"{name}.{attribute} is in __all__ but missing"
            checked += 1
    assert checked > 25


def test_modules_stay_small() -> None:
    for name in _modules():
        source = inspect.getsource(importlib.import_module(name))
        assert source.count("\n") <= _MAX_LINES, f"{name} has grown past {_MAX_LINES} lines"

"""Every name a module of the reviews package exports in `__all__` exists."""

from __future__ import annotations

import importlib
import pkgutil

import subgraphs.reviews


def test_every_public_name_exists() -> None:
    modules = [subgraphs.reviews.__name__] + [
        info.name
        for info in pkgutil.walk_packages(subgraphs.reviews.__path__, "subgraphs.reviews.")
        if not info.name.endswith("__main__")
    ]
    checked = 0
    for name in modules:
        module = importlib.import_module(name)
        exported = getattr(module, "__all__", None)
        assert exported is not None, f"{name} has no __all__"
        for attribute in exported:
            assert hasattr(module, attribute), f"{name}.{attribute} is in __all__ but missing"
            checked += 1
    assert checked > 20

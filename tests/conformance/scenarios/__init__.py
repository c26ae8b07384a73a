"""Every conformance scenario, one module each (`_name` modules are shared graphs)."""

from __future__ import annotations

import importlib
import pkgutil

from ..harness import Scenario


def all_scenarios() -> tuple[Scenario, ...]:
    """The SCENARIO of every module in this package, sorted by name; names are unique."""
    found: dict[str, Scenario] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):  # shared graphs used by several scenarios
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        scenario = module.SCENARIO
        assert scenario.name not in found, f"duplicate scenario {scenario.name}"
        found[scenario.name] = scenario
    return tuple(found[name] for name in sorted(found))


__all__ = ["all_scenarios"]

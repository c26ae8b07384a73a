"""The supergraph the subscription bench serves, composed at start by our composer.

The events and catalog subgraphs give their SDL over `_service { sdl }` (the events subgraph's is
Strawberry's own print); the heavy query's four subgraphs, when the throughput part runs, come
from their committed files (bench/subgraphs/schemas/).  Composing at start lets every run pick
free ports; the routing URLs are the ones just started.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from bench.runner.load import post
from bench.subgraphs.executable import SCHEMAS
from gateway.composition import CompositionSuccess, SubgraphInput, compose

__all__ = ["HEAVY_SUBGRAPHS", "compose_supergraph"]

HEAVY_SUBGRAPHS = ("accounts", "inventory", "products", "reviews")
_SERVICE = json.dumps({"query": "{ _service { sdl } }"}).encode()


def _sdl(url: str) -> str:
    status, body = post(url, _SERVICE, timeout=10.0)
    if status != 200:
        raise RuntimeError(f"{url} answered HTTP {status} to _service {{ sdl }}")
    sdl = json.loads(body)["data"]["_service"]["sdl"]
    assert isinstance(sdl, str)
    return sdl


def compose_supergraph(events_url: str, catalog_url: str, heavy_base: str | None) -> str:
    """The supergraph SDL; `heavy_base` (http://host:port) adds the heavy query's subgraphs."""
    urls: Mapping[str, str] = {"events": events_url, "catalog": catalog_url}
    subgraphs = [SubgraphInput(name=name, url=url, sdl=_sdl(url)) for name, url in urls.items()]
    if heavy_base is not None:
        subgraphs += [
            SubgraphInput(name=name, url=f"{heavy_base}/{name}",
                          sdl=(SCHEMAS / f"{name}.graphql").read_text(encoding="utf-8"))
            for name in HEAVY_SUBGRAPHS
        ]  # fmt: skip
    composed = compose(subgraphs)
    if not isinstance(composed, CompositionSuccess):
        lines = "; ".join(f"{error.code}: {error.message}" for error in composed.errors)
        raise RuntimeError(f"the subscription bench's supergraph did not compose: {lines}")
    return composed.supergraph_sdl

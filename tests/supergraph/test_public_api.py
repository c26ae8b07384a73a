"""The supergraph package's public names."""

from __future__ import annotations

import gateway.supergraph


def test_public_api_is_declared_and_importable() -> None:
    assert set(gateway.supergraph.__all__) >= {
        "Supergraph",
        "SupergraphError",
        "SubgraphInfo",
        "load_supergraph",
    }
    for name in gateway.supergraph.__all__:
        assert getattr(gateway.supergraph, name) is not None

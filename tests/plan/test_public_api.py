"""The plan package's public names."""

from __future__ import annotations

import gateway.plan


def test_public_api_is_declared_and_importable() -> None:
    assert "print_plan" in gateway.plan.__all__
    assert "FetchNode" in gateway.plan.__all__
    for name in gateway.plan.__all__:
        assert getattr(gateway.plan, name) is not None

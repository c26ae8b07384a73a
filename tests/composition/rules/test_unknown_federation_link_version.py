"""UNKNOWN_FEDERATION_LINK_VERSION: a link to a federation version that does not exist."""

from __future__ import annotations

from tests.composition.helpers import codes, compose_errors, fed2


def test_unknown_federation_link_version_reported_for_a_link_to_a() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { a: Int }
            """,
            version="2.99",
        ),
    )
    assert "UNKNOWN_FEDERATION_LINK_VERSION" in codes(errors)
    messages = [e.message for e in errors if e.code == "UNKNOWN_FEDERATION_LINK_VERSION"]
    assert any("Invalid version v2.99 for the federation feature" in m for m in messages)

"""UNKNOWN_FEDERATION_LINK_VERSION: a link to a federation version that does not exist."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_unknown_federation_link_version_reported_for_a_link_to_a() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { a: Int }
            """,
            version="2.99",
        ),
    )
    assert located(errors) == {
        ("UNKNOWN_FEDERATION_LINK_VERSION", "a", (("a", 1, 15),)),
    }
    messages = [e.message for e in errors if e.code == "UNKNOWN_FEDERATION_LINK_VERSION"]
    assert any("Invalid version v2.99 for the federation feature" in m for m in messages)

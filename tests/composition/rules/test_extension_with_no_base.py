"""EXTENSION_WITH_NO_BASE: a Federation 1 type extension with no definition anywhere."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, located


def test_extension_with_no_base_reported_for_a_federation_1_type() -> None:
    errors = compose_errors(
        a="""
            type Query { t: T }
            extend type T @key(fields: "id") { id: ID! @external name: String }
        """,
    )
    assert located(errors) == {
        ("EXTENSION_WITH_NO_BASE", "a", (("a", 3, 13),)),
    }
    messages = [e.message for e in errors if e.code == "EXTENSION_WITH_NO_BASE"]
    assert any(
        'Type "T" is an extension type, but there is no type definition for "T" in any subgraph'
        in m
        for m in messages
    )

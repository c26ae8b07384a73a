"""TYPE_WITH_ONLY_UNUSED_EXTERNAL: a Federation 1 type still referenced whose fields are all
unused @external fields."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, located


def test_type_with_only_unused_external_located_at_the_type() -> None:
    errors = compose_errors(
        a="""
            type Query { u: U }
            type U { id: ID! @external }
        """,
    )
    assert located(errors) == {
        ("TYPE_WITH_ONLY_UNUSED_EXTERNAL", "a", (("a", 3, 13),)),
    }
    assert errors[0].message == (
        "[a] Type U contains only external fields and all those fields are all unused (they do "
        "not appear in any @key, @provides or @requires)."
    )

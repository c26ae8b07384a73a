"""INVALID_LINK_DIRECTIVE_USAGE: an import the linked federation version does not define."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_invalid_link_directive_usage_reported_for_an_import_the_linked() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { a: Int }
            """,
            imports=(
                "@key",
                "@cost",
            ),
        ),
    )
    assert located(errors) == {
        ("INVALID_LINK_DIRECTIVE_USAGE", "a", (("a", 1, 15),)),
    }
    messages = [e.message for e in errors if e.code == "INVALID_LINK_DIRECTIVE_USAGE"]
    assert any('Cannot import unknown element "@cost"' in m for m in messages)

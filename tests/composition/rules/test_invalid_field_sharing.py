"""INVALID_FIELD_SHARING: the same root field resolved by two subgraphs without @shareable."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, fed2, located


def test_invalid_field_sharing_reported_for_the_same_root_field() -> None:
    errors = compose_errors(
        a=fed2(
            """
            type Query { hello: String }
            """
        ),
        b=fed2(
            """
            type Query { hello: String }
            """
        ),
    )
    assert located(errors) == {
        ("INVALID_FIELD_SHARING", None, (("a", 3, 26), ("b", 3, 26))),
    }
    messages = [e.message for e in errors if e.code == "INVALID_FIELD_SHARING"]
    assert any('Non-shareable field "Query.hello"' in m for m in messages)

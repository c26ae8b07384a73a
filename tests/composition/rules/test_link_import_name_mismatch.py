"""LINK_IMPORT_NAME_MISMATCH: subgraphs importing the same feature directive under different
names."""

from __future__ import annotations

from tests.composition.helpers import compose_errors, located

LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.0", import: '


def test_link_import_name_mismatch_reported_for_two_spellings_of_tag() -> None:
    errors = compose_errors(
        a=LINK + '[{name: "@tag", as: "@label"}])\ntype Query { a: Int @label(name: "x") }',
        b=LINK + '["@tag"])\ntype Query { b: Int @tag(name: "y") }',
    )
    assert located(errors) == {
        ("LINK_IMPORT_NAME_MISMATCH", None, (("a", 1, 15), ("b", 1, 15))),
    }
    assert errors[0].message == (
        'The "@tag" directive (from https://specs.apollo.dev/federation/v2.0) is imported with '
        'mismatched name between subgraphs: it is imported as "@tag" in subgraph "b" but '
        '"@label" in subgraph "a"'
    )

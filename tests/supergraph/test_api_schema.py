"""The API schema: join/link machinery and @inaccessible elements are gone, the rest stays."""

from __future__ import annotations

from pathlib import Path

from graphql import GraphQLEnumType, GraphQLObjectType, validate_schema

from gateway.supergraph import Supergraph, load_supergraph

FIXTURES = Path(__file__).parent.parent / "fixtures" / "supergraphs"


def _api() -> Supergraph:
    loaded = load_supergraph((FIXTURES / "tutoring.graphql").read_text())
    assert isinstance(loaded, Supergraph)
    return loaded


def test_api_schema_is_valid_and_has_no_join_or_link_machinery() -> None:
    schema = _api().api_schema
    assert validate_schema(schema) == []
    names = set(schema.type_map) | {d.name for d in schema.directives}
    assert not [n for n in names if n.startswith(("join__", "link__")) or n == "link"]
    assert "inaccessible" not in names


def test_inaccessible_field_is_removed_but_siblings_stay() -> None:
    user = _api().api_schema.get_type("User")
    assert isinstance(user, GraphQLObjectType)
    assert "secret" not in user.fields
    assert {"id", "name", "timezone", "role"} <= set(user.fields)


def test_descriptions_deprecations_and_defaults_are_kept() -> None:
    sdl = (
        (FIXTURES / "tutoring.graphql")
        .read_text()
        .replace(
            "type Review\n",
            '"""A review of a tutor."""\ntype Review\n',
        )
        .replace(
            "  body: String!",
            '  body: String! @deprecated(reason: "use text")',
        )
    )
    loaded = load_supergraph(sdl)
    assert isinstance(loaded, Supergraph)
    review = loaded.api_schema.get_type("Review")
    assert isinstance(review, GraphQLObjectType)
    assert review.description == "A review of a tutor."
    assert review.fields["body"].deprecation_reason == "use text"
    tutor = loaded.api_schema.get_type("Tutor")
    assert isinstance(tutor, GraphQLObjectType)
    assert tutor.fields["reviews"].args["last"].default_value == 5


def test_enum_values_survive() -> None:
    role = _api().api_schema.get_type("Role")
    assert isinstance(role, GraphQLEnumType)
    assert set(role.values) == {"STUDENT", "TUTOR"}

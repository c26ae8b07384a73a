"""`_entities` answers malformed representations with BAD_USER_INPUT at their own index."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry
from strawberry.federation.schema_directives import Key

from shared.subgraph import build_schema
from shared.subgraph.schema import _top_level


@strawberry.federation.type(keys=["id"])
class Thing:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Thing:
        return Thing(id=id)


@strawberry.type
class Query:
    answer: int = 42


@strawberry.federation.type(directives=[Key(fields="id", resolvable=False)])
class Stub:
    id: strawberry.ID


@strawberry.federation.type(keys=["id", "sku"])
class Loose:
    """An entity whose `resolve_reference` takes `**fields`: the mechanism checks its keys."""

    id: strawberry.ID | None = None
    sku: str | None = None
    seen: strawberry.Private[tuple[str, ...]] = ()

    @classmethod
    def resolve_reference(cls, **fields: Any) -> Loose:
        return Loose(id=fields.get("id"), sku=fields.get("sku"), seen=tuple(sorted(fields)))

    @strawberry.field
    def received(self) -> list[str]:
        return list(self.seen)


SCHEMA = build_schema(query=Query, types=(Thing, Stub, Loose))
LOOSE = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Loose { id received } } }"
ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Thing { id } } }"


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (5, "must be an object"),
        ({"id": "1"}, "needs a string __typename"),
        ({"__typename": "Nope", "id": "1"}, "Nope is not an entity"),
        ({"__typename": "Query"}, "Query is not an entity"),
        ({"__typename": "Thing"}, "Thing needs key field id"),
        ({"__typename": "Thing", "id": None}, "wrong type: id"),
        ({"__typename": "Thing", "id": ["1"]}, "wrong type: id"),
        ({"__typename": "Thing", "id": True}, "wrong type: id"),
    ],
)
def test_malformed_representation_is_bad_user_input_and_others_resolve(
    bad: Any, message: str
) -> None:
    good = {"__typename": "Thing", "id": "7"}
    result = SCHEMA.execute_sync(ENTITIES, variable_values={"r": [bad, good]})
    assert result.data == {"_entities": [None, {"id": "7"}]}
    assert result.errors is not None
    [error] = result.errors
    assert message in error.message
    assert error.path == ["_entities", 0]
    assert error.extensions == {"code": "BAD_USER_INPUT"}


def test_entity_without_resolve_reference_needs_its_key() -> None:
    query = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Stub { id } } }"
    reps = [{"__typename": "Stub"}, {"__typename": "Stub", "id": "4", "more": 1}]
    result = SCHEMA.execute_sync(query, variable_values={"r": reps})
    assert result.data == {"_entities": [None, {"id": "4"}]}
    assert result.errors is not None
    assert [e.extensions for e in result.errors] == [{"code": "BAD_USER_INPUT"}]


def test_fields_resolve_reference_does_not_take_are_ignored() -> None:
    extra = {"__typename": "Thing", "id": "3", "price": 2, "other": {"a": 1}}
    result = SCHEMA.execute_sync(ENTITIES, variable_values={"r": [extra]})
    assert result.errors is None
    assert result.data == {"_entities": [{"id": "3"}]}


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"__typename": "Loose"}, "Loose needs key field id or sku"),
        ({"__typename": "Loose", "id": None}, "needs key field"),
        ({"__typename": "Loose", "sku": None, "id": None}, "needs key field"),
        ({"__typename": "Loose", "id": True}, "wrong type: id"),
        ({"__typename": "Loose", "id": {"a": 1}}, "wrong type: id"),
    ],
)
def test_a_resolver_taking_any_fields_gets_only_checked_keys(bad: Any, message: str) -> None:
    good = {"__typename": "Loose", "id": "7"}
    result = SCHEMA.execute_sync(LOOSE, variable_values={"r": [bad, good]})
    assert result.data == {"_entities": [None, {"id": "7", "received": ["id"]}]}
    assert result.errors is not None
    [error] = result.errors
    assert message in error.message
    assert error.extensions == {"code": "BAD_USER_INPUT"}


def test_a_resolver_taking_any_fields_gets_the_types_own_fields_only() -> None:
    reps = [
        {"__typename": "Loose", "id": 8, "price": 2, "nested": {"a": 1}},
        {"__typename": "Loose", "sku": "s", "pack": {"size": 3}, "other": 1},
    ]
    result = SCHEMA.execute_sync(LOOSE, variable_values={"r": reps})
    assert result.errors is None
    assert result.data == {
        "_entities": [
            {"id": "8", "received": ["id"]},
            {"id": None, "received": ["sku"]},
        ]
    }


def test_unexpected_exception_is_masked_without_details() -> None:
    @strawberry.type
    class Broken:
        @strawberry.field
        def boom(self) -> int:
            raise RuntimeError("secret connection string")

    schema = build_schema(query=Broken)
    result = schema.execute_sync("{ boom }")
    assert result.errors is not None
    [error] = result.errors
    assert error.message == "Internal server error"
    assert error.extensions == {"code": "INTERNAL_SERVER_ERROR"}
    assert "secret" not in str(error.formatted)


@pytest.mark.parametrize(
    ("field_set", "names"),
    [("id", ("id",)), ("sku pack { size }", ("sku", "pack")), ("a { b { c } } d", ("a", "d"))],
)
def test_a_keys_top_level_fields(field_set: str, names: tuple[str, ...]) -> None:
    assert _top_level(field_set) == names

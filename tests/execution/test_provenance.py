"""Finding the fetch (and so the subgraph) that selected a client response path."""

from __future__ import annotations

from typing import Any

from gateway.execution import fetch_at, service_at
from gateway.plan import (
    ANY_INDEX,
    ConditionNode,
    FetchNode,
    FlattenNode,
    Key,
    KeyRenamer,
    ParallelNode,
    QueryPlan,
    RequiresField,
    RequiresInlineFragment,
    SequenceNode,
    TypeCondition,
)


def key(typename: str) -> tuple[RequiresInlineFragment, ...]:
    return (
        RequiresInlineFragment(
            type_condition=typename,
            selections=(RequiresField(name="__typename"), RequiresField(name="id")),
        ),
    )


def entities(service: str, selection: str, typename: str = "User", **kw: Any) -> FetchNode:
    operation = (
        "query($representations:[_Any!]!){_entities(representations:$representations)"
        f"{{{selection}}}}}"
    )
    return FetchNode(service_name=service, operation=operation, requires=key(typename), **kw)


POSTS = FetchNode(
    service_name="posts",
    operation="{ posts { title author { __typename id } } top: post(id: 1) { title } }",
)
USERS = entities("users", "... on User { name pets { name } }")
PLAN = QueryPlan(
    node=SequenceNode(
        nodes=(
            POSTS,
            FlattenNode(path=(Key(name="posts"), ANY_INDEX, Key(name="author")), node=USERS),
        )
    )
)


def test_root_field_and_its_leaves_come_from_the_root_fetch() -> None:
    assert fetch_at(PLAN, ["posts"]) is POSTS
    assert fetch_at(PLAN, ["posts", 3]) is POSTS
    assert fetch_at(PLAN, ["posts", 0, "title"]) is POSTS
    assert fetch_at(PLAN, ["posts", 0, "author", "id"]) is POSTS
    assert fetch_at(PLAN, ["top", "title"]) is POSTS  # an alias is the response key


def test_fields_below_a_flatten_path_come_from_the_entity_fetch() -> None:
    assert fetch_at(PLAN, ["posts", 2, "author", "name"]) is USERS
    assert fetch_at(PLAN, ["posts", 2, "author", "pets", 1, "name"]) is USERS
    assert service_at(PLAN, ["posts", 2, "author", "pets"]) == "users"


def test_paths_no_fetch_selected_have_no_answer() -> None:
    assert fetch_at(PLAN, ["comments"]) is None
    assert fetch_at(PLAN, ["posts", 0, "author", "email"]) is None
    assert fetch_at(PLAN, []) is None
    assert fetch_at(QueryPlan(), ["posts"]) is None


def test_output_key_renamer_is_followed() -> None:
    renamed = entities(
        "users",
        "... on User { __internal_name_1: name }",
        output_rewrites=(
            KeyRenamer(
                path=(TypeCondition(type_name="User"), Key(name="__internal_name_1")),
                rename_key_to="name",
            ),
        ),
    )
    plan = QueryPlan(
        node=SequenceNode(
            nodes=(
                POSTS,
                FlattenNode(path=(Key(name="posts"), ANY_INDEX, Key(name="author")), node=renamed),
            )
        )
    )
    assert fetch_at(plan, ["posts", 0, "author", "name"]) is renamed


def test_type_conditions_pick_the_fetch_of_the_object_type() -> None:
    search = FetchNode(service_name="search", operation="{ hits { __typename id } }")
    books = entities("books", "... on Book { title }", "Book")
    films = entities("films", "... on Film { title }", "Film")
    plan = QueryPlan(
        node=SequenceNode(
            nodes=(
                search,
                ParallelNode(
                    nodes=(
                        FlattenNode(
                            path=(Key(name="hits"), ANY_INDEX, TypeCondition(type_name="Book")),
                            node=books,
                        ),
                        FlattenNode(
                            path=(Key(name="hits"), ANY_INDEX, TypeCondition(type_name="Film")),
                            node=films,
                        ),
                    )
                ),
            )
        )
    )
    data = {"hits": [{"__typename": "Book", "id": "1"}, {"__typename": "Film", "id": "2"}]}
    assert fetch_at(plan, ["hits", 0, "title"], data=data) is books
    assert fetch_at(plan, ["hits", 1, "title"], data=data) is films
    # Without the data the types cannot be told apart: the last fetch run wins.
    assert fetch_at(plan, ["hits", 0, "title"]) is films


def test_inline_fragments_in_an_operation_follow_the_object_type() -> None:
    root = FetchNode(
        service_name="shop",
        operation="{ items { __typename ... on Shoe { size } ... on Hat { size } } }",
    )
    hats = FetchNode(service_name="hats", operation="{ items { ... on Hat { size } } }")
    plan = QueryPlan(node=ParallelNode(nodes=(root, hats)))
    data = {"items": [{"__typename": "Shoe", "size": 1}, {"__typename": "Hat", "size": 2}]}
    assert fetch_at(plan, ["items", 0, "size"], data=data) is root
    assert fetch_at(plan, ["items", 1, "size"], data=data) is hats


def test_an_abstract_type_condition_is_accepted_when_no_exact_one_matches() -> None:
    # An @interfaceObject's fetch selects `... on Media` for objects whose type is `Book`.
    media = entities("media", "... on Media { rating }", "Media")
    plan = QueryPlan(
        node=SequenceNode(
            nodes=(
                FetchNode(service_name="books", operation="{ book { __typename id } }"),
                FlattenNode(path=(Key(name="book"),), node=media),
            )
        )
    )
    data = {"book": {"__typename": "Book", "id": "1"}}
    assert fetch_at(plan, ["book", "rating"], data=data) is media


def test_conditions_follow_the_variables() -> None:
    a = FetchNode(service_name="a", operation="{ x }")
    b = FetchNode(service_name="b", operation="{ x }")
    plan = QueryPlan(node=ConditionNode(condition="flag", if_clause=a, else_clause=b))
    assert fetch_at(plan, ["x"], variables={"flag": True}) is a
    assert fetch_at(plan, ["x"], variables={"flag": False}) is b


def test_named_fragments_in_an_operation_are_followed() -> None:
    fetch = FetchNode(
        service_name="a", operation="query { me { ...F } } fragment F on User { name }"
    )
    assert fetch_at(QueryPlan(node=fetch), ["me", "name"]) is fetch


def test_an_operation_that_does_not_parse_selects_nothing() -> None:
    fetch = FetchNode(service_name="a", operation="{ x {")
    assert fetch_at(QueryPlan(node=fetch), ["x"]) is None

import asyncio
import copy
from typing import Any

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, parse

from gateway.execution import ExecutionOptions, SubgraphRequest, execute_plan
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
    ValueSetter,
)

from .fakes import FakeFetch, entities

USER_KEY = (
    RequiresInlineFragment(
        type_condition="User",
        selections=(RequiresField(name="__typename"), RequiresField(name="id")),
    ),
)
ENTITY_OP = (
    "query($representations:[_Any!]!){_entities(representations:$representations)"
    "{...on User{name}}}"
)


def root(service: str, operation: str = "{ posts { __typename author { __typename id } } }",
         **kw: Any) -> FetchNode:  # fmt: skip
    """A root fetch; its response keys (which the planner provides) are read from `operation`."""
    kw.setdefault("response_keys", top_keys(operation))
    return FetchNode(service_name=service, operation=operation, **kw)


def entity(service: str, **kw: Any) -> FetchNode:
    return FetchNode(
        service_name=service, operation=ENTITY_OP, requires=USER_KEY, response_keys=("name",), **kw
    )


def top_keys(operation: str) -> tuple[str, ...]:
    """The root response keys of a hand-written operation (empty when it does not parse)."""
    try:
        document = parse(operation)
    except GraphQLError:
        return ()
    definition = document.definitions[0]
    assert isinstance(definition, OperationDefinitionNode)
    return tuple(
        (selection.alias or selection.name).value
        for selection in definition.selection_set.selections
        if isinstance(selection, FieldNode)
    )


POSTS = {
    "data": {
        "posts": [
            {"__typename": "Post", "author": {"__typename": "User", "id": "1"}},
            {"__typename": "Post", "author": {"__typename": "User", "id": "2"}},
            {"__typename": "Post", "author": {"__typename": "User", "id": "1"}},
            {"__typename": "Post", "author": None},
        ]
    }
}

POSTS_THEN_USERS = QueryPlan(
    node=SequenceNode(
        nodes=(
            root("posts"),
            FlattenNode(
                path=(Key(name="posts"), ANY_INDEX, Key(name="author")), node=entity("users")
            ),
        )
    )
)


async def test_root_fetch_merges_data_into_response_root() -> None:
    fetch = FakeFetch(a=lambda _r: {"data": {"x": 1}}, b=lambda _r: {"data": {"y": {"z": 2}}})
    plan = QueryPlan(node=ParallelNode(nodes=(root("a", "{x}"), root("b", "{y{z}}"))))
    result = await execute_plan(plan, variables={}, fetch=fetch)
    assert result.data == {"x": 1, "y": {"z": 2}}
    assert result.errors == []


async def test_entity_fetch_sends_deduplicated_representations_in_one_call() -> None:
    fetch = FakeFetch(
        posts=lambda _r: copy.deepcopy(POSTS),
        users=entities(lambda rep: {"name": f"user-{rep['id']}"}),
    )
    result = await execute_plan(POSTS_THEN_USERS, variables={}, fetch=fetch)
    calls = fetch.calls_to("users")
    assert len(calls) == 1
    assert calls[0].variables["representations"] == [
        {"__typename": "User", "id": "1"},
        {"__typename": "User", "id": "2"},
    ]
    names = [p["author"] and p["author"].get("name") for p in result.data["posts"]]
    assert names == ["user-1", "user-2", "user-1", None]


async def test_entity_merged_into_several_objects_does_not_share_nested_objects() -> None:
    fetch = FakeFetch(
        posts=lambda _r: copy.deepcopy(POSTS),
        users=entities(lambda rep: {"name": "n", "org": {"id": rep["id"]}}),
    )
    result = await execute_plan(POSTS_THEN_USERS, variables={}, fetch=fetch)
    first, third = result.data["posts"][0]["author"], result.data["posts"][2]["author"]
    assert first["org"] == third["org"]
    assert first["org"] is not third["org"]


async def test_flatten_skips_null_parents_and_makes_no_call_without_representations() -> None:
    fetch = FakeFetch(
        posts=lambda _r: {"data": {"posts": [{"author": None}]}},
        users=entities(lambda rep: {"name": "never"}),
    )
    result = await execute_plan(POSTS_THEN_USERS, variables={}, fetch=fetch)
    assert fetch.calls_to("users") == []
    assert result.data == {"posts": [{"author": None}]}


async def test_parallel_nodes_run_concurrently() -> None:
    started = 0
    both_started = asyncio.Event()

    async def waits_for_the_other(_request: SubgraphRequest) -> Any:
        nonlocal started
        started += 1
        if started == 2:
            both_started.set()
        await both_started.wait()
        return {"data": {}}

    fetch = FakeFetch(a=waits_for_the_other, b=waits_for_the_other)
    plan = QueryPlan(node=ParallelNode(nodes=(root("a", "{x}"), root("b", "{y}"))))
    # Run one after the other, the first fetch would wait forever and hit the timeout.
    result = await execute_plan(
        plan, variables={}, fetch=fetch, options=ExecutionOptions(default_timeout=5)
    )
    assert result.errors == []
    assert started == 2


async def test_condition_node_picks_branch_by_boolean_variable() -> None:
    fetch = FakeFetch(a=lambda _r: {"data": {"a": 1}}, b=lambda _r: {"data": {"b": 1}})
    plan = QueryPlan(
        node=ConditionNode(
            condition="flag", if_clause=root("a", "{a}"), else_clause=root("b", "{b}")
        )
    )
    yes = await execute_plan(plan, variables={"flag": True}, fetch=fetch)
    no = await execute_plan(plan, variables={"flag": False}, fetch=fetch)
    assert (yes.data, no.data) == ({"a": 1}, {"b": 1})


async def test_fetch_receives_only_the_variables_it_uses() -> None:
    fetch = FakeFetch(a=lambda _r: {"data": {}})
    plan = QueryPlan(node=root("a", "query($id: ID){x(id:$id)}", variable_usages=("id",)))
    await execute_plan(plan, variables={"id": "7", "other": "secret"}, fetch=fetch)
    assert fetch.requests[0].variables == {"id": "7"}


async def test_entity_fetch_adds_its_variables_next_to_representations() -> None:
    fetch = FakeFetch(
        posts=lambda _r: copy.deepcopy(POSTS), users=entities(lambda rep: {"name": "n"})
    )
    plan = QueryPlan(
        node=SequenceNode(
            nodes=(
                root("posts"),
                FlattenNode(
                    path=(Key(name="posts"), ANY_INDEX, Key(name="author")),
                    node=entity("users", variable_usages=("lang",)),
                ),
            )
        )
    )
    await execute_plan(plan, variables={"lang": "fr"}, fetch=fetch)
    assert fetch.calls_to("users")[0].variables["lang"] == "fr"


async def test_input_rewrites_change_representations_before_sending() -> None:
    rewrite = ValueSetter(
        path=(TypeCondition(type_name="User"), Key(name="__typename")), set_value="Account"
    )
    fetch = FakeFetch(
        posts=lambda _r: copy.deepcopy(POSTS),
        users=entities(lambda rep: {"name": rep["__typename"]}),
    )
    plan = QueryPlan(
        node=SequenceNode(
            nodes=(
                root("posts"),
                FlattenNode(
                    path=(Key(name="posts"), ANY_INDEX, Key(name="author")),
                    node=entity("users", input_rewrites=(rewrite,)),
                ),
            )
        )
    )
    result = await execute_plan(plan, variables={}, fetch=fetch)
    reps = fetch.calls_to("users")[0].variables["representations"]
    assert {rep["__typename"] for rep in reps} == {"Account"}
    # The merged objects keep their own typename: only the representation was rewritten.
    assert result.data["posts"][0]["author"]["__typename"] == "User"


async def test_output_rewrites_rename_keys_before_merging() -> None:
    rewrite = KeyRenamer(path=(Key(name="name__alias_0"),), rename_key_to="name")
    fetch = FakeFetch(
        posts=lambda _r: copy.deepcopy(POSTS), users=entities(lambda rep: {"name__alias_0": "n"})
    )
    plan = QueryPlan(
        node=SequenceNode(
            nodes=(
                root("posts"),
                FlattenNode(
                    path=(Key(name="posts"), ANY_INDEX, Key(name="author")),
                    node=entity("users", output_rewrites=(rewrite,)),
                ),
            )
        )
    )
    result = await execute_plan(plan, variables={}, fetch=fetch)
    assert result.data["posts"][1]["author"] == {"__typename": "User", "id": "2", "name": "n"}


async def test_seed_data_is_kept_and_merged_with_fetches() -> None:
    fetch = FakeFetch(a=lambda _r: {"data": {"x": 1}})
    result = await execute_plan(
        QueryPlan(node=root("a", "{x}")), variables={}, fetch=fetch, data={"__schema": {"q": 1}}
    )
    assert result.data == {"__schema": {"q": 1}, "x": 1}


async def test_plan_without_node_makes_no_fetch() -> None:
    fetch = FakeFetch()
    result = await execute_plan(QueryPlan(), variables={}, fetch=fetch)
    assert (result.data, result.errors, fetch.requests) == ({}, [], [])

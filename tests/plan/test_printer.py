"""The Apollo-style text form of plans."""

from __future__ import annotations

from gateway.plan import (
    ANY_INDEX,
    ConditionNode,
    FetchNode,
    FlattenNode,
    Key,
    ParallelNode,
    QueryPlan,
    RequiresField,
    RequiresInlineFragment,
    SequenceNode,
    TypeCondition,
    print_plan,
)

_ROOT = FetchNode(service_name="tutors", operation='{ tutor(id: "1") { __typename id } }')
_ENTITY = FetchNode(
    service_name="reviews",
    operation=(
        "query($representations: [_Any!]!) { _entities(representations: $representations)"
        " { ... on Tutor { rating } } }"
    ),
    requires=(
        RequiresInlineFragment(
            type_condition="Tutor",
            selections=(RequiresField(name="__typename"), RequiresField(name="id")),
        ),
    ),
)


def test_print_plan_shows_sequence_fetch_and_flatten() -> None:
    plan = QueryPlan(
        node=SequenceNode(nodes=(_ROOT, FlattenNode(path=(Key(name="tutor"),), node=_ENTITY)))
    )
    assert (
        print_plan(plan)
        == """\
QueryPlan {
  Sequence {
    Fetch(service: "tutors") {
      {
        tutor(id: "1") {
          __typename
          id
        }
      }
    },
    Flatten(path: "tutor") {
      Fetch(service: "reviews") {
        {
          ... on Tutor {
            __typename
            id
          }
        } =>
        {
          ... on Tutor {
            rating
          }
        }
      },
    },
  },
}"""
    )


def test_print_plan_shows_list_paths_parallel_and_conditions() -> None:
    plan = QueryPlan(
        node=ParallelNode(
            nodes=(
                ConditionNode(condition="withRating", if_clause=_ROOT),
                ConditionNode(
                    condition="skipIt",
                    else_clause=FlattenNode(path=(Key(name="a"), ANY_INDEX), node=_ROOT),
                ),
            )
        )
    )
    text = print_plan(plan)
    assert "Parallel {" in text
    assert "Include(if: $withRating) {" in text
    assert "Skip(if: $skipIt) {" in text
    assert 'Flatten(path: "a.@") {' in text


def test_print_plan_with_both_branches_shows_then_and_else() -> None:
    plan = QueryPlan(node=ConditionNode(condition="v", if_clause=_ROOT, else_clause=_ROOT))
    text = print_plan(plan)
    assert text.startswith("QueryPlan {\n  Condition(if: $v) {\n    Then {")
    assert "    Else {" in text


def test_print_empty_plan() -> None:
    assert print_plan(QueryPlan()) == "QueryPlan {\n}"


def test_print_plan_writes_type_conditions_in_paths_like_apollo() -> None:
    plan = QueryPlan(
        node=FlattenNode(
            path=(Key(name="fleet"), ANY_INDEX, TypeCondition(type_name="Van"), Key(name="who")),
            node=_ENTITY,
        )
    )
    assert 'Flatten(path: "fleet.@|[Van].who") {' in print_plan(plan)

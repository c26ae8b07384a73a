"""The plan-aware check: recorded operations re-planned against supergraphs composed here."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from hashlib import sha256

import pytest

from gateway.composition import CompositionFailure, CompositionSuccess, SubgraphInput, compose
from gateway.plan import ConditionNode, FetchNode, FlattenNode, Key, ParallelNode, QueryPlan
from gateway.plan import SequenceNode as Sequence
from registry.checks.plans import (
    PlanFindingKind,
    PlanShape,
    PlanThresholds,
    RecordedOperation,
    SupergraphLoadError,
    plan_shape,
    replan_operations,
)

FED = (
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7",'
    ' import: ["@key", "@external", "@requires"])\n'
)
TUTORS = """
type Query { tutor(id: ID!): Tutor tutors: [Tutor!]! }
type Tutor @key(fields: "id") { id: ID! name: String bio: String }
"""
TUTORS_WITHOUT_BIO = """
type Query { tutor(id: ID!): Tutor tutors: [Tutor!]! }
type Tutor @key(fields: "id") { id: ID! name: String }
"""
TUTORS_WITH_IDS_ONLY = """
type Query { tutor(id: ID!): Tutor tutors: [Tutor!]! }
type Tutor @key(fields: "id") { id: ID! }
"""
REVIEWS = 'type Tutor @key(fields: "id") { id: ID! rating: Float }'
REVIEWS_WITH_BIO = 'type Tutor @key(fields: "id") { id: ID! rating: Float bio: String }'
REVIEWS_WITHOUT_RATING = 'type Tutor @key(fields: "id") { id: ID! stars: Int }'
REVIEWS_WITH_BIO_WITHOUT_RATING = 'type Tutor @key(fields: "id") { id: ID! bio: String }'
SCHEDULING = 'type Tutor @key(fields: "id") { id: ID! slots: Int }'
SCHEDULING_WITH_RATING = 'type Tutor @key(fields: "id") { id: ID! slots: Int rating: Float }'
SCHEDULING_REQUIRING_RATING = """
type Tutor @key(fields: "id") {
  id: ID!
  rating: Float @external
  slots: Int @requires(fields: "rating")
}
"""


@cache
def _compose(**subgraphs: str) -> str:
    result = compose(
        [SubgraphInput(name=n, url=f"http://{n}", sdl=FED + s) for n, s in subgraphs.items()]
    )
    assert isinstance(result, CompositionSuccess), result
    return result.supergraph_sdl


def supergraph(subgraphs: Mapping[str, str]) -> str:
    return _compose(**subgraphs)


BASE = supergraph({"tutors": TUTORS, "reviews": REVIEWS})
BIO_MOVED = supergraph({"tutors": TUTORS_WITHOUT_BIO, "reviews": REVIEWS_WITH_BIO})


def op(document: str, name: str | None = None, *, count: int = 1) -> RecordedOperation:
    return RecordedOperation(
        hash=sha256(document.encode()).hexdigest(),
        name=name,
        document=document,
        clients=("web@1.0.0",),
        count=count,
    )


def _unreachable_reviews() -> str:
    """BASE with the reviews key of Tutor made non-resolvable by editing the supergraph SDL.

    Our composer refuses such a subgraph set (see the test below), as Apollo's does; a supergraph
    like this can still reach the registry from another composer or be pushed as a file, and the
    planner then really fails: `Tutor.rating` lives only in reviews, which nothing can enter.
    """
    key = '@join__type(graph: REVIEWS, key: "id")'
    assert BASE.count(key) == 1
    return BASE.replace(key, '@join__type(graph: REVIEWS, key: "id", resolvable: false)')


TUTOR_THEN_BIO_FROM_REVIEWS = """\
QueryPlan {
  Sequence {
    Fetch(service: "tutors") {
      {
        tutor(id: "") {
          name
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
            bio
          }
        }
      },
    },
  },
}"""


def test_a_field_moved_to_another_subgraph_is_worse_with_both_plans() -> None:
    recorded = op('query GetTutor { tutor(id: "") { name bio } }', "GetTutor")
    report = replan_operations([recorded], BASE, BIO_MOVED)
    assert report.checked == 1
    assert report.skipped == 0
    [finding] = report.findings
    assert finding.operation is recorded
    assert finding.operation_name == "GetTutor"
    assert finding.kind is PlanFindingKind.WORSE
    assert finding.criticality == "DANGEROUS"
    assert finding.message == (
        "GetTutor: 1 fetch → 2 (+1), sequential chain 1 → 2, new subgraph on the path: reviews"
    )
    assert finding.errors == ()
    assert finding.before == PlanShape(fetches=1, sequential_depth=1, subgraphs=("tutors",))
    assert finding.after == PlanShape(
        fetches=2, sequential_depth=2, subgraphs=("reviews", "tutors")
    )
    assert finding.before_plan == (
        'QueryPlan {\n  Fetch(service: "tutors") {\n    {\n      tutor(id: "") {\n'
        "        name\n        bio\n      }\n    }\n  },\n}"
    )
    assert finding.after_plan == TUTOR_THEN_BIO_FROM_REVIEWS
    assert not report.breaking


def test_a_removed_field_is_invalid() -> None:
    after = supergraph({"tutors": TUTORS, "reviews": REVIEWS_WITHOUT_RATING})
    report = replan_operations([op('query R { tutor(id: "") { name rating } }', "R")], BASE, after)
    [finding] = report.findings
    assert finding.kind is PlanFindingKind.INVALID
    assert finding.criticality == "BREAKING"
    assert finding.errors == ("Cannot query field 'rating' on type 'Tutor'.",)
    assert finding.message == (
        "R: no longer valid against the candidate: Cannot query field 'rating' on type 'Tutor'."
    )
    assert finding.before == PlanShape(
        fetches=2, sequential_depth=2, subgraphs=("reviews", "tutors")
    )
    assert finding.after is None
    assert finding.after_plan is None
    assert report.breaking


def test_the_composer_refuses_an_unreachable_entity_field() -> None:
    """Why the unplannable case below edits a supergraph instead of composing one."""
    unresolvable = 'type Tutor @key(fields: "id", resolvable: false) { id: ID! rating: Float }'
    result = compose(
        [
            SubgraphInput(name="tutors", url="http://tutors", sdl=FED + TUTORS),
            SubgraphInput(name="reviews", url="http://reviews", sdl=FED + unresolvable),
        ]
    )
    assert isinstance(result, CompositionFailure)
    assert [e.code for e in result.errors] == ["SATISFIABILITY_ERROR"]


def test_an_entity_field_no_key_can_reach_is_unplannable() -> None:
    operations = [op("query R { tutors { name rating } }", "R"), op("query N { tutors { name } }")]
    report = replan_operations(operations, BASE, _unreachable_reviews())
    assert report.checked == 2
    [finding] = report.findings
    assert finding.operation_name == "R"
    assert finding.kind is PlanFindingKind.UNPLANNABLE
    assert finding.criticality == "BREAKING"
    assert finding.errors == ("cannot plan Tutor.rating from subgraph 'tutors'",)
    assert finding.message == (
        "R: valid, but the candidate cannot plan it: "
        "cannot plan Tutor.rating from subgraph 'tutors'"
    )
    assert finding.before == PlanShape(
        fetches=2, sequential_depth=2, subgraphs=("reviews", "tutors")
    )
    assert finding.before_plan is not None
    assert 'Flatten(path: "tutors.@")' in finding.before_plan


def test_an_unchanged_operation_has_no_finding() -> None:
    report = replan_operations([op('{ tutor(id: "") { name } }')], BASE, BIO_MOVED)
    assert report.findings == ()
    assert report.checked == 1
    assert report.skipped == 0


def test_an_improved_plan_has_no_finding() -> None:
    recorded = op('query GetTutor { tutor(id: "") { name bio } }', "GetTutor")
    worse = replan_operations([recorded], BASE, BIO_MOVED)
    better = replan_operations([recorded], BIO_MOVED, BASE)
    assert len(worse.findings) == 1
    assert better.findings == ()
    assert better.checked == 1


def test_operations_broken_before_the_change_are_skipped_and_counted() -> None:
    operations = [
        op('{ tutor(id: "") { hourlyRate } }', "Rate"),
        op("{ tutor(id: ", "Cut"),
        op('query A { tutor(id: "") { name } } query B { tutor(id: "") { shoeSize } }'),
        op('{ tutor(id: "") { name } }', "Fine"),
    ]
    report = replan_operations(operations, BASE, BIO_MOVED)
    assert report.findings == ()
    assert report.checked == 1
    assert report.skipped == 4
    assert [(s.operation.name, s.operation_name, s.reason) for s in report.skipped_operations] == [
        (
            "Rate",
            None,
            "invalid against the current supergraph: "
            "Cannot query field 'hourlyRate' on type 'Tutor'.",
        ),
        ("Cut", None, "does not parse: Syntax Error: Unexpected <EOF>."),
        (
            None,
            "A",
            "invalid against the current supergraph: "
            "Cannot query field 'shoeSize' on type 'Tutor'.",
        ),
        (
            None,
            "B",
            "invalid against the current supergraph: "
            "Cannot query field 'shoeSize' on type 'Tutor'.",
        ),
    ]


def test_an_operation_unplannable_before_the_change_is_skipped() -> None:
    report = replan_operations(
        [op("query R { tutors { rating } }", "R")], _unreachable_reviews(), BASE
    )
    assert report.findings == ()
    assert report.checked == 0
    assert report.skipped == 1
    [skipped] = report.skipped_operations
    assert skipped.operation_name == "R"
    assert skipped.reason == (
        "cannot be planned against the current supergraph: "
        "cannot plan Tutor.rating from subgraph 'tutors'"
    )


@pytest.mark.parametrize(
    ("thresholds", "criticality", "suffix"),
    [
        (PlanThresholds(), "DANGEROUS", ""),
        (PlanThresholds(max_added_fetches=1, max_added_depth=1), "DANGEROUS", ""),
        (
            PlanThresholds(max_added_fetches=0),
            "BREAKING",
            " (over the threshold: at most +0 fetches)",
        ),
        (
            PlanThresholds(max_added_depth=0),
            "BREAKING",
            " (over the threshold: at most +0 on the sequential chain)",
        ),
        (
            PlanThresholds(max_added_fetches=0, max_added_depth=0),
            "BREAKING",
            " (over the threshold: at most +0 fetches, at most +0 on the sequential chain)",
        ),
    ],
)
def test_thresholds_make_a_worse_plan_breaking(
    thresholds: PlanThresholds, criticality: str, suffix: str
) -> None:
    recorded = op('query GetTutor { tutor(id: "") { name bio } }', "GetTutor")
    report = replan_operations([recorded], BASE, BIO_MOVED, thresholds=thresholds)
    [finding] = report.findings
    assert finding.kind is PlanFindingKind.WORSE
    assert finding.criticality == criticality
    assert finding.message == (
        "GetTutor: 1 fetch → 2 (+1), sequential chain 1 → 2, new subgraph on the path: reviews"
        + suffix
    )
    assert report.breaking is (criticality == "BREAKING")


def test_each_operation_of_a_document_is_planned() -> None:
    document = 'query A { tutor(id: "") { name } } query B { tutors { name bio } }'
    report = replan_operations([op(document, "A")], BASE, BIO_MOVED)
    assert report.checked == 2
    [finding] = report.findings
    assert finding.operation_name == "B"
    assert finding.message == (
        "B: 1 fetch → 2 (+1), sequential chain 1 → 2, new subgraph on the path: reviews"
    )
    assert finding.after_plan is not None
    assert 'Flatten(path: "tutors.@")' in finding.after_plan


def test_a_document_that_no_longer_validates_fails_every_operation_in_it() -> None:
    """The gateway validates whole documents: the candidate refuses A's requests too."""
    after = supergraph({"tutors": TUTORS, "reviews": REVIEWS_WITHOUT_RATING})
    document = 'query A { tutor(id: "") { name } } query B { tutor(id: "") { rating } }'
    report = replan_operations([op(document)], BASE, after)
    assert [(f.operation_name, f.kind, f.errors) for f in report.findings] == [
        (name, PlanFindingKind.INVALID, ("Cannot query field 'rating' on type 'Tutor'.",))
        for name in ("A", "B")
    ]


def test_fetches_under_include_with_a_variable_count() -> None:
    recorded = op('query C($v: Boolean!) { tutor(id: "") { name bio @include(if: $v) } }', "C")
    report = replan_operations([recorded], BASE, BIO_MOVED)
    [finding] = report.findings
    assert finding.before == PlanShape(fetches=1, sequential_depth=1, subgraphs=("tutors",))
    assert finding.after == PlanShape(
        fetches=2, sequential_depth=2, subgraphs=("reviews", "tutors")
    )
    assert finding.after_plan is not None
    assert "Include(if: $v) {" in finding.after_plan


def test_a_longer_chain_with_as_many_fetches_is_worse() -> None:
    before = supergraph({"tutors": TUTORS, "reviews": REVIEWS, "scheduling": SCHEDULING})
    after = supergraph(
        {"tutors": TUTORS, "reviews": REVIEWS, "scheduling": SCHEDULING_REQUIRING_RATING}
    )
    report = replan_operations([op("query P { tutors { rating slots } }", "P")], before, after)
    [finding] = report.findings
    assert finding.message == "P: sequential chain 2 → 3"
    assert finding.before == PlanShape(
        fetches=3, sequential_depth=2, subgraphs=("reviews", "scheduling", "tutors")
    )
    assert finding.after == PlanShape(
        fetches=3, sequential_depth=3, subgraphs=("reviews", "scheduling", "tutors")
    )


def test_a_new_subgraph_with_as_many_fetches_is_worse() -> None:
    after = supergraph(
        {"tutors": TUTORS, "reviews": REVIEWS_WITHOUT_RATING, "scheduling": SCHEDULING_WITH_RATING}
    )
    report = replan_operations([op("query S { tutors { rating } }", "S")], BASE, after)
    [finding] = report.findings
    assert finding.message == "S: new subgraph on the path: scheduling"
    assert finding.criticality == "DANGEROUS"
    assert finding.after == PlanShape(
        fetches=2, sequential_depth=2, subgraphs=("scheduling", "tutors")
    )


def test_findings_come_breaking_first_then_most_used_whatever_the_input_order() -> None:
    after = supergraph(
        {
            "tutors": TUTORS_WITH_IDS_ONLY,
            "reviews": REVIEWS_WITH_BIO_WITHOUT_RATING,
            "scheduling": SCHEDULING_WITH_RATING,
        }
    )
    operations = [
        op('query Rare { tutor(id: "") { bio } }', count=1),
        op("query Often { tutors { bio } }", count=50),
        op('query Gone { tutor(id: "") { name } }', count=2),
        op("{ tutors { id bio } }", count=50),
        op("query Moved { tutors { rating } }", count=100),
    ]
    breaking, dangerous = "BREAKING", "DANGEROUS"
    expected = [
        ("Gone", PlanFindingKind.INVALID, breaking),
        ("Often", PlanFindingKind.WORSE, breaking),
        (f"anonymous operation {operations[3].hash[:12]}", PlanFindingKind.WORSE, breaking),
        ("Rare", PlanFindingKind.WORSE, breaking),
        ("Moved", PlanFindingKind.WORSE, dangerous),
    ]
    thresholds = PlanThresholds(max_added_fetches=0)
    for order in (operations, operations[::-1]):
        report = replan_operations(order, BASE, after, thresholds=thresholds)
        found = [(f.message.split(":")[0], f.kind, f.criticality) for f in report.findings]
        assert found == expected


def test_the_shape_counts_fetches_in_every_branch_and_the_longest_chain() -> None:
    def fetch(service: str) -> FetchNode:
        return FetchNode(service_name=service, operation="{ x }")

    def entity(service: str) -> FlattenNode:
        return FlattenNode(path=(Key(name="x"),), node=fetch(service))

    plan = QueryPlan(
        node=Sequence(
            nodes=(
                fetch("a"),
                ParallelNode(
                    nodes=(
                        entity("b"),
                        ConditionNode(
                            condition="v",
                            if_clause=Sequence(nodes=(entity("c"), entity("d"))),
                            else_clause=entity("b"),
                        ),
                    )
                ),
            )
        )
    )
    assert plan_shape(plan) == PlanShape(
        fetches=5, sequential_depth=3, subgraphs=("a", "b", "c", "d")
    )
    assert plan_shape(QueryPlan()) == PlanShape(fetches=0, sequential_depth=0, subgraphs=())


def test_an_operation_the_gateway_answers_alone_has_no_fetch() -> None:
    report = replan_operations([op("{ __typename }")], BASE, BIO_MOVED)
    assert report.checked == 1
    assert report.findings == ()


def test_a_supergraph_that_does_not_load_is_an_error() -> None:
    with pytest.raises(SupergraphLoadError) as raised:
        replan_operations([], BASE, "type Query { a: Int }")
    assert raised.value.which == "after"
    assert str(raised.value).startswith("the after supergraph does not load: ")

"""`QueryPlanner.try_plan`: an operation that cannot be planned is a value, not an exception."""

from graphql import parse

from gateway.plan import QueryPlan
from gateway.planner import QueryPlanner
from gateway.planner.result import PlanningFailure
from tests.policy.auth.standins import standin_supergraph


def test_an_unknown_operation_name_is_a_planning_failure() -> None:
    planner = QueryPlanner(standin_supergraph())
    failure = planner.try_plan(parse("query A { __typename }"), "B")
    assert failure == PlanningFailure(message="unknown operation 'B'")


def test_a_plannable_operation_is_its_plan() -> None:
    planner = QueryPlanner(standin_supergraph())
    assert isinstance(planner.try_plan(parse("query A { __typename }"), "A"), QueryPlan)

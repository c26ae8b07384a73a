"""Subscription plans of the platform's supergraph, as Apollo prints them: the root fetch opened
once (`Primary`), the entity fetches run for every event (`Rest`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from graphql import parse, validate

from gateway.plan import print_plan
from gateway.planner import QueryPlanner
from gateway.supergraph import Supergraph, load_supergraph

SUPERGRAPH = Path(__file__).resolve().parents[2] / "schema" / "supergraph.graphql"


@pytest.fixture(scope="module")
def plan_text() -> Callable[[str], str]:
    supergraph = load_supergraph(SUPERGRAPH.read_text())
    assert isinstance(supergraph, Supergraph)
    planner = QueryPlanner(supergraph)

    def run(query: str) -> str:
        document = parse(query)
        assert validate(supergraph.api_schema, document) == []
        return print_plan(planner.plan(document, None))

    return run


def test_a_subscription_of_one_subgraph_has_only_its_primary(
    plan_text: Callable[[str], str],
) -> None:
    query = 'subscription { availabilityChanged(tutorId: "tutor-0007") { tutorId kind } }'
    assert (
        plan_text(query)
        == """\
QueryPlan {
  Subscription {
    Primary: {
      Fetch(service: "scheduling") {
        {
          availabilityChanged(tutorId: "tutor-0007") {
            tutorId
            kind
          }
        }
      },
    },
  },
}"""
    )


def test_each_event_is_completed_by_the_rest_of_the_plan(plan_text: Callable[[str], str]) -> None:
    query = "subscription { bookingChanged { kind booking { id student { displayName } } } }"
    assert (
        plan_text(query)
        == """\
QueryPlan {
  Subscription {
    Primary: {
      Fetch(service: "scheduling") {
        {
          bookingChanged {
            kind
            booking {
              id
              student {
                __typename
                id
              }
            }
          }
        }
      },
    },
    Rest: {
      Flatten(path: "bookingChanged.booking.student") {
        Fetch(service: "accounts") {
          {
            ... on User {
              __typename
              id
            }
          } =>
          {
            ... on User {
              displayName
            }
          }
        },
      },
    }
  },
}"""
    )

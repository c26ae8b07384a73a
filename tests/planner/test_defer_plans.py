"""`@defer` plans: a Defer node whose primary and deferred parts have fetches of their own."""

from __future__ import annotations

from graphql import parse

from gateway.composition import CompositionSuccess, SubgraphInput, compose
from gateway.plan import DeferNode, FetchNode, FlattenNode, PlanNode
from gateway.planner import QueryPlanner
from gateway.supergraph import Supergraph, load_supergraph
from tests.planner.inline import FED, plan_for

SUBGRAPHS = {
    "tutors": FED
    + """
type Query { tutor(id: ID!): Tutor  tutors: [Tutor!]! node: Node }
interface Node { id: ID! }
type Tutor implements Node @key(fields: "id") { id: ID! name: String! bio: String }
type Course implements Node @key(fields: "id") { id: ID! title: String }
type Address { city: String street: String }
extend type Tutor { address: Address }
""",
    "reviews": FED
    + """
type Tutor @key(fields: "id") { id: ID! rating: Float reviews: [Review!]! }
type Review { text: String }
type Course @key(fields: "id") { id: ID! enrolled: Int }
type Query { topReview: Review }
""",
}


def _fetches(node: PlanNode | None) -> list[FetchNode]:
    match node:
        case None:
            return []
        case FetchNode():
            return [node]
        case FlattenNode():
            return _fetches(node.node)
        case DeferNode():
            found = _fetches(node.primary)
            for part in node.deferred:
                found.extend(_fetches(part.node))
            return found
        case _:
            return [f for child in getattr(node, "nodes", ()) for f in _fetches(child)]


def test_subgraphs_never_see_defer() -> None:
    result = compose(
        [SubgraphInput(name=n, url=f"http://{n}", sdl=s) for n, s in SUBGRAPHS.items()]
    )
    assert isinstance(result, CompositionSuccess)
    supergraph = load_supergraph(result.supergraph_sdl)
    assert isinstance(supergraph, Supergraph)
    document = parse('{ tutor(id: "1") { name ... @defer { bio ... @defer { rating } } } }')
    plan = QueryPlanner(supergraph).plan(document)
    fetches = _fetches(plan.node)
    assert len(fetches) == 3
    assert all("@defer" not in fetch.operation for fetch in fetches)


def test_defer_on_an_entity_plans_an_entity_fetch_after_the_primary() -> None:
    expected = """\
QueryPlan {
  Defer {
    Primary {
      Fetch(service: "tutors", id: 0) {
        {
          tutor(id: "1") {
            name
            __typename
            id
          }
        }
      },
    }, [
      Deferred(depends: [0], path: "tutor", label: "slow") {
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
                reviews {
                  text
                }
              }
            }
          },
        },
      },
    ]
  },
}"""
    assert (
        plan_for(
            SUBGRAPHS,
            '{ tutor(id: "1") { name ... @defer(label: "slow") { rating reviews { text } } } }',
        )
        == expected
    )


def test_defer_on_the_same_subgraph_still_enters_by_key() -> None:
    expected = """\
QueryPlan {
  Defer {
    Primary {
      Fetch(service: "tutors", id: 0) {
        {
          tutor(id: "1") {
            name
            __typename
            id
          }
        }
      },
    }, [
      Deferred(depends: [0], path: "tutor") {
        Flatten(path: "tutor") {
          Fetch(service: "tutors") {
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
    ]
  },
}"""
    assert plan_for(SUBGRAPHS, '{ tutor(id: "1") { name ... @defer { bio } } }') == expected


def test_defer_inside_a_list_flattens_through_the_list() -> None:
    expected = """\
QueryPlan {
  Defer {
    Primary {
      Fetch(service: "tutors", id: 0) {
        {
          tutors {
            name
            __typename
            id
          }
        }
      },
    }, [
      Deferred(depends: [0], path: "tutors.@") {
        Parallel {
          Flatten(path: "tutors.@") {
            Fetch(service: "tutors") {
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
          Flatten(path: "tutors.@") {
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
      },
    ]
  },
}"""
    assert plan_for(SUBGRAPHS, "{ tutors { name ... on Tutor @defer { bio rating } } }") == expected


def test_defer_on_the_root_plans_root_fetches_of_its_own() -> None:
    expected = """\
QueryPlan {
  Defer {
    Primary {
      Fetch(service: "tutors") {
        {
          tutor(id: "1") {
            name
          }
        }
      },
    }, [
      Deferred(depends: [], path: "", label: "top") {
        Fetch(service: "reviews") {
          {
            topReview {
              text
            }
          }
        },
      },
    ]
  },
}"""
    assert (
        plan_for(
            SUBGRAPHS, '{ tutor(id: "1") { name } ... @defer(label: "top") { topReview { text } } }'
        )
        == expected
    )


def test_defer_if_variable_plans_both_under_a_condition() -> None:
    expected = """\
QueryPlan {
  Condition(if: $d) {
    Then {
      Defer {
        Primary {
          Fetch(service: "tutors", id: 0) {
            {
              tutor(id: "1") {
                name
                __typename
                id
              }
            }
          },
        }, [
          Deferred(depends: [0], path: "tutor") {
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
        ]
      },
    }
    Else {
      Sequence {
        Fetch(service: "tutors", id: 0) {
          {
            tutor(id: "1") {
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
                rating
              }
            }
          },
        },
      },
    }
  },
}"""
    assert (
        plan_for(
            SUBGRAPHS,
            'query($d: Boolean!) { tutor(id: "1") { name ... @defer(if: $d) { rating } } }',
        )
        == expected
    )


def test_defer_if_false_is_not_deferred() -> None:
    expected = """\
QueryPlan {
  Sequence {
    Fetch(service: "tutors") {
      {
        tutor(id: "1") {
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
            rating
          }
        }
      },
    },
  },
}"""
    assert (
        plan_for(SUBGRAPHS, '{ tutor(id: "1") { name ... @defer(if: false) { rating } } }')
        == expected
    )


def test_nested_defers_nest_their_deferred_parts() -> None:
    expected = """\
QueryPlan {
  Defer {
    Primary {
      Fetch(service: "tutors", id: 0) {
        {
          tutor(id: "1") {
            __typename
            id
          }
        }
      },
    }, [
      Deferred(depends: [0], path: "tutor", label: "a") {
        Defer {
          Primary {
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
          }, [
            Deferred(depends: [0], path: "tutor", label: "b") {
              Flatten(path: "tutor") {
                Fetch(service: "tutors") {
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
          ]
        },
      },
    ]
  },
}"""
    assert (
        plan_for(
            SUBGRAPHS,
            '{ tutor(id: "1") { ... @defer(label: "a") { rating'
            ' ... @defer(label: "b") { bio } } } }',
        )
        == expected
    )


def test_defer_on_a_fragment_on_an_abstract_type() -> None:
    expected = """\
QueryPlan {
  Defer {
    Primary {
      Fetch(service: "tutors", id: 0) {
        {
          node {
            __typename
            id
            ... on Tutor {
              __typename
              id
            }
          }
        }
      },
    }, [
      Deferred(depends: [0], path: "node") {
        Flatten(path: "node") {
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
    ]
  },
}"""
    assert plan_for(SUBGRAPHS, "{ node { id ... on Tutor @defer { rating } } }") == expected


def test_defer_on_a_value_type_defers_only_the_delivery() -> None:
    expected = """\
QueryPlan {
  Defer {
    Primary {
      Fetch(service: "tutors") {
        {
          tutor(id: "1") {
            address {
              city
              street
            }
          }
        }
      },
    }, [
      Deferred(depends: [], path: "tutor.address") {
      },
    ]
  },
}"""
    assert (
        plan_for(SUBGRAPHS, '{ tutor(id: "1") { address { city ... @defer { street } } } }')
        == expected
    )


def test_deferred_fragment_spread() -> None:
    expected = """\
QueryPlan {
  Defer {
    Primary {
      Fetch(service: "tutors", id: 0) {
        {
          tutor(id: "1") {
            name
            __typename
            id
          }
        }
      },
    }, [
      Deferred(depends: [0], path: "tutor", label: "spread") {
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
                reviews {
                  text
                }
              }
            }
          },
        },
      },
    ]
  },
}"""
    assert (
        plan_for(
            SUBGRAPHS,
            'query { tutor(id: "1") { name ...Later @defer(label: "spread") } }'
            " fragment Later on Tutor { reviews { text } }",
        )
        == expected
    )

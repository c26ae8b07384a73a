"""Plans of the tutoring supergraph, compared as Apollo-style text."""

from __future__ import annotations

from collections.abc import Callable


def test_root_field_of_one_subgraph_is_one_fetch(plan_text: Callable[..., str]) -> None:
    expected = """\
QueryPlan {
  Fetch(service: "accounts") {
    {
      me {
        name
      }
    }
  },
}"""
    assert plan_text("{ me { name } }") == expected


def test_entity_hop_through_key_flattens_at_the_field(plan_text: Callable[..., str]) -> None:
    expected = """\
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
      Fetch(service: "accounts") {
        {
          ... on Tutor {
            __typename
            id
          }
        } =>
        {
          ... on Tutor {
            headline
          }
        }
      },
    },
  },
}"""
    assert plan_text('{ tutor(id: "1") { headline } }') == expected


def test_progressive_override_label_on_moves_the_field(plan_text: Callable[..., str]) -> None:
    expected = """\
QueryPlan {
  Fetch(service: "tutors") {
    {
      tutor(id: "1") {
        headline
      }
    }
  },
}"""
    assert plan_text('{ tutor(id: "1") { headline } }', frozenset({"percent(25)"})) == expected


def test_union_members_hop_per_type_with_typename(plan_text: Callable[..., str]) -> None:
    expected = """\
QueryPlan {
  Sequence {
    Fetch(service: "tutors") {
      {
        search(text: "x") {
          __typename
          ... on Tutor {
            __typename
            id
          }
          ... on Subject {
            title
          }
        }
      }
    },
    Flatten(path: "search.@") {
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
        plan_text(
            '{ search(text: "x") { __typename ... on Tutor { rating } ... on Subject { title } } }'
        )
        == expected
    )


def test_include_with_variable_becomes_condition_node(plan_text: Callable[..., str]) -> None:
    expected = """\
QueryPlan {
  Sequence {
    Fetch(service: "tutors") {
      {
        tutors {
          id
          __typename
        }
      }
    },
    Include(if: $v) {
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
}"""
    assert plan_text("query($v: Boolean!) { tutors { id rating @include(if: $v) } }") == expected


def test_mutation_root_fields_run_in_order(plan_text: Callable[..., str]) -> None:
    expected = """\
QueryPlan {
  Sequence {
    Fetch(service: "accounts") {
      {
        signUp(name: "a") {
          id
        }
      }
    },
    Fetch(service: "tutors") {
      {
        becomeTutor(userId: "1") {
          __typename
          id
        }
      }
    },
    Flatten(path: "becomeTutor") {
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
    Fetch(service: "accounts") {
      {
        renameMe(name: "b") {
          name
        }
      }
    },
  },
}"""
    assert (
        plan_text(
            'mutation { signUp(name: "a") { id } becomeTutor(userId: "1") { rating }'
            ' renameMe(name: "b") { name } }'
        )
        == expected
    )


def test_interface_object_fields_fetched_with_interface_representation(
    plan_text: Callable[..., str],
) -> None:
    expected = """\
QueryPlan {
  Sequence {
    Fetch(service: "accounts") {
      {
        node(id: "1") {
          __typename
          id
          ... on User {
            __typename
            id
          }
        }
      }
    },
    Flatten(path: "node") {
      Fetch(service: "scheduling") {
        {
          ... on User {
            __typename
            id
          }
        } =>
        {
          ... on Node {
            createdAt
          }
        }
      },
    },
  },
}"""
    assert plan_text('{ node(id: "1") { id ... on User { createdAt } } }') == expected


def test_provides_requires_and_parallel_hops(plan_text: Callable[..., str]) -> None:
    expected = """\
QueryPlan {
  Sequence {
    Fetch(service: "tutors") {
      {
        tutor(id: "1") {
          __typename
          id
          user {
            name
            __typename
            id
          }
        }
      }
    },
    Parallel {
      Flatten(path: "tutor") {
        Fetch(service: "accounts") {
          {
            ... on Tutor {
              __typename
              id
            }
          } =>
          {
            ... on Tutor {
              headline
            }
          }
        },
      },
      Flatten(path: "tutor.user") {
        Fetch(service: "accounts") {
          {
            ... on User {
              __typename
              id
            }
          } =>
          {
            ... on User {
              timezone
            }
          }
        },
      },
      Sequence {
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
                  body
                  author {
                    __typename
                    id
                  }
                }
              }
            }
          },
        },
        Flatten(path: "tutor.reviews.@.author") {
          Fetch(service: "accounts") {
            {
              ... on User {
                __typename
                id
              }
            } =>
            {
              ... on User {
                name
                timezone
              }
            }
          },
        },
        Flatten(path: "tutor.reviews.@.author") {
          Fetch(service: "reviews") {
            {
              ... on User {
                __typename
                id
                timezone
              }
            } =>
            {
              ... on User {
                localReviewTime
              }
            }
          },
        },
      },
    },
  },
}"""
    assert (
        plan_text(
            '{ tutor(id: "1") { headline user { name timezone } rating'
            " reviews { body author { name localReviewTime } } } }"
        )
        == expected
    )

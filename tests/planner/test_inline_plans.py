"""Planner cases as inline subgraphs, composed by `gateway.composition`, compared as text."""

from __future__ import annotations

import pytest

from gateway.planner import PlanningError
from tests.planner.inline import FED, plan_for


def test_requires_chain_with_arguments() -> None:
    subgraphs = {
        "catalog": FED
        + """
type Query {
  products: [Product]
}
type Product @key(fields: "upc") {
  upc: String!
  price(currency: String!): Int
  weight: Int
}
""",
        "shipping": FED
        + """
type Product @key(fields: "upc") {
  upc: String!
  price(currency: String!): Int @external
  weight: Int @external
  estimate: Int @requires(fields: "price(currency: \\"USD\\") weight")
}
""",
        "insurance": FED
        + """
type Product @key(fields: "upc") {
  upc: String!
  estimate: Int @external
  premium: Int @requires(fields: "estimate")
}
""",
    }
    expected = """\
QueryPlan {
  Sequence {
    Fetch(service: "catalog") {
      {
        products {
          upc
          price(currency: "EUR")
          __typename
          __internal_price_ecbabde3: price(currency: "USD")
          weight
        }
      }
    },
    Flatten(path: "products.@") {
      Fetch(service: "shipping") {
        {
          ... on Product {
            __typename
            upc
            __internal_price_ecbabde3
            weight
          }
        } =>
        {
          ... on Product {
            estimate
          }
        }
      },
    },
    Flatten(path: "products.@") {
      Fetch(service: "insurance") {
        {
          ... on Product {
            __typename
            upc
            estimate
          }
        } =>
        {
          ... on Product {
            premium
          }
        }
      },
    },
  },
}"""
    assert plan_for(subgraphs, '{ products { upc price(currency: "EUR") premium } }') == expected


def test_shareable_root_split_across_subgraphs() -> None:
    subgraphs = {
        "names": FED
        + """
type Query {
  product: Product @shareable
}
type Product @shareable {
  id: ID!
  name: String
}
""",
        "prices": FED
        + """
type Query {
  product: Product @shareable
}
type Product @shareable {
  id: ID!
  price: Int
}
""",
    }
    expected = """\
QueryPlan {
  Parallel {
    Fetch(service: "names") {
      {
        product {
          id
          name
        }
      }
    },
    Fetch(service: "prices") {
      {
        product {
          price
        }
      }
    },
  },
}"""
    assert plan_for(subgraphs, "{ product { id name price } }") == expected


def test_parent_entity_call_for_value_type() -> None:
    subgraphs = {
        "a": FED
        + """
type Query {
  products: [Product!]!
}
type Product @key(fields: "id") {
  id: ID!
  category: Category @shareable
}
type Category @shareable {
  id: ID!
}
""",
        "b": FED
        + """
type Product @key(fields: "id") {
  id: ID!
  category: Category @shareable
}
type Category @shareable {
  id: ID!
  details: String
}
""",
    }
    expected = """\
QueryPlan {
  Sequence {
    Fetch(service: "a") {
      {
        products {
          id
          __typename
        }
      }
    },
    Flatten(path: "products.@") {
      Fetch(service: "b") {
        {
          ... on Product {
            __typename
            id
          }
        } =>
        {
          ... on Product {
            category {
              id
              details
            }
          }
        }
      },
    },
  },
}"""
    assert plan_for(subgraphs, "{ products { id category { id details } } }") == expected


def test_override_moves_field_to_new_subgraph() -> None:
    subgraphs = {
        "old": FED
        + """
type Query {
  user: User
}
type User @key(fields: "id") {
  id: ID!
  name: String
  email: String
}
""",
        "new": FED
        + """
type User @key(fields: "id") {
  id: ID!
  email: String @override(from: "old")
}
""",
    }
    expected = """\
QueryPlan {
  Sequence {
    Fetch(service: "old") {
      {
        user {
          name
          __typename
          id
        }
      }
    },
    Flatten(path: "user") {
      Fetch(service: "new") {
        {
          ... on User {
            __typename
            id
          }
        } =>
        {
          ... on User {
            email
          }
        }
      },
    },
  },
}"""
    assert plan_for(subgraphs, "{ user { name email } }") == expected


def test_provides_saves_a_hop_and_nested_provides() -> None:
    subgraphs = {
        "posts": FED
        + """
type Query {
  feed: [Post]
}
type Post @key(fields: "id") {
  id: ID!
  author: User @provides(fields: "name profile { bio }")
}
type User @key(fields: "id") {
  id: ID!
  name: String @external
  profile: Profile @external
}
type Profile {
  bio: String @shareable
}
""",
        "users": FED
        + """
type User @key(fields: "id") {
  id: ID!
  name: String @shareable
  profile: Profile @shareable
  age: Int
}
type Profile {
  bio: String @shareable
}
""",
    }
    expected = """\
QueryPlan {
  Sequence {
    Fetch(service: "posts") {
      {
        feed {
          author {
            name
            profile {
              bio
            }
            __typename
            id
          }
        }
      }
    },
    Flatten(path: "feed.@.author") {
      Fetch(service: "users") {
        {
          ... on User {
            __typename
            id
          }
        } =>
        {
          ... on User {
            age
          }
        }
      },
    },
  },
}"""
    assert plan_for(subgraphs, "{ feed { author { name profile { bio } age } } }") == expected


def test_interface_object_adds_fields_to_every_implementation() -> None:
    subgraphs = {
        "media": FED
        + """
type Query {
  media: [Media]
}
interface Media @key(fields: "id") {
  id: ID!
  title: String
}
type Book implements Media @key(fields: "id") {
  id: ID!
  title: String
  pages: Int
}
type Film implements Media @key(fields: "id") {
  id: ID!
  title: String
  minutes: Int
}
""",
        "ratings": FED
        + """
type Media @key(fields: "id") @interfaceObject {
  id: ID!
  stars: Int
}
type Query {
  topRated: [Media]
}
""",
    }
    expected = """\
QueryPlan {
  Parallel {
    Sequence {
      Fetch(service: "media") {
        {
          media {
            __typename
            title
            ... on Book {
              __typename
              id
            }
            ... on Film {
              __typename
              id
            }
          }
        }
      },
      Flatten(path: "media.@") {
        Fetch(service: "ratings") {
          {
            ... on Book {
              __typename
              id
            }
            ... on Film {
              __typename
              id
            }
          } =>
          {
            ... on Media {
              stars
            }
          }
        },
      },
    },
    Sequence {
      Fetch(service: "ratings") {
        {
          topRated {
            __typename
            id
            stars
          }
        }
      },
      Flatten(path: "topRated.@") {
        Fetch(service: "media") {
          {
            ... on Media {
              __typename
              id
            }
            ... on Book {
              __typename
              id
            }
            ... on Film {
              __typename
              id
            }
          } =>
          {
            ... on Media {
              __typename
              ... on Book {
                pages
              }
            }
          }
        },
      },
    },
  },
}"""
    assert (
        plan_for(
            subgraphs,
            "{ media { title stars } topRated { __typename stars ... on Book { pages } } }",
        )
        == expected
    )


def test_composite_and_non_resolvable_keys() -> None:
    subgraphs = {
        "orders": FED
        + """
type Query {
  orders: [Order]
}
type Order @key(fields: "id") {
  id: ID!
  line: Line
}
type Line @key(fields: "orderId sku { code }", resolvable: false) {
  orderId: ID!
  sku: Sku!
}
type Sku {
  code: String!
}
""",
        "stock": FED
        + """
type Line @key(fields: "orderId sku { code }") {
  orderId: ID!
  sku: Sku!
  available: Boolean
}
type Sku {
  code: String! @shareable
}
""",
    }
    expected = """\
QueryPlan {
  Sequence {
    Fetch(service: "orders") {
      {
        orders {
          line {
            __typename
            orderId
            sku {
              code
            }
          }
        }
      }
    },
    Flatten(path: "orders.@.line") {
      Fetch(service: "stock") {
        {
          ... on Line {
            __typename
            orderId
            sku {
              code
            }
          }
        } =>
        {
          ... on Line {
            available
          }
        }
      },
    },
  },
}"""
    assert plan_for(subgraphs, "{ orders { line { available } } }") == expected


def test_type_mismatch_across_fragments_is_aliased() -> None:
    subgraphs = {
        "a": FED
        + """
type Query {
  users: [User!]!
}
type User @key(fields: "id") {
  id: ID
}
""",
        "b": FED
        + """
type Query {
  accounts: [Account!]!
}
union Account = User | Admin type User @key(fields: "id") {
  id: ID!
  name: String
}
type Admin {
  id: ID
  name: String
}
""",
    }
    expected = """\
QueryPlan {
  Fetch(service: "b") {
    {
      accounts {
        __typename
        ... on User {
          __internal_id_107d6d3f: id
          name
        }
        ... on Admin {
          id
          name
        }
      }
    }
  },
}"""
    assert (
        plan_for(subgraphs, "{ accounts { ... on User { id name } ... on Admin { id name } } }")
        == expected
    )


def test_skip_with_variable_passes_through_and_conditions_hops() -> None:
    subgraphs = {
        "a": FED
        + """
type Query {
  me: User
}
type User @key(fields: "id") {
  id: ID!
  name: String
}
""",
        "b": FED
        + """
type User @key(fields: "id") {
  id: ID!
  karma: Int
}
""",
    }
    expected = """\
QueryPlan {
  Sequence {
    Fetch(service: "a") {
      {
        me {
          name @skip(if: $lite)
          __typename
          id
        }
      }
    },
    Skip(if: $lite) {
      Flatten(path: "me") {
        Fetch(service: "b") {
          {
            ... on User {
              __typename
              id
            }
          } =>
          {
            ... on User {
              karma
            }
          }
        },
      },
    },
  },
}"""
    assert (
        plan_for(
            subgraphs,
            "query($lite: Boolean!) { me { name @skip(if: $lite) karma @skip(if: $lite) } }",
        )
        == expected
    )


def test_shareable_sibling_fields_go_to_the_subgraph_serving_most_of_them() -> None:
    subgraphs = {
        "a": FED + 'type Query { t: T } type T @key(fields: "id") { id: ID! }',
        "b": FED + 'type T @key(fields: "id") { id: ID! x: Int @shareable }',
        "c": FED + 'type T @key(fields: "id") { id: ID! x: Int @shareable y: Int }',
    }
    expected = """\
QueryPlan {
  Sequence {
    Fetch(service: "a") {
      {
        t {
          __typename
          id
        }
      }
    },
    Flatten(path: "t") {
      Fetch(service: "c") {
        {
          ... on T {
            __typename
            id
          }
        } =>
        {
          ... on T {
            x
            y
          }
        }
      },
    },
  },
}"""
    assert plan_for(subgraphs, "{ t { x y } }") == expected


def test_same_alias_for_different_fields_per_type_keeps_fetches_apart() -> None:
    subgraphs = {
        "fleet": FED
        + """
type Query { fleet: [Vehicle] }
interface Vehicle { id: ID! }
type Van implements Vehicle @key(fields: "id") { id: ID! cargo: Int driver: Driver }
type Taxi implements Vehicle @key(fields: "id") { id: ID! fares: Int driver: Driver }
type Driver @key(fields: "id") { id: ID! }
""",
        "people": FED + 'type Driver @key(fields: "id") { id: ID! name: String license: String }',
    }
    query = (
        "{ fleet { ... on Van { n: cargo who: driver { x: name } }"
        " ... on Taxi { n: fares who: driver { x: license } } } }"
    )
    expected = """\
QueryPlan {
  Sequence {
    Fetch(service: "fleet") {
      {
        fleet {
          __typename
          ... on Van {
            n: cargo
            who: driver {
              __typename
              id
            }
          }
          ... on Taxi {
            n: fares
            who: driver {
              __typename
              id
            }
          }
        }
      }
    },
    Parallel {
      Flatten(path: "fleet.@|[Van].who") {
        Fetch(service: "people") {
          {
            ... on Driver {
              __typename
              id
            }
          } =>
          {
            ... on Driver {
              x: name
            }
          }
        },
      },
      Flatten(path: "fleet.@|[Taxi].who") {
        Fetch(service: "people") {
          {
            ... on Driver {
              __typename
              id
            }
          } =>
          {
            ... on Driver {
              x: license
            }
          }
        },
      },
    },
  },
}"""
    assert plan_for(subgraphs, query) == expected


def test_parent_entity_call_takes_the_key_where_the_entity_was_entered() -> None:
    """A value-type field no single subgraph completes is re-fetched from its parent entity; the
    key for that comes from the fetch before (the entity fetch it is in has the key @external)."""
    subgraphs = {
        "catalog": FED
        + """
type Query { product(id: ID!): Product }
type Product @key(fields: "id") { id: ID!  name: String }
""",
        "shelves": FED
        + """
type Product @key(fields: "id") { id: ID! @external  aisle: Aisle @shareable }
type Aisle @shareable { label: String }
""",
        "floor": FED
        + """
type Product @key(fields: "id") { id: ID! @external  aisle: Aisle @shareable }
type Aisle @shareable { number: Int }
""",
    }
    expected = """\
QueryPlan {
  Sequence {
    Fetch(service: "catalog") {
      {
        product(id: "1") {
          __typename
          id
        }
      }
    },
    Flatten(path: "product") {
      Fetch(service: "shelves") {
        {
          ... on Product {
            __typename
            id
          }
        } =>
        {
          ... on Product {
            aisle {
              label
            }
            ... @skip(if: $c) {
              aisle {
                __typename
              }
              __typename
            }
          }
        }
      },
    },
    Skip(if: $c) {
      Flatten(path: "product") {
        Fetch(service: "floor") {
          {
            ... on Product {
              __typename
              id
            }
          } =>
          {
            ... on Product {
              aisle {
                number
              }
            }
          }
        },
      },
    },
  },
}"""
    assert (
        plan_for(
            subgraphs,
            'query($c: Boolean!) { product(id: "1") {'
            " aisle { label } aisle @skip(if: $c) { number } } }",
        )
        == expected
    )


def test_a_field_selected_twice_counts_once_when_choosing_where_to_fetch() -> None:
    """`parent` twice below a provided field is one hop, not two: staying on the @provides path
    (one hop) beats moving `category` to a subgraph without `name` (two hops)."""
    subgraphs = {
        "shop": FED
        + """
type Query { products: [Product] @provides(fields: "category { id name }") }
type Product @key(fields: "id") { id: ID!  category: Category @external }
type Category @key(fields: "id") { id: ID!  name: String @external }
""",
        "catalog": FED
        + """
type Product @key(fields: "id") { id: ID!  category: Category @shareable }
type Category @key(fields: "id") { id: ID!  parent: Category }
""",
        "names": FED
        + """
type Category @key(fields: "id") { id: ID!  name: String @shareable }
""",
    }
    expected = """\
QueryPlan {
  Sequence {
    Fetch(service: "shop") {
      {
        products {
          category {
            id
            __typename
            name
          }
        }
      }
    },
    Flatten(path: "products.@.category") {
      Fetch(service: "catalog") {
        {
          ... on Category {
            __typename
            id
          }
        } =>
        {
          ... on Category {
            parent {
              id
            }
          }
        }
      },
    },
  },
}"""
    assert (
        plan_for(subgraphs, "{ products { category { id parent { id } name parent { id } } } }")
        == expected
    )


@pytest.mark.parametrize(
    "query", ["{ node { extra } }", "{ node { id ... @include(if: true) { extra } } }"]
)
def test_a_field_no_subgraph_can_reach_fails_to_plan_however_it_is_wrapped(query: str) -> None:
    """No object type implements `Node` and its @interfaceObject is not resolvable: `extra`
    cannot be fetched, with or without a fragment around it (as the federation audit expects)."""
    subgraphs = {
        "a": FED
        + """
type Query { node: Node }
interface Node @key(fields: "id") { id: ID! }
""",
        "b": FED
        + """
type Node @key(fields: "id", resolvable: false) @interfaceObject { id: ID!  extra: String }
""",
    }
    with pytest.raises(PlanningError):
        plan_for(subgraphs, query)

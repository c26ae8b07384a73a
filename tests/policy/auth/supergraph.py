"""A small supergraph with access rules everywhere, composed by our composer from two subgraphs."""

from __future__ import annotations

from functools import cache

from gateway.composition import CompositionSuccess, SubgraphInput, compose
from gateway.supergraph import Supergraph, load_supergraph

_LINK = (
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", '
    'import: ["@key", "@shareable", "@authenticated", "@requiresScopes", "@policy"])\n'
)

ACCOUNTS = (
    _LINK
    + """
type Query {
  me: User @authenticated
  users: [User!]!
  user(id: ID!): User
  audit: [String] @policy(policies: [["auditor"]])
  secret: Secret
  media: [Media!]!
  color: Color
  contact: Email
  items: [Item!]!
}
interface Item { id: ID! owner: String }
type Note implements Item { id: ID! owner: String @requiresScopes(scopes: [["notes"]]) }
type Doc implements Item { id: ID! owner: String }
type Mutation {
  rename(name: String!): User @requiresScopes(scopes: [["profile:write"]])
  ping: Boolean
}
type User @key(fields: "id") {
  id: ID!
  name: String!
  email: String @authenticated
  salary: Int! @requiresScopes(scopes: [["hr", "read"], ["admin"]])
  friends: [[User!]!]!
}
type Secret @authenticated { code: String }
enum Color @requiresScopes(scopes: [["paint"]]) { RED GREEN }
scalar Email @authenticated
union Media = Book | Film
type Book { title: String! }
type Film @authenticated { title: String! }
"""
)

REVIEWS = (
    _LINK
    + """
type User @key(fields: "id") {
  id: ID!
  reviews: [Review!]!
}
type Review {
  body: String!
  private: String @requiresScopes(scopes: [["moderator"]])
}
"""
)


@cache
def supergraph_sdl() -> str:
    result = compose(
        [
            SubgraphInput(name="accounts", url="http://accounts.example/graphql", sdl=ACCOUNTS),
            SubgraphInput(name="reviews", url="http://reviews.example/graphql", sdl=REVIEWS),
        ]
    )
    assert isinstance(result, CompositionSuccess), result
    return result.supergraph_sdl


@cache
def supergraph() -> Supergraph:
    loaded = load_supergraph(supergraph_sdl())
    assert isinstance(loaded, Supergraph), loaded
    return loaded

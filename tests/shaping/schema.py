"""A small API schema and a helper that compiles and shapes in one call."""

from __future__ import annotations

from typing import Any

from graphql import (
    FragmentDefinitionNode,
    OperationDefinitionNode,
    build_schema,
    parse,
)

from gateway.shaping import ServiceAt, compile_shape, shape_response

SCHEMA = build_schema(
    """
    type Query {
      me: User
      user(id: ID!): User!
      users: [User!]!
      maybeUsers: [User]
      search: [SearchResult!]!
      node: Node
      matrix: [[Int!]]
      tags: [String!]
      mood: Mood
      moods: [Mood!]
      strictMood: Mood!
      count: Int
      ratio: Float
      flag: Boolean
      title: String
      key: ID
      rank: Int!
      ids: [ID!]
      flags: [Boolean]
      blob: JSON
      blobs: [JSON!]
    }
    scalar JSON
    enum Mood { CALM ANGRY }
    type Mutation { rename(name: String!): User }
    interface Node { id: ID! }
    type User implements Node {
      id: ID! name: String! nick: String friends: [User!] best: User! age: Int score: Float!
      active: Boolean
    }
    type Book implements Node { id: ID! title: String }
    union SearchResult = User | Book
    """
)


def shape(
    query: str,
    data: dict[str, Any] | None,
    *,
    variables: dict[str, Any] | None = None,
    errors: list[dict[str, Any]] | None = None,
    service_at: ServiceAt | None = None,
) -> tuple[Any, list[dict[str, Any]]]:
    document = parse(query)
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    compiled = compile_shape(SCHEMA, operation, fragments, variables or {})
    errs = list(errors or [])
    return shape_response(data, compiled, errs, service_at), errs

"""How every subgraph builds its Strawberry federation schema: one version, the same extensions."""

from __future__ import annotations

import inspect
from typing import Any, Final

from graphql import GraphQLError
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.federation import Schema
from strawberry.federation.schema import FederationAny
from strawberry.types import ExecutionContext, Info

from shared.errors import BadUserInput, DomainError
from shared.subgraph.errors import ErrorCodes

__all__ = ["FEDERATION_VERSION", "SubgraphSchema", "build_schema"]

# Stated explicitly so that a Strawberry upgrade cannot change the supergraph's join version.
FEDERATION_VERSION: Final = "2.7"


class SubgraphSchema(Schema):
    """Strawberry's federation schema, with `_entities` that refuses malformed representations.

    Strawberry assumes every representation is an object naming an entity type with exactly the
    arguments of its `resolve_reference`; anything else surfaces as an internal error. Here such
    a representation yields a BAD_USER_INPUT error at its own index, and the others still resolve.
    """

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # Expected failures (a client's bad input, an unknown id) are answers, not incidents:
        # only the rest reach the error log.
        unexpected = [
            e
            for e in errors
            if e.original_error is not None and not isinstance(e.original_error, DomainError)
        ]
        super().process_errors(unexpected, execution_context)

    # The annotations matter: Strawberry derives the `_entities` field's type from them.
    def entities_resolver(
        self, info: Info, representations: list[FederationAny]
    ) -> list[FederationAny]:
        return [self._resolve_one(info, index, rep) for index, rep in enumerate(representations)]

    def _resolve_one(self, info: Info, index: int, representation: Any) -> Any:
        problem = self._representation_problem(representation)
        if problem is not None:
            return BadUserInput(f"representations[{index}]: {problem}")
        return super().entities_resolver(info, [FederationAny(dict(representation))])[0]

    def _representation_problem(self, representation: Any) -> str | None:
        if not isinstance(representation, dict):
            return "a representation must be an object"
        type_name = representation.get("__typename")
        if not isinstance(type_name, str):
            return "a representation needs a string __typename"
        type_ = self.schema_converter.type_map.get(type_name)
        definition = getattr(type_, "definition", None)
        origin = getattr(definition, "origin", None)
        if origin is None or not getattr(definition, "directives", None):
            return f"{type_name} is not an entity of this subgraph"
        resolve_reference = getattr(origin, "resolve_reference", None)
        if resolve_reference is None:
            return None
        fields = set(representation) - {"__typename"}
        params = inspect.signature(resolve_reference).parameters
        if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
            return None
        accepted = {n for n in params if n not in {"info", "self", "cls"}}
        required = {
            n for n, p in params.items() if n in accepted and p.default is inspect.Parameter.empty
        }
        if unknown := sorted(fields - accepted):
            return f"{type_name} has no key field {', '.join(unknown)}"
        if missing := sorted(required - fields):
            return f"{type_name} needs key field {', '.join(missing)}"
        return None


def build_schema(
    *, query: type, mutation: type | None = None, types: tuple[type, ...] = ()
) -> Schema:
    """A federation schema with parser and validation caches (about 3x throughput here)."""
    extensions: list[Any] = [
        ErrorCodes,
        lambda: ParserCache(maxsize=512),
        lambda: ValidationCache(maxsize=512),
    ]
    return SubgraphSchema(
        query=query,
        mutation=mutation,
        types=types,
        extensions=extensions,
        federation_version=FEDERATION_VERSION,
    )

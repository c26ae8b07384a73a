"""The declarations a scenario is made of: subgraphs (SDL + Python resolvers) and cases."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

Resolver = Callable[..., Any]
EntityResolver = Callable[[dict[str, Any]], Any]
# (request body, the formatted result) -> the JSON body actually sent.
Answer = Callable[[dict[str, Any], dict[str, Any]], Any]

FEDERATION_URL = "https://specs.apollo.dev/federation"


def link(*imports: str, version: str = "2.3") -> str:
    """The `extend schema @link(...)` header of a Federation 2 subgraph importing `imports`."""
    names = ", ".join(f'"{name}"' for name in imports)
    return f'extend schema @link(url: "{FEDERATION_URL}/v{version}", import: [{names}])\n'


@dataclass(frozen=True, slots=True, kw_only=True)
class Subgraph:
    """One subgraph: its SDL, root/field resolvers by type then field, entity resolvers by type.

    A field without a resolver reads the parent dict's key of the same name. An entity
    resolver gets the representation and returns a dict (merged over the representation, so
    `@requires` inputs stay readable) or None; `__typename` in the result picks the concrete
    type when the representation names an interface.
    """

    name: str
    sdl: str
    resolvers: Mapping[str, Mapping[str, Resolver]] = field(default_factory=dict)
    entities: Mapping[str, EntityResolver] = field(default_factory=dict)
    reset: Callable[[], None] | None = None
    # A broken subgraph answers every request with HTTP 500 and a non-JSON body.
    broken: bool = False
    # Rewrites each result before it is sent: a subgraph answering what its own schema does
    # not allow (a string for a list, a number for a String), or refusing an operation.
    answer: Answer | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Case:
    """One operation and the complete response a compliant gateway returns for it.

    `expected["data"]` is compared exactly, key order included. `expected["errors"]`, when
    present, lists one partial error per expected error: each key given (message, path,
    extensions) must match; absent means the response must carry no errors.
    """

    query: str
    expected: Mapping[str, Any]
    variables: Mapping[str, Any] | None = None
    operation_name: str | None = None
    name: str = ""
    # False only where gateways legitimately differ on reporting (see the case's comment):
    # then `errors` is not compared at all, `data` still is.
    check_errors: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    """A federation feature exercised by a few subgraphs and the cases asked of the gateway."""

    name: str
    feature: str
    subgraphs: tuple[Subgraph, ...]
    cases: tuple[Case, ...]

"""The registry's plain data: scopes and grants, schema versions, compositions, publish results.

Scopes are ordered: `read` < `check` < `publish` < `admin`; a token grants its scope and every
lower one, on one graph (or all) and one variant (or all).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum
from typing import Any, Literal

__all__ = [
    "Composition",
    "CompositionProblem",
    "Grant",
    "PublishOutcome",
    "PublishResult",
    "SchemaVersion",
    "Scope",
    "ServedSupergraph",
    "SubgraphSchema",
]


class Scope(IntEnum):
    READ = 1
    CHECK = 2
    PUBLISH = 3
    ADMIN = 4

    @classmethod
    def parse(cls, name: str) -> Scope:
        try:
            return cls[name.upper()]
        except KeyError:
            raise ValueError(f"unknown scope {name!r}: read, check, publish or admin") from None

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True, kw_only=True)
class Grant:
    """What a verified token may do."""

    name: str
    scope: Scope
    graph: str | None = None  # None: every graph
    variant: str | None = None  # None: every variant

    def allows(self, scope: Scope, graph: str | None = None, variant: str | None = None) -> bool:
        if self.scope < scope:
            return False
        if self.graph is not None and graph != self.graph:
            return False
        return self.variant is None or variant == self.variant


@dataclass(frozen=True, slots=True, kw_only=True)
class SubgraphSchema:
    """A subgraph as composition takes it."""

    name: str
    routing_url: str
    sdl: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SchemaVersion:
    id: int
    subgraph: str
    sdl: str
    sdl_hash: str
    routing_url: str
    author: str
    commit: str
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class CompositionProblem:
    """A composition error or hint, with Apollo's code, the subgraph and the SDL locations."""

    code: str
    message: str
    subgraph: str | None = None
    locations: tuple[tuple[int, int], ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "subgraph": self.subgraph,
            "locations": [{"line": line, "column": column} for line, column in self.locations],
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> CompositionProblem:
        return cls(
            code=value["code"],
            message=value["message"],
            subgraph=value.get("subgraph"),
            locations=tuple((loc["line"], loc["column"]) for loc in value.get("locations", ())),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Composition:
    id: int
    status: Literal["SUCCEEDED", "FAILED"]
    supergraph_hash: str | None
    errors: tuple[CompositionProblem, ...]
    hints: tuple[CompositionProblem, ...]
    versions: dict[str, int]
    trigger: str
    created_at: datetime

    @property
    def succeeded(self) -> bool:
        return self.status == "SUCCEEDED"


@dataclass(frozen=True, slots=True, kw_only=True)
class ServedSupergraph:
    """The supergraph a variant serves, as the gateway endpoint hands it out."""

    sdl: str
    hash: str
    composition_id: int

    @property
    def etag(self) -> str:
        return f'"{self.hash}"'


PublishOutcome = Literal["PUBLISHED", "UNCHANGED", "COMPOSITION_FAILED"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PublishResult:
    outcome: PublishOutcome
    version: SchemaVersion | None
    composition: Composition | None
    # Set when the outcome is UNCHANGED: the version already current.
    notes: tuple[str, ...] = field(default=())

"""Stand-in subgraphs for the authorization tests: two Strawberry federation schemas carrying
access rules, run in-process by a fetcher that records every request the gateway sends."""

from __future__ import annotations

from typing import Any

import strawberry

from gateway.composition import CompositionSuccess, SubgraphInput, compose
from gateway.execution import SubgraphRequest
from gateway.supergraph import Supergraph, load_supergraph
from shared.subgraph import described

NAMES = {"1": "Ada", "2": "Grace"}


@strawberry.federation.type(keys=["id"])
class User:
    id: strawberry.ID

    @strawberry.field
    def name(self) -> str:
        return NAMES[str(self.id)]

    @described.field("Only for signed-in callers.", authenticated=True)
    def email(self) -> str | None:
        return f"{NAMES[str(self.id)].lower()}@example.com"

    @described.field("Needs the hr scope.", requires_scopes=[["hr"]])
    def salary(self) -> int:
        return 1000 * int(self.id)

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> User:
        return cls(id=id)


@strawberry.type
class AccountsQuery:
    @described.field("The caller.", authenticated=True)
    def me(self) -> User | None:
        return User(id=strawberry.ID("1"))

    @described.field("A secret of one user.", authenticated=True)
    def secret_of(self, id: strawberry.ID) -> str | None:
        return f"secret of {id}"

    @strawberry.field
    def users(self) -> list[User]:
        return [User(id=strawberry.ID(key)) for key in NAMES]

    @strawberry.field
    def user(self, id: strawberry.ID) -> User | None:
        return User(id=id) if str(id) in NAMES else None


@strawberry.type
class Review:
    body: str

    @described.field("Needs the moderator scope.", requires_scopes=[["moderator"]])
    def author_note(self) -> str | None:
        return "note"


@strawberry.federation.type(keys=["id"], name="User")
class ReviewedUser:
    id: strawberry.ID

    @strawberry.field
    def reviews(self) -> list[Review]:
        return [Review(body=f"review of {self.id}")]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> ReviewedUser:
        return cls(id=id)


@strawberry.type
class ReviewsQuery:
    @strawberry.field
    def review_count(self) -> int:
        return 2


ACCOUNTS = strawberry.federation.Schema(query=AccountsQuery)
REVIEWS = strawberry.federation.Schema(query=ReviewsQuery, types=[ReviewedUser])
SUBGRAPHS = {"accounts": ACCOUNTS, "reviews": REVIEWS}


def standin_supergraph() -> Supergraph:
    result = compose(
        [
            SubgraphInput(name=name, url=f"http://{name}.example/graphql", sdl=schema.as_str())
            for name, schema in SUBGRAPHS.items()
        ]
    )
    assert isinstance(result, CompositionSuccess), result
    loaded = load_supergraph(result.supergraph_sdl)
    assert isinstance(loaded, Supergraph), loaded
    return loaded


class InProcessSubgraphs:
    """Runs each subgraph request against the stand-in schema; keeps what was asked."""

    def __init__(self) -> None:
        self.requests: list[SubgraphRequest] = []

    async def __call__(self, request: SubgraphRequest) -> Any:
        self.requests.append(request)
        result = await SUBGRAPHS[request.service_name].execute(
            request.query, variable_values=dict(request.variables)
        )
        body: dict[str, Any] = {"data": result.data}
        if result.errors:
            body["errors"] = [error.formatted for error in result.errors]
        return body

    def queries(self, service: str) -> list[str]:
        return [r.query for r in self.requests if r.service_name == service]

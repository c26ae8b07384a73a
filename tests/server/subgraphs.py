"""Small real subgraphs for the server tests: two Strawberry federation services and a chaos one.

`accounts` owns `User`; `reviews` owns `Review` and adds `User.reviews`; `chaos` answers
`Query.flaky` and `User.status`, and misbehaves on demand (`ChaosControl.mode`).
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import orjson
import strawberry
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from strawberry.asgi import GraphQL

from tests.support.supergraphs import JOIN_V03_PREAMBLE

USERS = {"1": "Ada", "2": "Grace", "3": "Linus"}


@strawberry.federation.type(keys=["id"])
class User:
    id: strawberry.ID

    @strawberry.field
    def name(self) -> str:
        return USERS[str(self.id)]

    @strawberry.field
    def secret(self) -> str | None:
        if str(self.id) == "2":
            raise PermissionError("not allowed to read this secret")
        return f"secret-{self.id}"

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> User:
        return cls(id=id)


@strawberry.type
class AccountsQuery:
    @strawberry.field
    def me(self) -> User:
        return User(id=strawberry.ID("1"))

    @strawberry.field
    def users(self) -> list[User]:
        return [User(id=strawberry.ID(key)) for key in USERS]


ACCOUNTS = strawberry.federation.Schema(query=AccountsQuery)

REVIEWS: dict[str, list[tuple[str, int]]] = {"1": [("Great", 5)], "2": [("Fine", 3), ("Meh", 2)]}


@strawberry.type
class Review:
    body: str
    stars: int
    author: ReviewAuthor


@strawberry.federation.type(name="User", keys=["id"])
class ReviewAuthor:
    id: strawberry.ID

    @strawberry.field
    def reviews(self) -> list[Review]:
        return [Review(body=b, stars=s, author=self) for b, s in REVIEWS.get(str(self.id), [])]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> ReviewAuthor:
        return cls(id=id)


@strawberry.type
class ReviewsQuery:
    @strawberry.field
    def latest_reviews(self) -> list[Review]:
        order = [("2", 0), ("1", 0), ("2", 1)]
        return [
            Review(
                body=REVIEWS[a][i][0],
                stars=REVIEWS[a][i][1],
                author=ReviewAuthor(id=strawberry.ID(a)),
            )
            for a, i in order
        ]


REVIEWS_SCHEMA = strawberry.federation.Schema(query=ReviewsQuery, types=[ReviewAuthor])


def strawberry_app(schema: strawberry.federation.Schema) -> Starlette:
    async def health(_request: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(routes=[Route("/health", health), Mount("/graphql", GraphQL(schema))])


class ChaosControl:
    """How the chaos subgraph answers, set by the test; `release` ends every hanging request."""

    def __init__(self) -> None:
        self.mode = "ok"
        self.release = threading.Event()
        self.bodies: list[bytes] = []


def chaos_app(control: ChaosControl) -> Starlette:
    async def graphql(request: Request) -> Response:
        body = await request.body()
        control.bodies.append(body)
        mode = control.mode
        if mode == "500":
            return PlainTextResponse("upstream exploded", status_code=500)
        if mode == "garbage":
            return Response(b"<html>not json", media_type="text/html")
        if mode == "wrong-shape":
            return Response(b'{"data": [1, 2, 3]}', media_type="application/json")
        if mode == "hang":
            # A threading.Event (the test sets it from another thread), so it is polled.
            while not control.release.is_set():  # noqa: ASYNC110 - a threading.Event
                await asyncio.sleep(0.02)
            return PlainTextResponse("late", status_code=504)
        payload: Any = orjson.loads(body)
        if "_entities" in payload["query"]:
            reps = payload["variables"]["representations"]
            data: Any = {"_entities": [{"status": f"active-{r['id']}"} for r in reps]}
        else:
            data = {"flaky": "fine"}
        return Response(orjson.dumps({"data": data}), media_type="application/json")

    async def health(_request: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(
        routes=[Route("/health", health), Route("/graphql", graphql, methods=["POST"])]
    )


SUPERGRAPH_TEMPLATE = (
    JOIN_V03_PREAMBLE
    + """

enum join__Graph {
  ACCOUNTS @join__graph(name: "accounts", url: "{accounts}")
  CHAOS @join__graph(name: "chaos", url: "{chaos}")
  REVIEWS @join__graph(name: "reviews", url: "{reviews}")
}

type Query @join__type(graph: ACCOUNTS) @join__type(graph: CHAOS) @join__type(graph: REVIEWS) {
  me: User! @join__field(graph: ACCOUNTS)
  users: [User!]! @join__field(graph: ACCOUNTS)
  flaky: String @join__field(graph: CHAOS)
  latestReviews: [Review!]! @join__field(graph: REVIEWS)
}

type User @join__type(graph: ACCOUNTS, key: "id") @join__type(graph: CHAOS, key: "id")
          @join__type(graph: REVIEWS, key: "id") {
  id: ID!
  name: String! @join__field(graph: ACCOUNTS)
  secret: String @join__field(graph: ACCOUNTS)
  status: String @join__field(graph: CHAOS)
  reviews: [Review!]! @join__field(graph: REVIEWS)
}

type Review @join__type(graph: REVIEWS) {
  body: String!
  stars: Int!
  author: User!
}
"""
)


def supergraph_sdl(urls: dict[str, str]) -> str:
    sdl = SUPERGRAPH_TEMPLATE
    for name, url in urls.items():
        sdl = sdl.replace("{" + name + "}", url)
    return sdl

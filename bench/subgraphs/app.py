"""The subgraphs' raw ASGI app: one route per subgraph, answers memoised by request body.

Every gateway sends the same few bodies over and over; after the first, an answer is one dict
lookup and one send, so the subgraphs cost next to nothing and the same for every gateway.
A body that is not a GraphQL request gets a 400 with a GraphQL error, never a traceback.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import orjson
from graphql import GraphQLSchema, graphql_sync

__all__ = ["MEMO_LIMIT", "SubgraphsApp"]

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

# Bodies remembered per route before the memo starts over (the benchmark uses a handful).
MEMO_LIMIT = 4096
_JSON = [(b"content-type", b"application/json")]


def _error(message: str) -> bytes:
    return orjson.dumps({"errors": [{"message": message, "extensions": {"code": "BAD_REQUEST"}}]})


class SubgraphsApp:
    """ASGI app serving each schema at `/<name>` (and `/<name>/graphql`)."""

    def __init__(self, schemas: Mapping[str, GraphQLSchema]) -> None:
        self._schemas = dict(schemas)
        self._memo: dict[str, dict[bytes, bytes]] = {name: {} for name in schemas}
        self.executions = 0  # answers computed (not memoised), for tests and curiosity
        self.requests = 0  # POSTs answered: a gateway's subgraph calls (GET /stats)

    def answer(self, name: str, body: bytes) -> tuple[int, bytes]:
        memo = self._memo[name]
        cached = memo.get(body)
        if cached is not None:
            return 200, cached
        try:
            request = orjson.loads(body)
        except orjson.JSONDecodeError:
            return 400, _error("body is not JSON")
        if not isinstance(request, dict) or not isinstance(request.get("query"), str):
            return 400, _error("expected a JSON object with a string `query`")
        variables = request.get("variables")
        operation = request.get("operationName")
        if (variables is not None and not isinstance(variables, dict)) or (
            operation is not None and not isinstance(operation, str)
        ):
            return 400, _error("`variables` must be an object, `operationName` a string")
        result = graphql_sync(
            self._schemas[name], request["query"], variable_values=variables,
            operation_name=operation,
        )  # fmt: skip
        self.executions += 1
        payload: dict[str, Any] = {"data": result.data}
        if result.errors:
            payload["errors"] = [error.formatted for error in result.errors]
        answer = orjson.dumps(payload)
        if len(memo) >= MEMO_LIMIT:
            memo.clear()
        memo[body] = answer
        return 200, answer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        parts = scope["path"].strip("/").split("/")
        name = parts[0]
        if scope["method"] == "GET" and name == "stats":
            stats = {"requests": self.requests, "executions": self.executions}
            await _respond(send, 200, orjson.dumps(stats))
            return
        if scope["method"] == "GET" and name == "health":
            await _respond(send, 200, b'{"ok":true}')
            return
        if name not in self._schemas or parts[1:] not in ([], ["graphql"]):
            await _respond(send, 404, _error(f"no subgraph at {scope['path']}"))
            return
        if scope["method"] != "POST":
            await _respond(send, 405, _error("POST a GraphQL request"))
            return
        chunks = []
        more = True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        self.requests += 1
        status, body = self.answer(name, b"".join(chunks))
        await _respond(send, status, body)


async def _respond(send: Send, status: int, body: bytes) -> None:
    headers = [*_JSON, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})

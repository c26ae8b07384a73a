"""Serve every scenario's subgraphs from one uvicorn server on a free loopback port."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterable, Iterator
from typing import Any

import uvicorn
from graphql import GraphQLSchema, graphql_sync
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from .model import Answer, Scenario
from .subgraph_schema import build_executable_schema, type_resolver

# Committed supergraphs name this origin; the runner swaps in the real one.
PLACEHOLDER_ORIGIN = "http://conformance-subgraphs.invalid"


def subgraph_url(origin: str, scenario: str, subgraph: str) -> str:
    return f"{origin}/{scenario}/{subgraph}"


def _app(
    schemas: dict[tuple[str, str], GraphQLSchema | None],
    answers: dict[tuple[str, str], Answer],
) -> Starlette:
    async def graphql_endpoint(request: Request) -> Response:
        key = (request.path_params["scenario"], request.path_params["subgraph"])
        if key not in schemas:
            return PlainTextResponse("no such subgraph", status_code=404)
        schema = schemas[key]
        if schema is None:
            return PlainTextResponse("subgraph exploded", status_code=500)
        try:
            body: Any = await request.json()
        except ValueError:
            return JSONResponse({"errors": [{"message": "body is not JSON"}]}, status_code=400)
        if not isinstance(body, dict) or not isinstance(body.get("query"), str):
            return JSONResponse({"errors": [{"message": "missing query"}]}, status_code=400)
        result = graphql_sync(
            schema,
            body["query"],
            variable_values=body.get("variables"),
            operation_name=body.get("operationName"),
            type_resolver=type_resolver,
        )
        answer = answers.get(key)
        return JSONResponse(result.formatted if answer is None else answer(body, result.formatted))

    async def health(_request: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(
        routes=[
            Route("/health", health),
            Route("/{scenario}/{subgraph}", graphql_endpoint, methods=["POST"]),
        ]
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def serve_subgraphs(scenarios: Iterable[Scenario]) -> Iterator[str]:
    """Serve all subgraphs at `/<scenario>/<subgraph>`; yields the origin (`http://127.0.0.1:P`)."""
    scenarios = tuple(scenarios)
    schemas = {
        (scenario.name, sub.name): None if sub.broken else build_executable_schema(sub)
        for scenario in scenarios
        for sub in scenario.subgraphs
    }
    answers = {
        (scenario.name, sub.name): sub.answer
        for scenario in scenarios
        for sub in scenario.subgraphs
        if sub.answer is not None
    }
    port = _free_port()
    config = uvicorn.Config(
        _app(schemas, answers), host="127.0.0.1", port=port, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("subgraph server did not start")
            threading.Event().wait(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)

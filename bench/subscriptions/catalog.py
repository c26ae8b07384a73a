"""The `catalog` subgraph: resolves `Article.title` for the events' article references.

A graphql-core schema behind the bench's raw ASGI app (`bench.subgraphs.app`), answering every
request afresh (no memo by body: identical and distinct subscriptions cost it the same per
fetch) but parsing and validating each query text once: the gateway sends one query text with
different representations, so an entity fetch costs little on the core the subgraph shares
with the subscribers and the events subgraph.  The title is derived from the id, so a
subscriber can check every event's.

    python -m bench.subscriptions.catalog --port 4212     (the subgraph at /catalog)
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson
import uvicorn
from graphql import DocumentNode, ExecutionResult, GraphQLSchema, execute_sync, parse, validate
from graphql.error import GraphQLError

from bench.subgraphs.app import MEMO_LIMIT, SubgraphsApp
from bench.subgraphs.executable import federated_schema

__all__ = ["SDL", "CatalogApp", "catalog_schema", "title"]

SDL = Path(__file__).resolve().parent / "schemas" / "catalog.graphql"


def title(article_id: str) -> str:
    return f"Article {article_id}"


def _article(representation: Mapping[str, Any]) -> dict[str, str]:
    article_id = str(representation["id"])
    return {"__typename": "Article", "id": article_id, "title": title(article_id)}


def catalog_schema() -> GraphQLSchema:
    article = {"article": lambda _root, _info, id: _article({"id": id})}
    return federated_schema(SDL, {"Query": article}, _article)


class CatalogApp(SubgraphsApp):
    """The catalog at /catalog: documents cached by query text, every request executed;
    `GET /stats` (the base app's) says how many requests it answered (the entity fetches that
    reached it)."""

    def __init__(self) -> None:
        self.schema = catalog_schema()
        super().__init__({"catalog": self.schema})
        self.documents: dict[str, DocumentNode | list[GraphQLError]] = {}

    def answer(self, name: str, body: bytes) -> tuple[int, bytes]:
        try:
            request = orjson.loads(body)
        except orjson.JSONDecodeError:
            return super().answer(name, body)  # the base app words the 400
        query = request.get("query") if isinstance(request, dict) else None
        variables = request.get("variables") if isinstance(request, dict) else None
        if not isinstance(query, str) or not isinstance(variables, dict | None):
            return super().answer(name, body)
        document = self.documents.get(query)
        if document is None:
            document = self._prepare(query)
            if len(self.documents) >= MEMO_LIMIT:
                self.documents.clear()
            self.documents[query] = document
        if isinstance(document, list):
            result = ExecutionResult(data=None, errors=document)
        else:
            result = execute_sync(self.schema, document, variable_values=variables)
        payload: dict[str, Any] = {"data": result.data}
        if result.errors:
            payload["errors"] = [error.formatted for error in result.errors]
        return 200, orjson.dumps(payload)

    def _prepare(self, query: str) -> DocumentNode | list[GraphQLError]:
        try:
            document = parse(query)
        except GraphQLError as error:
            return [error]
        errors = validate(self.schema, document)
        return errors or document


def main() -> None:
    prog = "python -m bench.subscriptions.catalog"
    parser = argparse.ArgumentParser(prog=prog, description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4212)
    args = parser.parse_args()
    uvicorn.run(
        CatalogApp(), host=args.host, port=args.port,
        loop="uvloop", http="httptools", access_log=False, log_level="warning",
        lifespan="on", backlog=4096,
    )  # fmt: skip


if __name__ == "__main__":
    main()

"""Input types and input-only enums that differ between subgraphs: clients get the intersection."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

BOOKS = ["Beloved", "Carrie", "Dracula", "Emma"]


def _page(args: dict[str, Any]) -> list[dict[str, str]]:
    start = args.get("skip") or 0
    return [{"title": t} for t in BOOKS[start : start + args["take"]]]


north = Subgraph(
    name="north",
    sdl=link("@shareable")
    + """
    input Page { take: Int!  skip: Int }
    enum Order { ASC DESC }
    type Query { northBooks(page: Page!, order: Order = ASC): [Book!]! }
    type Book @shareable { title: String! }
    """,
    resolvers={
        "Query": {
            "northBooks": lambda _p, _i, page, order="ASC": (
                _page(page) if order == "ASC" else list(reversed(_page(page)))
            )
        }
    },
)

south = Subgraph(
    name="south",
    sdl=link("@shareable")
    + """
    input Page { take: Int!  skip: Int  cursor: String }
    enum Order { ASC DESC RANDOM }
    type Query { southBooks(page: Page!, order: Order): [Book!]! }
    type Book @shareable { title: String! }
    """,
    resolvers={"Query": {"southBooks": lambda _p, _i, page, order=None: _page(page)}},
)

SCENARIO = Scenario(
    name="input-intersection",
    feature="input object fields and input enum values present in only one subgraph are rejected",
    subgraphs=(north, south),
    cases=(
        Case(
            name="common-input-fields",
            query="""{ a: northBooks(page: { take: 2, skip: 1 }, order: DESC) { title }
                b: southBooks(page: { take: 1 }) { title } }""",
            expected={
                "data": {
                    "a": [{"title": "Dracula"}, {"title": "Carrie"}],
                    "b": [{"title": "Beloved"}],
                }
            },
        ),
        Case(
            name="input-field-of-one-subgraph-rejected",
            query='{ southBooks(page: { take: 1, cursor: "x" }) { title } }',
            expected={"errors": [{"extensions": {"code": "GRAPHQL_VALIDATION_FAILED"}}]},
        ),
        Case(
            name="enum-value-of-one-subgraph-rejected",
            query="{ southBooks(page: { take: 1 }, order: RANDOM) { title } }",
            expected={"errors": [{"extensions": {"code": "GRAPHQL_VALIDATION_FAILED"}}]},
        ),
    ),
)

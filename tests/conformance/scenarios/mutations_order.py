"""Mutation root fields run one after another, in document order, across subgraphs."""

from __future__ import annotations

from ..harness import Case, Scenario
from ._shop import SHOP

SCENARIO = Scenario(
    name="mutations-order",
    feature="serial execution of mutation fields spread over subgraphs, then entity hops",
    subgraphs=SHOP,
    cases=(
        Case(
            name="serial-across-subgraphs",
            query="""mutation { a: stampUsers(entry: "1") b: stampReviews(entry: "2")
                c: stampProducts(entry: "3") d: stampUsers(entry: "4") }""",
            expected={
                "data": {
                    "a": "users:1",
                    "b": "users:1,reviews:2",
                    "c": "users:1,reviews:2,products:3",
                    "d": "users:1,reviews:2,products:3,users:4",
                }
            },
        ),
        Case(
            name="each-result-sees-previous-writes",
            query="""mutation {
              first: addReview(upc: "u2", stars: 1, body: "Broke") {
                id product { name reviews { stars } } }
              second: addReview(upc: "u2", stars: 2, body: "Meh") { id product { avgStars } } }""",
            expected={
                "data": {
                    "first": {
                        "id": "r4",
                        "product": {"name": "Kite", "reviews": [{"stars": 4}, {"stars": 1}]},
                    },
                    "second": {"id": "r5", "product": {"avgStars": 7 / 3}},
                }
            },
        ),
        Case(
            name="mutation-with-variables-and-hop",
            query="""mutation ($u: String!, $s: Int!) {
                addReview(upc: $u, stars: $s, body: "ok") { stars author { name } } }""",
            variables={"u": "u3", "s": 5},
            expected={"data": {"addReview": {"stars": 5, "author": {"name": "Nora"}}}},
        ),
        Case(
            name="same-subgraph-twice",
            query='mutation { x: stampProducts(entry: "a") y: stampProducts(entry: "b") }',
            expected={"data": {"x": "products:a", "y": "products:a,products:b"}},
        ),
        Case(
            name="failing-mutation-does-not-stop-later-ones",
            query="""mutation { a: stampUsers(entry: "1") b: stampFail(entry: "2")
                c: stampReviews(entry: "3") }""",
            expected={
                "data": {"a": "users:1", "b": None, "c": "users:1,reviews:3"},
                "errors": [{"message": "stamp 2 refused", "path": ["b"]}],
            },
        ),
    ),
)

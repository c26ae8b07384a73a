"""Root fields from three subgraphs in one operation, one subgraph's fields asked twice."""

from __future__ import annotations

from ..harness import Case, Scenario, Subgraph, link


def _root(name: str, field: str, value: str) -> Subgraph:
    return Subgraph(
        name=name,
        sdl=link("@key") + f'type Query {{ {field}(suffix: String = ""): String! }}\n',
        resolvers={"Query": {field: lambda _p, _i, suffix="": value + suffix}},
    )


alpha = _root("alpha", "greeting", "hello")
beta = _root("beta", "farewell", "bye")
gamma = _root("gamma", "motto", "carpe diem")

SCENARIO = Scenario(
    name="root-split",
    feature="independent root fields fetched from several subgraphs and merged in document order",
    subgraphs=(alpha, beta, gamma),
    cases=(
        Case(
            name="three-subgraphs-document-order",
            query="{ motto greeting farewell }",
            expected={"data": {"motto": "carpe diem", "greeting": "hello", "farewell": "bye"}},
        ),
        Case(
            name="interleaved-aliases",
            query='{ a: greeting(suffix: "!") b: farewell c: greeting d: motto(suffix: "?") }',
            expected={"data": {"a": "hello!", "b": "bye", "c": "hello", "d": "carpe diem?"}},
        ),
    ),
)

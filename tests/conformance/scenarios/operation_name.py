"""Documents with several operations: `operationName` picks one; none given is an error."""

from __future__ import annotations

from ..harness import Case, Scenario
from ._shop import SHOP

DOCUMENT = 'query A { me { name } } query B { product(upc: "u2") { name } }'

SCENARIO = Scenario(
    name="operation-name",
    feature="operationName selects the operation of a multi-operation document",
    subgraphs=SHOP,
    cases=(
        Case(
            name="second-operation",
            query=DOCUMENT,
            operation_name="B",
            expected={"data": {"product": {"name": "Kite"}}},
        ),
        Case(
            name="first-operation",
            query=DOCUMENT,
            operation_name="A",
            expected={"data": {"me": {"name": "Nora"}}},
        ),
        Case(
            name="ambiguous-without-name",
            query=DOCUMENT,
            expected={"errors": [{}]},
        ),
    ),
)

"""The same root field is @shareable in three subgraphs, each adding fields of a value type."""

from __future__ import annotations

from ..harness import Case, Scenario, Subgraph

HEAD = (
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@shareable"])\n'
)


_GRAPHQL_TYPE = {int: "Int", str: "String"}


def _part(name: str, field: str, value: int | str) -> Subgraph:
    return Subgraph(
        name=name,
        sdl=HEAD
        + f"""
        type Query {{ weather: Weather! @shareable  stations: [Weather!]! @shareable }}
        type Weather {{ station: String! @shareable  {field}: {_GRAPHQL_TYPE[type(value)]}! }}
        """,
        resolvers={
            "Query": {
                "weather": lambda _p, _i: {"station": "oslo", field: value},
                "stations": lambda _p, _i: [
                    {"station": "oslo", field: value},
                    {"station": "rome", field: value * 2},
                ],
            }
        },
    )


temperature = _part("temperature", "celsius", 4)
wind = _part("wind", "knots", 12)
sky = _part("sky", "cover", "cloudy")

SCENARIO = Scenario(
    name="shareable-root",
    feature="a @shareable root field answered by several subgraphs for disjoint value-type fields",
    subgraphs=(temperature, wind, sky),
    cases=(
        Case(
            name="fields-from-three-subgraphs",
            query="{ weather { station celsius knots cover } }",
            expected={
                "data": {
                    "weather": {"station": "oslo", "celsius": 4, "knots": 12, "cover": "cloudy"}
                }
            },
        ),
        Case(
            name="one-subgraph-enough",
            query="{ weather { knots } }",
            expected={"data": {"weather": {"knots": 12}}},
        ),
        Case(
            name="list-merged-by-position",
            query="{ stations { station cover celsius } }",
            expected={
                "data": {
                    "stations": [
                        {"station": "oslo", "cover": "cloudy", "celsius": 4},
                        {"station": "rome", "cover": "cloudycloudy", "celsius": 8},
                    ]
                }
            },
        ),
    ),
)

"""Introspection answered by the gateway from the API schema (no federation machinery visible)."""

from __future__ import annotations

from ..harness import Case, Scenario
from ._shop import SHOP

SCENARIO = Scenario(
    name="introspection",
    feature="introspection of the API schema: roots, types, hidden join/link types",
    subgraphs=SHOP,
    cases=(
        Case(
            name="root-types",
            query="""{ __schema {
                queryType { name } mutationType { name } subscriptionType { name } } }""",
            expected={
                "data": {
                    "__schema": {
                        "queryType": {"name": "Query"},
                        "mutationType": {"name": "Mutation"},
                        "subscriptionType": None,
                    }
                }
            },
        ),
        Case(
            name="type-fields-in-order",
            query='{ __type(name: "Review") { kind fields { name } } }',
            expected={
                "data": {
                    "__type": {
                        "kind": "OBJECT",
                        "fields": [
                            {"name": "id"},
                            {"name": "stars"},
                            {"name": "body"},
                            {"name": "author"},
                            {"name": "product"},
                        ],
                    }
                }
            },
        ),
        Case(
            name="federation-types-hidden",
            query="""{ g: __type(name: "join__Graph") { name }
                l: __type(name: "link__Purpose") { name }
                e: __type(name: "_Entity") { name } s: __type(name: "_Service") { name } }""",
            expected={"data": {"g": None, "l": None, "e": None, "s": None}},
        ),
        Case(
            name="enum-values",
            query='{ __type(name: "Category") { enumValues { name } } }',
            expected={"data": {"__type": {"enumValues": [{"name": "TOOLS"}, {"name": "TOYS"}]}}},
        ),
        Case(
            name="introspection-next-to-data",
            query='{ __type(name: "Currency") { name } me { name } }',
            expected={"data": {"__type": {"name": "Currency"}, "me": {"name": "Nora"}}},
        ),
        Case(
            name="entity-type-kind",
            query='{ __type(name: "Product") { name kind } }',
            expected={"data": {"__type": {"name": "Product", "kind": "OBJECT"}}},
        ),
        Case(
            name="deprecation-and-description",
            query="""{ __type(name: "Review") {
                fields(includeDeprecated: true) {
                  name description isDeprecated deprecationReason } } }""",
            expected={
                "data": {
                    "__type": {
                        "fields": [
                            {
                                "name": "id",
                                "description": None,
                                "isDeprecated": False,
                                "deprecationReason": None,
                            },
                            {
                                "name": "stars",
                                "description": None,
                                "isDeprecated": False,
                                "deprecationReason": None,
                            },
                            {
                                "name": "body",
                                "description": "What the reviewer wrote.",
                                "isDeprecated": False,
                                "deprecationReason": None,
                            },
                            {
                                "name": "author",
                                "description": None,
                                "isDeprecated": False,
                                "deprecationReason": None,
                            },
                            {
                                "name": "product",
                                "description": None,
                                "isDeprecated": False,
                                "deprecationReason": None,
                            },
                            {
                                "name": "rating",
                                "description": None,
                                "isDeprecated": True,
                                "deprecationReason": "Use stars.",
                            },
                        ]
                    }
                }
            },
        ),
    ),
)

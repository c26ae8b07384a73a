"""An @interfaceObject field with @requires on a field of the entity interface."""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

ACCOUNTS: dict[str, dict[str, Any]] = {
    "a1": {"__typename": "Admin", "id": "a1", "email": "root@corp.test", "level": 3},
    "a2": {"__typename": "Member", "id": "a2", "email": "amy@mail.test", "since": 2019},
}

identity = Subgraph(
    name="identity",
    sdl=link("@key")
    + """
    type Query { accounts: [Account!]! }
    interface Account @key(fields: "id") { id: ID!  email: String! }
    type Admin implements Account @key(fields: "id") { id: ID!  email: String!  level: Int! }
    type Member implements Account @key(fields: "id") { id: ID!  email: String!  since: Int! }
    """,
    resolvers={"Query": {"accounts": lambda _p, _i: list(ACCOUNTS.values())}},
    entities={
        "Account": lambda rep: ACCOUNTS.get(rep["id"]),
        "Admin": lambda rep: ACCOUNTS.get(rep["id"]),
        "Member": lambda rep: ACCOUNTS.get(rep["id"]),
    },
)

mail = Subgraph(
    name="mail",
    sdl=link("@key", "@interfaceObject", "@external", "@requires")
    + """
    type Query { mailboxes: [Account!]! }
    type Account @key(fields: "id") @interfaceObject {
      id: ID!
      email: String! @external
      domain: String! @requires(fields: "email")
    }
    """,
    resolvers={
        "Query": {"mailboxes": lambda _p, _i: [{"id": "a2"}, {"id": "a1"}]},
        "Account": {"domain": lambda acc, _i: acc["email"].split("@")[1]},
    },
    entities={"Account": lambda rep: {}},
)

SCENARIO = Scenario(
    name="interface-object-requires",
    feature="@requires on an @interfaceObject field, reached from either subgraph's root",
    subgraphs=(identity, mail),
    cases=(
        Case(
            name="from-interface-owner-root",
            query="{ accounts { id domain } }",
            expected={
                "data": {
                    "accounts": [
                        {"id": "a1", "domain": "corp.test"},
                        {"id": "a2", "domain": "mail.test"},
                    ]
                }
            },
        ),
        Case(
            name="from-interface-object-root",
            query="{ mailboxes { domain email } }",
            expected={
                "data": {
                    "mailboxes": [
                        {"domain": "mail.test", "email": "amy@mail.test"},
                        {"domain": "corp.test", "email": "root@corp.test"},
                    ]
                }
            },
        ),
        Case(
            name="type-condition-with-required-field",
            query="{ mailboxes { ... on Admin { level domain } ... on Member { since } } }",
            expected={
                "data": {"mailboxes": [{"since": 2019}, {"level": 3, "domain": "corp.test"}]}
            },
        ),
    ),
)

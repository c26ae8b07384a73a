"""Argument values survive the trip to subgraphs: escapes, unicode, coercion, explicit null."""

from __future__ import annotations

import json
from typing import Any

from ..harness import Case, Scenario, Subgraph, link


def _show(_p: Any, _i: Any, **kwargs: Any) -> str:
    """What the subgraph received: `absent` when no argument was sent at all."""
    return json.dumps(kwargs["x"]) if "x" in kwargs else "absent"


echo = Subgraph(
    name="echo",
    sdl=link("@key")
    + """
    type Query {
      text(x: String): String!
      ints(x: [Int!]): String!
      big(x: Float): String!
      probe: Probe!
    }
    type Probe @key(fields: "id") { id: ID! }
    """,
    resolvers={
        "Query": {"text": _show, "ints": _show, "big": _show, "probe": lambda _p, _i: {"id": "1"}}
    },
    entities={"Probe": lambda rep: {}},
)

remote = Subgraph(
    name="remote",
    sdl=link("@key")
    + """
    type Probe @key(fields: "id") { id: ID!  text(x: String): String! }
    """,
    resolvers={"Probe": {"text": lambda _p, _i, **kw: _show(None, None, **kw)}},
    entities={"Probe": lambda rep: {}},
)

SCENARIO = Scenario(
    name="arguments-passthrough",
    feature="argument literals and variables re-encoded faithfully for root and entity fields",
    subgraphs=(echo, remote),
    cases=(
        Case(
            name="escapes-and-unicode",
            query=r'{ text(x: "say \"hi\"\n\u00e9\\") }',
            expected={"data": {"text": json.dumps('say "hi"\né\\')}},
        ),
        Case(
            name="block-string",
            query='{ text(x: """\n    two\n      lines\n    """) }',
            expected={"data": {"text": json.dumps("two\n  lines")}},
        ),
        Case(
            name="single-value-coerced-to-list",
            query="{ ints(x: 7) }",
            expected={"data": {"ints": "[7]"}},
        ),
        Case(
            name="float-and-int-literals",
            query="{ a: big(x: 12345678901) b: big(x: 0.5) }",
            expected={"data": {"a": "12345678901.0", "b": "0.5"}},
        ),
        Case(
            name="explicit-null-versus-absent",
            query="{ a: text(x: null) b: text }",
            expected={"data": {"a": "null", "b": "absent"}},
        ),
        Case(
            name="variable-null-versus-missing",
            query="query ($v: String, $w: String) { a: text(x: $v) b: text(x: $w) }",
            variables={"v": None},
            expected={"data": {"a": "null", "b": "absent"}},
        ),
        Case(
            name="entity-field-arguments",
            query=r"""query ($v: String) {
                probe { a: text(x: "tab\tend") b: text(x: $v) c: text } }""",
            variables={"v": "ü"},
            expected={
                "data": {
                    "probe": {"a": json.dumps("tab\tend"), "b": json.dumps("ü"), "c": "absent"}
                }
            },
        ),
    ),
)

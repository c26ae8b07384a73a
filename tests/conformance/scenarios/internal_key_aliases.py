"""Client aliases that spell the names of the planner's own fields at the same position.

Entity keys and @requires inputs are fetched under their field names unless the client
uses that response key for something else anywhere at the same response path — in the same
fetch or in another fetch whose results merge into the same object.
"""

from __future__ import annotations

from typing import Any

from ..harness import Case, Scenario, Subgraph, link

NOTES: dict[str, dict[str, Any]] = {
    "n1": {"id": "n1", "title": "Groceries", "tags": {"main": "home"}},
    "n2": {"id": "n2", "title": "Taxes", "tags": {"main": "work"}},
}

notes = Subgraph(
    name="notes",
    sdl=link("@key", "@shareable")
    + """
    type Query { notes: [Note!]! }
    type Note @key(fields: "id") { id: ID!  title: String!  tags: Tags! }
    type Tags @shareable { main: String! }
    """,
    resolvers={"Query": {"notes": lambda _p, _i: list(NOTES.values())}},
    entities={"Note": lambda rep: NOTES.get(rep["id"])},
)


def _summary(note: dict[str, Any], _info: Any) -> str:
    tags = note["tags"]
    assert isinstance(tags, dict), f"tags is not the required object: {tags!r}"
    return f"{note['id']}#{tags['main']}"


summaries = Subgraph(
    name="summaries",
    sdl=link("@key", "@shareable", "@external", "@requires")
    + """
    type Query { pinned: Note }
    type Note @key(fields: "id") {
      id: ID!
      tags: Tags! @external
      summary: String! @requires(fields: "tags { main }")
    }
    type Tags @shareable { main: String! }
    """,
    resolvers={"Query": {"pinned": lambda _p, _i: {"id": "n2"}}, "Note": {"summary": _summary}},
    entities={"Note": lambda rep: {"id": rep["id"]}},
)

SCENARIO = Scenario(
    name="internal-key-aliases",
    feature="aliases named like key fields and @requires inputs never collide with them",
    subgraphs=(notes, summaries),
    cases=(
        Case(
            name="alias-named-like-a-requires-input",
            query="{ pinned { summary tags: id } }",
            expected={"data": {"pinned": {"summary": "n2#work", "tags": "n2"}}},
        ),
        Case(
            name="typename-aliased-as-the-key",
            query="{ pinned { id: __typename summary } }",
            expected={"data": {"pinned": {"id": "Note", "summary": "n2#work"}}},
        ),
        Case(
            name="key-name-used-for-another-field",
            query="{ notes { id: summary tags { main } } }",
            expected={
                "data": {
                    "notes": [
                        {"id": "n1#home", "tags": {"main": "home"}},
                        {"id": "n2#work", "tags": {"main": "work"}},
                    ]
                }
            },
        ),
        Case(
            name="alias-in-a-fragment-beside-the-requiring-field",
            query="{ pinned { summary ... on Note { tags: title } } }",
            expected={"data": {"pinned": {"summary": "n2#work", "tags": "Taxes"}}},
        ),
        Case(
            name="aliases-swapped",
            query="{ notes { title: id id: title } }",
            expected={
                "data": {
                    "notes": [
                        {"title": "n1", "id": "Groceries"},
                        {"title": "n2", "id": "Taxes"},
                    ]
                }
            },
        ),
    ),
)

"""Two subgraphs requiring each other's fields on the same entity (A -> B -> A)."""

from __future__ import annotations

from ..harness import Case, Scenario, Subgraph, link

WORDS = {"n1": 900, "n2": 150}

writer = Subgraph(
    name="writer",
    sdl=link("@key", "@external", "@requires")
    + """
    type Query { notes: [Note!]! }
    type Note @key(fields: "id") {
      id: ID!
      words: Int!
      level: String! @external
      blurb: String! @requires(fields: "level")
    }
    """,
    resolvers={
        "Query": {"notes": lambda _p, _i: [{"id": n, "words": w} for n, w in WORDS.items()]},
        "Note": {"blurb": lambda note, _i: f"{note['id']} ({note['level']})"},
    },
    entities={"Note": lambda rep: {"words": WORDS[rep["id"]]}},
)

reader = Subgraph(
    name="reader",
    sdl=link("@key", "@external", "@requires")
    + """
    type Note @key(fields: "id") {
      id: ID!
      words: Int! @external
      level: String! @requires(fields: "words")
    }
    """,
    resolvers={"Note": {"level": lambda note, _i: "long" if note["words"] > 500 else "short"}},
    entities={"Note": lambda rep: {}},
)

SCENARIO = Scenario(
    name="requires-circular",
    feature="mutual @requires between two subgraphs: back-and-forth entity fetches",
    subgraphs=(writer, reader),
    cases=(
        Case(
            name="back-to-first-subgraph",
            query="{ notes { blurb } }",
            expected={"data": {"notes": [{"blurb": "n1 (long)"}, {"blurb": "n2 (short)"}]}},
        ),
        Case(
            name="all-levels",
            query="{ notes { level words blurb id } }",
            expected={
                "data": {
                    "notes": [
                        {"level": "long", "words": 900, "blurb": "n1 (long)", "id": "n1"},
                        {"level": "short", "words": 150, "blurb": "n2 (short)", "id": "n2"},
                    ]
                }
            },
        ),
        Case(
            name="required-fields-under-swapped-aliases",
            query="{ notes { level: blurb blurb: level words: id } }",
            expected={
                "data": {
                    "notes": [
                        {"level": "n1 (long)", "blurb": "long", "words": "n1"},
                        {"level": "n2 (short)", "blurb": "short", "words": "n2"},
                    ]
                }
            },
        ),
    ),
)

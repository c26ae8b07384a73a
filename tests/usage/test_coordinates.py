"""Schema coordinates of an operation: fields on the type written, arguments, enum values and
input fields written as literals."""

from __future__ import annotations

from graphql import build_schema, parse

from gateway.operation.fragments import fragments_of
from gateway.usage import schema_coordinates

SCHEMA = build_schema(
    """
    enum Level { BEGINNER ADVANCED }
    input TutorFilter { level: Level, subject: String, levels: [Level!], near: Place }
    input Place { city: String }
    interface Person { id: ID! name: String! }
    type Subject { name: String! level: Level! }
    type Tutor implements Person { id: ID! name: String! subjects(level: Level): [Subject!]! }
    type Student implements Person { id: ID! name: String! }
    union Member = Tutor | Student
    type Query {
      tutor(id: ID!): Tutor
      person(id: ID!): Person
      member(id: ID!): Member
      search(filter: TutorFilter, filters: [TutorFilter!], first: Int = 10): [Tutor!]!
    }
    """
)


def _coordinates(text: str) -> list[str]:
    document = parse(text)
    operation = document.definitions[0]
    return list(schema_coordinates(SCHEMA, operation, fragments_of(document)))  # type: ignore[arg-type]


def test_fields_and_arguments_on_the_types_written() -> None:
    assert _coordinates(
        "query GetTutor($id: ID!) { tutor(id: $id) { name subjects(level: ADVANCED) { level } } }"
    ) == [
        "Level.ADVANCED",
        "Query.tutor",
        "Query.tutor(id:)",
        "Subject.level",
        "Tutor.name",
        "Tutor.subjects",
        "Tutor.subjects(level:)",
    ]


def test_interface_and_union_selections_keep_their_parent_as_written() -> None:
    coordinates = _coordinates(
        """
        { person(id: 1) { id ... on Tutor { name } }
          member(id: 2) { __typename ...M } }
        fragment M on Student { name }
        """
    )
    assert coordinates == [
        "Person.id",
        "Query.member",
        "Query.member(id:)",
        "Query.person",
        "Query.person(id:)",
        "Student.name",
        "Tutor.name",
    ]


def test_input_object_fields_and_enums_in_literals_nested_and_in_lists() -> None:
    coordinates = _coordinates(
        """
        query ($level: Level = BEGINNER) {
          search(filter: {levels: [ADVANCED], near: {city: "Oslo"}}, filters: [{subject: "x"}]) {
            id
          }
        }
        """
    )
    assert coordinates == [
        "Level.ADVANCED",
        "Level.BEGINNER",
        "Place.city",
        "Query.search",
        "Query.search(filter:)",
        "Query.search(filters:)",
        "Tutor.id",
        "TutorFilter.levels",
        "TutorFilter.near",
        "TutorFilter.subject",
    ]


def test_values_in_variables_and_meta_fields_are_not_coordinates() -> None:
    assert _coordinates("query ($f: TutorFilter) { __typename search(filter: $f) { id } }") == [
        "Query.search",
        "Query.search(filter:)",
        "Tutor.id",
    ]

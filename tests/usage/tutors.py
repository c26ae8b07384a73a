"""A small tutoring subgraph with arguments, enums, input objects and an interface, composed by
our composer into the supergraph the usage tests serve from the fake registry."""

from __future__ import annotations

import enum
from functools import cache

import strawberry

from gateway.composition import CompositionSuccess, SubgraphInput, compose


@strawberry.enum
class Level(enum.Enum):
    BEGINNER = "BEGINNER"
    ADVANCED = "ADVANCED"


@strawberry.input
class TutorFilter:
    level: Level | None = None
    subject: str | None = None


@strawberry.type
class Subject:
    name: str
    level: Level


@strawberry.interface
class Person:
    id: strawberry.ID
    name: str


@strawberry.federation.type(keys=["id"])
class Tutor(Person):
    @strawberry.field
    def subjects(self, level: Level | None = None) -> list[Subject]:
        subjects = [
            Subject(name="Maths", level=Level.ADVANCED),
            Subject(name="Art", level=Level.BEGINNER),
        ]
        return [s for s in subjects if level is None or s.level == level]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Tutor:
        return cls(id=id, name="Ada")


@strawberry.type
class Query:
    @strawberry.field
    def tutor(self, id: strawberry.ID) -> Tutor | None:
        return Tutor(id=id, name="Ada")

    @strawberry.field
    def search(self, filter: TutorFilter | None = None, first: int = 10) -> list[Tutor]:
        return [Tutor(id=strawberry.ID("1"), name="Ada")][:first]

    @strawberry.field
    def person(self, id: strawberry.ID) -> Person | None:
        return Tutor(id=id, name="Grace")

    @strawberry.field
    def broken(self) -> str | None:
        raise ValueError("broken on purpose")


SCHEMA = strawberry.federation.Schema(query=Query, types=[Tutor])


@cache
def supergraph_sdl(url: str) -> str:
    result = compose([SubgraphInput(name="tutors", url=url, sdl=SCHEMA.as_str())])
    assert isinstance(result, CompositionSuccess), result
    return result.supergraph_sdl

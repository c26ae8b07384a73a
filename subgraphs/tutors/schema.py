"""The tutors subgraph's federation schema."""

from __future__ import annotations

from strawberry.federation import Schema

from shared.subgraph import build_schema
from subgraphs.tutors.mutations import Mutation
from subgraphs.tutors.queries import Query
from subgraphs.tutors.types import Subject, Tutor, User

__all__ = ["schema"]

schema: Schema = build_schema(query=Query, mutation=Mutation, types=(Tutor, Subject, User))

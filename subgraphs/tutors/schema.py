"""The tutors subgraph's federation schema."""

from __future__ import annotations

import warnings

from strawberry.federation import Schema

from shared.subgraph import build_schema
from subgraphs.tutors.mutations import Mutation
from subgraphs.tutors.queries import Query
from subgraphs.tutors.representations import guard_entities
from subgraphs.tutors.types import Subject, Tutor, User

__all__ = ["schema"]

with warnings.catch_warnings():
    # shared.subgraph.build_schema passes cache extension *instances*, which this Strawberry
    # release deprecates (pytest turns that warning into an error); see the report.
    warnings.filterwarnings("ignore", "Passing an extension instance", DeprecationWarning)
    schema: Schema = build_schema(query=Query, mutation=Mutation, types=(Tutor, Subject, User))
# User is a reference only (resolvable: false), yet Strawberry answers it with a bare stub.
guard_entities(schema._schema, ("Tutor", "Subject", "User"))

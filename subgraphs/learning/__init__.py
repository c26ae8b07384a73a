"""The learning subgraph: courses tutors author (ordered lessons), students' enrollments and
their progress through the lessons (PostgreSQL)."""

from subgraphs.learning.settings import Settings

__all__ = ["Settings"]

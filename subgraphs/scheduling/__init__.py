"""The scheduling subgraph: tutors' weekly availability and lesson bookings (PostgreSQL)."""

from subgraphs.scheduling.settings import Settings

__all__ = ["Settings"]

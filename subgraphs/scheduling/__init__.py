"""The scheduling subgraph: tutors' weekly availability and lesson bookings (PostgreSQL)."""

__all__: list[str] = []

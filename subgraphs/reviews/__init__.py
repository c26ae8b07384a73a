"""The reviews subgraph: reviews of tutors and courses in MongoDB, and the rating summaries built
from them."""

from subgraphs.reviews.settings import Settings

__all__ = ["Settings"]

"""The reviews collection's indexes as data; `ReviewStore.migrate` applies them idempotently."""

from subgraphs.reviews.migrations.indexes import COLLECTION, INDEXES, IndexSpec

__all__ = ["COLLECTION", "INDEXES", "IndexSpec"]

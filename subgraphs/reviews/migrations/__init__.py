"""The reviews collection's indexes and document backfills as data; `ReviewStore.migrate`
applies them idempotently."""

from subgraphs.reviews.migrations.documents import BACKFILLS, Backfill
from subgraphs.reviews.migrations.indexes import COLLECTION, INDEXES, RETIRED_INDEXES, IndexSpec

__all__ = ["BACKFILLS", "COLLECTION", "INDEXES", "RETIRED_INDEXES", "Backfill", "IndexSpec"]

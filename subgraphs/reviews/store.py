"""All MongoDB access of the reviews subgraph: the only module that imports PyMongo."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from pymongo import AsyncMongoClient, monitoring
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import (
    BulkWriteError,
    ConnectionFailure,
    DuplicateKeyError,
    ExecutionTimeout,
    PyMongoError,
)

from shared.errors import Conflict
from shared.subgraph.metrics import StoreQueries
from shared.subgraph.timeouts import store_deadline
from subgraphs.reviews.migrations import BACKFILLS, COLLECTION, INDEXES, RETIRED_INDEXES
from subgraphs.reviews.model import (
    NewReview,
    Owner,
    Page,
    RatingSummaryData,
    ReviewRecord,
    SortKey,
    Target,
)
from subgraphs.reviews.settings import Settings

__all__ = ["ReviewStore"]

Document = dict[str, Any]

# Commands that continue or tidy up after an operation already counted: a cursor's next batch,
# closing a cursor early, ending the client's sessions.
_NOT_QUERIES = frozenset({"getMore", "killCursors", "endSessions"})


class _QueryCounter(monitoring.CommandListener):
    """Counts each command the client starts (PyMongo's command monitoring; handshakes and
    server monitoring are not commands it reports)."""

    def __init__(self, count: Callable[[], None]) -> None:
        self._count = count

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.command_name not in _NOT_QUERIES:
            self._count()

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


def _is_outage(error: BaseException) -> bool:
    """Unreachable, stalled or timed-out server (network errors, server selection, timeoutMS)."""
    if isinstance(error, ConnectionFailure | ExecutionTimeout | OSError):
        return True
    return isinstance(error, PyMongoError) and error.timeout


class ReviewStore:
    """The reviews collection. `calls` counts round trips, so tests can prove batching;
    `store_queries` (what /metrics shows) counts the commands the client sends, a cursor's
    next batches aside."""

    def __init__(self, settings: Settings, store_queries: StoreQueries | None = None) -> None:
        self._settings = settings
        self._client: AsyncMongoClient[Document] | None = None
        self.calls = 0
        self.store_queries = store_queries or StoreQueries()
        self._listener = _QueryCounter(self.store_queries.counter("mongodb"))

    async def open(self) -> None:
        if self._client is None:
            timeouts = self._settings.timeouts
            # tz_aware: times come back as UTC-aware datetimes, as the schema promises.
            self._client = AsyncMongoClient(
                self._settings.mongo_url,
                tz_aware=True,
                tzinfo=UTC,
                # Connecting (TCP and the hello handshake) and finding the server: the connect
                # timeout; any one operation, from server selection to the last batch: timeoutMS.
                connectTimeoutMS=int(timeouts.connect * 1000),
                serverSelectionTimeoutMS=int(timeouts.connect * 1000),
                timeoutMS=int(timeouts.query * 1000),
                event_listeners=[self._listener],
            )

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None

    def _deadline(self) -> contextlib.AbstractAsyncContextManager[None]:
        return store_deadline("reviews", self._settings.timeouts.query, _is_outage)

    @property
    def _reviews(self) -> AsyncCollection[Document]:
        if self._client is None:
            raise RuntimeError("ReviewStore.open() was not awaited")
        return self._client[self._settings.database][COLLECTION]

    async def migrate(self) -> None:
        """Backfills older documents, creates the indexes the queries rely on, then drops the
        indexes they replace; running it again changes nothing.

        A replacement unique index is created before its predecessor goes, so some unique
        index guards every moment of the change.
        """
        for backfill in BACKFILLS:
            await self._reviews.update_many(dict(backfill.missing), {"$set": dict(backfill.values)})
        for spec in INDEXES:
            await self._reviews.create_index(list(spec.keys), name=spec.name, unique=spec.unique)
        existing = await self._reviews.index_information()
        for name in RETIRED_INDEXES:
            if name in existing:
                await self._reviews.drop_index(name)

    async def index_names(self) -> tuple[str, ...]:
        self.calls += 1
        return tuple(sorted(await self._reviews.index_information()))

    async def drop(self) -> None:
        """Drops the reviews collection, indexes and all."""
        await self._reviews.drop()

    async def reset(self) -> None:
        """Drops every review (this subgraph's collection only) and recreates the indexes."""
        await self._reviews.drop()
        await self.migrate()

    # Reads

    async def reviews_by_id(self, ids: Sequence[str]) -> dict[str, ReviewRecord]:
        self.calls += 1
        async with self._deadline():
            cursor = self._reviews.find({"_id": {"$in": list(ids)}})
            return {doc["_id"]: _record(doc) async for doc in cursor}

    async def pages(
        self, owner: Owner, owner_ids: Sequence[str], first: int, after: SortKey | None
    ) -> dict[str, Page]:
        """One page per owner, all in one aggregation: newest first, `first` each, after `after`.

        One window over each owner's reviews numbers them newest first and counts both all of
        them (`totalCount`) and those not older than the cursor; the rows older than the cursor
        are a suffix of that order, so position minus that count is the rank within the page.
        Only page rows (plus one extra for `hasNextPage`) and each owner's newest row (which
        carries the total, even when the page is empty) leave the server: the result grows
        with the page size, never with the owners' review counts, and streams in batches.
        """
        self.calls += 1
        everything = {"documents": ["unbounded", "unbounded"]}
        pipeline: list[Document] = [
            {"$match": {owner: {"$in": list(owner_ids)}}},
            {"$addFields": {"_older": _older_than_expr(after)}},
            {
                "$setWindowFields": {
                    "partitionBy": f"${owner}",
                    "sortBy": {"createdAt": -1, "_id": -1},
                    "output": {
                        "_position": {"$documentNumber": {}},
                        "_total": {"$sum": 1, "window": everything},
                        "_newer": {"$sum": {"$cond": ["$_older", 0, 1]}, "window": everything},
                    },
                }
            },
            {"$addFields": {"_rank": {"$subtract": ["$_position", "$_newer"]}}},
            {
                "$match": {
                    "$or": [
                        {"_position": 1},
                        {"_older": True, "_rank": {"$lte": first + 1}},
                    ]
                }
            },
        ]
        totals: dict[str, int] = {}
        rows: dict[str, list[ReviewRecord]] = {owner_id: [] for owner_id in owner_ids}
        async with self._deadline():
            async for doc in await self._reviews.aggregate(pipeline):
                totals[doc[owner]] = int(doc["_total"])
                if doc["_older"] is True and doc["_rank"] <= first + 1:
                    rows.setdefault(doc[owner], []).append(_record(doc))
        pages: dict[str, Page] = {}
        for owner_id in owner_ids:
            newest_first = sorted(rows[owner_id], key=_sort_key, reverse=True)
            pages[owner_id] = Page(
                reviews=tuple(newest_first[:first]),
                has_next_page=len(newest_first) > first,
                total_count=totals.get(owner_id, 0),
            )
        return pages

    async def rating_summaries(
        self, target_ids: Sequence[str], target: Target = "tutorId"
    ) -> dict[str, RatingSummaryData]:
        """Count, average and per-star histogram of many tutors (or courses) in one
        aggregation."""
        self.calls += 1
        pipeline: list[Document] = [
            {"$match": {target: {"$in": list(target_ids)}}},
            {"$group": {"_id": {"target": f"${target}", "stars": "$rating"}, "n": {"$sum": 1}}},
            {
                "$group": {
                    "_id": "$_id.target",
                    "count": {"$sum": "$n"},
                    "points": {"$sum": {"$multiply": ["$_id.stars", "$n"]}},
                    "buckets": {"$push": {"stars": "$_id.stars", "n": "$n"}},
                }
            },
            {"$addFields": {"average": {"$divide": ["$points", "$count"]}}},
        ]
        async with self._deadline():
            rows = await (await self._reviews.aggregate(pipeline)).to_list()
        found = {
            row["_id"]: RatingSummaryData.from_buckets(
                {int(b["stars"]): int(b["n"]) for b in row["buckets"]},
                count=int(row["count"]),
                average=float(row["average"]),
            )
            for row in rows
        }
        empty = RatingSummaryData.from_buckets({})
        return {target_id: found.get(target_id, empty) for target_id in target_ids}

    # Writes

    async def insert(self, review: NewReview) -> ReviewRecord:
        """Inserts one review; a second review of the same tutor (or course) by the same author
        is CONFLICT.

        A single-document insert is atomic, and the unique index decides races on the server,
        so a failed submit leaves nothing behind.
        """
        self.calls += 1
        try:
            async with self._deadline():
                await self._reviews.insert_one(_document(review))
        except DuplicateKeyError as exc:
            target, target_id = review.target
            thing = "course" if target == "courseId" else "tutor"
            raise Conflict(
                f"you have already reviewed this {thing}", **{target: target_id}
            ) from exc
        return _record(_document(review))

    async def insert_many(self, reviews: Iterable[NewReview], batch_size: int = 500) -> int:
        """Bulk load (the seed): unordered batches, so one round trip per `batch_size` rows."""
        batch: list[Document] = []
        written = 0
        for review in reviews:
            batch.append(_document(review))
            if len(batch) == batch_size:
                written += await self._insert_batch(batch)
                batch = []
        if batch:
            written += await self._insert_batch(batch)
        return written

    async def _insert_batch(self, batch: list[Document]) -> int:
        self.calls += 1
        try:
            result = await self._reviews.insert_many(batch, ordered=False)
        except BulkWriteError as exc:
            raise Conflict("seed rows collide with existing reviews") from exc
        return len(result.inserted_ids)

    async def delete(self, review_id: str) -> bool:
        self.calls += 1
        async with self._deadline():
            result = await self._reviews.delete_one({"_id": review_id})
        return result.deleted_count == 1

    async def count(self, query: Mapping[str, Any] | None = None) -> int:
        self.calls += 1
        async with self._deadline():
            return await self._reviews.count_documents(dict(query or {}))


def _older_than_expr(key: SortKey | None) -> Document:
    """Whether a review sorts after the cursor (older, or as old with a smaller id)."""
    if key is None:
        return {"$literal": True}
    return {
        "$or": [
            {"$lt": ["$createdAt", key.created_at]},
            {"$and": [{"$eq": ["$createdAt", key.created_at]}, {"$lt": ["$_id", key.id]}]},
        ]
    }


def _sort_key(record: ReviewRecord) -> tuple[datetime, str]:
    return (record.created_at, record.id)


def _document(review: NewReview) -> Document:
    return {
        "_id": review.id,
        # Both target fields, the one not reviewed null: the unique index relies on it.
        "tutorId": review.tutor_id,
        "courseId": review.course_id,
        "authorId": review.author_id,
        "rating": review.rating,
        "comment": review.comment,
        # BSON keeps milliseconds; truncating here keeps cursors equal to what was stored.
        "createdAt": review.created_at.replace(
            microsecond=review.created_at.microsecond // 1000 * 1000
        ),
    }


def _record(doc: Mapping[str, Any]) -> ReviewRecord:
    return ReviewRecord(
        id=doc["_id"],
        tutor_id=doc.get("tutorId"),
        course_id=doc.get("courseId"),
        author_id=doc["authorId"],
        rating=int(doc["rating"]),
        comment=doc["comment"],
        created_at=doc["createdAt"].astimezone(UTC),
    )

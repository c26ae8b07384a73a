"""The graph store of tutors and subjects: the only module that talks Cypher to Neo4j.

Every query here runs on Neo4j 5 and on the local FalkorDB stand-in, so it avoids `CALL { }`
subqueries, APOC, temporal values and constraints. FalkorDB crashes on requests whose
parameters exceed about 4 KB, so every request is checked against a byte budget, batches are
split to fit it, and long texts are staged in pieces on a `Draft` node before the one statement
that writes the profile.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final, TypeVar

import orjson
from neo4j import AsyncDriver, AsyncGraphDatabase
from neo4j._async.io import AsyncBolt
from neo4j.exceptions import DriverError, Neo4jError

from shared.subgraph.metrics import StoreQueries
from shared.subgraph.timeouts import StoreTimeouts, store_deadline
from subgraphs.tutors.migrations import INDEXES
from subgraphs.tutors.model import (
    CENT,
    Level,
    MatchRecord,
    Page,
    ProfileChanges,
    SubjectRecord,
    TaughtSubject,
    Teaching,
    TutorFilterSpec,
    TutorRecord,
)
from subgraphs.tutors.settings import Settings

__all__ = ["PARAMETER_BUDGET", "ParameterBudgetExceeded", "TutorStore"]

T = TypeVar("T")

# Bytes of parameters one request may carry; FalkorDB dies a little under 4 KB.
PARAMETER_BUDGET: Final = 3000
# Characters of staged text per request: 4 bytes each at worst, so a piece stays in budget.
_PIECE_CHARS: Final = 600
# Longer ids cannot exist (ours are short), and looking them up would waste the budget.
_MAX_ID_CHARS: Final = 100
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

_TUTOR = (
    "t.id AS id, t.userId AS userId, t.headline AS headline, t.bio AS bio, "
    "t.rateAmount AS rateAmount, t.rateCurrency AS rateCurrency, t.languages AS languages"
)
_SUBJECT = "s.id AS id, s.name AS name, s.category AS category"
# The fields of `_TUTOR` as a map of the node `x`, for tutors collected into lists.
_TUTOR_MAP = (
    "{id: x.id, userId: x.userId, headline: x.headline, bio: x.bio, "
    "rateAmount: x.rateAmount, rateCurrency: x.rateCurrency, languages: x.languages}"
)


async def _close_without_goodbye(connection: Any) -> None:
    connection.kill()


# FalkorDB's Bolt server stalls the next client that connects after any client sends GOODBYE
# (the handshake never gets an answer), so a closed driver would hang the next one. GOODBYE
# is a courtesy: Bolt servers, Neo4j included, treat a plain socket close the same way. The
# driver has no switch for it, hence this patch of its connection class (checked by
# tests/subgraphs/tutors/test_store.py::test_store_reconnects_after_close).
AsyncBolt.close = _close_without_goodbye  # type: ignore[method-assign]


class ParameterBudgetExceeded(RuntimeError):
    """A request would carry more parameter bytes than the store survives: a bug of ours."""


# Two backslashes: a server that pastes parameters into the query text reads them as one.
_PROBE: Final = "\\\\"


def _quoted(value: Any) -> Any:
    """`value` with its strings escaped for a server that pastes parameters into the query.

    FalkorDB's Bolt front end writes each parameter between single quotes into the query text
    without escaping, so a quote breaks the query (or changes it) and backslashes are read
    as escapes. Neo4j passes parameters as values and gets them unchanged (see `open`).
    """
    match value:
        case str():
            return value.replace("\\", "\\\\").replace("'", "\\'")
        case list() | tuple():
            return [_quoted(item) for item in value]
        case dict():
            return {key: _quoted(item) for key, item in value.items()}
        case _:
            return value


def _size(value: Any) -> int:
    return len(orjson.dumps(value))


def _batches(
    items: Sequence[T], size: Callable[[Any], int], budget: int = PARAMETER_BUDGET - 200
) -> Iterator[list[T]]:
    """Consecutive runs of `items` whose encoded size stays under `budget` bytes."""
    batch: list[T] = []
    used = 0
    for item in items:
        item_size = size(item) + 1
        if batch and used + item_size > budget:
            yield batch
            batch, used = [], 0
        batch.append(item)
        used += item_size
    if batch:
        yield batch


def _usable_ids(ids: Iterable[str]) -> list[str]:
    return sorted({i for i in ids if 0 < len(i) <= _MAX_ID_CHARS})


def _stored_amount(amount: Decimal) -> float:
    """How the graph keeps an amount: a number, so that Cypher can compare and sort rates.

    Amounts have at most two decimals and stay far below 2**53 cents, so the number read back
    through its shortest text (`_amount`) is the same Decimal: the API never sees a float.
    """
    return float(amount)


def _amount(stored: Any) -> Decimal:
    return Decimal(str(stored)).quantize(CENT)


def _tutor(row: Mapping[str, Any]) -> TutorRecord:
    return TutorRecord(
        id=row["id"],
        user_id=row["userId"],
        headline=row["headline"] or "",
        bio=row["bio"] or "",
        rate_amount=_amount(row["rateAmount"]),
        rate_currency=row["rateCurrency"],
        languages=tuple(row["languages"] or ()),
    )


def _subject(row: Mapping[str, Any]) -> SubjectRecord:
    return SubjectRecord(id=row["id"], name=row["name"], category=row["category"])


def _filter_clause(spec: TutorFilterSpec) -> tuple[str, dict[str, Any]]:
    """MATCH … WHERE for tutors matching `spec` (fixed fragments only; values are parameters)."""
    where: list[str] = []
    params: dict[str, Any] = {}
    match = "MATCH (t:Tutor)"
    if spec.subject_id is not None:
        match = "MATCH (t:Tutor)-[:TEACHES]->(:Subject {id: $subject})"
        params["subject"] = spec.subject_id
    if spec.language is not None:
        where.append("$language IN t.languages")
        params["language"] = spec.language
    if spec.max_rate is not None:
        where.append("t.rateAmount <= $maxRate")
        params["maxRate"] = _stored_amount(spec.max_rate)
    return match + (" WHERE " + " AND ".join(where) if where else ""), params


def _is_outage(error: BaseException) -> bool:
    """Connection-level failures (refused, reset, defunct, unreachable), not query errors."""
    return isinstance(error, DriverError | OSError)


class TutorStore:
    """Cypher over one driver; `queries` counts the requests sent (tests check batching), and
    `store_queries` (what /metrics shows) every query `_send` runs, the connection probe too."""

    def __init__(
        self,
        driver: AsyncDriver,
        timeouts: StoreTimeouts | None = None,
        store_queries: StoreQueries | None = None,
    ) -> None:
        self._driver = driver
        self._timeouts = timeouts or StoreTimeouts()
        self._quote_params = False
        self.queries = 0
        self.store_queries = store_queries or StoreQueries()
        self._count_query = self.store_queries.counter("neo4j")

    @classmethod
    async def open(
        cls, settings: Settings, store_queries: StoreQueries | None = None
    ) -> TutorStore:
        """Connect, and find out whether the server needs string parameters pre-quoted."""
        auth = None
        if settings.neo4j_user is not None:
            auth = (settings.neo4j_user, settings.neo4j_password or "")
        timeouts = settings.timeouts
        driver = AsyncGraphDatabase.driver(
            settings.neo4j_url,
            auth=auth,
            # TCP connect; then the Bolt handshake and sign-in, which the driver bounds by the
            # acquisition timeout (60 s by default: a stalled handshake hung requests that long).
            connection_timeout=timeouts.connect,
            connection_acquisition_timeout=timeouts.connect,
        )
        store = cls(driver, timeouts, store_queries)
        try:
            rows = await store._send("RETURN $probe AS probe", {"probe": _PROBE})
        except BaseException:
            await store.close()
            raise
        store._quote_params = rows[0]["probe"] != _PROBE
        return store

    async def close(self) -> None:
        await self._driver.close()

    def _size(self, value: Any) -> int:
        """Encoded bytes of `value` as this server will receive it."""
        return _size(_quoted(value) if self._quote_params else value)

    async def _run(self, cypher: str, **params: Any) -> list[dict[str, Any]]:
        if self._quote_params:
            params = {key: _quoted(value) for key, value in params.items()}
        size = _size(params)
        if size > PARAMETER_BUDGET:
            raise ParameterBudgetExceeded(f"{size} parameter bytes for: {cypher[:60]}")
        self.queries += 1
        return await self._send(cypher, params)

    async def _send(self, cypher: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        # A session per request: sessions are cheap here, and one must not be shared by
        # concurrent resolvers. The deadline covers getting a connection and the whole result.
        # Every Cypher query of this subgraph passes here: the one place that counts them.
        self._count_query()
        async with (
            store_deadline("tutors", self._timeouts.query, _is_outage),
            self._driver.session() as session,
        ):
            result = await session.run(cypher, params)
            return [record.data() async for record in result]

    # --- setup -------------------------------------------------------------------------

    async def migrate(self) -> None:
        """Create every index in INDEXES that does not exist yet; safe to run again."""
        for label, prop in INDEXES:
            await self.ensure_index(label, prop)

    async def ensure_index(self, label: str, prop: str) -> None:
        """Create a range index on `label.prop` unless it exists (Neo4j 5 and FalkorDB)."""
        if not (_IDENTIFIER.fullmatch(label) and _IDENTIFIER.fullmatch(prop)):
            raise ValueError(f"not an identifier: {label}.{prop}")
        try:
            await self._run(f"CREATE INDEX IF NOT EXISTS FOR (n:{label}) ON (n.{prop})")
            return
        except Neo4jError as error:
            refused = error
        # FalkorDB does not parse IF NOT EXISTS and fails a duplicate index with a generic
        # error, so ask it which indexes exist; a server that cannot say gets the first error.
        try:
            existing = await self._falkor_indexes()
        except Neo4jError:
            raise refused from None
        if (label, prop) not in existing:
            await self._run(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})")

    async def _falkor_indexes(self) -> set[tuple[str, str]]:
        rows = await self._run("CALL db.indexes()")
        return {(row["label"], prop) for row in rows for prop in row["properties"]}

    async def count_nodes(self) -> tuple[int, int]:
        """How many subjects and tutors the graph holds."""
        rows = await self._run(
            "MATCH (n) WHERE n:Subject OR n:Tutor "
            "RETURN sum(CASE WHEN n:Subject THEN 1 ELSE 0 END) AS subjects, "
            "sum(CASE WHEN n:Tutor THEN 1 ELSE 0 END) AS tutors"
        )
        row = rows[0] if rows else {}
        return int(row.get("subjects") or 0), int(row.get("tutors") or 0)

    async def reset(self) -> None:
        """Delete every node this subgraph owns (the graph holds nothing else of ours)."""
        await self._run("MATCH (n) WHERE n:Tutor OR n:Subject OR n:Draft DETACH DELETE n")

    # --- bulk loading (seed) -------------------------------------------------------------

    async def load_subjects(self, subjects: Sequence[SubjectRecord]) -> None:
        rows = [{"id": s.id, "name": s.name, "category": s.category} for s in subjects]
        for batch in _batches(rows, self._size):
            await self._run(
                "UNWIND $rows AS r "
                "CREATE (:Subject {id: r.id, name: r.name, category: r.category})",
                rows=batch,
            )

    async def load_subject_edges(self, kind: str, pairs: Sequence[tuple[str, str]]) -> None:
        """Create `kind` edges (RELATED_TO or PREREQUISITE_OF) from each pair's first id."""
        if kind not in ("RELATED_TO", "PREREQUISITE_OF"):
            raise ValueError(f"unknown subject edge {kind}")
        rows = [{"a": a, "b": b} for a, b in pairs]
        for batch in _batches(rows, self._size):
            await self._run(
                "UNWIND $rows AS r MATCH (a:Subject {id: r.a}), (b:Subject {id: r.b}) "
                f"CREATE (a)-[:{kind}]->(b)",
                rows=batch,
            )

    async def load_tutors(self, tutors: Sequence[tuple[TutorRecord, tuple[Teaching, ...]]]) -> None:
        rows = [
            {
                "id": t.id,
                "userId": t.user_id,
                "headline": t.headline,
                "bio": t.bio,
                "rateAmount": _stored_amount(t.rate_amount),
                "rateCurrency": t.rate_currency,
                "languages": list(t.languages),
            }
            for t, _ in tutors
        ]
        for batch in _batches(rows, self._size):
            await self._run(
                "UNWIND $rows AS r CREATE (:Tutor {id: r.id, userId: r.userId, "
                "headline: r.headline, bio: r.bio, rateAmount: r.rateAmount, "
                "rateCurrency: r.rateCurrency, languages: r.languages})",
                rows=batch,
            )
        edges = [
            {"t": t.id, "s": x.subject_id, "level": x.level.name, "rank": x.level.value}
            for t, teachings in tutors
            for x in teachings
        ]
        for edge_batch in _batches(edges, self._size):
            await self._run(
                "UNWIND $rows AS r MATCH (t:Tutor {id: r.t}), (s:Subject {id: r.s}) "
                "CREATE (t)-[:TEACHES {level: r.level, rank: r.rank}]->(s)",
                rows=edge_batch,
            )

    # --- reads ---------------------------------------------------------------------------

    async def tutors_by_id(self, ids: Iterable[str]) -> dict[str, TutorRecord]:
        found: dict[str, TutorRecord] = {}
        for batch in _batches(_usable_ids(ids), self._size):
            rows = await self._run(f"MATCH (t:Tutor) WHERE t.id IN $ids RETURN {_TUTOR}", ids=batch)
            found.update((row["id"], _tutor(row)) for row in rows)
        return found

    async def subjects_by_id(self, ids: Iterable[str]) -> dict[str, SubjectRecord]:
        found: dict[str, SubjectRecord] = {}
        for batch in _batches(_usable_ids(ids), self._size):
            rows = await self._run(
                f"MATCH (s:Subject) WHERE s.id IN $ids RETURN {_SUBJECT}", ids=batch
            )
            found.update((row["id"], _subject(row)) for row in rows)
        return found

    async def all_subjects(self) -> tuple[SubjectRecord, ...]:
        rows = await self._run(f"MATCH (s:Subject) RETURN {_SUBJECT} ORDER BY s.name, s.id")
        return tuple(_subject(row) for row in rows)

    async def subjects_taught(self, ids: Iterable[str]) -> dict[str, tuple[TaughtSubject, ...]]:
        """The subjects each tutor teaches with their levels, highest level first, then by
        subject id: the TEACHES edges and the subjects they end at, in one query per batch."""
        found: dict[str, list[TaughtSubject]] = {}
        for batch in _batches(_usable_ids(ids), self._size):
            rows = await self._run(
                "MATCH (t:Tutor)-[r:TEACHES]->(s:Subject) WHERE t.id IN $ids "
                f"RETURN t.id AS tutor, r.rank AS rank, {_SUBJECT} "
                "ORDER BY t.id, r.rank DESC, s.id",
                ids=batch,
            )
            for row in rows:
                taught = TaughtSubject(subject=_subject(row), level=Level(row["rank"]))
                found.setdefault(row["tutor"], []).append(taught)
        return {key: tuple(value) for key, value in found.items()}

    async def neighbours(
        self, kind: str, ids: Iterable[str]
    ) -> dict[str, tuple[SubjectRecord, ...]]:
        """Per subject: `related` (RELATED_TO, either way) or `prerequisites` (PREREQUISITE_OF)."""
        match kind:
            case "related":
                pattern = "(x:Subject)-[:RELATED_TO]-(s:Subject)"
            case "prerequisites":
                pattern = "(s:Subject)-[:PREREQUISITE_OF]->(x:Subject)"
            case _:
                raise ValueError(f"unknown neighbourhood {kind}")
        found: dict[str, list[SubjectRecord]] = {}
        for batch in _batches(_usable_ids(ids), self._size):
            rows = await self._run(
                f"MATCH {pattern} WHERE x.id IN $ids "
                f"RETURN DISTINCT x.id AS of, {_SUBJECT} ORDER BY of, name, id",
                ids=batch,
            )
            for row in rows:
                found.setdefault(row["of"], []).append(_subject(row))
        return {key: tuple(value) for key, value in found.items()}

    async def tutor_page(self, spec: TutorFilterSpec, first: int, after: str | None) -> Page:
        """Tutors matching `spec` with id > `after`, ordered by id, plus the total count."""
        clause, params = _filter_clause(spec)
        count = await self._run(f"{clause} RETURN count(DISTINCT t) AS total", **params)
        page: list[dict[str, Any]] = []
        if first > 0:
            after_clause = " WITH DISTINCT t WHERE t.id > $after" if after is not None else ""
            if after is not None:
                params["after"] = after
            page = await self._run(
                f"{clause}{after_clause} WITH DISTINCT t "
                f"RETURN {_TUTOR} ORDER BY t.id LIMIT $limit",
                limit=first + 1,
                **params,
            )
        return Page(
            tutors=tuple(_tutor(row) for row in page[:first]),
            has_next_page=len(page) > first,
            total_count=int(count[0]["total"]) if count else 0,
        )

    async def subject_tutor_pages(
        self, subject_ids: Iterable[str], first: int, after: str | None
    ) -> dict[str, Page]:
        """`tutor_page` of each subject's teachers at once: one query per batch of subjects.

        Per subject, the tutors teaching it with id > `after`, ordered by id, `first` of them
        (one more tells whether a page follows), and how many teach it in all. Subjects nobody
        teaches are left out.
        """
        later = "" if after is None else " WHERE x.id > $after"
        params: dict[str, Any] = {} if after is None else {"after": after}
        found: dict[str, Page] = {}
        for batch in _batches(_usable_ids(subject_ids), self._size):
            rows = await self._run(
                "MATCH (t:Tutor)-[:TEACHES]->(s:Subject) WHERE s.id IN $ids "
                "WITH DISTINCT s.id AS subject, t ORDER BY subject, t.id "
                "WITH subject, collect(t) AS teachers "
                f"RETURN subject, size(teachers) AS total, "
                f"[x IN teachers{later} | {_TUTOR_MAP}][0..$limit] AS page",
                ids=batch,
                limit=first + 1,
                **params,
            )
            for row in rows:
                page = row["page"]
                found[row["subject"]] = Page(
                    tutors=tuple(_tutor(p) for p in page[:first]),
                    has_next_page=len(page) > first,
                    total_count=int(row["total"]),
                )
        return found

    async def match(
        self,
        subject_id: str,
        min_level: Level,
        spec: TutorFilterSpec,
        first: int,
    ) -> tuple[MatchRecord, ...]:
        """Tutors ranked by hops from `subject_id` to a subject they teach at `min_level` or above.

        Distance 0 is the subject itself; 1 to 3 follow RELATED_TO and PREREQUISITE_OF either way.
        Each tutor appears once, with its nearest subject (then its highest level, then subject
        id); ties between tutors go to the lower rate, then the lower tutor id.
        """
        where = ["r.rank >= $minRank"]
        params: dict[str, Any] = {"subject": subject_id, "minRank": min_level.value}
        if spec.language is not None:
            where.append("$language IN t.languages")
            params["language"] = spec.language
        if spec.max_rate is not None:
            where.append("t.rateAmount <= $maxRate")
            params["maxRate"] = _stored_amount(spec.max_rate)
        rows = await self._run(
            "MATCH (target:Subject {id: $subject}) "
            "MATCH p = (target)-[:RELATED_TO|PREREQUISITE_OF*0..3]-(s:Subject) "
            "WITH s, min(length(p)) AS distance "
            f"MATCH (t:Tutor)-[r:TEACHES]->(s) WHERE {' AND '.join(where)} "
            "WITH t, s, r, distance ORDER BY distance, r.rank DESC, s.id "
            "WITH t, collect({distance: distance, subject: s.id, rank: r.rank, name: s.name, "
            "category: s.category}) AS options "
            "WITH t, options[0] AS best "
            f"RETURN {_TUTOR}, best.distance AS distance, best.subject AS subject, "
            "best.name AS subjectName, best.category AS subjectCategory, "
            "best.rank AS rank ORDER BY distance, t.rateAmount, t.id LIMIT $limit",
            limit=first,
            **params,
        )
        return tuple(
            MatchRecord(
                tutor=_tutor(row),
                distance=int(row["distance"]),
                subject=SubjectRecord(
                    id=row["subject"], name=row["subjectName"], category=row["subjectCategory"]
                ),
                level=Level(row["rank"]),
            )
            for row in rows
        )

    # --- writes --------------------------------------------------------------------------

    async def _stage_text(self, text: str) -> str:
        """Write `text` in budget-sized pieces to a Draft node; returns the draft's key."""
        key = secrets.token_hex(12)
        pieces = [text[i : i + _PIECE_CHARS] for i in range(0, len(text), _PIECE_CHARS)]
        await self._run("CREATE (:Draft {key: $key, text: $text})", key=key, text=pieces[0])
        for piece in pieces[1:]:
            await self._run(
                "MATCH (d:Draft {key: $key}) SET d.text = d.text + $text", key=key, text=piece
            )
        return key

    async def _drop_draft(self, key: str | None) -> None:
        if key is not None:
            await self._run("MATCH (d:Draft {key: $key}) DELETE d", key=key)

    async def _bio_params(self, bio: str | None, rest: Mapping[str, Any]) -> dict[str, Any]:
        """`bio` inline when the request stays in budget, else staged (`draft` names it)."""
        if bio is None or self._size({**rest, "bio": bio}) <= PARAMETER_BUDGET - 300:
            return {"bio": bio, "draft": None}
        return {"bio": None, "draft": await self._stage_text(bio)}

    async def create_tutor(self, tutor: TutorRecord) -> bool:
        """Create `tutor` in one statement; False when its id or user already has a profile."""
        props = {
            "id": tutor.id,
            "userId": tutor.user_id,
            "headline": tutor.headline,
            "rateAmount": _stored_amount(tutor.rate_amount),
            "rateCurrency": tutor.rate_currency,
            "languages": list(tutor.languages),
        }
        bio = await self._bio_params(tutor.bio, props)
        try:
            # count() rather than OPTIONAL MATCH … WHERE e IS NULL: FalkorDB gets the latter
            # wrong and creates a duplicate.
            rows = await self._run(
                "MATCH (e:Tutor) WHERE e.userId = $props.userId OR e.id = $props.id "
                "WITH count(e) AS taken WHERE taken = 0 "
                "OPTIONAL MATCH (d:Draft {key: $draft}) "
                "CREATE (t:Tutor) SET t = $props, t.bio = coalesce(d.text, $bio) "
                "RETURN t.id AS id",
                props=props,
                **bio,
            )
        finally:
            await self._drop_draft(bio["draft"])
        return bool(rows)

    async def update_tutor(self, tutor_id: str, changes: ProfileChanges) -> None:
        """Apply the non-None `changes` to one tutor in one statement."""
        props: dict[str, Any] = {
            key: value
            for key, value in (
                ("headline", changes.headline),
                (
                    "rateAmount",
                    None if changes.rate_amount is None else _stored_amount(changes.rate_amount),
                ),
                ("rateCurrency", changes.rate_currency),
                ("languages", None if changes.languages is None else list(changes.languages)),
            )
            if value is not None
        }
        bio = await self._bio_params(changes.bio, {"id": tutor_id, "props": props})
        try:
            await self._run(
                "MATCH (t:Tutor {id: $id}) OPTIONAL MATCH (d:Draft {key: $draft}) "
                "SET t += $props, t.bio = coalesce(d.text, $bio, t.bio)",
                id=tutor_id,
                props=props,
                **bio,
            )
        finally:
            await self._drop_draft(bio["draft"])

    async def set_teachings(self, tutor_id: str, teachings: Sequence[Teaching]) -> None:
        """Replace a tutor's TEACHES edges in one statement (subjects checked by the caller)."""
        rows = [
            {"subject": x.subject_id, "level": x.level.name, "rank": x.level.value}
            for x in teachings
        ]
        await self._run(
            "MATCH (t:Tutor {id: $id}) OPTIONAL MATCH (t)-[old:TEACHES]->() DELETE old "
            "WITH DISTINCT t UNWIND $rows AS r MATCH (s:Subject {id: r.subject}) "
            "CREATE (t)-[:TEACHES {level: r.level, rank: r.rank}]->(s)",
            id=tutor_id,
            rows=rows,
        )

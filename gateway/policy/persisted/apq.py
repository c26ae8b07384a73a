"""Automatic persisted queries: the text a request's hash stands for, learnt from the client."""

from __future__ import annotations

import re

from gateway.policy.persisted.extension import persisted_hash, sha256_hex
from gateway.policy.persisted.responses import hash_mismatch, no_query, not_found, not_supported
from gateway.policy.persisted.store import QueryStore
from gateway.request.model import GraphQLRequest
from gateway.request.outcome import Refusal

__all__ = ["AutomaticPersistedQueries", "query_as_sent"]

_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


class AutomaticPersistedQueries:
    """Apollo's APQ protocol over `store`; with `store` None, APQ is off (NOT_SUPPORTED).

    hash only        the stored text, or PERSISTED_QUERY_NOT_FOUND (the client then resends
                     hash and text)
    hash and text    the text, stored, when it hashes to the hash; HASH_MISMATCH otherwise
    no extension     the text as sent
    """

    __slots__ = ("max_text_bytes", "store")

    def __init__(self, store: QueryStore | None, *, max_text_bytes: int = 64 * 1024) -> None:
        self.store = store
        # A text is stored before the pipeline has parsed it, so nothing larger than a document
        # the limits accept is kept: it would only fill the store (it still runs, or is refused).
        self.max_text_bytes = max_text_bytes

    async def resolve(self, request: GraphQLRequest) -> str | Refusal:
        sent = persisted_hash(request.extensions)
        if sent is None:
            return query_as_sent(request)
        if isinstance(sent, Refusal):
            return sent
        if self.store is None:
            return not_supported()
        key = sent.lower()
        if request.query:
            if sha256_hex(request.query) != key:
                return hash_mismatch()
            if _fits(request.query, self.max_text_bytes):
                await self.store.put(key, request.query)
            return request.query
        # Anything but 64 hex digits can never be stored: no need to ask the store.
        if _SHA256_HEX.fullmatch(key) is None:
            return not_found()
        text = await self.store.get(key)
        return not_found() if text is None else text

    async def close(self) -> None:
        if self.store is not None:
            await self.store.close()


def query_as_sent(request: GraphQLRequest) -> str | Refusal:
    # isspace, not strip: no copy of every query on the hot path.
    if not request.query or request.query.isspace():
        return no_query()
    return request.query


def _fits(text: str, max_bytes: int) -> bool:
    # A character is at least one UTF-8 byte; encode only when that bound cannot decide.
    return len(text) <= max_bytes and (text.isascii() or len(text.encode()) <= max_bytes)

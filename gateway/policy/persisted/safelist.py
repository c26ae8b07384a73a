"""Safelist mode: only operations registered in the manifest run, named by id or by body."""

from __future__ import annotations

from gateway.policy.persisted.apq import query_as_sent
from gateway.policy.persisted.extension import persisted_hash
from gateway.policy.persisted.manifest import Manifest
from gateway.policy.persisted.responses import hash_mismatch, not_in_list
from gateway.request.model import GraphQLRequest
from gateway.request.outcome import Refusal

__all__ = ["SafelistedQueries"]


class SafelistedQueries:
    """A hash (the manifest id, or the sha256 of a registered body) runs its registered body;
    a text runs only when it is, character for character, a registered body; anything else is
    PERSISTED_QUERY_NOT_IN_LIST.  No store: the manifest is the whole list, so APQ has nothing
    to learn here."""

    __slots__ = ("manifest",)

    def __init__(self, manifest: Manifest) -> None:
        self.manifest = manifest

    async def resolve(self, request: GraphQLRequest) -> str | Refusal:
        sent = persisted_hash(request.extensions)
        if isinstance(sent, Refusal):
            return sent
        if request.query:
            hashes = self.manifest.hashes_of.get(request.query)
            if hashes is None:
                return not_in_list(request.operation_name)
            # APQ clients send the text's sha256, persisted-query clients its id: either fits.
            if sent is not None and sent not in hashes and sent.lower() not in hashes:
                return hash_mismatch()
            return request.query
        if sent is None:
            return query_as_sent(request)
        body = self.manifest.by_hash.get(sent) or self.manifest.by_hash.get(sent.lower())
        return not_in_list(request.operation_name) if body is None else body

    async def close(self) -> None:
        return None

"""The `RequestContext` of one HTTP request: its id, its headers, and who sent it."""

from __future__ import annotations

import re
import uuid
from types import MappingProxyType

from gateway.request import Identity, RequestContext

__all__ = ["request_context", "request_id"]

# Ids are copied into logs and subgraph headers: accept only short, plain tokens from clients.
_SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")


def request_id(inbound: str | None) -> str:
    """The client's request id when it is a sane token, else a new random one."""
    if inbound is not None and _SANE_ID.fullmatch(inbound):
        return inbound
    return uuid.uuid4().hex


def request_context(
    request_id: str, headers: dict[str, str], identity: Identity | None = None
) -> RequestContext:
    """`headers` (names lower-cased) is shared, not copied: nothing changes it after this."""
    frozen = MappingProxyType(headers)
    if identity is None:
        return RequestContext(request_id=request_id, headers=frozen)
    return RequestContext(
        request_id=request_id, headers=frozen, claims=identity.claims, scopes=identity.scopes
    )

"""The `RequestContext` of one HTTP request: its id, its headers, and who sent it."""

from __future__ import annotations

import random
import re
from types import MappingProxyType

from gateway.request import Identity, RequestContext

__all__ = ["request_context", "request_id"]

# Ids are copied into logs and subgraph headers: accept only short, plain tokens from clients.
_SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
# A random UUID has version 4 and variant 10xx: clear those bits, then set them.
_UUID4_CLEAR = ~((0xF << 76) | (0x3 << 62))
_UUID4_SET = (0x4 << 76) | (0x2 << 62)


def request_id(inbound: str | None) -> str:
    """The client's request id when it is a sane token, else a new random UUID (version 4, hex)."""
    if inbound is not None and _SANE_ID.fullmatch(inbound):
        return inbound
    # Ids must be unique, not secret: the module PRNG (re-seeded in forked workers) costs a
    # quarter of `uuid.uuid4()`, which reads the OS's random source on every request.
    return f"{random.getrandbits(128) & _UUID4_CLEAR | _UUID4_SET:032x}"


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

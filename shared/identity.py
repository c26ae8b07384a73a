"""The identity the gateway forwards to subgraphs: verified JWT claims in one header.

The gateway verifies the client's token and sends its claims as base64url-encoded JSON (no
padding) in `x-gateway-claims`, next to `x-gateway-secret`, the secret it shares with the
subgraphs.  A subgraph trusts the claims only when the secret matches (see `shared.subgraph`).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import Any

import orjson

__all__ = ["CLAIMS_HEADER", "SECRET_HEADER", "decode_claims", "encode_claims"]

CLAIMS_HEADER = "x-gateway-claims"
SECRET_HEADER = "x-gateway-secret"  # noqa: S105 (a header name)


def encode_claims(claims: Mapping[str, Any]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(dict(claims))).rstrip(b"=").decode("ascii")


def decode_claims(value: str) -> dict[str, Any] | None:
    """The claims object, or None for anything that is not base64url JSON of an object."""
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        claims = orjson.loads(raw)
    except (binascii.Error, ValueError):
        return None
    return claims if isinstance(claims, dict) else None

"""The identity the gateway forwards to subgraphs: verified JWT claims in one header.

The gateway verifies the client's token and sends its claims as base64url-encoded JSON (no
padding) in `x-gateway-claims`, next to `x-gateway-secret`, the secret it shares with the
subgraphs.  A subgraph trusts the claims only when the secret matches (see `shared.subgraph`).
Both names are settings on each side: the gateway's `auth.claims_header` / `auth.secret_header`,
the subgraphs' `GATEWAY_CLAIMS_HEADER` / `GATEWAY_SECRET_HEADER` (`IdentityHeaders.from_env`).
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson

__all__ = [
    "CLAIMS_HEADER",
    "SECRET_HEADER",
    "IdentityHeaders",
    "decode_claims",
    "encode_claims",
    "tutor_of_user",
    "user_of_tutor",
]

_TUTOR_ID = re.compile(r"tutor-(\d{1,9})")
_USER_ID = re.compile(r"user-(\d{1,9})")

CLAIMS_HEADER = "x-gateway-claims"
SECRET_HEADER = "x-gateway-secret"  # noqa: S105 (a header name, not a secret)


@dataclass(frozen=True, slots=True, kw_only=True)
class IdentityHeaders:
    """The names of the two identity headers, as the gateway is configured to send them."""

    claims: str = CLAIMS_HEADER
    secret: str = SECRET_HEADER

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> IdentityHeaders:
        """`GATEWAY_CLAIMS_HEADER` and `GATEWAY_SECRET_HEADER` when set, else the defaults."""
        values = os.environ if env is None else env
        claims = values.get("GATEWAY_CLAIMS_HEADER", "").strip().lower() or CLAIMS_HEADER
        secret = values.get("GATEWAY_SECRET_HEADER", "").strip().lower() or SECRET_HEADER
        if claims == secret:
            raise RuntimeError("GATEWAY_CLAIMS_HEADER and GATEWAY_SECRET_HEADER must differ")
        return cls(claims=claims, secret=secret)


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


def tutor_of_user(user_id: str) -> str | None:
    """The tutor profile a user owns if they teach (user-N owns tutor-N); None for ids outside
    the user-N scheme."""
    match = _USER_ID.fullmatch(user_id)
    return None if match is None else f"tutor-{match.group(1)}"


def user_of_tutor(tutor_id: str) -> str | None:
    """The user a tutor profile belongs to (tutor-N is user-N's); None for ids outside the
    tutor-N scheme."""
    match = _TUTOR_ID.fullmatch(tutor_id)
    return None if match is None else f"user-{match.group(1)}"

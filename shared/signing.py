"""Signed tokens the subgraphs hand each other through clients or calls: HMAC-SHA256 over the
canonical JSON of a flat object, one key per kind of token.

    token = base64url(canonical JSON) "." base64url(HMAC-SHA256(key, that JSON))

Every kind (a price quote, a payment receipt, a cancellation notice) signs with its own key,
derived from the one platform secret (`PLATFORM_SIGNING_SECRET`), so a token of one kind never
passes for another. Encoding is strict (no padding, no spare bits, nothing outside the
alphabet): any changed character makes a different token whose signature fails.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from collections.abc import Mapping

__all__ = ["SignatureError", "Signer", "signing_secret"]

_MIN_SECRET_BYTES = 32
Fields = Mapping[str, str | int | bool | None]


class SignatureError(ValueError):
    """A token that is malformed, altered, or signed with another key or for another kind."""


def signing_secret(env: Mapping[str, str] | None = None) -> bytes:
    """The platform's signing secret, from `PLATFORM_SIGNING_SECRET`; refuses a missing or
    short one (a subgraph that signs or verifies must not start without it)."""
    value = (os.environ if env is None else env).get("PLATFORM_SIGNING_SECRET", "")
    if len(value.encode()) < _MIN_SECRET_BYTES:
        raise RuntimeError(
            f"PLATFORM_SIGNING_SECRET must be set to at least {_MIN_SECRET_BYTES} bytes"
        )
    return value.encode()


class Signer:
    """Signs and verifies one kind of token (`kind`, e.g. "receipt") under `secret`."""

    __slots__ = ("_key",)

    def __init__(self, secret: bytes, kind: str) -> None:
        if not kind:
            raise ValueError("a signer needs a kind")
        self._key = hmac.new(secret, b"tutorgraph-token:" + kind.encode(), hashlib.sha256).digest()

    def sign(self, fields: Fields) -> str:
        body = json.dumps(dict(fields), sort_keys=True, separators=(",", ":")).encode()
        return f"{_encode(body)}.{_encode(self._mac(body))}"

    def verify(self, token: str) -> dict[str, object]:
        """The fields `token` carries, if it was signed by this signer."""
        body_text, dot, mac_text = token.partition(".")
        if not dot:
            raise SignatureError("not a signed token")
        try:
            body, mac = _decode(body_text), _decode(mac_text)
        except ValueError:
            raise SignatureError("not a signed token") from None
        if not hmac.compare_digest(mac, self._mac(body)):
            raise SignatureError("the token was altered or is not ours")
        try:
            fields = json.loads(body)
        except ValueError:  # signed with our key, so only if the key was reused elsewhere
            raise SignatureError("not a signed token") from None
        if not isinstance(fields, dict):
            raise SignatureError("not a signed token")
        return fields

    def _mac(self, body: bytes) -> bytes:
        return hmac.new(self._key, body, hashlib.sha256).digest()


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _decode(text: str) -> bytes:
    if not text or not text.isascii():
        raise ValueError("empty or not ASCII")
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if _encode(raw) != text:
        raise ValueError("not the canonical spelling")
    return raw

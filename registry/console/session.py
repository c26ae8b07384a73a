"""Console sessions: a signed cookie naming the registry token (by its SHA-256) or the platform
user who signed in, with the session's CSRF token and its expiry.

The cookie holds no secret a thief could replay elsewhere: a token session keeps only the
token's hash, looked up on every request (a revoked token ends its sessions at once).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Literal

import orjson

__all__ = ["COOKIE", "SESSION_SECONDS", "Session", "SessionSigner"]

COOKIE = "registry_console"
SESSION_SECONDS = 8 * 3600


@dataclass(frozen=True, slots=True, kw_only=True)
class Session:
    kind: Literal["token", "jwt"]
    # The token's SHA-256, or the platform user's id.
    subject: str
    csrf: str
    expires: int

    @classmethod
    def new(cls, kind: Literal["token", "jwt"], subject: str, *, expires: int) -> Session:
        return cls(kind=kind, subject=subject, csrf=secrets.token_urlsafe(32), expires=expires)


class SessionSigner:
    """HMAC-SHA256 over the session's JSON; a bad, forged or expired cookie reads as None."""

    def __init__(self, secret: str | None) -> None:
        self._key = hashlib.sha256(
            (secret or secrets.token_urlsafe(48)).encode() + b"registry console session"
        ).digest()

    def _mac(self, payload: bytes) -> str:
        digest = hmac.new(self._key, payload, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def encode(self, session: Session) -> str:
        payload = base64.urlsafe_b64encode(
            orjson.dumps(
                {"k": session.kind, "s": session.subject, "c": session.csrf, "e": session.expires}
            )
        ).rstrip(b"=")
        return f"{payload.decode()}.{self._mac(payload)}"

    def decode(self, value: str | None, *, now: float | None = None) -> Session | None:
        if not value or value.count(".") != 1:
            return None
        payload, mac = value.split(".")
        if not hmac.compare_digest(mac, self._mac(payload.encode())):
            return None
        try:
            data = orjson.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            kind, subject, csrf, expires = data["k"], data["s"], data["c"], data["e"]
        except (ValueError, KeyError, TypeError):
            return None
        if kind not in ("token", "jwt") or not isinstance(expires, int):
            return None
        if expires <= (time.time() if now is None else now):
            return None
        return Session(kind=kind, subject=str(subject), csrf=str(csrf), expires=expires)

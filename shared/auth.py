"""Signed identity tokens (JWT, HS256): issued by accounts, verified by every subgraph."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

import jwt

__all__ = ["Viewer", "issue_token", "jwt_secret", "verify_token"]

_ISSUER = "tutorgraph-accounts"
_ALGORITHM = "HS256"
_MIN_SECRET_BYTES = 32


@dataclass(frozen=True, slots=True, kw_only=True)
class Viewer:
    """The signed-in user a request acts for."""

    user_id: str
    role: str


def jwt_secret() -> str:
    """The signing key, from `JWT_SECRET`; refuses to run with a missing or short key."""
    secret = os.environ.get("JWT_SECRET", "")
    if len(secret.encode()) < _MIN_SECRET_BYTES:
        raise RuntimeError(f"JWT_SECRET must be set to at least {_MIN_SECRET_BYTES} bytes")
    return secret


def issue_token(viewer: Viewer, secret: str, ttl_seconds: int = 3600) -> str:
    now = int(time.time())
    claims = {
        "sub": viewer.user_id,
        "role": viewer.role,
        "iss": _ISSUER,
        "iat": now,
        "exp": now + ttl_seconds,
    }
    return jwt.encode(claims, secret, algorithm=_ALGORITHM)


def verify_token(token: str, secret: str) -> Viewer | None:
    """The viewer a valid token names, or None for any invalid, expired or forged token."""
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[_ALGORITHM],
            issuer=_ISSUER,
            options={"require": ["sub", "exp", "iat", "iss"]},
        )
    except jwt.PyJWTError:
        return None
    role = claims.get("role")
    if not isinstance(claims["sub"], str) or not isinstance(role, str):
        return None
    return Viewer(user_id=claims["sub"], role=role)

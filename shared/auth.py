"""Identity secrets and tokens: the JWTs accounts issues (HS256, `JWT_SECRET`), the secret the
gateway shares with subgraphs (`GATEWAY_SHARED_SECRET`), and the viewer forwarded claims name."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jwt

__all__ = [
    "ROLE_SCOPES",
    "TOKEN_ISSUER",
    "Viewer",
    "gateway_secret",
    "issue_token",
    "jwt_secret",
    "verify_token",
    "viewer_from_claims",
]

# The `iss` of every token accounts issues (the gateway's `auth.issuer` for our stack).
TOKEN_ISSUER = "tutorgraph-accounts"  # noqa: S105 (an issuer name)
_ALGORITHM = "HS256"
_MIN_SECRET_BYTES = 32

# The `scope` claim of a token, from the holder's role: what `@requiresScopes` in the subgraphs
# checks at the gateway.  An admin holds every scope, so role rules read "tutor or admin".
ROLE_SCOPES: Mapping[str, tuple[str, ...]] = {
    "STUDENT": ("student",),
    "TUTOR": ("tutor",),
    "ADMIN": ("admin", "tutor", "student"),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Viewer:
    """The signed-in user a request acts for."""

    user_id: str
    role: str


def _secret(name: str, env: Mapping[str, str] | None) -> str:
    value = (os.environ if env is None else env).get(name, "")
    if len(value.encode()) < _MIN_SECRET_BYTES:
        raise RuntimeError(f"{name} must be set to at least {_MIN_SECRET_BYTES} bytes")
    return value


def jwt_secret(env: Mapping[str, str] | None = None) -> str:
    """The signing key, from `JWT_SECRET`; refuses to run with a missing or short key."""
    return _secret("JWT_SECRET", env)


def gateway_secret(env: Mapping[str, str] | None = None) -> str:
    """The secret proving a request comes from our gateway, from `GATEWAY_SHARED_SECRET`;
    refuses to run with a missing or short one (a subgraph without it must not start)."""
    return _secret("GATEWAY_SHARED_SECRET", env)


def issue_token(viewer: Viewer, secret: str, ttl_seconds: int = 3600) -> str:
    now = int(time.time())
    claims = {
        "sub": viewer.user_id,
        "role": viewer.role,
        "scope": " ".join(ROLE_SCOPES.get(viewer.role, ())),
        "iss": TOKEN_ISSUER,
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
            issuer=TOKEN_ISSUER,
            options={"require": ["sub", "exp", "iat", "iss"]},
        )
    except jwt.PyJWTError:
        return None
    return viewer_from_claims(claims)


def viewer_from_claims(claims: Mapping[str, Any]) -> Viewer | None:
    """The viewer verified claims name (`sub` and `role`, both strings), else None."""
    sub = claims.get("sub")
    role = claims.get("role")
    if not isinstance(sub, str) or not sub or not isinstance(role, str):
        return None
    return Viewer(user_id=sub, role=role)

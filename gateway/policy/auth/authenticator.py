"""`JwtAuthenticator`: the identity a request's bearer token proves, or an UNAUTHENTICATED refusal.

HS256 tokens verify with the secret in `auth.hs256_secret_env` (at least 32 bytes, else HS256 is
off); RS/PS/ES/EdDSA tokens with the keys of a JWKS file or URL.  Each key verifies exactly one
algorithm and the token's `alg` must be it, so an HMAC secret never verifies an RSA token (or
the reverse) and `none` is never accepted.  Refusals never repeat the token.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import aiohttp
import jwt

from gateway.config import AuthConfig
from gateway.policy.auth.jwks import ASYMMETRIC_ALGORITHMS, JwksCache, PublicKey, parse_jwks
from gateway.request import Identity, Refusal, refusal

__all__ = ["LEEWAY_SECONDS", "MIN_HS256_SECRET_BYTES", "JwtAuthenticator"]

logger = logging.getLogger(__name__)

MIN_HS256_SECRET_BYTES = 32
# Clock skew tolerated on exp, nbf and iat.
LEEWAY_SECONDS = 30
_JWKS_TIMEOUT = aiohttp.ClientTimeout(total=10)
_MAX_JWKS_BYTES = 1 << 20


class JwtAuthenticator:
    """Verifies `Authorization: Bearer <jwt>`; no header means an anonymous `Identity()`."""

    def __init__(
        self,
        config: AuthConfig,
        *,
        env: Mapping[str, str] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._config = config
        self._hs256_key = _hs256_secret(config, os.environ if env is None else env)
        self._session: aiohttp.ClientSession | None = None
        self._sources: list[JwksCache] = []
        if config.jwks_file:
            self._sources.append(self._file_source(config.jwks_file, clock))
        if config.jwks_url:
            url = config.jwks_url
            self._sources.append(
                JwksCache(
                    lambda: self._fetch(url),
                    source=url,
                    refresh_seconds=config.jwks_refresh_seconds,
                    clock=clock,
                )
            )
        if config.jwt_enabled and self._hs256_key is None and not self._sources:
            logger.warning(
                "JWT verification is on but no key is configured (%s, auth.jwks_file, "
                "auth.jwks_url): every bearer token will be refused",
                config.hs256_secret_env,
            )
        prefix = config.header_prefix.strip()
        self._prefix = f"{prefix.lower()} " if prefix else ""

    def _file_source(self, path: str, clock: Callable[[], float]) -> JwksCache:
        async def load() -> bytes:
            return await asyncio.to_thread(Path(path).read_bytes)

        cache = JwksCache(
            load, source=path, refresh_seconds=self._config.jwks_refresh_seconds, clock=clock
        )
        # A missing or broken key file is a configuration error: refuse to start.
        try:
            keys = parse_jwks(Path(path).read_bytes())
        except (OSError, ValueError) as exc:
            raise ValueError(f"auth.jwks_file {path!r} is not a usable JWKS: {exc}") from None
        cache.preload(keys)
        return cache

    async def _fetch(self, url: str) -> bytes:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=_JWKS_TIMEOUT)
        async with self._session.get(url, headers={"accept": "application/json"}) as response:
            if response.status != 200:
                raise RuntimeError(f"HTTP {response.status}")
            body = await response.content.read(_MAX_JWKS_BYTES + 1)
        if len(body) > _MAX_JWKS_BYTES:
            raise RuntimeError("the key set is larger than 1 MiB")
        return body

    async def authenticate(self, headers: Mapping[str, str]) -> Identity | Refusal:
        config = self._config
        if not config.jwt_enabled:
            return Identity()
        value = headers.get(config.header_name.lower(), "").strip()
        if not value:
            return Identity()
        if self._prefix and not value.lower().startswith(self._prefix):
            return _refused(
                f"The {config.header_name} header must be '{config.header_prefix} <token>'."
            )
        token = value[len(self._prefix) :].strip()
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            return _refused("The token is malformed.")
        algorithm, kid = header.get("alg"), header.get("kid")
        if algorithm == "HS256" and self._hs256_key is not None:
            candidates: tuple[Any, ...] = (self._hs256_key,)
        elif isinstance(algorithm, str) and algorithm in ASYMMETRIC_ALGORITHMS and self._sources:
            candidates = tuple(key.key for key in await self._public_keys(algorithm, kid))
            if not candidates:
                return _refused("The token is signed with an unknown key.")
        else:
            return _refused("The token's signing algorithm is not accepted.")
        return self._verified(token, algorithm, candidates)

    async def _public_keys(self, algorithm: str, kid: Any) -> tuple[PublicKey, ...]:
        matching = await self._matching(algorithm, kid)
        if not matching and isinstance(kid, str):
            refreshed = [await source.refresh_for_unknown_kid() for source in self._sources]
            if any(refreshed):
                matching = await self._matching(algorithm, kid)
        return matching

    async def _matching(self, algorithm: str, kid: Any) -> tuple[PublicKey, ...]:
        found: list[PublicKey] = []
        for source in self._sources:
            for key in await source.keys():
                if key.algorithm != algorithm:
                    continue
                if isinstance(kid, str) and key.kid != kid:
                    continue
                found.append(key)
        return tuple(found)

    def _verified(
        self, token: str, algorithm: str, candidates: tuple[Any, ...]
    ) -> Identity | Refusal:
        config = self._config
        for key in candidates:
            try:
                claims = jwt.decode(
                    token,
                    key,
                    algorithms=[algorithm],
                    issuer=config.issuer,
                    audience=config.audience,
                    leeway=LEEWAY_SECONDS,
                    options={"require": ["exp"], "verify_aud": config.audience is not None},
                )
            except jwt.InvalidSignatureError:
                continue
            except jwt.ExpiredSignatureError:
                return _refused("The token has expired.")
            except jwt.ImmatureSignatureError:
                return _refused("The token is not valid yet.")
            except jwt.InvalidIssuerError:
                return _refused("The token's issuer is not accepted.")
            except jwt.InvalidAudienceError:
                return _refused("The token's audience is not accepted.")
            except jwt.MissingRequiredClaimError as exc:
                return _refused(f"The token has no '{exc.claim}' claim.")
            except jwt.PyJWTError:
                return _refused("The token is malformed.")
            return Identity(claims=claims, scopes=_scopes(claims.get(config.scopes_claim)))
        return _refused("The token's signature is invalid.")

    async def close(self) -> None:
        for source in self._sources:
            await source.close()
        if self._session is not None:
            await self._session.close()
            self._session = None


def _hs256_secret(config: AuthConfig, env: Mapping[str, str]) -> str | None:
    secret = env.get(config.hs256_secret_env, "")
    if not secret:
        return None
    if len(secret.encode()) < MIN_HS256_SECRET_BYTES:
        logger.warning(
            "%s is shorter than %d bytes: HS256 tokens are refused",
            config.hs256_secret_env,
            MIN_HS256_SECRET_BYTES,
        )
        return None
    return secret


def _scopes(value: Any) -> frozenset[str]:
    """Scopes from a space-separated string or a list of strings (anything else: none)."""
    match value:
        case str():
            return frozenset(value.split())
        case list() | tuple():
            return frozenset(scope for scope in value if isinstance(scope, str) and scope)
        case _:
            return frozenset()


def _refused(message: str) -> Refusal:
    return refusal(message, "UNAUTHENTICATED")

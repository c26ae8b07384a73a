"""Public keys from a JSON Web Key Set: parsed strictly, cached, refreshed on a schedule and on
an unknown key id (at most once per `REFETCH_INTERVAL`), the last good set kept on failure."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import jwt
import orjson

__all__ = ["ASYMMETRIC_ALGORITHMS", "REFETCH_INTERVAL", "JwksCache", "PublicKey", "parse_jwks"]

logger = logging.getLogger(__name__)

# Signature algorithms a JWKS key may verify.  Symmetric (`oct`) keys are refused: a key set is
# public, so an HMAC key in it would let anyone sign tokens.
ASYMMETRIC_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
# An unknown `kid` (or a failed load) triggers a new load at most this often, so tokens with
# made-up key ids cannot make the gateway hammer the key server.
REFETCH_INTERVAL = 30.0
MIN_REFRESH_SECONDS = 1.0


@dataclass(frozen=True, slots=True, kw_only=True)
class PublicKey:
    """One verification key: the only algorithm it verifies, and its key id if it has one."""

    kid: str | None
    algorithm: str
    key: Any


class JwksError(ValueError):
    """A key set document that is not a JSON object with a `keys` list."""


def parse_jwks(raw: bytes) -> tuple[PublicKey, ...]:
    """The usable signing keys of a JWKS document; unusable entries are skipped and logged."""
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise JwksError(f"not JSON ({exc})") from None
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise JwksError("not a JWKS document (an object with a 'keys' list)")
    keys: list[PublicKey] = []
    for index, entry in enumerate(document["keys"]):
        key = _public_key(entry)
        if isinstance(key, str):
            logger.warning("skipping JWKS key #%d: %s", index, key)
        else:
            keys.append(key)
    return tuple(keys)


def _public_key(entry: Any) -> PublicKey | str:
    if not isinstance(entry, dict):
        return "not an object"
    if entry.get("kty") == "oct":
        return "symmetric keys are never accepted from a key set"
    if entry.get("use", "sig") != "sig":
        return "not a signing key"
    try:
        parsed = jwt.PyJWK(entry)
    except (jwt.PyJWKError, jwt.InvalidKeyError, ValueError, TypeError) as exc:
        return f"not a usable key ({exc})"
    algorithm = parsed.algorithm_name
    if algorithm not in ASYMMETRIC_ALGORITHMS:
        return f"algorithm {algorithm!r} is not accepted"
    kid = entry.get("kid")
    return PublicKey(kid=kid if isinstance(kid, str) else None, algorithm=algorithm, key=parsed.key)


class JwksCache:
    """The keys of one source (`load` returns the JWKS bytes).

    The first use waits for a load; afterwards a stale set is refreshed in the background while
    requests go on with the old keys.  A failed load keeps the previous keys and is logged.
    """

    def __init__(
        self,
        load: Callable[[], Awaitable[bytes]],
        *,
        source: str,
        refresh_seconds: float,
        clock: Callable[[], float],
    ) -> None:
        self._load = load
        self._source = source
        # A zero or negative interval would refetch on every request: one second at least.
        self._refresh_seconds = max(refresh_seconds, MIN_REFRESH_SECONDS)
        self._clock = clock
        self._keys: tuple[PublicKey, ...] = ()
        self._loaded = False
        self._next_refresh = -math.inf
        self._last_attempt = -math.inf
        self._lock = asyncio.Lock()
        self._background: asyncio.Task[None] | None = None

    def preload(self, keys: tuple[PublicKey, ...]) -> None:
        """Keys read before serving (a file checked at startup)."""
        now = self._clock()
        self._keys, self._loaded = keys, True
        self._last_attempt, self._next_refresh = now, now + self._refresh_seconds

    async def keys(self) -> tuple[PublicKey, ...]:
        now = self._clock()
        if not self._loaded:
            if now - self._last_attempt >= REFETCH_INTERVAL:
                await self._refresh()
        elif now >= self._next_refresh and (self._background is None or self._background.done()):
            self._background = asyncio.create_task(self._refresh())
        return self._keys

    async def refresh_for_unknown_kid(self) -> bool:
        """Load again for a key id not in the set, unless that happened too recently."""
        if self._clock() - self._last_attempt < REFETCH_INTERVAL:
            return False
        await self._refresh()
        return True

    async def _refresh(self) -> None:
        started = self._clock()
        async with self._lock:
            if self._last_attempt >= started:
                return  # another request loaded while this one waited for the lock
            self._last_attempt = self._clock()
            try:
                keys = parse_jwks(await self._load())
            except Exception as exc:
                self._next_refresh = self._last_attempt + min(
                    REFETCH_INTERVAL, self._refresh_seconds
                )
                logger.warning(
                    "could not load the JWKS from %s (keeping %d known keys): %s",
                    self._source,
                    len(self._keys),
                    exc or type(exc).__name__,
                )
                return
            self._keys, self._loaded = keys, True
            self._next_refresh = self._last_attempt + self._refresh_seconds
            logger.info("loaded %d keys from the JWKS at %s", len(keys), self._source)

    async def close(self) -> None:
        if self._background is not None and not self._background.done():
            self._background.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._background

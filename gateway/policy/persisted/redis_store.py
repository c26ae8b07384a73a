"""The shared APQ store: query texts in Redis, so every gateway instance knows every hash.

Redis is an optimisation, never a dependency of a request: any Redis failure (down, slow,
refusing) reads as a miss and a skipped write, is logged at most once per `log_interval`, and
pauses Redis calls for `pause_seconds` so that an outage does not add a timeout to every request.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

__all__ = ["RedisStore"]

logger = logging.getLogger(__name__)

# A store call may delay a request by at most this much (connect or answer).
_TIMEOUT_SECONDS = 1.0
_MAX_CONNECTIONS = 64


class RedisStore:
    """Texts under `prefix + hash` with a TTL (none when `ttl_seconds` is None)."""

    def __init__(
        self,
        url: str,
        *,
        prefix: str,
        ttl_seconds: int | None,
        pause_seconds: float = 2.0,
        log_interval: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        try:
            # A burst beyond the pool waits for a connection (up to the timeout) instead of
            # failing, which would pause Redis for everyone.
            pool = BlockingConnectionPool.from_url(
                url,
                max_connections=_MAX_CONNECTIONS,
                timeout=_TIMEOUT_SECONDS,
                decode_responses=True,
                socket_timeout=_TIMEOUT_SECONDS,
                socket_connect_timeout=_TIMEOUT_SECONDS,
                # Retrying would multiply the delay a failure adds to a request.
                retry=Retry(NoBackoff(), 0),
            )
        except ValueError as error:
            # The message never repeats the URL: it may hold a password.
            reason = type(error).__name__
            raise ValueError(f"the APQ Redis URL is not valid ({reason})") from None
        self._redis: Redis = Redis.from_pool(pool)
        self.prefix = prefix
        self.ttl_seconds = ttl_seconds
        self.pause_seconds = pause_seconds
        self.log_interval = log_interval
        self._clock = clock
        self._paused_until = 0.0
        self._next_log = 0.0
        self._failures = 0

    async def get(self, key: str) -> str | None:
        if self._paused():
            return None
        try:
            value = await self._redis.get(self.prefix + key)
        # Socket errors and timeouts (TimeoutError is an OSError) may escape redis' own types.
        except (RedisError, OSError) as error:
            self._failed("read", error)
            return None
        return value if isinstance(value, str) else None

    async def put(self, key: str, text: str) -> None:
        if self._paused():
            return
        try:
            await self._redis.set(self.prefix + key, text, ex=self.ttl_seconds)
        except (RedisError, OSError) as error:
            self._failed("write", error)

    async def close(self) -> None:
        await self._redis.aclose()

    def _paused(self) -> bool:
        return self._paused_until > 0.0 and self._clock() < self._paused_until

    def _failed(self, what: str, error: BaseException) -> None:
        now = self._clock()
        self._failures += 1
        if self.pause_seconds > 0:
            self._paused_until = now + self.pause_seconds
        if now >= self._next_log:
            logger.warning(
                "APQ Redis %s failed (%s: %s); treating it as a miss (%d failure(s) since the "
                "last report, next report in %.0f s at the earliest)",
                what,
                type(error).__name__,
                error,
                self._failures,
                self.log_interval,
            )
            self._failures = 0
            self._next_log = now + self.log_interval

"""Rate-limit state in Redis, shared by every replica: one atomic Lua script per check.

The script is GCRA (`gateway.traffic.gcra`) on Redis's own clock (`TIME`), so replicas whose
clocks disagree still agree on every key; the key expires when its TAT has passed.  Redis is
never allowed to take the gateway down: a failure (down, refusing, slower than `timeout`) is
logged at most once a minute, Redis is left alone for `pause_seconds`, and meanwhile
`on_failure` decides:

    local   count in this process (each replica enforces the limits alone)
    allow   let the request through (no limit until Redis answers)
    deny    refuse it, asking the client to come back after the pause
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Literal

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from gateway.traffic.gcra import MemoryStore, Rate
from gateway.traffic.observer import TrafficObserver

__all__ = ["GCRA_SCRIPT", "RedisStore"]

logger = logging.getLogger(__name__)

_MAX_CONNECTIONS = 64

# KEYS[1]: the key; ARGV: emission interval (us), window (us), cost.  Returns 0 when allowed
# (and stores the new TAT), else the microseconds to wait.  Numbers are written with %.0f:
# Lua's default formatting would round a microsecond timestamp to 14 digits.
GCRA_SCRIPT = """
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end
local new = tat + interval * cost
local wait = new - now - window
if wait > 0 then return wait end
redis.call('SET', KEYS[1], string.format('%.0f', new), 'PX', math.ceil((new - now) / 1000))
return 0
"""


class RedisStore:
    """GCRA counts under `prefix + key` in the Redis at `url`."""

    def __init__(
        self,
        url: str,
        *,
        prefix: str,
        timeout: float,
        on_failure: Literal["local", "allow", "deny"],
        observer: TrafficObserver,
        pause_seconds: float = 2.0,
        log_interval: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        try:
            pool = BlockingConnectionPool.from_url(
                url,
                max_connections=_MAX_CONNECTIONS,
                timeout=timeout,
                socket_timeout=timeout,
                socket_connect_timeout=timeout,
                # A retry would double the delay a failing Redis adds to a request.
                retry=Retry(NoBackoff(), 0),
            )
        except ValueError as error:
            # Never repeat the URL: it may hold a password.
            raise ValueError(
                f"the rate-limit Redis URL is not valid ({type(error).__name__})"
            ) from None
        self._redis: Redis = Redis.from_pool(pool)
        self._script = self._redis.register_script(GCRA_SCRIPT)
        self.prefix = prefix
        self.on_failure = on_failure
        self.observer = observer
        self.local = MemoryStore()
        self.pause_seconds = pause_seconds
        self.log_interval = log_interval
        self._clock = clock
        self._paused_until = 0.0
        self._next_log = 0.0
        self._failures = 0

    async def take(self, key: str, rate: Rate, cost: int = 1) -> float:
        if self._paused_until and self._clock() < self._paused_until:
            return self._fallback(key, rate, cost)
        try:
            wait_us = await self._script(
                keys=[self.prefix + key], args=[rate.interval_us, rate.window_us, cost]
            )
        # Socket errors and timeouts (TimeoutError is an OSError) may escape redis' own types.
        except (RedisError, OSError) as error:
            self._failed(error)
            return self._fallback(key, rate, cost)
        self._paused_until = 0.0
        return int(wait_us) / 1_000_000

    def _fallback(self, key: str, rate: Rate, cost: int) -> float:
        match self.on_failure:
            case "local":
                return self.local.take(key, rate, cost)
            case "allow":
                return 0.0
            case "deny":
                return max(1.0, self._paused_until - self._clock())

    def _failed(self, error: BaseException) -> None:
        now = self._clock()
        self._failures += 1
        self._paused_until = now + self.pause_seconds
        self.observer.store_failed()
        if now >= self._next_log:
            logger.warning(
                "rate-limit Redis failed (%s: %s); limits are '%s' for the next %.0f s "
                "(%d failure(s) since the last report)",
                type(error).__name__,
                error,
                self.on_failure,
                self.pause_seconds,
                self._failures,
            )
            self._failures = 0
            self._next_log = now + self.log_interval

    async def close(self) -> None:
        await self._redis.aclose()

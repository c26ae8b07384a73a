"""How long a subgraph waits for its store, and what the client hears when the store is slow.

A store that accepts a connection and then never answers (a stalled handshake, a hung query)
must cost a subgraph request a few seconds and a clean error, not the gateway's whole subgraph
timeout (30 s by default) and a hang. Every store client is therefore built with a connect
timeout (TCP connect plus the protocol's handshake and sign-in) and every store call runs
under a deadline; an outage becomes `StoreUnavailable` (SERVICE_UNAVAILABLE) for the fields
that needed the store, and a warning in the log.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from typing import Final

from shared.errors import StoreUnavailable

__all__ = [
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_QUERY_TIMEOUT",
    "StoreTimeouts",
    "store_deadline",
]

log = logging.getLogger("subgraph.store")

# Both well below the gateway's default subgraph timeout (30 s), so that a stalled store is
# reported by the subgraph, with its name, before the gateway gives up on the whole fetch.
DEFAULT_CONNECT_TIMEOUT: Final = 5.0
DEFAULT_QUERY_TIMEOUT: Final = 10.0


@dataclass(frozen=True, slots=True, kw_only=True)
class StoreTimeouts:
    """Seconds to open a store connection (handshake included) and to finish one store call."""

    connect: float = DEFAULT_CONNECT_TIMEOUT
    query: float = DEFAULT_QUERY_TIMEOUT

    @classmethod
    def from_env(cls, prefix: str, env: Mapping[str, str]) -> StoreTimeouts:
        """`<prefix>_CONNECT_TIMEOUT_SECONDS` and `<prefix>_QUERY_TIMEOUT_SECONDS`, if set."""
        return cls(
            connect=_seconds(env, f"{prefix}_CONNECT_TIMEOUT_SECONDS", DEFAULT_CONNECT_TIMEOUT),
            query=_seconds(env, f"{prefix}_QUERY_TIMEOUT_SECONDS", DEFAULT_QUERY_TIMEOUT),
        )


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise RuntimeError(f"{name} must be a number of seconds, not {raw!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise RuntimeError(f"{name} must be a positive number of seconds, not {raw!r}")
    return value


@contextlib.asynccontextmanager
async def store_deadline(
    store: str, seconds: float, is_outage: Callable[[BaseException], bool]
) -> AsyncIterator[None]:
    """Run the body within `seconds`; a timeout or an outage (`is_outage`) is StoreUnavailable.

    `store` names the store in the message and the log ("the tutors store").
    """
    try:
        async with asyncio.timeout(seconds):
            yield
    except StoreUnavailable:
        raise
    except TimeoutError as exc:
        log.warning("the %s store did not answer within %gs", store, seconds)
        raise _unavailable(store, f"did not answer within {seconds:g} s") from exc
    except Exception as exc:
        if not is_outage(exc):
            raise
        log.warning("the %s store is unavailable: %s: %s", store, type(exc).__name__, exc)
        raise _unavailable(store, "is unavailable") from exc


def _unavailable(store: str, what: str) -> StoreUnavailable:
    return StoreUnavailable(f"the {store} store {what}; try again later", store=store)

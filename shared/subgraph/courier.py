"""Server-to-server deliveries between subgraphs: a signed token to another subgraph's mutation.

A subgraph that must tell another one something (payments: "this booking is paid"; scheduling:
"this paid booking was cancelled") calls the other's mutation the way the gateway would (the
shared `x-gateway-secret`, no viewer: the signed token is the authority) and records the
outcome in its own store, so that nothing is lost when the other side is down: whatever was not
delivered is sent again by a `Sweeper` until it is.

Outcomes: `DELIVERED` (the mutation answered data), `REFUSED` (it answered a GraphQL error with
a code other than SERVICE_UNAVAILABLE / INTERNAL_SERVER_ERROR: sending again would not help),
`RETRY` (no answer, a bad status, or the other side's own outage).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import aiohttp
import orjson

from shared.identity import IdentityHeaders

__all__ = ["Courier", "Delivery", "Outcome", "Sweeper"]

log = logging.getLogger("shared.subgraph.courier")

_TRANSIENT = frozenset({"SERVICE_UNAVAILABLE", "INTERNAL_SERVER_ERROR"})


class Outcome(Enum):
    DELIVERED = "DELIVERED"
    REFUSED = "REFUSED"
    RETRY = "RETRY"


@dataclass(frozen=True, slots=True, kw_only=True)
class Delivery:
    outcome: Outcome
    data: dict[str, Any] = field(default_factory=dict)  # the mutation's data when DELIVERED
    code: str | None = None  # the error code when REFUSED
    message: str = ""


class Courier:
    """Sends tokens to `mutation` (a document with one `$token: String!` variable) at `url`."""

    def __init__(
        self,
        *,
        name: str,
        url: str,
        mutation: str,
        secret: str,
        timeout: float,
        names: IdentityHeaders | None = None,
    ) -> None:
        self._name = name
        self._url = url
        self._mutation = mutation
        self._headers = {(names or IdentityHeaders.from_env()).secret: secret}
        self._timeout = timeout
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        # Made on first use, inside the serving event loop.
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self._timeout)
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def deliver(self, token: str) -> Delivery:
        payload = orjson.dumps({"query": self._mutation, "variables": {"token": token}})
        headers = {**self._headers, "content-type": "application/json"}
        try:
            async with self._client().post(self._url, data=payload, headers=headers) as answer:
                status = answer.status
                body = orjson.loads(await answer.read()) if status == 200 else None
        except (aiohttp.ClientError, TimeoutError, orjson.JSONDecodeError) as exc:
            log.warning("%s did not answer at %s: %s", self._name, self._url, type(exc).__name__)
            return Delivery(outcome=Outcome.RETRY, message=type(exc).__name__)
        if not isinstance(body, dict):
            log.warning("%s answered HTTP %s at %s", self._name, status, self._url)
            return Delivery(outcome=Outcome.RETRY, message=f"HTTP {status}")
        errors = body.get("errors")
        if errors:
            first = errors[0] if isinstance(errors[0], dict) else {}
            code = (first.get("extensions") or {}).get("code")
            message = str(first.get("message", ""))
            if code in _TRANSIENT or not isinstance(code, str):
                return Delivery(outcome=Outcome.RETRY, code=code, message=message)
            return Delivery(outcome=Outcome.REFUSED, code=code, message=message)
        data = body.get("data")
        if not isinstance(data, dict):
            return Delivery(outcome=Outcome.RETRY, message="no data")
        return Delivery(outcome=Outcome.DELIVERED, data=data)


class Sweeper:
    """Runs `job` every `every` seconds in the background until closed; a failing job is
    logged and tried again next time, never ends the loop."""

    def __init__(self, name: str, job: Callable[[], Awaitable[object]], every: float) -> None:
        self._name = name
        self._job = job
        self._every = every
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._loop(), name=f"sweeper:{self._name}")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self._every)
            try:
                await self._job()
            except Exception:
                log.exception("%s: the sweep failed; trying again in %ss", self._name, self._every)

"""Rate limits on client requests: every client together, each client, and operation rules.

`admit` runs before the pipeline for each operation (each one of a batch): it returns None, or
`RateLimited` naming the limit and how long the client should wait.  Checks run in order,
`all_clients`, `per_client`, then each operation rule whose root fields the operation selects,
and stop at the first refusal (the requests counted by the earlier limits stay counted).

A client is its verified token's subject when it has one, else its address; an operation rule
may instead count per address (sign-in, where nobody has a token yet) or for everyone.  An
operation rule needs the document: the text sent, or, for a persisted query sent as a hash
only, the text the persisted-query stage resolves (asked only when not already known here).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from gateway.config import OperationRateLimit, RateLimit, RateLimitsConfig
from gateway.config.traffic_checks import rule_key
from gateway.request import GraphQLRequest, Refusal
from gateway.traffic.gcra import Rate
from gateway.traffic.observer import TrafficObserver
from gateway.traffic.root_fields import RootFieldCounter, RootSelections
from gateway.traffic.store import LimitStore

__all__ = ["Client", "InboundLimits", "RateLimited", "ResolveText", "RootTypes"]

# The query text a request stands for (the persisted-query stage), or its refusal.
ResolveText = Callable[[GraphQLRequest], Awaitable[str | Refusal]]
# The root types of the serving schema: name ("Mutation") -> operation type ("mutation").
RootTypes = Callable[[], Mapping[str, str]]


@dataclass(frozen=True, slots=True)
class Client:
    """Who sent a request: its address, and the subject of its verified token if any."""

    address: str
    subject: str | None = None

    @property
    def key(self) -> str:
        return f"sub:{self.subject}" if self.subject is not None else f"ip:{self.address}"


@dataclass(frozen=True, slots=True, kw_only=True)
class RateLimited:
    limit: str
    retry_after: float


@dataclass(frozen=True, slots=True, kw_only=True)
class _Rule:
    name: str
    rate: Rate
    fields: tuple[tuple[str, str], ...]  # (root type name, field)
    per: Literal["client", "ip", "all"]


def _rule(config: OperationRateLimit) -> _Rule:
    fields = tuple(tuple(coordinate.split(".", 1)) for coordinate in config.fields)
    return _Rule(
        name=rule_key(config.name, config.fields),
        rate=Rate.of(config.limit, config.window_seconds),
        fields=fields,  # type: ignore[arg-type]  # split(".", 1) of a checked coordinate: 2 parts
        per=config.per,
    )


class InboundLimits:
    """The client-side limits of `config`, counted in `store`."""

    def __init__(
        self,
        config: RateLimitsConfig,
        store: LimitStore,
        *,
        observer: TrafficObserver,
        max_tokens: int,
    ) -> None:
        self.store = store
        self.observer = observer
        self.all_clients = None if config.all_clients is None else _rate(config.all_clients)
        self.per_client = None if config.per_client is None else _rate(config.per_client)
        self.rules = tuple(_rule(rule) for rule in config.operations)
        watched = {field for rule in self.rules for _, field in rule.fields}
        self.roots = RootFieldCounter(watched, max_tokens=max_tokens)

    @property
    def active(self) -> bool:
        return bool(self.all_clients or self.per_client or self.rules)

    async def admit(
        self,
        request: GraphQLRequest,
        client: Client,
        *,
        resolve: ResolveText,
        root_types: RootTypes,
    ) -> RateLimited | None:
        if self.all_clients is not None:
            refused = await self._take("all_clients", "all", self.all_clients, 1)
            if refused is not None:
                return refused
        if self.per_client is not None:
            refused = await self._take("per_client", f"client:{client.key}", self.per_client, 1)
            if refused is not None:
                return refused
        if not self.rules:
            return None
        selections = await self._selections(request, resolve)
        if not selections:
            return None
        kinds = root_types()
        for rule in self.rules:
            cost = sum(selections.get((kinds.get(t, ""), f), 0) for t, f in rule.fields)
            if cost:
                who = {"client": client.key, "ip": f"ip:{client.address}", "all": "all"}[rule.per]
                refused = await self._take(rule.name, f"op:{rule.name}:{who}", rule.rate, cost)
                if refused is not None:
                    return refused
        return None

    async def _take(self, limit: str, key: str, rate: Rate, cost: int) -> RateLimited | None:
        wait = await self.store.take(key, rate, cost)
        if wait <= 0:
            return None
        self.observer.rate_limited(limit)
        return RateLimited(limit=limit, retry_after=wait)

    async def _selections(self, request: GraphQLRequest, resolve: ResolveText) -> RootSelections:
        if request.query:
            return self.roots.counts(request.query, request.operation_name)
        # A persisted query sent as its hash alone.
        digest = _persisted_hash(request)
        if digest is None:
            return {}
        known = self.roots.cached(digest, request.operation_name)
        if known is not None:
            return known
        text = await resolve(request)
        if isinstance(text, Refusal):
            return {}  # not found or refused: the pipeline answers that
        return self.roots.counts(text, request.operation_name)


def _rate(config: RateLimit) -> Rate:
    return Rate.of(config.limit, config.window_seconds)


def _persisted_hash(request: GraphQLRequest) -> str | None:
    extensions = request.extensions
    extension = extensions.get("persistedQuery") if extensions else None
    digest = extension.get("sha256Hash") if isinstance(extension, dict) else None
    return digest.lower() if isinstance(digest, str) else None

"""Builds a `Gateway` from a `GatewayConfig`: every stage and service the configuration asks for.

Stages that outlive a supergraph (persisted queries, header propagation, telemetry, the JWT
authenticator, usage reporting) are built once; those that read the supergraph (limits,
authorization) are built again with each supergraph the watcher loads.  Misconfiguration raises
`ValueError` with a message naming the setting; an unusable supergraph is returned as a
`SupergraphError`.

The first supergraph (`initial_supergraph`) comes from the configured file, URL or registry.
From the registry, each supergraph loaded is also kept in its cache file; when the registry
gives none at start-up (down, 5xx, token refused, nothing composed yet) the cached one serves,
with a WARNING naming its version, and the watcher keeps asking the registry.
"""

from __future__ import annotations

import asyncio
import logging
import os
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from gateway.config import GatewayConfig, RegistryConfig
from gateway.execution import ExecutionOptions
from gateway.pipeline import PipelineStages
from gateway.pipeline.admission import Admission
from gateway.policy.auth import DirectiveAuthorizer, JwtAuthenticator
from gateway.policy.headers import HeaderPropagation
from gateway.policy.limits import OperationLimiter
from gateway.policy.persisted import persisted_queries
from gateway.server.runtime.gateway import Gateway, gateway_from_sdl
from gateway.server.runtime.registry import (
    RegistryEndpoint,
    RegistrySource,
    read_registry_now,
    registry_endpoint,
)
from gateway.server.runtime.reload import OnApplied, SupergraphWatcher
from gateway.server.runtime.sources import (
    VERSION_HEADER,
    FileSource,
    SupergraphOrigin,
    SupergraphSource,
    Unreachable,
    UrlSource,
)
from gateway.server.runtime.supergraph_cache import SupergraphCache
from gateway.supergraph import Supergraph, SupergraphError
from gateway.telemetry import Telemetry
from gateway.traffic import InboundLimits, limit_store
from gateway.traffic.subgraphs import SubgraphGuard
from gateway.usage import UsageObserver, UsageReporter

__all__ = ["StartingSupergraph", "gateway_from_config", "initial_supergraph"]

logger = logging.getLogger(__name__)

_URL_TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True, slots=True, kw_only=True)
class StartingSupergraph:
    """The SDL to start with, and where it came from."""

    sdl: str
    origin: SupergraphOrigin


def initial_supergraph(
    config: GatewayConfig, *, env: Mapping[str, str] | None = None
) -> StartingSupergraph | SupergraphError:
    """The supergraph to start with: the configured file, URL or registry (or its cache)."""
    source = config.supergraph
    if source.file is not None:
        try:
            sdl = Path(source.file).read_text(encoding="utf-8")
        except OSError as error:
            return SupergraphError(f"cannot read {source.file}: {error.strerror}")
        return StartingSupergraph(sdl=sdl, origin=SupergraphOrigin(source="file"))
    if source.url is not None:
        if not source.url.startswith(("http://", "https://")):
            return SupergraphError(f"supergraph.url must be http(s), got {source.url!r}")
        try:
            with urllib.request.urlopen(source.url, timeout=_URL_TIMEOUT_SECONDS) as answer:  # noqa: S310 (scheme checked above)
                data: bytes = answer.read()
                etag = answer.headers.get("etag")
                version = answer.headers.get(VERSION_HEADER) or etag
        except OSError as error:
            return SupergraphError(f"cannot fetch {source.url}: {error}")
        origin = SupergraphOrigin(source="url", version=version, etag=etag)
        return StartingSupergraph(sdl=data.decode("utf-8", "replace"), origin=origin)
    if source.registry is not None:
        endpoint = registry_endpoint(source.registry, os.environ if env is None else env)
        return _from_registry(endpoint)
    return SupergraphError(
        "No supergraph: set supergraph.file, supergraph.url or supergraph.registry."
    )


def _from_registry(endpoint: RegistryEndpoint) -> StartingSupergraph | SupergraphError:
    fetched = read_registry_now(endpoint)
    if not isinstance(fetched, Unreachable):
        assert fetched.origin is not None
        return StartingSupergraph(sdl=fetched.sdl, origin=fetched.origin)
    cached = SupergraphCache(endpoint.cache_file).read()
    if cached is None:
        return SupergraphError(
            f"the registry gave no supergraph for {endpoint.name} ({fetched.reason}) and there "
            f"is no cached copy at {endpoint.cache_file}"
        )
    logger.log(
        logging.ERROR if fetched.denied else logging.WARNING,
        "registry gave no supergraph for %s at start-up (%s): serving the cached supergraph, "
        "version %s (saved %s), from %s until the registry answers",
        endpoint.name,
        fetched.reason,
        cached.origin.version or "unknown",
        cached.saved_at or "at an unknown time",
        endpoint.cache_file,
    )
    return StartingSupergraph(sdl=cached.sdl, origin=cached.origin)


def gateway_from_config(
    config: GatewayConfig,
    *,
    sdl: str | None = None,
    origin: SupergraphOrigin | None = None,
    env: Mapping[str, str] | None = None,
) -> Gateway | SupergraphError:
    """The gateway for `sdl` (which came from `origin`, None: unknown), or for the configured
    supergraph when `sdl` is None."""
    environment = os.environ if env is None else env
    if sdl is None:
        first = initial_supergraph(config, env=environment)
        if isinstance(first, SupergraphError):
            return first
        sdl, origin = first.sdl, first.origin
    subgraphs = config.subgraphs
    options = ExecutionOptions(
        default_timeout=subgraphs.timeout_seconds, timeouts=dict(subgraphs.timeouts)
    )
    telemetry = Telemetry(config.telemetry, dev=config.dev)
    headers = HeaderPropagation(
        config.headers,
        auth=config.auth,
        request_id_header=config.telemetry.request_id_header,
        env=environment,
    )
    persisted = persisted_queries(
        config.persisted_queries,
        env=environment,
        max_text_bytes=config.limits.max_document_bytes,
    )
    authenticator = (
        JwtAuthenticator(config.auth, env=environment) if config.auth.jwt_enabled else None
    )
    store = limit_store(config.rate_limits, env=environment, observer=telemetry)
    guard = SubgraphGuard(
        breaker=config.circuit_breaker,
        retries=config.retries,
        limits=config.rate_limits.subgraphs,
        store=store,
        observer=telemetry,
        options=options,
    )

    # One per process, kept across supergraphs: it bounds what the event loop executes.
    admission = Admission(config.server.executions_when_busy)

    def stages_for(supergraph: Supergraph) -> PipelineStages:
        return PipelineStages(
            persisted=persisted,
            limits=OperationLimiter(config.limits, supergraph),
            authorizer=DirectiveAuthorizer(supergraph, config.auth),
            headers=headers,
            observer=telemetry,
            introspection=config.introspection_enabled,
            expose_query_plan=config.query_plan_exposed,
            max_tokens=config.limits.max_tokens,
            max_document_bytes=config.limits.max_document_bytes,
            deduplicate_requests=config.deduplicate_requests,
            deduplicate_subscriptions=config.subscriptions.deduplicate,
            admission=admission,
        )

    gateway = gateway_from_sdl(
        sdl,
        options=options,
        url_overrides=subgraphs.urls,
        stages=stages_for,
        deduplicate=subgraphs.deduplicate_fetches,
        guard=guard if guard.active else None,
    )
    if isinstance(gateway, SupergraphError):
        return gateway
    _warn_unknown_subgraphs(config, set(gateway.client.endpoints))
    gateway.observer = telemetry
    if authenticator is not None:
        gateway.authenticator = authenticator
        gateway.on_close(authenticator.close)
    gateway.on_close(persisted.close)
    gateway.on_close(store.close)
    limits = InboundLimits(
        config.rate_limits, store, observer=telemetry, max_tokens=config.limits.max_tokens
    )
    if limits.active:
        gateway.limits = limits

    async def stop_telemetry() -> None:
        telemetry.flush_metrics()  # on the loop, where the tallies are written
        # Flushing spans to an unreachable collector blocks for seconds: not on the loop.
        await asyncio.to_thread(telemetry.shutdown)

    gateway.on_close(stop_telemetry)
    gateway.origin = origin
    registry = config.supergraph.registry
    if registry is not None:
        _registry_services(gateway, config, registry, sdl, environment, telemetry)
    else:
        source = _watched_source(config)
        if source is not None:
            watcher = SupergraphWatcher(
                gateway, source=source, poll_interval=config.supergraph.poll_interval_seconds
            )
            gateway.add_service(watcher)
    return gateway


def _registry_services(
    gateway: Gateway,
    config: GatewayConfig,
    registry: RegistryConfig,
    sdl: str,
    env: Mapping[str, str],
    telemetry: Telemetry,
) -> None:
    """Polling the registry, keeping its supergraphs in the cache file, reporting usage."""
    endpoint = registry_endpoint(registry, env)
    if not endpoint.has_token:
        logger.warning("%s is not set: the registry is asked without a token", endpoint.token_env)
    cache = SupergraphCache(endpoint.cache_file)
    origin = gateway.origin
    if origin is not None and origin.source == "registry":
        _keep(cache, sdl, origin)

    async def keep(new_sdl: str, new_origin: SupergraphOrigin) -> None:
        if new_origin.source == "registry":
            await asyncio.to_thread(_keep, cache, new_sdl, new_origin)

    on_applied: OnApplied = keep
    if registry.poll_seconds > 0:
        # A gateway started from the cache asks for everything: the first answer, even of the
        # same version, confirms it (and /ready then says "registry").
        etag = origin.etag if origin is not None and origin.source == "registry" else None
        source = RegistrySource(endpoint, etag=etag)
        watcher = SupergraphWatcher(
            gateway, source=source, poll_interval=registry.poll_seconds, on_applied=on_applied
        )
        gateway.add_service(watcher)
    if config.usage_enabled:
        token = f"the token in {endpoint.token_env}" if endpoint.has_token else "no token"
        reporter = UsageReporter(
            config.usage,
            url=endpoint.usage_url,
            headers=endpoint.headers,
            metrics=telemetry,
            credentials_hint=token,
        )
        gateway.observer = UsageObserver(gateway.observer, reporter, config.usage)
        gateway.add_service(reporter)


def _keep(cache: SupergraphCache, sdl: str, origin: SupergraphOrigin) -> None:
    try:
        cache.write(sdl, origin)
    except OSError as error:
        # The gateway serves regardless; only a later start without the registry would miss it.
        logger.warning("cannot keep the registry's supergraph in %s: %s", cache.path, error)


def _warn_unknown_subgraphs(config: GatewayConfig, known: set[str]) -> None:
    # Not refused: the supergraph may gain the subgraph with a later version.
    for name in sorted(set(config.rate_limits.subgraphs) - known):
        logger.warning(
            "rate_limits.subgraphs.%s names no subgraph of the supergraph (%s)",
            name,
            ", ".join(sorted(known)),
        )


def _watched_source(config: GatewayConfig) -> SupergraphSource | None:
    supergraph = config.supergraph
    if supergraph.poll_interval_seconds <= 0:
        return None
    if supergraph.file is not None:
        return FileSource(supergraph.file)
    if supergraph.url is not None:
        return UrlSource(supergraph.url)
    return None

"""Builds a `Gateway` from a `GatewayConfig`: every stage and service the configuration asks for.

Stages that outlive a supergraph (persisted queries, header propagation, telemetry, the JWT
authenticator) are built once; those that read the supergraph (limits, authorization) are built
again with each supergraph the watcher loads.  Misconfiguration raises `ValueError` with a
message naming the setting; an unusable supergraph is returned as a `SupergraphError`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import urllib.request
from collections.abc import Mapping
from pathlib import Path

from gateway.config import GatewayConfig
from gateway.execution import ExecutionOptions
from gateway.pipeline import PipelineStages
from gateway.policy.auth import DirectiveAuthorizer, JwtAuthenticator
from gateway.policy.headers import HeaderPropagation
from gateway.policy.limits import OperationLimiter
from gateway.policy.persisted import persisted_queries
from gateway.server.runtime.gateway import Gateway, gateway_from_sdl
from gateway.server.runtime.reload import SupergraphWatcher
from gateway.server.runtime.sources import FileSource, SupergraphSource, UrlSource
from gateway.supergraph import Supergraph, SupergraphError
from gateway.telemetry import Telemetry
from gateway.traffic import InboundLimits, limit_store
from gateway.traffic.subgraphs import SubgraphGuard

__all__ = ["gateway_from_config", "initial_supergraph"]

logger = logging.getLogger(__name__)

_URL_TIMEOUT_SECONDS = 10.0


def initial_supergraph(config: GatewayConfig) -> str | SupergraphError:
    """The SDL to start with: the configured file, else the configured URL."""
    source = config.supergraph
    if source.file is not None:
        try:
            return Path(source.file).read_text(encoding="utf-8")
        except OSError as error:
            return SupergraphError(f"cannot read {source.file}: {error.strerror}")
    if source.url is not None:
        if not source.url.startswith(("http://", "https://")):
            return SupergraphError(f"supergraph.url must be http(s), got {source.url!r}")
        try:
            with urllib.request.urlopen(source.url, timeout=_URL_TIMEOUT_SECONDS) as answer:  # noqa: S310 (scheme checked above)
                data: bytes = answer.read()
        except OSError as error:
            return SupergraphError(f"cannot fetch {source.url}: {error}")
        return data.decode("utf-8", "replace")
    return SupergraphError("No supergraph: set supergraph.file or supergraph.url.")


def gateway_from_config(
    config: GatewayConfig,
    *,
    sdl: str | None = None,
    env: Mapping[str, str] | None = None,
) -> Gateway | SupergraphError:
    """The gateway for `sdl`, or for the configured supergraph when `sdl` is None."""
    environment = os.environ if env is None else env
    if sdl is None:
        first = initial_supergraph(config)
        if isinstance(first, SupergraphError):
            return first
        sdl = first
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
        # Flushing spans to an unreachable collector blocks for seconds: not on the loop.
        await asyncio.to_thread(telemetry.shutdown)

    gateway.on_close(stop_telemetry)
    source = _watched_source(config)
    if source is not None:
        watcher = SupergraphWatcher(
            gateway, source=source, poll_interval=config.supergraph.poll_interval_seconds
        )
        gateway.add_service(watcher)
    return gateway


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

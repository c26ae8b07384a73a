"""The schema registry as the gateway sees it: where to ask for the supergraph, with which token.

    GET  {url}/graphs/{graph}/variants/{variant}/supergraph   Authorization: Bearer <token>
         200  SDL, `ETag`, `X-Registry-Version: <composition id>`
         304  unchanged (the gateway sent `If-None-Match`)
         401/403  the token is refused: logged at ERROR, the gateway keeps serving
         404  no supergraph composed yet;  5xx, no answer: the registry is down, keep serving
    POST {url}/graphs/{graph}/variants/{variant}/usage        (gateway.usage)

`RegistrySource` is the `UrlSource` the watcher polls; `read_registry_now` is the same request
made once, synchronously, before the server runs (start-up).  The token is read once, from the
environment variable `token_env` names; it never appears in a log line or an error.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from urllib.parse import quote

from gateway.config import RegistryConfig
from gateway.server.runtime.sources import (
    VERSION_HEADER,
    Fetched,
    OriginKind,
    SupergraphOrigin,
    Unreachable,
    UrlSource,
    decode_sdl,
)
from gateway.server.runtime.supergraph_cache import default_cache_file

__all__ = ["RegistryEndpoint", "RegistrySource", "read_registry_now", "registry_endpoint"]

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True, slots=True, kw_only=True)
class RegistryEndpoint:
    """The URLs and headers of one graph variant in the registry."""

    supergraph_url: str
    usage_url: str
    # `authorization` when the token variable is set.
    headers: Mapping[str, str]
    # `graph@variant`, for messages.
    name: str
    token_env: str
    cache_file: Path

    @property
    def has_token(self) -> bool:
        return "authorization" in self.headers


def registry_endpoint(config: RegistryConfig, env: Mapping[str, str]) -> RegistryEndpoint:
    base = f"{config.url.rstrip('/')}/graphs/{quote(config.graph, safe='')}"
    variant = f"{base}/variants/{quote(config.variant, safe='')}"
    token = env.get(config.token_env, "").strip()
    headers = {"authorization": f"Bearer {token}"} if token else {}
    cache_file = (
        Path(config.cache_file)
        if config.cache_file is not None
        else default_cache_file(config.graph, config.variant)
    )
    return RegistryEndpoint(
        supergraph_url=f"{variant}/supergraph",
        usage_url=f"{variant}/usage",
        headers=MappingProxyType(headers),
        name=f"{config.graph}@{config.variant}",
        token_env=config.token_env,
        cache_file=cache_file,
    )


def refusal(endpoint: RegistryEndpoint, status: int, reason: str) -> Unreachable:
    """Why the registry's answer leaves the supergraph as it is, in words an operator can act on."""
    if status in (401, 403):
        hint = (
            f"the token in {endpoint.token_env}"
            if endpoint.has_token
            else f"a request without a token ({endpoint.token_env} is not set)"
        )
        return Unreachable(
            reason=f"the registry refused {hint} for {endpoint.name} ({status})", denied=True
        )
    if status == 404:
        return Unreachable(reason=f"the registry has no supergraph for {endpoint.name} yet (404)")
    return Unreachable(reason=f"the registry answered {status} {reason}".rstrip())


class RegistrySource(UrlSource):
    """The registry's supergraph of one graph variant, polled with the read token."""

    kind: OriginKind = "registry"

    def __init__(
        self, endpoint: RegistryEndpoint, *, timeout: float = TIMEOUT_SECONDS, etag: str | None
    ) -> None:
        super().__init__(
            endpoint.supergraph_url, timeout=timeout, headers=endpoint.headers, etag=etag
        )
        self.endpoint = endpoint

    def refused(self, status: int, reason: str) -> Unreachable:
        return refusal(self.endpoint, status, reason)


def read_registry_now(
    endpoint: RegistryEndpoint, *, timeout: float = TIMEOUT_SECONDS
) -> Fetched | Unreachable:
    """The registry's supergraph, asked once and synchronously (before the server runs)."""
    request = urllib.request.Request(  # noqa: S310 (the URL is checked to be http(s))
        endpoint.supergraph_url,
        headers={"accept": "application/graphql, text/plain, */*", **endpoint.headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310 (as above)
            data: bytes = answer.read()
            etag = answer.headers.get("etag")
            version = answer.headers.get(VERSION_HEADER) or etag
    except urllib.error.HTTPError as error:
        return refusal(endpoint, error.code, str(error.reason or ""))
    except TimeoutError:
        return Unreachable(reason=f"the registry did not answer within {timeout:g}s")
    except (urllib.error.URLError, OSError) as error:
        why = getattr(error, "reason", None) or error
        return Unreachable(reason=f"the registry cannot be reached: {why}")
    origin = SupergraphOrigin(source="registry", version=version, etag=etag)
    return Fetched(sdl=decode_sdl(data), origin=origin)

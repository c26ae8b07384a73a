"""The headers each subgraph call carries: configured rules, the request id, and the identity."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

from gateway.config.model import (
    DEFAULT_CLAIMS_HEADER,
    DEFAULT_SECRET_HEADER,
    AuthConfig,
    HeadersConfig,
)
from gateway.execution import SubgraphFetcher, SubgraphRequest
from gateway.policy.headers.claims import encode_claims
from gateway.policy.headers.rules import CompiledRule, apply_rules, compile_rules
from gateway.request.context import RequestContext

__all__ = ["HeaderPropagation"]

logger = logging.getLogger(__name__)

_Headers = tuple[tuple[str, str], ...]

# Trace context differs per request and names no data: a rule forwarding it (say `matching: .*`)
# must not keep identical requests from sharing one execution.  Lower-case, as rules emit names.
_TRACE_HEADERS = frozenset(
    {
        "traceparent",
        "tracestate",
        "b3",
        "x-b3-traceid",
        "x-b3-spanid",
        "x-b3-parentspanid",
        "x-b3-sampled",
        "x-b3-flags",
        "uber-trace-id",
    }
)


class HeaderPropagation:
    """`HeaderPlan`: rules of `config.all`, then the subgraph's own, in order; then the request
    id under `request_id_header` and, last so nothing can replace them, the shared secret and
    (for an authenticated request) the verified claims.

    Everything that does not depend on the request is prepared here; per request, each
    subgraph's headers are computed on its first fetch and reused for the others.
    """

    def __init__(
        self,
        config: HeadersConfig,
        *,
        auth: AuthConfig,
        request_id_header: str,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.request_id_header = request_id_header.lower()
        self.claims_header = auth.claims_header.lower()
        secret_header = auth.secret_header.lower()
        # The default names stay managed when others are configured: no rule forwards a client's
        # header under a name a subgraph might still read as identity.
        identity = frozenset(
            {self.claims_header, secret_header, DEFAULT_CLAIMS_HEADER, DEFAULT_SECRET_HEADER}
        )
        # The gateway's own headers: rules never read them from the client, and their output
        # under these names is replaced by the gateway's values.
        self._managed = identity | {self.request_id_header}
        self._all = compile_rules(config.all, "headers.all", identity)
        self._rules: dict[str, tuple[CompiledRule, ...]] = {
            name: self._all + compile_rules(rules, f"headers.subgraphs.{name}", identity)
            for name, rules in config.subgraphs.items()
        }
        self.has_rules = bool(self._all) or any(self._rules.values())

        secret = (os.environ if env is None else env).get(auth.subgraph_secret_env, "")
        if not secret:
            logger.warning(
                "%s is not set: subgraph calls carry no %s, so subgraphs that require it will "
                "treat every request as anonymous",
                auth.subgraph_secret_env,
                secret_header,
            )
        self._secret: _Headers = ((secret_header, secret),) if secret else ()

    def fetcher(self, fetch: SubgraphFetcher, context: RequestContext) -> SubgraphFetcher:
        fixed = self._fixed(context)
        if not self.has_rules:
            return _with_headers(fetch, fixed) if fixed else fetch

        computed: dict[str, _Headers] = {}

        async def send(request: SubgraphRequest) -> Any:
            service = request.service_name
            headers = computed.get(service)
            if headers is None:
                headers = computed[service] = self._for(service, context, fixed)
            return await fetch(_replaced(request, headers))

        return send

    def dedup_key(self, context: RequestContext) -> tuple[_Headers, ...]:
        """The rules' output for every subgraph: all a client's headers can change in the calls.

        The request id, trace context and the shared secret are left out (the first two differ
        per request, the last never does); the claims are the pipeline's to compare
        (`RequestContext.claims`).
        """
        if not self.has_rules:
            return ()
        # "" is no subgraph's name: it stands for every subgraph without rules of its own.
        return tuple(
            tuple((k, v) for k, v in self._for(name, context, ()) if k not in _TRACE_HEADERS)
            for name in ("", *self._rules)
        )

    def headers_for(self, service_name: str, context: RequestContext) -> _Headers:
        """The headers a call to `service_name` would carry for this request."""
        fixed = self._fixed(context)
        return self._for(service_name, context, fixed) if self.has_rules else fixed

    def _fixed(self, context: RequestContext) -> _Headers:
        fixed = self._secret
        if context.request_id:
            fixed = ((self.request_id_header, context.request_id), *fixed)
        if context.claims is not None:
            fixed = (*fixed, (self.claims_header, encode_claims(context.claims)))
        return fixed

    def _for(self, service: str, context: RequestContext, fixed: _Headers) -> _Headers:
        out: dict[str, str] = {}
        apply_rules(self._rules.get(service, self._all), context.headers, self._managed, out)
        if not out:
            return fixed
        managed = self._managed
        return (*((k, v) for k, v in out.items() if k not in managed), *fixed)


def _with_headers(fetch: SubgraphFetcher, headers: _Headers) -> SubgraphFetcher:
    async def send(request: SubgraphRequest) -> Any:
        return await fetch(_replaced(request, headers))

    return send


def _replaced(request: SubgraphRequest, headers: _Headers) -> SubgraphRequest:
    # Headers something below us already set stay, ahead of ours.
    return request.with_headers((*request.headers, *headers) if request.headers else headers)

"""CORS: which browser origins may call the gateway, as response headers and preflight answers.

An allowed origin is echoed in `Access-Control-Allow-Origin` (with `Vary: Origin`, since the
answer depends on it), or `*` when any origin is allowed; a disallowed origin gets no CORS
headers at all and the browser keeps the response from the page.  Credentials are never allowed
together with `*`: that would let every site on the web act as the signed-in user.

An allowed origin is exact, or a pattern where `*` stands for one run of letters, digits and
hyphens: one host label (`https://*.example.com`) or a port (`http://localhost:*`).  It never
spans a dot, a colon or a slash, so `https://*.example.com` cannot match
`https://example.com.evil.net`.  Development mode allows the local origins by default
(`gateway.config.DEV_CORS_ORIGINS`), so a single-page app's dev server can call the gateway.
"""

from __future__ import annotations

import logging
import re

from gateway.config.model import CorsConfig
from gateway.server.http.asgi import RawHeader

__all__ = ["CorsPolicy", "origin_pattern"]

logger = logging.getLogger(__name__)

_VARY = (b"vary", b"Origin")


def origin_pattern(origin: str) -> re.Pattern[str]:
    """The regular expression an allowed origin with `*` in it stands for."""
    parts = (re.escape(part) for part in origin.split("*"))
    return re.compile("[A-Za-z0-9-]+".join(parts))


class CorsPolicy:
    def __init__(self, config: CorsConfig, origins: tuple[str, ...] | None = None) -> None:
        """`origins` (resolved for dev by `GatewayConfig.cors_origins`) overrides the config's."""
        allowed = (config.allow_origins or ()) if origins is None else origins
        self.any_origin = "*" in allowed
        self.origins = frozenset(o for o in allowed if o != "*" and "*" not in o)
        self.patterns = tuple(origin_pattern(o) for o in allowed if o != "*" and "*" in o)
        self.credentials = config.allow_credentials and not self.any_origin
        if config.allow_credentials and self.any_origin:
            logger.warning("cors.allow_origins has '*': credentials are not allowed for any origin")
        # Responses depend on the Origin header unless every origin gets the same `*`.
        self.vary: tuple[RawHeader, ...] = (_VARY,) if self.origins or self.patterns else ()
        shared: list[RawHeader] = []
        if self.credentials:
            shared.append((b"access-control-allow-credentials", b"true"))
        self._shared = tuple(shared)
        exposed = ", ".join(config.expose_headers)
        self._exposed: tuple[RawHeader, ...] = (
            ((b"access-control-expose-headers", exposed.encode("latin-1")),) if exposed else ()
        )
        self._preflight: tuple[RawHeader, ...] = (
            (b"access-control-allow-methods", ", ".join(config.allow_methods).encode("latin-1")),
            (b"access-control-allow-headers", ", ".join(config.allow_headers).encode("latin-1")),
            (b"access-control-max-age", str(config.max_age_seconds).encode()),
        )

    def _allow_origin(self, origin: str) -> tuple[RawHeader, ...] | None:
        if origin in self.origins or any(p.fullmatch(origin) for p in self.patterns):
            return ((b"access-control-allow-origin", origin.encode("latin-1")), *self._shared)
        if self.any_origin:
            return ((b"access-control-allow-origin", b"*"),)
        return None

    def response_headers(self, origin: str | None) -> tuple[RawHeader, ...]:
        """Headers for an actual (non-preflight) response to a request from `origin`."""
        if origin is None:
            return self.vary
        allowed = self._allow_origin(origin)
        if allowed is None:
            return self.vary
        return (*allowed, *self._exposed, *self.vary)

    def preflight_headers(self, origin: str) -> tuple[RawHeader, ...]:
        """Headers for the answer to a preflight (OPTIONS) request from `origin`."""
        allowed = self._allow_origin(origin)
        if allowed is None:
            return self.vary
        return (*allowed, *self._preflight, *self.vary)

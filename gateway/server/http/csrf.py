"""CSRF protection: requests a browser would send cross-site without a preflight are refused.

A page on any site can make a browser send a GET, or a POST whose Content-Type is "simple"
(form encodings, text/plain, or none), with the user's cookies and without asking the server
first.  Such a request runs only when it carries one of `CsrfConfig.required_headers`: setting a
custom header forces the browser to preflight, which CORS then allows or not.  Everything else
(e.g. `application/json`) already forces a preflight.
"""

from __future__ import annotations

from collections.abc import Mapping

from gateway.config.model import CsrfConfig
from gateway.server.http.decode import BadRequest, media_type_of

__all__ = ["CsrfGuard"]

_SIMPLE_TYPES = frozenset(
    {"", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain"}
)


class CsrfGuard:
    def __init__(self, config: CsrfConfig) -> None:
        self.enabled = config.enabled
        self.headers = tuple(name.lower() for name in config.required_headers)
        named = ", ".join(self.headers) or "(none configured)"
        self.refusal = BadRequest(
            status=400,
            code="CSRF_PREFLIGHT_REQUIRED",
            message=(
                "This request has been blocked as a potential Cross-Site Request Forgery: "
                "a GET request, or a POST without a non-simple Content-Type such as "
                f"application/json, must carry one of these headers: {named}."
            ),
        )

    def check(
        self, headers: Mapping[str, str], *, method: str, content_type: str
    ) -> BadRequest | None:
        """The refusal for a request that could have been sent cross-site without preflight."""
        if not self.enabled:
            return None
        if method != "GET" and (
            content_type.startswith("application/json")
            or media_type_of(content_type) not in _SIMPLE_TYPES
        ):
            return None
        for name in self.headers:
            if name in headers:
                return None
        return self.refusal

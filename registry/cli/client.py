"""The CLI's connection to a registry: GraphQL over HTTP, and the plain supergraph endpoint.

Failures the CLI maps to exit status 3 (the registry could not be reached or refused the
token) are `Unreachable`; an error the API answered with another code is `ApiError`.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

__all__ = ["ApiError", "RegistryClient", "Unreachable"]

_REFUSED = {"UNAUTHENTICATED", "FORBIDDEN"}


class Unreachable(RuntimeError):
    """No answer from the registry, or it refused the token."""


class ApiError(RuntimeError):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True, kw_only=True)
class RegistryClient:
    url: str
    token: str | None
    timeout: float = 60.0

    def _request(self, path: str, *, body: bytes | None = None, accept: str) -> tuple[int, bytes]:
        if not self.url.startswith(("http://", "https://")):
            raise Unreachable(f"the registry URL must be http:// or https://, not {self.url!r}")
        headers = {"Accept": accept}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(  # noqa: S310 - scheme checked above
            self.url.rstrip("/") + path, data=body, headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - scheme checked above
                return int(response.status), bytes(response.read())
        except urllib.error.HTTPError as exc:
            payload = exc.read()
            if exc.code in (401, 403):
                raise Unreachable(
                    f"the registry refused the token ({exc.code}): {_message(payload)}"
                ) from None
            return exc.code, payload
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise Unreachable(f"cannot reach the registry at {self.url}: {reason}") from None

    def graphql(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        body = json.dumps({"query": query, "variables": variables}).encode()
        status, payload = self._request("/graphql", body=body, accept="application/json")
        try:
            answer = json.loads(payload)
        except ValueError:
            raise Unreachable(f"the registry answered {status} without JSON") from None
        errors = answer.get("errors") if isinstance(answer, dict) else None
        if errors:
            first = errors[0]
            code = (first.get("extensions") or {}).get("code", "INTERNAL_SERVER_ERROR")
            if code in _REFUSED:
                raise Unreachable(f"the registry refused the token: {first.get('message')}")
            raise ApiError(str(first.get("message")), str(code))
        if status != 200 or not isinstance(answer.get("data"), dict):
            raise Unreachable(f"the registry answered {status}")
        data: dict[str, Any] = answer["data"]
        return data

    def supergraph(self, graph: str, variant: str) -> tuple[str, str | None] | None:
        """The served supergraph SDL and its ETag; None when the variant serves none."""
        status, payload = self._request(
            f"/graphs/{graph}/variants/{variant}/supergraph", accept="text/plain"
        )
        if status == 404:
            return None
        if status != 200:
            raise Unreachable(f"the registry answered {status}: {_message(payload)}")
        return payload.decode(), None


def _message(payload: bytes) -> str:
    try:
        answer = json.loads(payload)
        return str(answer["error"]["message"])
    except (ValueError, KeyError, TypeError):
        return payload[:200].decode(errors="replace")

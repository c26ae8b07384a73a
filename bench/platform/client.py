"""A plain HTTP client for the benchmark's own requests (set-up, answer checks, metrics)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from bench.platform.flows import Line

__all__ = ["GraphQLError", "ask", "get_text", "send"]


class GraphQLError(RuntimeError):
    """An answer with errors, or no GraphQL answer at all."""


def send(url: str, line: Line, timeout: float = 120.0) -> dict[str, Any]:
    """POST one request; the decoded answer, errors included."""
    headers = {"content-type": "application/json"}
    if line.token is not None:
        headers["authorization"] = f"Bearer {line.token}"
    request = urllib.request.Request(  # noqa: S310 - a loopback URL built by the benchmark
        url, data=line.body.encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - as above
            answer: dict[str, Any] = json.loads(response.read())
    except urllib.error.HTTPError as error:
        raise GraphQLError(f"HTTP {error.code}: {error.read()[:300]!r}") from None
    return answer


def ask(url: str, query: str, variables: dict[str, Any], token: str | None = None) -> Any:
    """The `data` of an answer that has no errors; GraphQLError otherwise."""
    body = json.dumps({"query": query, "variables": variables})
    answer = send(url, Line(body=body, token=token))
    if answer.get("errors") or "data" not in answer:
        raise GraphQLError(json.dumps(answer)[:500])
    return answer["data"]


def get_text(url: str, timeout: float = 10.0) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback URL
        text: str = response.read().decode()
    return text

"""The fetcher wrapper: headers on every subgraph call, computed once per subgraph and request."""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path
from typing import Any

import pytest

from gateway.config.model import HeaderRule
from gateway.execution import SubgraphRequest
from gateway.policy.headers import rules as rules_module

from .helpers import SECRET, context, propagation


class Recorder:
    def __init__(self) -> None:
        self.requests: list[SubgraphRequest] = []

    async def __call__(self, request: SubgraphRequest) -> Any:
        self.requests.append(request)
        return {"data": {}}


def request(service: str, *, headers: tuple[tuple[str, str], ...] = ()) -> SubgraphRequest:
    return SubgraphRequest(service_name=service, query="{ x }", variables={}, headers=headers)


async def test_fetcher_sets_headers_and_keeps_the_rest_of_the_request() -> None:
    recorder = Recorder()
    plan = propagation(HeaderRule(action="propagate", named=("x-tenant",)))
    fetch = plan.fetcher(recorder, context({"x-tenant": "acme"}, request_id="r1"))
    original = request("accounts")
    await fetch(original)
    sent = recorder.requests[0]
    assert sent.headers == (
        ("x-tenant", "acme"),
        ("x-request-id", "r1"),
        ("x-gateway-secret", SECRET),
    )
    assert (sent.service_name, sent.query, sent.variables) == ("accounts", "{ x }", {})
    assert original.headers == ()


async def test_without_rules_every_subgraph_gets_the_same_tuple() -> None:
    recorder = Recorder()
    fetch = propagation().fetcher(recorder, context(request_id="r2"))
    await asyncio.gather(fetch(request("a")), fetch(request("b")), fetch(request("a")))
    first = recorder.requests[0].headers
    assert first == (("x-request-id", "r2"), ("x-gateway-secret", SECRET))
    assert all(sent.headers is first for sent in recorder.requests)


async def test_each_subgraphs_headers_are_computed_once_per_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    real = rules_module.apply_rules

    def counting(*args: Any) -> None:
        calls.append("apply")
        real(*args)

    monkeypatch.setattr("gateway.policy.headers.propagation.apply_rules", counting)
    plan = propagation(
        HeaderRule(action="propagate", named=("x-tenant",)),
        subgraphs={"reviews": (HeaderRule(action="insert", name="x-r", value="1"),)},
    )
    recorder = Recorder()
    fetch = plan.fetcher(recorder, context({"x-tenant": "acme"}))
    for service in ("accounts", "reviews", "accounts", "reviews", "reviews"):
        await fetch(request(service))
    assert len(calls) == 2
    by_service = {sent.service_name: dict(sent.headers) for sent in recorder.requests}
    assert by_service["reviews"]["x-r"] == "1"
    assert "x-r" not in by_service["accounts"]

    # A new request computes afresh, with its own inbound headers.
    second = plan.fetcher(recorder, context({"x-tenant": "other"}))
    await second(request("accounts"))
    assert dict(recorder.requests[-1].headers)["x-tenant"] == "other"
    assert len(calls) == 3


async def test_headers_already_on_the_request_are_kept() -> None:
    recorder = Recorder()
    fetch = propagation().fetcher(recorder, context(request_id="r3"))
    await fetch(request("a", headers=(("x-early", "1"),)))
    assert recorder.requests[0].headers == (
        ("x-early", "1"),
        ("x-request-id", "r3"),
        ("x-gateway-secret", SECRET),
    )


def test_replacing_headers_keeps_every_other_field() -> None:
    import gateway

    # Fails when SubgraphRequest gains a field that equality, hashing or `with_headers` miss.
    # (The source file itself: the module may be the compiled one.)
    source = Path(gateway.__file__).parent / "execution" / "fetcher.py"
    tree = ast.parse(source.read_text())
    [init] = [
        node
        for cls in tree.body
        if isinstance(cls, ast.ClassDef) and cls.name == "SubgraphRequest"
        for node in cls.body
        if isinstance(node, ast.FunctionDef) and node.name == "__init__"
    ]
    assert tuple(arg.arg for arg in init.args.kwonlyargs) == SubgraphRequest.FIELDS
    values = {
        "service_name": "s",
        "query": "mutation { x }",
        "operation_name": "M",
        "variables": {"a": 1},
        "operation_kind": "mutation",
        "headers": (("x-b", "2"),),
    }
    original = SubgraphRequest(**values)  # type: ignore[arg-type]
    headers = (("x-a", "1"),)
    replaced = original.with_headers(headers)
    assert replaced == SubgraphRequest(**{**values, "headers": headers})  # type: ignore[arg-type]
    assert replaced != original
    for name in SubgraphRequest.FIELDS:
        changed = {**values, name: "other" if name != "headers" else ()}
        assert SubgraphRequest(**changed) != original, name  # type: ignore[arg-type]
        assert getattr(replaced, name) == (headers if name == "headers" else values[name])
    assert "operation_kind='mutation'" in repr(original)


def test_nothing_to_send_leaves_the_fetcher_unwrapped() -> None:
    recorder = Recorder()
    plan = propagation(env={})
    assert plan.fetcher(recorder, context(request_id="")) is recorder
    assert plan.fetcher(recorder, context(request_id="r")) is not recorder

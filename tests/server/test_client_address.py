"""The client's address: the peer, or X-Forwarded-For read from the right behind trusted proxies."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.server.http.client_address import ClientAddress


def _scope(peer: str | None, *forwarded: str) -> dict[str, Any]:
    return {
        "client": None if peer is None else (peer, 5000),
        "headers": [(b"x-forwarded-for", value.encode()) for value in forwarded],
    }


@pytest.mark.parametrize(
    ("trusted", "scope", "expected"),
    [
        ((), _scope("10.0.0.1", "203.0.113.9"), "10.0.0.1"),
        (("10.0.0.0/8",), _scope("10.0.0.1", "203.0.113.9"), "203.0.113.9"),
        (("10.0.0.0/8",), _scope("192.0.2.1", "203.0.113.9"), "192.0.2.1"),
        (("10.0.0.0/8",), _scope("10.0.0.1", "198.51.100.1, 203.0.113.9"), "203.0.113.9"),
        (("10.0.0.0/8",), _scope("10.0.0.1", "203.0.113.9, 10.0.0.2"), "203.0.113.9"),
        # Two header lines are one list, in order.
        (("10.0.0.0/8",), _scope("10.0.0.1", "203.0.113.9", "10.0.0.2"), "203.0.113.9"),
        (("10.0.0.0/8",), _scope("10.0.0.1", "10.0.0.3, 10.0.0.2"), "10.0.0.3"),
        (("10.0.0.0/8",), _scope("10.0.0.1", "garbage, 10.0.0.2"), "10.0.0.2"),
        (("10.0.0.0/8",), _scope("10.0.0.1"), "10.0.0.1"),
        (("::1",), _scope("::1", "2001:db8::7"), "2001:db8::7"),
        (("10.0.0.0/8",), _scope("::ffff:10.0.0.1", "203.0.113.9"), "203.0.113.9"),
        (("10.0.0.0/8",), _scope(None, "203.0.113.9"), "unknown"),
    ],
)
def test_client_address(trusted: tuple[str, ...], scope: dict[str, Any], expected: str) -> None:
    assert ClientAddress(trusted).resolve(scope) == expected

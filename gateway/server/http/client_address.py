"""The address a request comes from: the TCP peer, or what trusted proxies say it is.

`X-Forwarded-For` is believed only from a peer within `server.trusted_proxies`, since anyone can
send it.  Then its hops are read from the right (each proxy appends the address it was called
from) and the first one that is not itself a trusted proxy is the client; were every hop
trusted, the leftmost is.  A hop that is not an address ends the walk at the last good one.
Without trusted proxies nothing is parsed: the peer is the client.  (uvicorn's own proxy-header
handling is off, so the peer in the ASGI scope is the real one: `gateway.cli.serve`.)
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from gateway.server.http.asgi import Scope

__all__ = ["ClientAddress"]

_IP = ipaddress.IPv4Address | ipaddress.IPv6Address
_UNKNOWN = "unknown"


def _parse(text: str) -> _IP | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


class ClientAddress:
    """`resolve(scope)`: the client's address as text."""

    def __init__(self, trusted_proxies: Iterable[str] = ()) -> None:
        self.networks = tuple(ipaddress.ip_network(p, strict=False) for p in trusted_proxies)

    def _trusted(self, address: _IP) -> bool:
        return any(address in network for network in self.networks)

    def resolve(self, scope: Scope) -> str:
        peer = scope.get("client")
        text: str = peer[0] if peer else _UNKNOWN
        if not self.networks:
            return text
        address = _parse(text)
        if address is None or not self._trusted(address):
            return text
        # Repeated headers are one list, in order (RFC 9110, 5.3).
        hops = [
            hop
            for name, value in scope["headers"]
            if name == b"x-forwarded-for"
            for hop in value.decode("latin-1").split(",")
        ]
        for hop in reversed(hops):
            parsed = _parse(hop)
            if parsed is None:
                break
            address = parsed
            if not self._trusted(parsed):
                break
        return str(address)

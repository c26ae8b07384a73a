"""A lean HTTP/1.1 client on asyncio and httptools, for the gateway's calls to subgraphs.

`client` (URLs, requests, the stale-connection retry) uses `pool` (connections per origin),
which uses `connection` (one exchange at a time, the response parser); `errors` is the one
exception they raise.
"""

from gateway.transport.http1.client import HttpClient
from gateway.transport.http1.connection import Raw
from gateway.transport.http1.errors import HttpFailure

__all__ = ["HttpClient", "HttpFailure", "Raw"]

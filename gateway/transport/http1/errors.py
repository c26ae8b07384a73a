"""Why an HTTP exchange failed, as one exception carrying a name and how far the answer got.

HttpFailure(name, answered, retriable)
  answered=False  no byte of the response arrived (refused, reset, closed before answering)
  answered=True   part of the response arrived, then it broke (cut short, malformed)
  retriable=False the failure will not heal by sending again (TLS, a bad header of ours)

The names are the ones the gateway's error messages carried when aiohttp was its client, so
messages, logs and alerts that match on them keep working.
"""

from __future__ import annotations

__all__ = [
    "BAD_HEADER",
    "BAD_RESPONSE",
    "CERTIFICATE",
    "CLOSED",
    "CONNECT",
    "CUT_SHORT",
    "DISCONNECTED",
    "INVALID_URL",
    "OS_ERROR",
    "TLS",
    "HttpFailure",
]

CONNECT = "ClientConnectorError"  # the connection could not be opened
CERTIFICATE = "ClientConnectorCertificateError"  # the server's certificate was refused
TLS = "ClientConnectorSSLError"  # any other TLS failure while connecting
DISCONNECTED = "ServerDisconnectedError"  # the server closed the connection
OS_ERROR = "ClientOSError"  # the socket failed (reset, broken pipe)
CUT_SHORT = "ClientPayloadError"  # the body ended early or could not be decoded
BAD_RESPONSE = "ClientResponseError"  # not HTTP, or a head over the size limit
BAD_HEADER = "InvalidHeaderError"  # a request header with a line break in it
CLOSED = "ClientConnectionError"  # the client was closed while the request waited
INVALID_URL = "InvalidURL"  # not an http(s) URL with a host


class HttpFailure(Exception):
    """An HTTP exchange that produced no usable response."""

    __slots__ = ("answered", "name", "retriable")

    def __init__(self, name: str, *, answered: bool, retriable: bool = True) -> None:
        super().__init__(name)
        self.name = name
        self.answered = answered
        self.retriable = retriable

    @property
    def before_any_answer(self) -> bool:
        """Whether sending the request again may succeed: nothing arrived, and it may heal."""
        return not self.answered and self.retriable

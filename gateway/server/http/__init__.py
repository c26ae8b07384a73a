"""The only package that knows HTTP: the ASGI app, GraphQL over HTTP (decoding, content
negotiation, CORS, CSRF, client addresses, rate-limit answers) and the table from outcomes to
statuses."""

from gateway.server.http.app import create_app
from gateway.server.http.decode import MAX_BODY_BYTES

__all__ = ["MAX_BODY_BYTES", "create_app"]

"""Kept for importers of `ASGIApp` from here; the POST fast path is `gateway.server.endpoint`."""

from gateway.server.asgi import ASGIApp

__all__ = ["ASGIApp"]

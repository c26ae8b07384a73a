"""The HTTP server: the ASGI app and the gateway it serves."""

from gateway.server.app import MAX_BODY_BYTES, create_app
from gateway.server.gateway import Gateway, gateway_from_sdl

__all__ = ["MAX_BODY_BYTES", "Gateway", "create_app", "gateway_from_sdl"]

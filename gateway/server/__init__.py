"""The HTTP server: the ASGI app and the gateway it serves."""

from gateway.server.app import create_app
from gateway.server.assemble import gateway_from_config
from gateway.server.gateway import Gateway, gateway_from_sdl
from gateway.server.http import MAX_BODY_BYTES

__all__ = ["MAX_BODY_BYTES", "Gateway", "create_app", "gateway_from_config", "gateway_from_sdl"]

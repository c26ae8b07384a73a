"""The server: the HTTP surface (`http/`), the runtime behind it (`runtime/`), and the factory
that builds the app a configuration describes in each serving process."""

from gateway.server.http import MAX_BODY_BYTES, create_app
from gateway.server.runtime import Gateway, gateway_from_config, gateway_from_sdl

__all__ = ["MAX_BODY_BYTES", "Gateway", "create_app", "gateway_from_config", "gateway_from_sdl"]

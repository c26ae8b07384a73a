"""The gateway's configuration: sections, defaults, and loading from a file and the environment."""

from gateway.config.model import (
    AuthConfig,
    CorsConfig,
    CsrfConfig,
    GatewayConfig,
    GraphiQLConfig,
    HeaderRule,
    HeadersConfig,
    LimitsConfig,
    PersistedQueriesConfig,
    ServerConfig,
    SubgraphsConfig,
    SupergraphConfig,
    TelemetryConfig,
)

__all__ = [
    "AuthConfig",
    "CorsConfig",
    "CsrfConfig",
    "GatewayConfig",
    "GraphiQLConfig",
    "HeaderRule",
    "HeadersConfig",
    "LimitsConfig",
    "PersistedQueriesConfig",
    "ServerConfig",
    "SubgraphsConfig",
    "SupergraphConfig",
    "TelemetryConfig",
]

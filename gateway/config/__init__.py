"""The gateway's configuration: sections, defaults, and loading from a file and the environment."""

from gateway.config.loader import (
    ConfigError,
    config_from_data,
    config_to_data,
    env_name,
    load_config,
)
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
    "ConfigError",
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
    "config_from_data",
    "config_to_data",
    "env_name",
    "load_config",
]

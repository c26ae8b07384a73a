"""The gateway's configuration: one frozen dataclass per section, with production defaults.

`gateway.config.load_config` fills these from one YAML file and `GATEWAY__*` environment
variables (docs/configuration.md).  `dev: true` (the `--dev` switch) turns on what a developer
wants and production must not have: introspection, GraphiQL, query plans in responses, text logs.
Fields left `None` follow `dev`; the `*_enabled` properties resolve them.
Secrets never come from the file's defaults: each names the environment variable it is read from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

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


@dataclass(frozen=True, slots=True, kw_only=True)
class ServerConfig:
    host: str = "127.0.0.1"
    port: int = 4000
    # Worker processes sharing the port, one event loop each.
    workers: int = 1
    graphql_path: str = "/graphql"
    max_body_bytes: int = 2 * 1024 * 1024
    # After SIGTERM: stop accepting, let in-flight requests finish for this long, close pools.
    shutdown_grace_seconds: float = 10.0
    # Garbage collector: young-generation threshold once serving (0: Python's default, 700).
    gc_gen0_threshold: int = 10_000


@dataclass(frozen=True, slots=True, kw_only=True)
class SupergraphConfig:
    """Where the supergraph comes from: a file (watched) or a URL (polled with ETag)."""

    file: str | None = None
    url: str | None = None
    # How often the file's fingerprint or the URL is checked for a new supergraph; 0 = never.
    poll_interval_seconds: float = 5.0


@dataclass(frozen=True, slots=True, kw_only=True)
class SubgraphsConfig:
    # Seconds a subgraph fetch may take; None means no limit.
    timeout_seconds: float | None = 30.0
    timeouts: Mapping[str, float | None] = field(default_factory=lambda: MappingProxyType({}))
    # Routing URL overrides by subgraph name (the supergraph's own URLs otherwise).
    urls: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # Identical subgraph queries in flight at once share one HTTP request.
    deduplicate_fetches: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class CorsConfig:
    # Exact origins allowed to call from a browser; "*" allows any (never with credentials).
    allow_origins: tuple[str, ...] = ()
    allow_credentials: bool = False
    allow_methods: tuple[str, ...] = ("GET", "POST", "OPTIONS")
    allow_headers: tuple[str, ...] = (
        "content-type",
        "authorization",
        "apollo-require-preflight",
        "x-apollo-operation-name",
        "graphql-preflight",
        "x-request-id",
    )
    expose_headers: tuple[str, ...] = ("x-request-id",)
    max_age_seconds: int = 600


@dataclass(frozen=True, slots=True, kw_only=True)
class CsrfConfig:
    """A GET or a "simple" content type (form, text/plain) must carry one of these headers."""

    enabled: bool = True
    required_headers: tuple[str, ...] = (
        "x-apollo-operation-name",
        "apollo-require-preflight",
        "graphql-preflight",
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class GraphiQLConfig:
    enabled: bool | None = None  # follows `dev`
    # Where the npm-installed GraphiQL assets live; None = the project's default folder.
    assets_dir: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class LimitsConfig:
    """Refusals with `extensions.code` naming the limit; they apply to introspection too."""

    max_depth: int = 15
    max_aliases: int = 30
    max_root_fields: int = 20
    max_tokens: int = 5000
    max_document_bytes: int = 64 * 1024
    # Estimated cost, per the IBM cost spec as Apollo applies it (@cost, @listSize).
    max_cost: int = 10_000
    # Assumed size of a list field with neither @listSize nor a slicing argument.
    default_list_size: int = 10


@dataclass(frozen=True, slots=True, kw_only=True)
class PersistedQueriesConfig:
    """Automatic persisted queries (the `persistedQuery` extension) and the safelist."""

    apq_enabled: bool = True
    store: Literal["memory", "redis"] = "memory"
    memory_entries: int = 10_000
    # The Redis URL is read from this environment variable (it may hold a password).
    redis_url_env: str = "GATEWAY_APQ_REDIS_URL"
    redis_key_prefix: str = "tutorgraph:apq:"
    ttl_seconds: int = 24 * 3600
    # Safelist: only operations listed in `safelist_file` (a JSON manifest) may run.
    safelist: bool = False
    safelist_file: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthConfig:
    """JWT verification at the gateway and the identity it forwards to subgraphs."""

    # Verify `Authorization: Bearer <jwt>`; a request without a token is anonymous.
    jwt_enabled: bool = True
    # HS256 secret, read from this environment variable (unset: HS256 off).
    hs256_secret_env: str = "JWT_SECRET"  # noqa: S105 (a variable name)
    # RS256/ES256 keys: a JWKS file or URL (refreshed every `jwks_refresh_seconds`).
    jwks_file: str | None = None
    jwks_url: str | None = None
    jwks_refresh_seconds: float = 300.0
    issuer: str | None = None
    audience: str | None = None
    header_name: str = "authorization"
    header_prefix: str = "Bearer"
    # Enforce @authenticated and @requiresScopes from the supergraph.
    enforce_directives: bool = True
    # The claim holding the space-separated scopes for @requiresScopes.
    scopes_claim: str = "scope"
    # Forwarded to every subgraph: verified claims (base64url JSON) and the shared secret that
    # proves the request comes from this gateway, read from `subgraph_secret_env`.
    claims_header: str = "x-gateway-claims"
    secret_header: str = "x-gateway-secret"  # noqa: S105 (a header name)
    subgraph_secret_env: str = "GATEWAY_SHARED_SECRET"  # noqa: S105


@dataclass(frozen=True, slots=True, kw_only=True)
class HeaderRule:
    """One propagation rule; exactly one of the actions is set.

    propagate: copy inbound headers with these names (or matching `matching`, a regex);
    rename: copy inbound `name` as `rename_to`; insert: set `name` to `value`;
    remove: drop `name` (or headers matching `matching`) added by earlier rules.
    """

    action: Literal["propagate", "rename", "insert", "remove"]
    named: tuple[str, ...] = ()
    matching: str | None = None
    name: str | None = None
    rename_to: str | None = None
    value: str | None = None
    # For propagate/rename: used when the client sent no such header.
    default: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class HeadersConfig:
    """Rules for every subgraph (`all`), then those of the subgraph by name."""

    all: tuple[HeaderRule, ...] = ()
    subgraphs: Mapping[str, tuple[HeaderRule, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class TelemetryConfig:
    metrics_enabled: bool = True
    metrics_path: str = "/metrics"
    tracing_exporter: Literal["none", "console", "otlp"] = "none"
    otlp_endpoint: str | None = None
    service_name: str = "tutorgraph-gateway"
    log_format: Literal["json", "text"] | None = None  # None: json, text in dev
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    request_id_header: str = "x-request-id"
    # One log line per request (logger `gateway.access`); off when a proxy already logs them.
    access_log: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class GatewayConfig:
    dev: bool = False
    introspection: bool | None = None  # follows `dev`
    # Put the query plan in `extensions.queryPlan` (and GraphiQL's plan panel).
    expose_query_plan: bool | None = None  # follows `dev`
    # Identical inbound queries in flight at once share one execution (never mutations).
    deduplicate_requests: bool = False
    server: ServerConfig = field(default_factory=ServerConfig)
    supergraph: SupergraphConfig = field(default_factory=SupergraphConfig)
    subgraphs: SubgraphsConfig = field(default_factory=SubgraphsConfig)
    cors: CorsConfig = field(default_factory=CorsConfig)
    csrf: CsrfConfig = field(default_factory=CsrfConfig)
    graphiql: GraphiQLConfig = field(default_factory=GraphiQLConfig)
    limits: LimitsConfig = field(default_factory=LimitsConfig)
    persisted_queries: PersistedQueriesConfig = field(default_factory=PersistedQueriesConfig)
    auth: AuthConfig = field(default_factory=AuthConfig)
    headers: HeadersConfig = field(default_factory=HeadersConfig)
    telemetry: TelemetryConfig = field(default_factory=TelemetryConfig)

    @property
    def introspection_enabled(self) -> bool:
        return self.dev if self.introspection is None else self.introspection

    @property
    def graphiql_enabled(self) -> bool:
        return self.dev if self.graphiql.enabled is None else self.graphiql.enabled

    @property
    def query_plan_exposed(self) -> bool:
        return self.dev if self.expose_query_plan is None else self.expose_query_plan

    @property
    def log_format(self) -> Literal["json", "text"]:
        if self.telemetry.log_format is not None:
            return self.telemetry.log_format
        return "text" if self.dev else "json"

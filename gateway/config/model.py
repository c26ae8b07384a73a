"""The gateway's configuration: one frozen dataclass per section, with production defaults.

`gateway.config.load_config` fills these from one YAML file and `GATEWAY__*` environment
variables (docs/configuration.md).  `dev: true` (the `--dev` switch) turns on what a developer
wants and production must not have: introspection, GraphiQL, query plans in responses, text logs,
local browser origins (CORS) and an access-log line for every request.
Fields left `None` follow `dev`; the `*_enabled` properties resolve them.
Secrets never come from the file's defaults: each names the environment variable it is read from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

__all__ = [
    "DEFAULT_CLAIMS_HEADER",
    "DEFAULT_SECRET_HEADER",
    "DEV_CORS_ORIGINS",
    "AuthConfig",
    "BatchingConfig",
    "CircuitBreakerConfig",
    "CorsConfig",
    "CsrfConfig",
    "GatewayConfig",
    "GraphiQLConfig",
    "HeaderRule",
    "HeadersConfig",
    "LimitsConfig",
    "OperationRateLimit",
    "PersistedQueriesConfig",
    "RateLimit",
    "RateLimitsConfig",
    "RegistryConfig",
    "RetriesConfig",
    "ServerConfig",
    "SubgraphsConfig",
    "SubscriptionsConfig",
    "SupergraphConfig",
    "TelemetryConfig",
    "UsageConfig",
]

# The identity headers the gateway forwards to subgraphs, unless configured otherwise (the
# platform's subgraphs read the same defaults: `shared.identity`).
DEFAULT_CLAIMS_HEADER = "x-gateway-claims"
DEFAULT_SECRET_HEADER = "x-gateway-secret"  # noqa: S105 (a header name, not a secret)


@dataclass(frozen=True, slots=True, kw_only=True)
class ServerConfig:
    host: str = "127.0.0.1"
    port: int = 4000
    # Worker processes sharing the port, one event loop each.
    workers: int = 1
    # Let other gateway processes listen on the same host and port (SO_REUSEPORT, Linux): the
    # kernel spreads new connections over all of them (several replicas on one machine).
    reuse_port: bool = False
    # Names this process in /ready (`instance`) so that replicas can be told apart; None: omitted.
    instance_id: str | None = None
    graphql_path: str = "/graphql"
    max_body_bytes: int = 2 * 1024 * 1024
    # After SIGTERM: stop accepting, let in-flight requests finish for this long, close pools.
    shutdown_grace_seconds: float = 10.0
    # Garbage collector: young-generation threshold once serving (0: Python's default, 700).
    gc_gen0_threshold: int = 50_000
    # Requests executing their plans at once while a process's event loop is busy; more start
    # whenever it has idle time (`gateway.pipeline.admission`). 0: no bound.
    executions_when_busy: int = 8
    # Proxies (addresses or CIDR networks) whose X-Forwarded-For names the client; from any
    # other peer the header is ignored, since anyone can send it.
    trusted_proxies: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class RegistryConfig:
    """The schema registry serving the supergraph of one graph variant (and taking usage)."""

    # Base URL: the supergraph is `GET {url}/graphs/{graph}/variants/{variant}/supergraph`.
    url: str
    graph: str
    variant: str = "current"
    # The read token is read from this environment variable, never from the file.
    token_env: str = "GATEWAY_REGISTRY_TOKEN"  # noqa: S105 (a variable name)
    # How often the registry is asked for a new supergraph (with If-None-Match); 0 = never.
    poll_seconds: float = 10.0
    # The last supergraph loaded from the registry, served when it cannot be reached at
    # start-up; None: `.data/registry/<graph>@<variant>.graphql` under the working directory.
    cache_file: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SupergraphConfig:
    """Where the supergraph comes from: a file (watched), a URL (polled with ETag) or the
    schema registry (polled, with a cached copy on disk); at most one of them."""

    file: str | None = None
    url: str | None = None
    # How often the file's fingerprint or the URL is checked for a new supergraph; 0 = never.
    poll_interval_seconds: float = 5.0
    registry: RegistryConfig | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SubgraphsConfig:
    # Seconds a subgraph fetch may take; None means no limit.
    timeout_seconds: float | None = 30.0
    timeouts: Mapping[str, float | None] = field(default_factory=lambda: MappingProxyType({}))
    # Routing URL overrides by subgraph name (the supergraph's own URLs otherwise).
    urls: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # Identical subgraph queries in flight at once share one HTTP request.
    deduplicate_fetches: bool = True


# Origins a development server's page may call from when `cors.allow_origins` is null in dev.
DEV_CORS_ORIGINS: tuple[str, ...] = (
    "http://localhost",
    "http://localhost:*",
    "http://127.0.0.1",
    "http://127.0.0.1:*",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class CorsConfig:
    # Origins allowed to call from a browser: exact, or with `*` standing for one label or port
    # (`https://*.example.com`, `http://localhost:*`); "*" alone allows any (never with
    # credentials).  None follows `dev`: the local origins above in dev, none in production.
    allow_origins: tuple[str, ...] | None = None
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
    claims_header: str = DEFAULT_CLAIMS_HEADER
    secret_header: str = DEFAULT_SECRET_HEADER
    subgraph_secret_env: str = "GATEWAY_SHARED_SECRET"  # noqa: S105 - the name of a variable, not a secret


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
    # Share of successful requests that get an access-log line (any other outcome always gets
    # one); None: 0 in production, 1 in dev.
    access_log_sample_rate: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RateLimit:
    """At most `limit` requests per `window_seconds`, spread out (GCRA: docs/decisions/0004)."""

    limit: int
    window_seconds: float


@dataclass(frozen=True, slots=True, kw_only=True)
class OperationRateLimit:
    """A limit on operations that select any of `fields` (`Type.field`) at their root."""

    fields: tuple[str, ...]
    limit: int
    window_seconds: float
    # Whose requests share a counter: each client (token subject, else IP), each IP, or all.
    per: Literal["client", "ip", "all"] = "client"
    # Names the rule in metrics and logs; None: its fields.
    name: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RateLimitsConfig:
    """Requests per window: for the gateway, per client, per root field, and per subgraph."""

    # Where counters live: this process, or Redis shared by every replica.
    store: Literal["memory", "redis"] = "memory"
    redis_url_env: str = "GATEWAY_RATE_LIMIT_REDIS_URL"
    redis_key_prefix: str = "tutorgraph:ratelimit:"
    redis_timeout_seconds: float = 0.25
    # When Redis fails: count in this process meanwhile, let everything through, or refuse.
    on_store_failure: Literal["local", "allow", "deny"] = "local"
    # Every client together, and each client (verified token's `sub`, else its IP).
    all_clients: RateLimit | None = None
    per_client: RateLimit | None = None
    operations: tuple[OperationRateLimit, ...] = ()
    # Fetches to a subgraph (from every client together), by subgraph name.
    subgraphs: Mapping[str, RateLimit] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True, kw_only=True)
class CircuitBreakerConfig:
    """Per subgraph: opens after failures in a window, fails fast, then probes to close."""

    enabled: bool = False
    # Opens when the window holds at least this many failures...
    failure_threshold: int = 5
    # ...and they are at least this share of the window's fetches.
    failure_rate: float = 0.5
    window_seconds: float = 10.0
    # Open this long, then half-open: `half_open_requests` trial fetches decide.
    open_seconds: float = 5.0
    half_open_requests: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class RetriesConfig:
    """Query fetches that failed to connect (nothing received) are tried again, within a budget."""

    enabled: bool = True
    max_retries: int = 1
    # Retries may add at most this share of the fetches of the last `budget_window_seconds`,
    # plus `min_retries_per_second` (so that a quiet gateway can retry at all).
    budget_ratio: float = 0.1
    budget_window_seconds: float = 10.0
    min_retries_per_second: float = 1.0
    # A retry waits a random time up to this, doubled for each further retry.
    backoff_seconds: float = 0.01


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchingConfig:
    """Several operations in one POST (a JSON array), as Apollo Client's BatchHttpLink sends."""

    enabled: bool = False
    max_size: int = 10


@dataclass(frozen=True, slots=True, kw_only=True)
class SubscriptionsConfig:
    """Subscriptions on the GraphQL path: over WebSocket (`graphql-transport-ws`), over SSE
    (graphql-sse's distinct connections mode) and as Apollo's multipart HTTP responses."""

    enabled: bool = True
    # Subscriptions one connection may hold open; one more is answered `error`.
    max_per_connection: int = 100
    # Subscriptions open in this process; one more is answered `error`.
    max_total: int = 10_000
    # Results waiting for a slow client, per subscription; a full queue closes the connection.
    queue_size: int = 64
    # Seconds a client has to send `connection_init` (else close 4408).
    init_timeout_seconds: float = 10.0
    # Seconds between the server's pings, and between SSE keep-alive comments (0: none).
    ping_interval_seconds: float = 15.0
    # Seconds between the heartbeat parts (`{}`) of a multipart subscription (0: none).
    multipart_heartbeat_seconds: float = 5.0
    # Identical subscriptions (same operation, variables, claims and forwarded headers) share
    # one upstream subscription and one execution per event.
    deduplicate: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class UsageConfig:
    """Operation usage reported to the schema registry, aggregated off the request path."""

    # None: on when `supergraph.registry` is set.
    enabled: bool | None = None
    # Aggregates are sent this often (and once more when the gateway stops).
    flush_seconds: float = 10.0
    # Requests waiting to be aggregated (and aggregates waiting to be sent) at most; beyond,
    # they are dropped and counted in `gateway_usage_dropped_total`.
    max_queue: int = 10_000
    # Operations (aggregates) in one report; more are sent in several.
    max_operations_per_report: int = 1000
    # Seconds a report may take (the last flush at shutdown included).
    timeout_seconds: float = 5.0
    client_name_header: str = "apollographql-client-name"
    client_version_header: str = "apollographql-client-version"


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
    rate_limits: RateLimitsConfig = field(default_factory=RateLimitsConfig)
    circuit_breaker: CircuitBreakerConfig = field(default_factory=CircuitBreakerConfig)
    retries: RetriesConfig = field(default_factory=RetriesConfig)
    batching: BatchingConfig = field(default_factory=BatchingConfig)
    usage: UsageConfig = field(default_factory=UsageConfig)
    subscriptions: SubscriptionsConfig = field(default_factory=SubscriptionsConfig)

    @property
    def usage_enabled(self) -> bool:
        """Usage reporting is on: as configured, else whenever a registry is configured."""
        if self.usage.enabled is None:
            return self.supergraph.registry is not None
        return self.usage.enabled

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
    def cors_origins(self) -> tuple[str, ...]:
        origins = self.cors.allow_origins
        if origins is None:
            return DEV_CORS_ORIGINS if self.dev else ()
        return origins

    @property
    def access_log_sample_rate(self) -> float:
        rate = self.telemetry.access_log_sample_rate
        if rate is None:
            return 1.0 if self.dev else 0.0
        return rate

    @property
    def log_format(self) -> Literal["json", "text"]:
        if self.telemetry.log_format is not None:
            return self.telemetry.log_format
        return "text" if self.dev else "json"

"""deploy/helm/tutoring-platform renders valid Kubernetes manifests that run what the code serves.

Each value combination is rendered once by the real `helm template`; every manifest is
validated (strictly: unknown fields are errors) against the API schemas of the oldest and the
newest Kubernetes version the chart supports; then the properties a deploy depends on are
checked against the code itself: probe paths the servers really route, the drain the gateway
really waits for, the variables each service really reads.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from gateway.config import GatewayConfig, load_config
from gateway.server.factory import StartFailure, build_app
from gateway.server.http.app import GatewayApp
from registry.service.app import build_app as build_registry_app
from registry.settings import DEFAULT_PORT as REGISTRY_PORT
from registry.settings import RegistrySettings
from shared.launcher.platform import WEBHOOK_PATH, links
from shared.launcher.services import SUBGRAPHS
from shared.stores import StoreUrls
from shared.subgraph.app import create_app
from subgraphs.accounts.schema import schema as accounts_schema
from tests.deploy.chart import (
    CHART_DIR,
    KUBERNETES_VERSIONS,
    ChartRefused,
    Rendered,
    helm_binary,
    render,
)

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "tutoring-tutoring-platform"
SUBGRAPH_NAMES = tuple(s.name for s in SUBGRAPHS)
SERVICES = ("gateway", "registry", *SUBGRAPH_NAMES)
AUTOSCALED = ("gateway", *SUBGRAPH_NAMES)
APP_VERSION = yaml.safe_load((CHART_DIR / "Chart.yaml").read_text())["appVersion"]

# Variables holding a secret: each must come from a Secret, never from a value in the chart.
SECRET_VARIABLES = frozenset(
    {
        "JWT_SECRET",
        "GATEWAY_SHARED_SECRET",
        "PLATFORM_SIGNING_SECRET",
        "GATEWAY_REGISTRY_TOKEN",
        "REGISTRY_TOKEN",
        "REGISTRY_ADMIN_TOKEN",
        "ACCOUNTS_DATABASE_URL",
        "SCHEDULING_DATABASE_URL",
        "PAYMENTS_DATABASE_URL",
        "LEARNING_DATABASE_URL",
        "PAYMENTS_STRIPE_API_KEY",
        "PAYMENTS_STRIPE_WEBHOOK_SECRET",
        "REGISTRY_DATABASE_URL",
        "TUTORS_NEO4J_PASSWORD",
        "REVIEWS_MONGO_URL",
    }
)
CREDENTIALS_IN_URL = re.compile(r"://[^/\s@]*@")

COMBINATIONS: dict[str, dict[str, Any]] = {
    "defaults": {},
    "autoscaling-off": {
        "gateway": {"autoscaling": {"enabled": False}},
        "subgraphs": {name: {"autoscaling": {"enabled": False}} for name in SUBGRAPH_NAMES},
    },
    "existing-secrets": {
        "existingSecret": "platform-secrets",
        "secretRefs": {
            "jwtSecret": {"name": "identity-keys", "key": "hs256"},
            "gatewaySharedSecret": {"name": "identity-keys", "key": "gateway-shared"},
            "gatewayRegistryToken": {"name": "registry-tokens", "key": "gateway-read"},
            "registryPublishToken": {"name": "registry-tokens", "key": "publish"},
        },
        "gateway": {"auth": {"jwks": {"existingName": "issuer-jwks", "key": "keys.json"}}},
    },
    "redis": {"redis": {"enabled": True, "url": "redis://redis-master.cache.svc:6379/0"}},
    "redis-from-secret": {
        "redis": {"enabled": True},
        "secretRefs": {"redisUrl": {"name": "redis-auth", "key": "url"}},
    },
    "everything-on": {
        "image": {"repository": "registry.example.com/tutorgraph", "digest": "sha256:" + "ab" * 32},
        "seed": {"enabled": True},
        "subgraphs": {
            "accounts": {"mailClaim": "accounts-mail"},
            "payments": {"stripe": {"apiBase": "http://stripe-stand-in.test.svc:8420"}},
        },
        "gateway": {
            "shutdownGraceSeconds": 45,
            "ingress": {
                "enabled": True,
                "className": "nginx",
                "hosts": [{"host": "api.example.com", "paths": [{"path": "/graphql"}]}],
                "tls": [{"secretName": "api-example-com-tls", "hosts": ["api.example.com"]}],
            },
        },
    },
}


@pytest.fixture(scope="module")
def helm() -> Path:
    # Never skipped: a missing helm is a broken dev environment (`uv sync` installs it).
    return helm_binary()


@pytest.fixture(scope="module")
def charts(helm: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    return {
        name: render(helm, values, tmp_path_factory.mktemp(name))
        for name, values in COMBINATIONS.items()
    }


@pytest.fixture(params=sorted(COMBINATIONS))
def chart(request: pytest.FixtureRequest, charts: dict[str, Rendered]) -> Rendered:
    return charts[request.param]


def _container(workload: dict[str, Any]) -> dict[str, Any]:
    containers: list[dict[str, Any]] = workload["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1, workload["metadata"]["name"]
    return containers[0]


def _env(workload: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["name"]: item for item in _container(workload).get("env", [])}


def _gateway_config(chart: Rendered, tmp_path: Path) -> GatewayConfig:
    """The rendered ConfigMap's file, loaded by the gateway's own loader."""
    text = chart.component("ConfigMap", "gateway")["data"]["gateway.yaml"]
    path = tmp_path / "gateway.yaml"
    path.write_text(text)
    return load_config(path, env={})


def _probe_path(container: dict[str, Any], probe: str) -> str:
    path: str = container[probe]["httpGet"]["path"]
    assert container[probe]["httpGet"]["port"] == "http"
    return path


def _pre_stop_seconds(container: dict[str, Any]) -> int:
    command = container["lifecycle"]["preStop"]["exec"]["command"]
    assert command[0] == "sleep", command
    return int(command[1])


# --- every manifest is valid Kubernetes --------------------------------------------------------


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_manifest_validates_against_the_kubernetes_schemas(
    chart: Rendered, version: str
) -> None:
    assert chart.documents
    problems: list[str] = []
    for doc in chart.documents:
        where = f"{doc.get('kind')}/{doc.get('metadata', {}).get('name')}"
        try:
            kubernetes_validate.validate(doc, version, strict=True)
        except kubernetes_validate.ValidationError as error:
            path = ".".join(str(part) for part in error.path)
            problems.append(f"{where} is not valid Kubernetes {version}: {path}: {error.message}")
        except kubernetes_validate.SchemaNotFoundError as error:
            problems.append(f"{where}: no schema to check it against: {error.message}")
    assert not problems, "\n".join(problems)


def test_every_service_has_a_deployment_and_a_service_selecting_its_pods(chart: Rendered) -> None:
    deployments = {d["metadata"]["name"] for d in chart.of_kind("Deployment")}
    assert deployments == {f"{PREFIX}-{name}" for name in SERVICES}
    for name in SERVICES:
        deployment = chart.component("Deployment", name)
        service = chart.component("Service", name)
        assert service["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"]
        pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert service["spec"]["selector"].items() <= pod_labels.items()
        ports = {p["name"]: p["containerPort"] for p in _container(deployment)["ports"]}
        (service_port,) = service["spec"]["ports"]
        assert service_port["targetPort"] == "http"
        assert service_port["port"] == ports["http"]


# --- probes, ports and commands match the code -------------------------------------------------


def test_gateway_probes_are_ready_and_health(charts: dict[str, Rendered]) -> None:
    gateway = _container(charts["defaults"].component("Deployment", "gateway"))
    assert _probe_path(gateway, "readinessProbe") == "/ready"
    assert _probe_path(gateway, "livenessProbe") == "/health"
    assert _probe_path(gateway, "startupProbe") == "/health"


@pytest.mark.parametrize("name", ["registry", *SUBGRAPH_NAMES])
def test_registry_and_subgraphs_are_probed_on_health_which_is_all_they_serve(
    charts: dict[str, Rendered], name: str
) -> None:
    container = _container(charts["defaults"].component("Deployment", name))
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        assert _probe_path(container, probe) == "/health"


def test_the_probed_paths_are_routed_by_each_server() -> None:
    async def no_context(*_: object) -> None:
        return None

    subgraph = create_app(schema=accounts_schema, context=no_context, gateway_secret="s" * 32)
    assert "/health" in {getattr(route, "path", None) for route in subgraph.routes}
    assert "/ready" not in {getattr(route, "path", None) for route in subgraph.routes}
    registry = build_registry_app(
        RegistrySettings(database_url="postgresql+asyncpg://registry@127.0.0.1:1/registry")
    )
    assert "/health" in {getattr(route, "path", None) for route in registry.routes}


@pytest.mark.parametrize("service", SUBGRAPHS, ids=lambda s: s.name)
def test_each_subgraph_runs_its_module_on_the_platform_port(
    charts: dict[str, Rendered], service: Any
) -> None:
    container = _container(charts["defaults"].component("Deployment", service.name))
    command = container["command"]
    assert command[:4] == ["python", "-m", service.module, "serve"]
    assert command[command.index("--port") + 1] == str(service.port)
    assert command[command.index("--host") + 1] == "0.0.0.0"  # noqa: S104 (the pod's address)
    (port,) = container["ports"]
    assert port == {"name": "http", "containerPort": service.port, "protocol": "TCP"}


def test_registry_runs_its_service_on_its_port(charts: dict[str, Rendered]) -> None:
    container = _container(charts["defaults"].component("Deployment", "registry"))
    command = container["command"]
    assert command[:4] == ["python", "-m", "registry", "serve"]
    assert command[command.index("--port") + 1] == str(REGISTRY_PORT)


LOCAL = StoreUrls(
    postgres_port=1, bolt_port=2, redis_port=3, mongo_port=4, stripe_port=5
).environment()


def test_each_service_gets_the_store_variables_the_local_run_sets(
    charts: dict[str, Rendered],
) -> None:
    assert LOCAL
    for variable in LOCAL:
        owner = variable.split("_", 1)[0].lower()
        assert owner in SERVICES, variable
        # Stripe's own API unless a stand-in is named (subgraphs.payments.stripe.apiBase).
        chart = "everything-on" if variable == "PAYMENTS_STRIPE_API_BASE" else "defaults"
        assert variable in _env(charts[chart].component("Deployment", owner)), variable
    defaults = _env(charts["defaults"].component("Deployment", "payments"))
    assert "PAYMENTS_STRIPE_API_BASE" not in defaults
    stand_in = _env(charts["everything-on"].component("Deployment", "payments"))
    assert stand_in["PAYMENTS_STRIPE_API_BASE"]["value"] == "http://stripe-stand-in.test.svc:8420"


def test_only_payments_holds_the_stripe_keys(charts: dict[str, Rendered]) -> None:
    chart = charts["defaults"]
    keys = {"PAYMENTS_STRIPE_API_KEY", "PAYMENTS_STRIPE_WEBHOOK_SECRET"}
    for workload, container in chart.containers():
        names = {item["name"] for item in container.get("env", [])}
        if workload["metadata"]["name"] == f"{PREFIX}-payments":
            assert keys <= names
        else:
            assert not keys & names, workload["metadata"]["name"]


def test_subgraphs_reach_each_other_as_the_local_run_links_them(
    charts: dict[str, Rendered],
) -> None:
    """Every cross-subgraph URL `task up` sets, pointing at the in-cluster Services."""
    by_port = {s.port: s.name for s in SUBGRAPHS}
    for variable, url in links(SUBGRAPHS).items():
        owner = variable.split("_", 1)[0].lower()
        port = int(url.split(":")[2].split("/")[0])
        env = _env(charts["defaults"].component("Deployment", owner))
        assert env[variable]["value"] == f"http://{PREFIX}-{by_port[port]}:{port}/graphql"


def test_identity_secrets_go_where_they_are_read(charts: dict[str, Rendered]) -> None:
    chart = charts["defaults"]
    for name in ("gateway", *SUBGRAPH_NAMES):
        assert "GATEWAY_SHARED_SECRET" in _env(chart.component("Deployment", name)), name
    # Only accounts signs tokens and only the gateway verifies them.
    holders = {n for n in SERVICES if "JWT_SECRET" in _env(chart.component("Deployment", n))}
    assert holders == {"gateway", "accounts"}
    # Those that sign or verify quotes, receipts and cancellation notices.
    signing = {
        n for n in SERVICES if "PLATFORM_SIGNING_SECRET" in _env(chart.component("Deployment", n))
    }
    assert signing == {"scheduling", "payments", "learning"}


# --- the gateway's configuration ---------------------------------------------------------------


def test_gateway_config_is_production_and_reads_the_registry(
    charts: dict[str, Rendered], tmp_path: Path
) -> None:
    chart = charts["defaults"]
    config = _gateway_config(chart, tmp_path)
    assert not config.dev
    assert not config.introspection_enabled
    assert not config.graphiql_enabled
    assert not config.query_plan_exposed
    assert config.log_format == "json"
    assert config.server.host == "0.0.0.0"  # noqa: S104 (the pod's address)
    deployment = chart.component("Deployment", "gateway")
    assert config.server.port == _container(deployment)["ports"][0]["containerPort"]
    registry = config.supergraph.registry
    assert registry is not None
    assert config.supergraph.file is None
    assert registry.url == f"http://{PREFIX}-registry:{REGISTRY_PORT}"
    assert registry.token_env in _env(deployment)
    assert registry.token_env in SECRET_VARIABLES
    # The cached supergraph is written to a mounted, writable volume.
    assert registry.cache_file is not None
    mounts = {m["mountPath"]: m for m in _container(deployment)["volumeMounts"]}
    assert str(Path(registry.cache_file).parent) in mounts
    assert not mounts[str(Path(registry.cache_file).parent)].get("readOnly", False)
    assert dict(config.subgraphs.urls) == {
        s.name: f"http://{PREFIX}-{s.name}:{s.port}/graphql" for s in SUBGRAPHS
    }


def test_gateway_config_builds_a_gateway_that_routes_its_probes(
    charts: dict[str, Rendered], tmp_path: Path
) -> None:
    text = charts["defaults"].component("ConfigMap", "gateway")["data"]["gateway.yaml"]
    path = tmp_path / "gateway.yaml"
    path.write_text(text)
    # As `serve --supergraph` does: the committed supergraph stands in for the registry's.
    overrides = {
        "supergraph.file": str(ROOT / "schema" / "supergraph.graphql"),
        "supergraph.registry": None,
    }
    app = build_app(load_config(path, env={}, overrides=overrides))
    assert not isinstance(app, StartFailure), app
    assert isinstance(app, GatewayApp)
    probes = _container(charts["defaults"].component("Deployment", "gateway"))
    assert _probe_path(probes, "readinessProbe") in app.routes
    assert _probe_path(probes, "livenessProbe") in app.routes


@pytest.mark.parametrize("combination", ["redis", "redis-from-secret"])
def test_redis_holds_apq_and_rate_limits_when_enabled(
    charts: dict[str, Rendered], combination: str, tmp_path: Path
) -> None:
    chart = charts[combination]
    config = _gateway_config(chart, tmp_path)
    assert config.persisted_queries.store == "redis"
    assert config.rate_limits.store == "redis"
    env = _env(chart.component("Deployment", "gateway"))
    for variable in (config.persisted_queries.redis_url_env, config.rate_limits.redis_url_env):
        if combination == "redis":
            assert env[variable]["value"] == "redis://redis-master.cache.svc:6379/0"
        else:
            reference = env[variable]["valueFrom"]["secretKeyRef"]
            assert reference == {"name": "redis-auth", "key": "url"}


def test_without_redis_each_replica_keeps_its_own_state(
    charts: dict[str, Rendered], tmp_path: Path
) -> None:
    config = _gateway_config(charts["defaults"], tmp_path)
    assert config.persisted_queries.store == "memory"
    assert config.rate_limits.store == "memory"
    env = _env(charts["defaults"].component("Deployment", "gateway"))
    assert not any("REDIS" in name for name in env)


# --- graceful termination ----------------------------------------------------------------------


@pytest.mark.parametrize("combination", ["defaults", "everything-on"])
def test_gateway_pod_outlives_its_pre_stop_sleep_and_drain(
    charts: dict[str, Rendered], combination: str, tmp_path: Path
) -> None:
    chart = charts[combination]
    config = _gateway_config(chart, tmp_path)
    deployment = chart.component("Deployment", "gateway")
    grace = deployment["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
    pre_stop = _pre_stop_seconds(_container(deployment))
    assert pre_stop > 0
    drain = math.ceil(config.server.shutdown_grace_seconds)
    assert grace > pre_stop + drain, (grace, pre_stop, drain)
    expected = COMBINATIONS[combination].get("gateway", {}).get("shutdownGraceSeconds", 10)
    assert config.server.shutdown_grace_seconds == expected


def test_every_deployment_leaves_its_endpoints_before_it_stops(chart: Rendered) -> None:
    for deployment in chart.of_kind("Deployment"):
        grace = deployment["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
        assert grace > _pre_stop_seconds(_container(deployment)), deployment["metadata"]["name"]


def test_a_termination_grace_shorter_than_the_drain_is_refused(helm: Path, tmp_path: Path) -> None:
    values = {"gateway": {"terminationGracePeriodSeconds": 12}}
    with pytest.raises(ChartRefused, match="terminationGracePeriodSeconds"):
        render(helm, values, tmp_path)


# --- scaling and disruptions -------------------------------------------------------------------


def test_autoscalers_scale_the_gateway_and_subgraphs_on_cpu(charts: dict[str, Rendered]) -> None:
    chart = charts["defaults"]
    autoscalers = {
        hpa["spec"]["scaleTargetRef"]["name"]: hpa
        for hpa in chart.of_kind("HorizontalPodAutoscaler")
    }
    assert set(autoscalers) == {f"{PREFIX}-{name}" for name in AUTOSCALED}
    for name, hpa in autoscalers.items():
        assert hpa["apiVersion"] == "autoscaling/v2"
        target = hpa["spec"]["scaleTargetRef"]
        assert (target["apiVersion"], target["kind"]) == ("apps/v1", "Deployment")
        deployment = chart.named("Deployment", name)
        # The autoscaler owns the count: a replicas field would reset it at each upgrade.
        assert "replicas" not in deployment["spec"]
        (metric,) = hpa["spec"]["metrics"]
        assert metric["type"] == "Resource"
        assert metric["resource"]["name"] == "cpu"
        assert metric["resource"]["target"] == {"type": "Utilization", "averageUtilization": 70}
        assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
        # Utilization is measured against the CPU request.
        assert _container(deployment)["resources"]["requests"]["cpu"]


def test_without_autoscaling_the_replica_counts_are_fixed(charts: dict[str, Rendered]) -> None:
    chart = charts["autoscaling-off"]
    assert chart.of_kind("HorizontalPodAutoscaler") == []
    for deployment in chart.of_kind("Deployment"):
        assert deployment["spec"]["replicas"] == 2, deployment["metadata"]["name"]


def test_each_disruption_budget_selects_exactly_one_deployments_pods(chart: Rendered) -> None:
    budgets = chart.of_kind("PodDisruptionBudget")
    assert {b["metadata"]["name"] for b in budgets} == {f"{PREFIX}-{n}" for n in SERVICES}
    for budget in budgets:
        selector = budget["spec"]["selector"]["matchLabels"]
        selected = [
            d
            for d in chart.of_kind("Deployment")
            if selector.items() <= d["spec"]["template"]["metadata"]["labels"].items()
        ]
        assert [d["metadata"]["name"] for d in selected] == [budget["metadata"]["name"]]
        assert selector == selected[0]["spec"]["selector"]["matchLabels"]
        assert budget["spec"]["maxUnavailable"] == 1


# --- secrets, images, security -----------------------------------------------------------------


def test_secrets_are_referenced_never_written_in_the_chart(chart: Rendered) -> None:
    assert chart.of_kind("Secret") == []
    for workload, container in chart.containers():
        for item in container.get("env", []):
            where = f"{workload['metadata']['name']}: {item['name']}"
            if item["name"] in SECRET_VARIABLES or "REDIS" in item["name"]:
                assert "value" not in item or not CREDENTIALS_IN_URL.search(item["value"]), where
            if item["name"] in SECRET_VARIABLES:
                assert set(item) == {"name", "valueFrom"}, where
                assert set(item["valueFrom"]) == {"secretKeyRef"}, where
            if "value" in item:
                assert not CREDENTIALS_IN_URL.search(item["value"]), where
    for config_map in chart.of_kind("ConfigMap"):
        for text in config_map["data"].values():
            assert not CREDENTIALS_IN_URL.search(text)


def test_secrets_default_to_one_secret_named_after_the_release(
    charts: dict[str, Rendered],
) -> None:
    refs = [
        item["valueFrom"]["secretKeyRef"]
        for _, container in charts["defaults"].containers()
        for item in container.get("env", [])
        if "valueFrom" in item
    ]
    assert refs
    assert {ref["name"] for ref in refs} == {f"{PREFIX}-secrets"}
    # The default keys are the variables' own names, so one env file fills the Secret.
    named = {
        item["name"]: item["valueFrom"]["secretKeyRef"]["key"]
        for _, container in charts["defaults"].containers()
        for item in container.get("env", [])
        if "valueFrom" in item and item["name"] != "REGISTRY_TOKEN"
    }
    assert all(name == key for name, key in named.items()), named


def test_existing_secret_names_are_the_ones_referenced(
    charts: dict[str, Rendered], tmp_path: Path
) -> None:
    chart = charts["existing-secrets"]
    gateway = chart.component("Deployment", "gateway")

    def ref(variable: str, workload: dict[str, Any] = gateway) -> tuple[str, str]:
        found = _env(workload)[variable]["valueFrom"]["secretKeyRef"]
        return found["name"], found["key"]

    assert ref("JWT_SECRET") == ("identity-keys", "hs256")
    accounts = chart.component("Deployment", "accounts")
    assert ref("JWT_SECRET", accounts) == ("identity-keys", "hs256")
    assert ref("GATEWAY_SHARED_SECRET") == ("identity-keys", "gateway-shared")
    assert ref("GATEWAY_REGISTRY_TOKEN") == ("registry-tokens", "gateway-read")
    (publish,) = chart.of_kind("Job")
    assert ref("REGISTRY_TOKEN", publish) == ("registry-tokens", "publish")
    # References without their own name read the release's existingSecret.
    assert ref("ACCOUNTS_DATABASE_URL", accounts) == ("platform-secrets", "ACCOUNTS_DATABASE_URL")
    assert ref("REGISTRY_DATABASE_URL", chart.component("Deployment", "registry")) == (
        "platform-secrets",
        "REGISTRY_DATABASE_URL",
    )
    # The JWKS Secret is mounted where the rendered configuration says the file is.
    config = _gateway_config(chart, tmp_path)
    assert config.auth.jwks_file == "/etc/tutorgraph/jwks/keys.json"
    volumes = {v["name"]: v for v in gateway["spec"]["template"]["spec"]["volumes"]}
    assert volumes["jwks"]["secret"]["secretName"] == "issuer-jwks"
    assert volumes["jwks"]["secret"]["items"] == [{"key": "keys.json", "path": "keys.json"}]
    mounts = {m["name"]: m["mountPath"] for m in _container(gateway)["volumeMounts"]}
    assert mounts["jwks"] == "/etc/tutorgraph/jwks"


def test_images_are_pinned_never_latest(chart: Rendered) -> None:
    for workload, container in chart.containers():
        image: str = container["image"]
        name = workload["metadata"]["name"]
        if "@" in image:
            assert re.fullmatch(r"[^@]+@sha256:[0-9a-f]{64}", image), name
        else:
            assert image == f"tutorgraph:{APP_VERSION}", (name, image)
        assert not image.endswith(":latest"), name


@pytest.mark.parametrize(
    ("values", "complaint"),
    [
        ({"image": {"tag": "latest"}}, "image.tag"),
        ({"redis": {"enabled": True, "url": "redis://:hunter2@cache:6379/0"}}, "redis.url"),
        ({"gateway": {"replicas": 3}}, "replicas"),
        ({"subgraphs": {"billing": {"port": 4007}}}, "billing"),
        ({"secretRefs": {"jwtSecret": {"name": "keys", "key": ""}}}, "key"),
    ],
    ids=["latest-tag", "password-in-redis-url", "unknown-key", "unknown-subgraph", "empty-key"],
)
def test_the_values_schema_refuses_mistakes(
    helm: Path, tmp_path: Path, values: dict[str, Any], complaint: str
) -> None:
    with pytest.raises(ChartRefused, match=complaint):
        render(helm, values, tmp_path)


def test_pods_run_unprivileged_with_a_read_only_root_and_bounded_resources(
    chart: Rendered,
) -> None:
    for workload, pod in chart.pod_specs():
        name = workload["metadata"]["name"]
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert pod["securityContext"]["runAsUser"] > 0, name
        assert pod["automountServiceAccountToken"] is False, name
        for container in pod["containers"]:
            security = container["securityContext"]
            assert security["allowPrivilegeEscalation"] is False, name
            assert security["readOnlyRootFilesystem"] is True, name
            assert security["privileged"] is False, name
            assert security["capabilities"]["drop"] == ["ALL"], name
            # A read-only root still needs somewhere to write temporary files.
            assert "/tmp" in {m["mountPath"] for m in container["volumeMounts"]}, name  # noqa: S108
            for bound in ("requests", "limits"):
                assert set(container["resources"][bound]) >= {"cpu", "memory"}, (name, bound)


# --- the registry's supergraph -----------------------------------------------------------------


def test_publish_job_sends_each_subgraph_schema_with_its_service_url(
    charts: dict[str, Rendered],
) -> None:
    (job,) = charts["defaults"].of_kind("Job")
    assert job["metadata"]["name"] == f"{PREFIX}-publish-1"
    container = _container(job)
    script = container["command"][-1]
    assert "python -m registry subgraph publish" in script
    entries = [f"{s.name}=http://{PREFIX}-{s.name}:{s.port}/graphql" for s in SUBGRAPHS]
    for entry, service in zip(entries, SUBGRAPHS, strict=True):
        assert entry in script
        assert (ROOT / "schema" / "subgraphs" / f"{service.name}.graphql").is_file()
    # In the launcher's order: payments composes only once the subgraphs it requires are in.
    assert sorted(entries, key=script.index) == entries
    env = _env(job)
    assert env["REGISTRY_URL"]["value"] == f"http://{PREFIX}-registry:{REGISTRY_PORT}"
    assert env["GRAPH"]["value"] == "tutorgraph"


def test_ingress_routes_to_the_gateway_service_and_stripe_to_payments(
    charts: dict[str, Rendered],
) -> None:
    assert charts["defaults"].of_kind("Ingress") == []
    (ingress,) = charts["everything-on"].of_kind("Ingress")
    (rule,) = ingress["spec"]["rules"]
    path, webhooks = rule["http"]["paths"]
    assert path["backend"]["service"] == {"name": f"{PREFIX}-gateway", "port": {"name": "http"}}
    assert ingress["spec"]["ingressClassName"] == "nginx"
    assert (webhooks["path"], webhooks["pathType"]) == (WEBHOOK_PATH, "Exact")
    payments = {"name": f"{PREFIX}-payments", "port": {"name": "http"}}
    assert webhooks["backend"]["service"] == payments


def test_the_webhook_route_is_the_one_payments_serves() -> None:
    from subgraphs.payments.app import WEBHOOK_PATH as served

    assert served == WEBHOOK_PATH


def test_the_seed_job_seeds_every_subgraph_without_the_stripe_keys(
    charts: dict[str, Rendered],
) -> None:
    (seed,) = [
        job for job in charts["everything-on"].of_kind("Job") if "-seed-" in job["metadata"]["name"]
    ]
    script = _container(seed)["command"][-1]
    env = _env(seed)
    for service in SUBGRAPHS:
        assert f"python -m {service.module} seed --if-empty" in script
    stores = {name for name in LOCAL if not name.startswith(("REGISTRY_", "PAYMENTS_STRIPE_"))}
    assert stores <= set(env)
    assert not any(name.startswith("PAYMENTS_STRIPE_") for name in env)

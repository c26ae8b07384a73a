"""The whole platform started in order and stopped together: what `up` runs and what the
platform benchmark (bench/platform/) measures.

Order: the stores; seed data (every store reset, only the empty ones, or none); the subgraphs
(the payments subgraph's webhook endpoint registered at the local Stripe once it answers); the
schema registry with every subgraph published into it (optional); the supergraph composed from
the committed SDLs with this run's URLs; the gateway on it, or on the registry's.
Leaving the context stops every process it started, and the stores.
"""

from __future__ import annotations

import contextlib
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

from shared.launcher.local_gateway import gateway_config, secret_environment
from shared.launcher.local_registry import (
    GRAPH,
    VARIANT,
    gateway_token,
    publish_subgraphs,
    registry_service,
)
from shared.launcher.services import BASE_PORT, Service, available, gateway_service, subgraphs
from shared.launcher.supervisor import LaunchError, Supervisor
from shared.stores import LocalStores, StoreUrls

__all__ = [
    "WEBHOOK_PATH",
    "Launch",
    "RunningPlatform",
    "Seeding",
    "child_environment",
    "links",
    "register_webhooks",
    "running_platform",
    "seed",
]

ROOT = Path(__file__).resolve().parents[2]
# Where the payments subgraph takes Stripe's webhooks (subgraphs/payments/app.py WEBHOOK_PATH).
WEBHOOK_PATH = "/webhooks/stripe"

# "reset": every store back to the seed data; "if-empty": seed only the empty ones.
Seeding = Literal["reset", "if-empty", "none"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Launch:
    """What to start, where, and how."""

    data_dir: Path  # stores, logs, secrets, the written configuration
    host: str = "127.0.0.1"
    base_port: int = BASE_PORT  # the gateway; subgraphs on the next six, the registry at +10
    seeding: Seeding = "if-empty"
    registry: bool = True  # the gateway polls the registry; else it reads the composed file
    dev: bool = True  # the gateway's development mode
    rate_limits: bool = True  # the gateway's sign-in and sign-up limits


@dataclass(frozen=True, slots=True, kw_only=True)
class RunningPlatform:
    stores: StoreUrls
    store_servers: LocalStores  # restarts a store server that crashed (`revive`)
    supervisor: Supervisor
    subgraphs: tuple[Service, ...]  # the ones started
    registry: Service | None
    gateway: Service | None

    def endpoints(self) -> list[tuple[str, str]]:
        """(name, GraphQL URL) of every service started: the gateway, the subgraphs by port,
        the registry."""
        by_port = sorted(self.subgraphs, key=lambda s: s.port)
        services = [self.gateway, *by_port, self.registry]
        return [(s.name, f"{s.url}/graphql") for s in services if s is not None]


def child_environment(data_dir: Path, urls: StoreUrls) -> dict[str, str]:
    """What every child gets: the store URLs, the secrets the gateway and subgraphs share, and
    where accounts writes its mail (sign-up confirmations) as files."""
    return {
        **os.environ,
        **urls.environment(),
        **secret_environment(data_dir),
        "ACCOUNTS_MAIL_DIR": os.environ.get("ACCOUNTS_MAIL_DIR") or str(data_dir / "mail"),
        "PYTHONUNBUFFERED": "1",
    }


def links(services: tuple[Service, ...]) -> dict[str, str]:
    """Where one subgraph reaches another: reviews asks scheduling about past lessons and
    learning about course progress; payments sends receipts to scheduling (bookings) and
    learning (enrollments); scheduling sends payments the cancellations of paid bookings."""
    url = {s.name: f"{s.url}/graphql" for s in services}
    return {
        "REVIEWS_SCHEDULING_URL": url["scheduling"],
        "REVIEWS_LEARNING_URL": url["learning"],
        "SCHEDULING_PAYMENTS_URL": url["payments"],
        "PAYMENTS_SCHEDULING_URL": url["scheduling"],
        "PAYMENTS_LEARNING_URL": url["learning"],
    }


def register_webhooks(stores: StoreUrls, payments: Service) -> None:
    """Have the local Stripe send its events to the payments subgraph of this run (the
    registration is kept with the stand-in's data and replaced at every start)."""
    address, form = stores.webhook_registration("payments", f"{payments.url}{WEBHOOK_PATH}")
    request = urllib.request.Request(  # noqa: S310 - our own loopback URL
        address, data=urllib.parse.urlencode(form).encode(), method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10):  # noqa: S310 - our own loopback URL
            pass
    except (urllib.error.URLError, OSError) as exc:
        message = f"the local Stripe at {stores.stripe_url} refused the webhook: {exc}"
        raise LaunchError(message) from exc


def seed(supervisor: Supervisor, *, reset: bool, say: Callable[[str], None] = print) -> None:
    """Seed every subgraph's store: all from scratch (`reset`), else only the empty ones.

    Each subgraph says what it did ("accounts: seeded 1001 users", "accounts: kept 1003 users").
    """
    for service in subgraphs():
        if available(service.module):
            command = [sys.executable, "-m", service.module, "seed"]
            output = supervisor.run(
                f"{service.name}-seed", [*command, *(() if reset else ("--if-empty",))]
            )
            lines = [line for line in output.splitlines() if line.startswith(f"{service.name}: ")]
            say(f"  {lines[-1] if lines else service.name + ': done'}")


def _compose_config(data_dir: Path, services: tuple[Service, ...]) -> Path:
    """schema/supergraph.yaml with routing URLs for the ports this run uses."""
    config = yaml.safe_load((ROOT / "schema" / "supergraph.yaml").read_text())
    by_name = {s.name: s for s in services}
    for name, subgraph in config["subgraphs"].items():
        if name in by_name:
            subgraph["routing_url"] = f"{by_name[name].url}/graphql"
        schema = subgraph.get("schema", {})
        if "file" in schema:
            schema["file"] = str((ROOT / "schema" / schema["file"]).resolve())
    target = data_dir / "supergraph.yaml"
    target.write_text(yaml.safe_dump(config, sort_keys=False))
    return target


def _supergraph(
    supervisor: Supervisor, data_dir: Path, services: tuple[Service, ...]
) -> Path | None:
    """Compose the supergraph from the subgraphs' SDL files with our composer."""
    if not available("gateway", "cli.compose") or not (ROOT / "schema/supergraph.yaml").exists():
        return None
    target = data_dir / "supergraph.graphql"
    config = str(_compose_config(data_dir, services))
    command = [sys.executable, "-m", "gateway", "compose", "--config", config]
    supervisor.run("compose", [*command, "--output", str(target)])
    return target


def _registry(
    supervisor: Supervisor,
    data_dir: Path,
    services: tuple[Service, ...],
    launch: Launch,
    say: Callable[[str], None],
) -> Service | None:
    """Start the registry and publish every subgraph into it (None: no registry here)."""
    if not available("registry"):
        return None
    registry = registry_service(launch.base_port)
    supervisor.start("registry", [*registry.serve_command(launch.host)], f"{registry.url}/health")
    admin = supervisor.environment["REGISTRY_ADMIN_TOKEN"]
    publish_subgraphs(supervisor, registry, services, ROOT / "schema" / "subgraphs", admin)
    say(f"  registry: {GRAPH}@{VARIANT} has every subgraph published")
    return registry


@contextlib.contextmanager
def running_platform(
    launch: Launch, say: Callable[[str], None] = print
) -> Iterator[RunningPlatform]:
    """Start everything `launch` asks for; LaunchError or StoreStartError when a part will not.

    `say` gets the progress lines (seeding, the registry, stopping).
    """
    data_dir = launch.data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    stores = LocalStores(data_dir / "stores")
    supervisor: Supervisor | None = None
    try:
        urls = stores.start()
        services = subgraphs(launch.base_port)
        supervisor = Supervisor(
            data_dir / "logs", {**child_environment(data_dir, urls), **links(services)}
        )
        if launch.seeding == "reset":
            say("Resetting every store to the seed data ...")
            seed(supervisor, reset=True, say=say)
        elif launch.seeding == "if-empty":
            say("Seeding empty stores; stored data is kept (`task seed` resets it) ...")
            seed(supervisor, reset=False, say=say)
        started: list[Service] = []
        for service in services:
            if not available(service.module):
                continue
            supervisor.start(
                service.name, service.serve_command(launch.host), f"{service.url}/health"
            )
            if service.name == "payments":
                register_webhooks(urls, service)
            started.append(service)
        registry = (
            _registry(supervisor, data_dir, services, launch, say) if launch.registry else None
        )
        supergraph = _supergraph(supervisor, data_dir, services)
        gateway: Service | None = None
        if supergraph is not None and available("gateway", "cli.serve"):
            gateway = gateway_service(launch.base_port)
            config = gateway_config(
                data_dir,
                gateway=gateway,
                host=launch.host,
                supergraph=supergraph,
                subgraphs=services,
                registry=None if registry is None else (registry.url, GRAPH, VARIANT),
                dev=launch.dev,
                rate_limits=launch.rate_limits,
            )
            extra: dict[str, str] = {}
            if registry is not None:
                admin = supervisor.environment["REGISTRY_ADMIN_TOKEN"]
                extra["GATEWAY_REGISTRY_TOKEN"] = gateway_token(
                    supervisor, registry, data_dir, admin
                )
            command = [sys.executable, "-m", "gateway", "serve", "--config", str(config)]
            supervisor.start("gateway", command, f"{gateway.url}/health", env=extra)
        yield RunningPlatform(
            stores=urls,
            store_servers=stores,
            supervisor=supervisor,
            subgraphs=tuple(started),
            registry=registry,
            gateway=gateway,
        )
    finally:
        say("\nStopping ...")
        if supervisor is not None:
            supervisor.stop_all()
        stores.stop()

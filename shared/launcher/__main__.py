"""`python -m shared.launcher {up,seed}`: the whole platform locally, stores and seed included.

`up` starts the stores, seeds the ones that are empty (data stored by an earlier run is kept),
starts every subgraph, the schema registry (publishing every subgraph's SDL into it) and the
gateway (which takes its supergraph from the registry), prints where each answers and runs
until Ctrl-C or SIGTERM, then stops everything it started. `seed` resets every store to the
seed data.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

import yaml

from shared.launcher.local_gateway import gateway_config, secret_environment
from shared.launcher.local_registry import (
    GRAPH,
    VARIANT,
    gateway_token,
    publish_subgraphs,
    registry_service,
)
from shared.launcher.services import Service, available, gateway_service, subgraphs
from shared.launcher.supervisor import LaunchError, Supervisor
from shared.stores import LocalStores, StoreStartError, StoreUrls

ROOT = Path(__file__).resolve().parents[2]


def _environment(data_dir: Path, urls: StoreUrls) -> dict[str, str]:
    """What every child gets: the store URLs, the secrets the gateway and subgraphs share, and
    where accounts writes its mail (sign-up confirmations) as files."""
    return {
        **os.environ,
        **urls.environment(),
        **secret_environment(data_dir),
        "ACCOUNTS_MAIL_DIR": os.environ.get("ACCOUNTS_MAIL_DIR") or str(data_dir / "mail"),
        "PYTHONUNBUFFERED": "1",
    }


def _links(services: tuple[Service, ...]) -> dict[str, str]:
    """Where one subgraph reaches another: reviews asks scheduling about past lessons."""
    by_name = {s.name: s for s in services}
    return {"REVIEWS_SCHEDULING_URL": f"{by_name['scheduling'].url}/graphql"}


def _seed(supervisor: Supervisor, *, reset: bool) -> None:
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
            print(f"  {lines[-1] if lines else service.name + ': done'}", flush=True)


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
    supervisor: Supervisor, data_dir: Path, services: tuple[Service, ...], args: argparse.Namespace
) -> Service | None:
    """Start the registry and publish every subgraph into it (None: no registry here)."""
    if not available("registry"):
        return None
    registry = registry_service(args.base_port)
    command = [*registry.serve_command(args.host)]
    supervisor.start("registry", command, f"{registry.url}/health")
    admin = supervisor.environment["REGISTRY_ADMIN_TOKEN"]
    publish_subgraphs(supervisor, registry, services, ROOT / "schema" / "subgraphs", admin)
    print(f"  registry: {GRAPH}@{VARIANT} has every subgraph published", flush=True)
    return registry


def up(args: argparse.Namespace) -> int:
    data_dir: Path = args.data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    stores = LocalStores(data_dir / "stores")
    stopping = False

    def request_stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    print("Starting the stores ...", flush=True)
    supervisor: Supervisor | None = None
    try:
        urls = stores.start()
        services = subgraphs(args.base_port)
        supervisor = Supervisor(
            data_dir / "logs", {**_environment(data_dir, urls), **_links(services)}
        )
        if not args.no_seed:
            print(
                "Seeding empty stores; stored data is kept (`task seed` resets it) ...", flush=True
            )
            _seed(supervisor, reset=False)
        lines: list[tuple[str, str]] = []
        for service in services:
            if not available(service.module):
                continue
            supervisor.start(
                service.name, service.serve_command(args.host), f"{service.url}/health"
            )
            lines.append((service.name, f"{service.url}/graphql"))
        registry = _registry(supervisor, data_dir, services, args)
        if registry is not None:
            lines.append(("registry", f"{registry.url}/graphql"))
        supergraph = _supergraph(supervisor, data_dir, services)
        gateway = gateway_service(args.base_port)
        explorer: str | None = None
        if supergraph is not None and available("gateway", "cli.serve"):
            source = None if registry is None else (registry.url, GRAPH, VARIANT)
            config = gateway_config(
                data_dir,
                gateway=gateway,
                host=args.host,
                supergraph=supergraph,
                subgraphs=services,
                registry=source,
            )
            extra: dict[str, str] = {}
            if registry is not None:
                admin = supervisor.environment["REGISTRY_ADMIN_TOKEN"]
                token = gateway_token(supervisor, registry, data_dir, admin)
                extra["GATEWAY_REGISTRY_TOKEN"] = token
            command = [sys.executable, "-m", "gateway", "serve", "--config", str(config)]
            supervisor.start("gateway", command, f"{gateway.url}/health", env=extra)
            lines.insert(0, ("gateway", f"{gateway.url}/graphql"))
            explorer = f"{gateway.url}/graphql"
        print("\ntutorgraph is up:")
        for name, url in lines:
            print(f"  {name:20} {url}")
        print(f"  {'postgres':20} 127.0.0.1:{urls.postgres_port}")
        print(f"  {'bolt (graph)':20} {urls.bolt_url}")
        print(f"  {'mongodb (documents)':20} {urls.mongo_url}")
        if explorer is not None:
            print(f"\nGraphiQL: {explorer}  (open it in a browser; sign in: README.md)")
        mail = supervisor.environment["ACCOUNTS_MAIL_DIR"]
        print(f"\nMail (sign-up confirmations) is written to {mail}/ as .eml files.")
        print(f"Logs: {data_dir / 'logs'}.  Ctrl-C stops everything.", flush=True)
        while not stopping:
            dead = supervisor.watch()
            if dead is not None:
                print(
                    f"{dead} stopped unexpectedly; see {supervisor.log_path(dead)}", file=sys.stderr
                )
                return 1
            time.sleep(0.5)
        return 0
    except (LaunchError, StoreStartError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        print("\nStopping ...", flush=True)
        if supervisor is not None:
            supervisor.stop_all()
        stores.stop()


def seed(args: argparse.Namespace) -> int:
    data_dir: Path = args.data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    stores = LocalStores(data_dir / "stores")
    was_running = stores.running() is not None
    try:
        urls = stores.start()
        print("Resetting every store to the seed data ...", flush=True)
        _seed(Supervisor(data_dir / "logs", _environment(data_dir, urls)), reset=True)
        print("All stores seeded.")
        return 0
    except (LaunchError, StoreStartError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        if not was_running:
            stores.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.launcher")
    parser.add_argument("command", choices=["up", "seed"])
    parser.add_argument("--data-dir", type=Path, default=ROOT / ".data")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument(
        "--base-port",
        type=int,
        default=4000,
        help="gateway port; subgraphs listen on the next four ports",
    )
    parser.add_argument(
        "--no-seed", action="store_true", help="up: do not seed even the stores that are empty"
    )
    args = parser.parse_args(argv)
    return up(args) if args.command == "up" else seed(args)


if __name__ == "__main__":
    raise SystemExit(main())

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

from shared.launcher.platform import Launch, child_environment, running_platform, seed
from shared.launcher.services import BASE_PORT
from shared.launcher.supervisor import LaunchError, Supervisor
from shared.stores import LocalStores, StoreStartError

ROOT = Path(__file__).resolve().parents[2]


def _say(line: str) -> None:
    print(line, flush=True)


def up(args: argparse.Namespace) -> int:
    stopping = False

    def request_stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    print("Starting the stores ...", flush=True)
    launch = Launch(
        data_dir=args.data_dir,
        host=args.host,
        base_port=args.base_port,
        seeding="none" if args.no_seed else "if-empty",
    )
    try:
        with running_platform(launch, say=_say) as platform:
            print("\ntutorgraph is up:")
            for name, url in platform.endpoints():
                print(f"  {name:20} {url}")
            urls = platform.stores
            print(f"  {'postgres':20} 127.0.0.1:{urls.postgres_port}")
            print(f"  {'bolt (graph)':20} {urls.bolt_url}")
            print(f"  {'mongodb (documents)':20} {urls.mongo_url}")
            print(f"  {'stripe (localstripe)':20} {urls.stripe_url}")
            if platform.gateway is not None:
                print(
                    f"\nGraphiQL: {platform.gateway.url}/graphql  "
                    "(open it in a browser; sign in: README.md)"
                )
            if platform.registry is not None:
                token = (
                    "REGISTRY_ADMIN_TOKEN"
                    if "REGISTRY_ADMIN_TOKEN" in os.environ
                    else args.data_dir.resolve() / "registry_admin_token"
                )
                print(
                    f"Registry console: {platform.registry.url}/console/  "
                    f"(sign in with the admin token: {token})"
                )
            mail = platform.supervisor.environment["ACCOUNTS_MAIL_DIR"]
            print(f"\nMail (sign-up confirmations) is written to {mail}/ as .eml files.")
            print(
                f"Logs: {args.data_dir.resolve() / 'logs'}.  Ctrl-C stops everything.", flush=True
            )
            while not stopping:
                for store, log in platform.store_servers.revive().items():
                    print(f"{store} crashed and was restarted; see {log}", file=sys.stderr)
                dead = platform.supervisor.watch()
                if dead is not None:
                    log = platform.supervisor.log_path(dead)
                    print(f"{dead} stopped unexpectedly; see {log}", file=sys.stderr)
                    return 1
                time.sleep(0.5)
            return 0
    except (LaunchError, StoreStartError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def seed_all(args: argparse.Namespace) -> int:
    data_dir: Path = args.data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    stores = LocalStores(data_dir / "stores")
    was_running = stores.running() is not None
    try:
        urls = stores.start()
        print("Resetting every store to the seed data ...", flush=True)
        seed(Supervisor(data_dir / "logs", child_environment(data_dir, urls)), reset=True, say=_say)
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
        default=BASE_PORT,
        help="gateway port; subgraphs listen on the next six ports, the registry on base + 10",
    )
    parser.add_argument(
        "--no-seed", action="store_true", help="up: do not seed even the stores that are empty"
    )
    args = parser.parse_args(argv)
    return up(args) if args.command == "up" else seed_all(args)


if __name__ == "__main__":
    raise SystemExit(main())

"""The gateway of a local run: its development configuration file and the secrets it shares.

`up` writes `gateway.yaml` into the data directory at every start (the ports may change) and
runs `python -m gateway serve --config` on it.  The two secrets are generated once and kept in
the data directory, so tokens signed by accounts stay valid across restarts.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

import yaml

from shared.launcher.services import Service

__all__ = ["SECRETS", "gateway_config", "secret_environment"]

# Variable name -> file under the data directory it is kept in when the environment lacks it.
SECRETS: Mapping[str, str] = {
    # HS256 key accounts signs tokens with; the gateway verifies them with it.
    "JWT_SECRET": "jwt_secret",
    # Proves to a subgraph that a request (and the identity it carries) comes from the gateway.
    "GATEWAY_SHARED_SECRET": "gateway_shared_secret",
    # Signs what subgraphs hand each other: price quotes, payment receipts, cancellations.
    "PLATFORM_SIGNING_SECRET": "platform_signing_secret",
    # The registry's bootstrap admin token (publishes the subgraphs, creates the gateway's).
    "REGISTRY_ADMIN_TOKEN": "registry_admin_token",
}


def secret_environment(data_dir: Path, env: Mapping[str, str] = os.environ) -> dict[str, str]:
    """Each secret from `env`, else a random one kept (mode 600) in `data_dir`."""
    return {name: env.get(name) or _kept(data_dir / file) for name, file in SECRETS.items()}


def _kept(path: Path) -> str:
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def gateway_config(
    data_dir: Path,
    *,
    gateway: Service,
    host: str,
    supergraph: Path | None,
    subgraphs: tuple[Service, ...],
    registry: tuple[str, str, str] | None = None,
    dev: bool = True,
    rate_limits: bool = True,
) -> Path:
    """`data_dir/gateway.yaml`: development mode, this run's port and subgraph URLs, and the
    supergraph from the registry `(url, graph, variant)` when given, else from `supergraph`.

    The platform benchmark turns off development mode (`dev`) to measure what production runs,
    and the sign-in and sign-up limits (`rate_limits`), which would otherwise be what it
    measures of sign-in.
    """
    source: dict[str, object]
    if registry is not None:
        url, graph, variant = registry
        source = {
            "registry": {
                "url": url,
                "graph": graph,
                "variant": variant,
                "poll_seconds": 5,
                "cache_file": str((data_dir / "registry" / f"{graph}@{variant}.graphql").resolve()),
            }
        }
    elif supergraph is not None:
        source = {"file": str(supergraph.resolve())}
    else:
        raise ValueError("a supergraph file or a registry is needed")
    config: dict[str, object] = {
        "dev": dev,
        "server": {"host": host, "port": gateway.port},
        "supergraph": source,
        "subgraphs": {"urls": {s.name: f"{s.url}/graphql" for s in subgraphs}},
    }
    if rate_limits:
        # As in production (docker/gateway.yaml), a little looser for someone trying things out.
        config["rate_limits"] = {
            "operations": [
                {
                    "name": "sign-in",
                    "fields": ["Mutation.signIn"],
                    "limit": 10,
                    "window_seconds": 60,
                    "per": "ip",
                },
                {
                    "name": "sign-up",
                    "fields": ["Mutation.signUp", "Mutation.confirmSignUp"],
                    "limit": 10,
                    "window_seconds": 60,
                    "per": "ip",
                },
            ]
        }
    target = data_dir / "gateway.yaml"
    mode = "Development mode: introspection, GraphiQL, query plans." if dev else "Production mode."
    header = (
        "# Written by `python -m shared.launcher up` at every start: edit a copy, not this file.\n"
        f"# Keys: docs/configuration.md.  {mode}\n"
    )
    target.write_text(header + yaml.safe_dump(config, sort_keys=False))
    return target

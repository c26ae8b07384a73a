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
    supergraph: Path,
    subgraphs: tuple[Service, ...],
) -> Path:
    """`data_dir/gateway.yaml`: development mode, this run's supergraph, port and subgraph URLs."""
    config = {
        "dev": True,
        "server": {"host": host, "port": gateway.port},
        "supergraph": {"file": str(supergraph.resolve())},
        "subgraphs": {"urls": {s.name: f"{s.url}/graphql" for s in subgraphs}},
        # As in production (docker/gateway.yaml), a little looser for someone trying things out.
        "rate_limits": {
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
        },
    }
    target = data_dir / "gateway.yaml"
    header = (
        "# Written by `python -m shared.launcher up` at every start: edit a copy, not this file.\n"
        "# Keys: docs/configuration.md.  Development mode: introspection, GraphiQL, query plans.\n"
    )
    target.write_text(header + yaml.safe_dump(config, sort_keys=False))
    return target

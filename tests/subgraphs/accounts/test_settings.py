"""Settings from the environment: database URL forms, token lifetime, clear failures."""

from __future__ import annotations

import pytest

from subgraphs.accounts.settings import DEFAULT_TOKEN_TTL_SECONDS, database_url, load_settings

SECRET = "k" * 40


def test_plain_postgres_urls_are_pointed_at_asyncpg() -> None:
    for given in ("postgresql://u@h:1/db", "postgres://u@h:1/db"):
        assert database_url({"ACCOUNTS_DATABASE_URL": given}) == "postgresql+asyncpg://u@h:1/db"
    explicit = "postgresql+asyncpg://u@h:1/db"
    assert database_url({"ACCOUNTS_DATABASE_URL": explicit}) == explicit


def test_missing_database_url_names_the_variable() -> None:
    with pytest.raises(RuntimeError, match="ACCOUNTS_DATABASE_URL"):
        database_url({})


def test_token_ttl_defaults_and_validates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JWT_SECRET", SECRET)
    env = {"ACCOUNTS_DATABASE_URL": "postgresql://u@h/db"}
    settings = load_settings(env)
    assert settings.token_ttl_seconds == DEFAULT_TOKEN_TTL_SECONDS
    assert settings.jwt_secret == SECRET
    assert load_settings({**env, "ACCOUNTS_TOKEN_TTL_SECONDS": "60"}).token_ttl_seconds == 60
    for bad in ("soon", "0", "-5"):
        with pytest.raises(RuntimeError, match="ACCOUNTS_TOKEN_TTL_SECONDS"):
            load_settings({**env, "ACCOUNTS_TOKEN_TTL_SECONDS": bad})


def test_short_jwt_secret_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JWT_SECRET", "short")
    with pytest.raises(RuntimeError, match="JWT_SECRET"):
        load_settings({"ACCOUNTS_DATABASE_URL": "postgresql://u@h/db"})

"""Sign-up input rules: what passes (normalised) and what fails, with the field named."""

from __future__ import annotations

import pytest

from shared.errors import BadUserInput
from subgraphs.accounts.records import RoleName
from subgraphs.accounts.validation import (
    check_display_name,
    check_email,
    check_password,
    check_signup_role,
    check_timezone,
)


def test_check_email_lowercases_domain_only() -> None:
    assert check_email("  Ada.Lovelace@Example.COM ") == "Ada.Lovelace@example.com"


@pytest.mark.parametrize("email", ["", "plain", "a@b", "two@@example.org", "a" * 320 + "@x.org"])
def test_check_email_rejects_invalid_addresses(email: str) -> None:
    with pytest.raises(BadUserInput) as caught:
        check_email(email)
    assert caught.value.details == {"argument": "input.email"}
    assert caught.value.message.startswith("input.email ")


def test_check_password_bounds_are_ten_and_256() -> None:
    assert check_password("x" * 10) == "x" * 10
    assert check_password("x" * 256) == "x" * 256
    for bad in ("x" * 9, "x" * 257):
        with pytest.raises(BadUserInput, match="password"):
            check_password(bad)


def test_check_display_name_collapses_spaces_and_counts_characters() -> None:
    assert check_display_name("  Zoë \t Ueda ") == "Zoë Ueda"
    assert check_display_name("é" * 80) == "é" * 80
    for bad in ("", "   ", "é" * 81, "zero\u200bwidth", "nul\x00"):
        with pytest.raises(BadUserInput) as caught:
            check_display_name(bad)
        assert caught.value.details == {"argument": "input.displayName"}


@pytest.mark.parametrize("name", ["Europe/Berlin", "America/Sao_Paulo", "UTC", " Asia/Tokyo "])
def test_check_timezone_accepts_iana_names(name: str) -> None:
    assert check_timezone(name) == name.strip()


@pytest.mark.parametrize("name", ["", "europe/berlin", "CEST", "localtime", "Factory", "/etc/x"])
def test_check_timezone_rejects_non_iana_names(name: str) -> None:
    with pytest.raises(BadUserInput) as caught:
        check_timezone(name)
    assert caught.value.details == {"argument": "input.timezone"}


def test_check_signup_role_refuses_admin() -> None:
    assert check_signup_role(RoleName.TUTOR) is RoleName.TUTOR
    assert check_signup_role(RoleName.STUDENT) is RoleName.STUDENT
    with pytest.raises(BadUserInput, match="STUDENT or TUTOR"):
        check_signup_role(RoleName.ADMIN)

"""Tokens accounts issues: the role's scopes in `scope`, and viewers from verified claims."""

from __future__ import annotations

import jwt

from shared.auth import ROLE_SCOPES, Viewer, issue_token, verify_token, viewer_from_claims

KEY = "k" * 40


def test_issued_token_carries_the_role_s_scopes() -> None:
    for role, scopes in ROLE_SCOPES.items():
        token = issue_token(Viewer(user_id="user-0001", role=role), KEY)
        claims = jwt.decode(token, KEY, algorithms=["HS256"], options={"verify_iss": False})
        assert claims["scope"].split() == list(scopes)
        assert verify_token(token, KEY) == Viewer(user_id="user-0001", role=role)


def test_admin_holds_every_role_scope() -> None:
    every = {scope for scopes in ROLE_SCOPES.values() for scope in scopes}
    assert set(ROLE_SCOPES["ADMIN"]) == every


def test_token_signed_with_another_key_names_nobody() -> None:
    assert verify_token(issue_token(Viewer(user_id="u", role="ADMIN"), "x" * 40), KEY) is None


def test_viewer_from_claims_needs_string_sub_and_role() -> None:
    assert viewer_from_claims({"sub": "user-1", "role": "TUTOR"}) == Viewer(
        user_id="user-1", role="TUTOR"
    )
    for claims in ({"sub": "user-1"}, {"role": "TUTOR"}, {"sub": "", "role": "X"}, {"sub": 1}):
        assert viewer_from_claims(claims) is None

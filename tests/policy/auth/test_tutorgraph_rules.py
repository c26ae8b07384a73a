"""The access rules of our own supergraph (schema/supergraph.graphql), checked at the gateway:
the anonymous showcase stays whole, the viewer's operations need a token, profile and
availability changes need the tutor (or admin) scope that accounts puts in its tokens."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import pytest
from graphql import parse

from gateway.config import AuthConfig
from gateway.policy.auth import DirectiveAuthorizer
from gateway.request import RequestContext
from gateway.supergraph import Supergraph, load_supergraph
from shared.auth import ROLE_SCOPES

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def authorizer() -> DirectiveAuthorizer:
    supergraph = load_supergraph((ROOT / "schema" / "supergraph.graphql").read_text())
    assert isinstance(supergraph, Supergraph)
    return DirectiveAuthorizer(supergraph, AuthConfig())


def as_role(role: str) -> RequestContext:
    return RequestContext(
        claims=MappingProxyType({"sub": "user-0001", "role": role}),
        scopes=frozenset(ROLE_SCOPES[role]),
    )


def removed(authorizer: DirectiveAuthorizer, query: str, context: RequestContext) -> list[str]:
    result = authorizer.authorize(parse(query), None, context)
    return [".".join(map(str, error["path"])) for error in result.errors]


def test_anonymous_showcase_is_untouched(authorizer: DirectiveAuthorizer) -> None:
    document = parse((ROOT / "docs" / "showcase.graphql").read_text())
    result = authorizer.authorize(document, None, RequestContext())
    assert result.document is document
    assert result.errors == ()


def test_viewer_fields_need_a_token(authorizer: DirectiveAuthorizer) -> None:
    query = '{ booking(id: "b") { id } user(id: "u") { bookings { id } } }'
    assert removed(authorizer, query, RequestContext()) == ["booking", "user.bookings"]
    assert removed(authorizer, query, as_role("STUDENT")) == []


def test_me_is_open_to_anonymous_requests(authorizer: DirectiveAuthorizer) -> None:
    # `me` answers null for a request without a token: how a client asks if it is signed in.
    assert removed(authorizer, "{ me { id displayName } }", RequestContext()) == []


@pytest.mark.parametrize(
    ("role", "expected"),
    [(None, ["users"]), ("STUDENT", ["users"]), ("TUTOR", ["users"]), ("ADMIN", [])],
)
def test_the_user_directory_needs_the_admin_scope(
    authorizer: DirectiveAuthorizer, role: str | None, expected: list[str]
) -> None:
    context = RequestContext() if role is None else as_role(role)
    assert removed(authorizer, "{ users { totalCount } }", context) == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("STUDENT", ["setAvailability", "createTutorProfile", "updateTutorProfile"]),
        ("TUTOR", []),
        ("ADMIN", []),
    ],
)
def test_tutor_changes_need_the_tutor_or_admin_scope(
    authorizer: DirectiveAuthorizer, role: str, expected: list[str]
) -> None:
    mutation = """mutation {
      setAvailability(tutorId: "tutor-0001", rules: []) { id }
      createTutorProfile(input: {headline: "h", bio: "b", hourlyRate: {amount: 1, currency: "EUR"},
                                 languages: []}) { id }
      updateTutorProfile(input: {tutorId: "tutor-0001"}) { id }
      bookLesson(input: {tutorId: "tutor-0001", start: "2026-12-01T10:00:00Z",
                         end: "2026-12-01T11:00:00Z"}) { id }
    }"""
    assert removed(authorizer, mutation, as_role(role)) == expected
    anonymous = removed(authorizer, mutation, RequestContext())
    assert anonymous == [
        "setAvailability",
        "createTutorProfile",
        "updateTutorProfile",
        "bookLesson",
    ]

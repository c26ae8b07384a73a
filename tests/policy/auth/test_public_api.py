"""The auth package's public names: the two stages the gateway is assembled from, and more."""

from __future__ import annotations

import gateway.policy.auth
from gateway.pipeline import Authenticator, Authorizer


def test_public_api_is_declared_and_importable() -> None:
    assert {"JwtAuthenticator", "DirectiveAuthorizer"} <= set(gateway.policy.auth.__all__)
    assert sorted(gateway.policy.auth.__all__) == sorted(set(gateway.policy.auth.__all__))
    for name in gateway.policy.auth.__all__:
        assert getattr(gateway.policy.auth, name) is not None


def test_stages_satisfy_the_pipeline_protocols() -> None:
    from gateway.config import AuthConfig

    from .supergraph import supergraph

    authenticator: Authenticator = gateway.policy.auth.JwtAuthenticator(AuthConfig(), env={})
    authorizer: Authorizer = gateway.policy.auth.DirectiveAuthorizer(supergraph(), AuthConfig())
    assert callable(authenticator.authenticate)
    assert callable(authorizer.authorize)
    assert callable(authorizer.key)

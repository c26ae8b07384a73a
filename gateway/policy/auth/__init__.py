"""Identity and authorization at the gateway: JWT verification and `@authenticated` /
`@requiresScopes` enforcement."""

from gateway.policy.auth.authenticator import (
    LEEWAY_SECONDS,
    MIN_HS256_SECRET_BYTES,
    JwtAuthenticator,
)
from gateway.policy.auth.authorizer import (
    UNAUTHORIZED_CODE,
    UNAUTHORIZED_MESSAGE,
    DirectiveAuthorizer,
)
from gateway.policy.auth.jwks import (
    ASYMMETRIC_ALGORITHMS,
    REFETCH_INTERVAL,
    JwksCache,
    PublicKey,
    parse_jwks,
)
from gateway.policy.auth.requirements import AccessRules, Requirement

__all__ = [
    "ASYMMETRIC_ALGORITHMS",
    "LEEWAY_SECONDS",
    "MIN_HS256_SECRET_BYTES",
    "REFETCH_INTERVAL",
    "UNAUTHORIZED_CODE",
    "UNAUTHORIZED_MESSAGE",
    "AccessRules",
    "DirectiveAuthorizer",
    "JwksCache",
    "JwtAuthenticator",
    "PublicKey",
    "Requirement",
    "parse_jwks",
]

"""Headers that make a subgraph see a viewer: what our gateway forwards after verifying a JWT."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shared.auth import ROLE_SCOPES, Viewer
from shared.identity import CLAIMS_HEADER, SECRET_HEADER, encode_claims


def viewer_claims(viewer: Viewer) -> dict[str, Any]:
    """The claims of a token accounts would issue for `viewer`."""
    return {
        "sub": viewer.user_id,
        "role": viewer.role,
        "scope": " ".join(ROLE_SCOPES.get(viewer.role, ())),
    }


def gateway_identity_headers(
    viewer_or_claims: Viewer | Mapping[str, Any] | None, secret: str
) -> dict[str, str]:
    """`x-gateway-secret` and `x-gateway-claims` for `viewer_or_claims` (None: anonymous)."""
    if viewer_or_claims is None:
        return {SECRET_HEADER: secret}
    claims = (
        viewer_claims(viewer_or_claims)
        if isinstance(viewer_or_claims, Viewer)
        else dict(viewer_or_claims)
    )
    return {SECRET_HEADER: secret, CLAIMS_HEADER: encode_claims(claims)}

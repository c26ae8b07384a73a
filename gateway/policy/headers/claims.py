"""How the gateway writes verified claims into the header it forwards to subgraphs.

The wire format is base64url (no padding) of the claims as a JSON object; a subgraph decodes it
only when the shared-secret header next to it matches. Both header names are configuration
(`auth.claims_header`, `auth.secret_header`); the subgraphs read theirs from their own settings.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

import orjson

__all__ = ["encode_claims"]


def encode_claims(claims: Mapping[str, Any]) -> str:
    """The header value carrying `claims`: base64url JSON without padding."""
    return base64.urlsafe_b64encode(orjson.dumps(dict(claims))).rstrip(b"=").decode("ascii")

"""Reading the `persistedQuery` request extension (Apollo's APQ protocol, version 1)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from gateway.policy.persisted.responses import bad_request
from gateway.request.outcome import Refusal

__all__ = ["persisted_hash", "sha256_hex"]


def persisted_hash(extensions: Mapping[str, Any] | None) -> str | Refusal | None:
    """The hash a request names (`extensions.persistedQuery.sha256Hash`), None without the
    extension, or the refusal of a malformed one or another version than 1."""
    if not extensions:
        return None
    extension = extensions.get("persistedQuery")
    if extension is None:
        return None
    if not isinstance(extension, Mapping):
        return bad_request("extensions.persistedQuery must be an object.")
    version = extension.get("version")
    # bool is an int in Python: `true` must not pass for version 1.
    if version != 1 or isinstance(version, bool):
        return bad_request(
            f"Unsupported persisted query version {version!r}: this gateway supports version 1."
        )
    sha = extension.get("sha256Hash")
    if not isinstance(sha, str) or not sha:
        return bad_request("extensions.persistedQuery.sha256Hash must be a non-empty string.")
    return sha


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

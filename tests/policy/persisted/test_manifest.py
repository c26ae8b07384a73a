"""Loading Apollo's persisted query manifest: what is accepted, and clear errors otherwise."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from gateway.policy.persisted import load_manifest

BODY = "query Me { me { name } }"


def manifest(*operations: Any, **top: Any) -> dict[str, Any]:
    return {
        "format": "apollo-persisted-query-manifest",
        "version": 1,
        "operations": list(operations),
        **top,
    }


def op(**fields: Any) -> dict[str, Any]:
    return {"id": "me-1", "name": "Me", "type": "query", "body": BODY, **fields}


def write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "manifest.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def test_operations_are_indexed_by_id_and_by_body_sha256(tmp_path: Path) -> None:
    loaded = load_manifest(write(tmp_path, manifest(op())))
    assert [(o.id, o.name, o.type) for o in loaded.operations] == [("me-1", "Me", "query")]
    sha = hashlib.sha256(BODY.encode()).hexdigest()
    assert loaded.by_hash["me-1"] == BODY
    assert loaded.by_hash[sha] == BODY
    assert loaded.hashes_of[BODY] == {"me-1", sha}


def test_same_id_with_same_body_twice_is_accepted(tmp_path: Path) -> None:
    assert len(load_manifest(write(tmp_path, manifest(op(), op()))).operations) == 2


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ("{not json", "not valid JSON"),
        ([], "top level must be a JSON object"),
        (manifest(format="relay"), '"format" must be "apollo-persisted-query-manifest"'),
        (manifest(version=2), '"version" must be 1'),
        (manifest(version=True), '"version" must be 1'),
        (manifest(operations={}), '"operations" must be a list'),
        (manifest("op"), r"operations\[0\]: each operation must be a JSON object"),
        (manifest(op(id="")), r'operations\[0\]: "id" must be a non-empty string'),
        (manifest(op(body=None)), r'operations\[0\]: "body" must be a non-empty string'),
        (manifest(op(name=3)), r'operations\[0\]: "name" must be a string'),
        (manifest(op(type="fragment")), r'operations\[0\]: "type" must be one of'),
        (manifest(op(body="query {")), r"the body of 'me-1' does not parse"),
        (
            manifest(op(), op(body="{ me { id } }")),
            r"operations\[1\]: id 'me-1' is registered twice",
        ),
    ],
)
def test_malformed_manifest_names_the_file_and_reason(
    tmp_path: Path, data: Any, reason: str
) -> None:
    path = write(tmp_path, data)
    with pytest.raises(ValueError, match=reason) as raised:
        load_manifest(path)
    assert str(path) in str(raised.value)


def test_missing_manifest_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"manifest .*nope\.json: cannot be read"):
        load_manifest(tmp_path / "nope.json")

"""The showcase with its slow parts deferred: the tutor's profile arrives first, the reviews and
the availability a moment later, as multipart/mixed parts read by Python's own MIME parser."""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from tests.support.platform import Platform

pytestmark = pytest.mark.stores

ROOT = Path(__file__).resolve().parents[2]
ACCEPT = "multipart/mixed;deferSpec=20220824, application/json"
WINDOW = {"from": "2026-12-07T00:00:00Z", "to": "2026-12-14T00:00:00Z"}


def _deferred_showcase() -> str:
    """docs/showcase.graphql with the reviews and the availability in deferred fragments."""
    query = (ROOT / "docs" / "showcase.graphql").read_text()
    reviews_start = query.index("    reviews(first: 5) {")
    availability_start = query.index("    availability(from: $from, to: $to) {")
    reviews = query[reviews_start:availability_start]
    end = query.index("    }\n", availability_start) + len("    }\n")
    availability = query[availability_start:end]
    return (
        query[:reviews_start]
        + '    ... @defer(label: "reviews") {\n'
        + reviews
        + "    }\n"
        + '    ... @defer(label: "availability") {\n'
        + availability
        + "    }\n"
        + query[end:]
    )


def _parts(content_type: str, body: bytes) -> list[dict[str, Any]]:
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    assert message.is_multipart()
    return [orjson.loads(part.get_payload(decode=True)) for part in message.iter_parts()]


def test_the_showcase_arrives_in_parts_and_adds_up_to_the_whole(platform: Platform) -> None:
    query = _deferred_showcase()
    variables = {"id": "tutor-0007", **WINDOW}
    streamed = httpx.post(
        platform.gateway_url,
        json={"query": query, "variables": variables},
        headers={"accept": ACCEPT},
        timeout=60,
    )
    assert streamed.status_code == 200, streamed.text
    assert streamed.headers["content-type"].startswith("multipart/mixed")
    first, *rest = _parts(streamed.headers["content-type"], streamed.content)

    assert first["hasNext"] is True
    tutor = first["data"]["tutor"]
    assert tutor["id"] == "tutor-0007"
    assert tutor["user"]["displayName"]
    assert "reviews" not in tutor
    assert "availability" not in tutor
    assert rest[-1]["hasNext"] is False
    items = [item for part in rest for item in part["incremental"]]
    assert sorted(item["label"] for item in items) == ["availability", "reviews"]
    assert all(item["path"] == ["tutor"] for item in items)
    assert all("errors" not in item for item in items)

    # Merged, the parts are the answer the whole query gets at once.
    whole = httpx.post(
        platform.gateway_url,
        json={"query": (ROOT / "docs" / "showcase.graphql").read_text(), "variables": variables},
        timeout=60,
    ).json()
    merged = dict(tutor)
    for item in items:
        merged.update(item["data"])
    assert merged == whole["data"]["tutor"]
    fallback = httpx.post(
        platform.gateway_url, json={"query": query, "variables": variables}, timeout=60
    )
    assert fallback.headers["content-type"].startswith("application/")
    assert fallback.json()["data"]["tutor"] == whole["data"]["tutor"]


def _post(url: str, body: dict[str, Any], token: str | None = None) -> httpx.Response:
    headers = {"accept": ACCEPT}
    if token:
        headers["authorization"] = f"Bearer {token}"
    return httpx.post(url, json=body, headers=headers, timeout=60)


def test_authorization_applies_inside_a_deferred_fragment(gateway_url: str) -> None:
    """An anonymous client asks for a user's bookings (@authenticated) in a deferred fragment:
    refused in that fragment's payload, its null bubbling stopping at the fragment (without
    @defer the whole user is null), and nothing of the bookings is sent."""
    fields = "displayName bookings { totalCount edges { node { id } } }"
    deferred = f'{{ user(id: "user-0007") {{ id ... @defer(label: "private") {{ {fields} }} }} }}'
    whole = httpx.post(
        gateway_url, json={"query": f'{{ user(id: "user-0007") {{ id {fields} }} }}'}, timeout=60
    ).json()
    refused = {
        "message": "Unauthorized field or type",
        "path": ["user", "bookings"],
        "extensions": {"code": "UNAUTHORIZED_FIELD_OR_TYPE"},
    }
    assert whole == {"data": {"user": None}, "errors": [refused]}
    response = _post(gateway_url, {"query": deferred})
    assert response.status_code == 200, response.text
    parts = _parts(response.headers["content-type"], response.content)
    assert parts == [
        {"data": {"user": {"id": "user-0007"}}, "hasNext": True},
        {
            "incremental": [
                {"data": None, "path": ["user"], "label": "private", "errors": [refused]}
            ],
            "hasNext": False,
        },
    ]


def test_limits_apply_to_a_deferred_operation(gateway_url: str) -> None:
    aliases = " ".join(f"a{n}: displayName" for n in range(40))
    query = f'{{ user(id: "user-0007") {{ id ... @defer {{ {aliases} }} }} }}'
    refused = _post(gateway_url, {"query": query})
    # Refused before anything runs: one JSON answer (200, as `application/json` is accepted).
    assert refused.headers["content-type"].startswith("application/json"), refused.text
    assert refused.json()["errors"][0]["extensions"]["code"] == "MAX_ALIASES_EXCEEDED"


def test_a_persisted_deferred_query_streams_from_its_hash(gateway_url: str) -> None:
    query = '{ user(id: "user-0007") { id ... @defer(label: "name") { displayName } } }'
    digest = hashlib.sha256(query.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    unknown = _post(gateway_url, {"extensions": extensions})
    assert unknown.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    registered = _post(gateway_url, {"query": query, "extensions": extensions})
    by_hash = _post(gateway_url, {"extensions": extensions})
    for response in (registered, by_hash):
        assert response.headers["content-type"].startswith("multipart/mixed")
        first, *rest = _parts(response.headers["content-type"], response.content)
        assert first == {"data": {"user": {"id": "user-0007"}}, "hasNext": True}
        assert rest[-1]["incremental"][0]["label"] == "name"
        assert set(rest[-1]["incremental"][0]["data"]) == {"displayName"}

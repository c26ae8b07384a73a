"""`@defer` over real sockets: multipart/mixed read by Python's own MIME parser and by meros (the
parser GraphiQL and urql use, run by Node.js), and the whole-answer fallback for clients that
do not take multipart."""

from __future__ import annotations

import email.parser
import email.policy
from typing import Any

import orjson

from gateway.graphiql.npm import InstallResult
from tests.clients import run_script
from tests.server.conftest import Stack
from tests.server.subgraphs import ChaosControl

_ACCEPT = "multipart/mixed;deferSpec=20220824, application/json"
_GRAPHIQL = "application/json, multipart/mixed"


def _parts(content_type: str, body: bytes) -> list[dict[str, Any]]:
    """The JSON payloads of a multipart body, as the standard library's parser reads them."""
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    assert message.is_multipart()
    payloads = []
    for part in message.iter_parts():
        assert part.get_content_type() == "application/json"
        payloads.append(orjson.loads(part.get_payload(decode=True)))
    return payloads


def _stream(stack: Stack, query: str, accept: str = _ACCEPT, **extra: Any) -> list[dict[str, Any]]:
    response = stack.query(query, headers={"accept": accept}, **extra)
    assert response.status_code == 200
    content_type = response.headers["content-type"]
    assert content_type.startswith("multipart/mixed")
    assert "deferSpec=20220824" in content_type
    assert response.content.endswith(b"\r\n-----\r\n")
    return _parts(content_type, response.content)


def test_deferred_fragment_arrives_in_a_later_part(stack: Stack) -> None:
    parts = _stream(stack, '{ me { name ... @defer(label: "slow") { reviews { body } } } }')
    assert parts[0] == {"data": {"me": {"name": "Ada"}}, "hasNext": True}
    assert parts[1:] == [
        {
            "incremental": [
                {"data": {"reviews": [{"body": "Great"}]}, "path": ["me"], "label": "slow"}
            ],
            "hasNext": False,
        }
    ]


def test_multipart_without_a_defer_spec_streams_as_20220824(stack: Stack) -> None:
    # GraphiQL's fetcher asks for incremental delivery with a bare `multipart/mixed`.
    parts = _stream(stack, "{ me { name ... @defer { reviews { body } } } }", accept=_GRAPHIQL)
    assert parts == [
        {"data": {"me": {"name": "Ada"}}, "hasNext": True},
        {
            "incremental": [{"data": {"reviews": [{"body": "Great"}]}, "path": ["me"]}],
            "hasNext": False,
        },
    ]


async def test_meros_reads_each_part_as_it_arrives(
    stack: Stack, node_clients: InstallResult
) -> None:
    url = str(stack.gateway.base_url.join("/graphql"))
    query = '{ me { name ... @defer(label: "slow") { reviews { body } } } }'
    seen = await run_script("meros-defer.mjs", url, orjson.dumps({"query": query}).decode())
    assert seen["contentType"].startswith("multipart/mixed")
    assert seen["payloads"] == [
        {"data": {"me": {"name": "Ada"}}, "hasNext": True},
        {
            "incremental": [
                {"data": {"reviews": [{"body": "Great"}]}, "path": ["me"], "label": "slow"}
            ],
            "hasNext": False,
        },
    ]


def test_deferred_fragments_inside_a_list_get_one_item_per_element(stack: Stack) -> None:
    parts = _stream(stack, "{ users { id ... @defer { name } } }")
    assert parts[0] == {
        "data": {"users": [{"id": "1"}, {"id": "2"}, {"id": "3"}]},
        "hasNext": True,
    }
    items = [item for part in parts[1:] for item in part["incremental"]]
    assert items == [
        {"data": {"name": "Ada"}, "path": ["users", 0]},
        {"data": {"name": "Grace"}, "path": ["users", 1]},
        {"data": {"name": "Linus"}, "path": ["users", 2]},
    ]
    assert parts[-1]["hasNext"] is False


def test_nested_defers_arrive_parent_first(stack: Stack) -> None:
    query = """{ me { id ... @defer(label: "outer") { name
        ... @defer(label: "inner") { reviews { stars } } } } }"""
    parts = _stream(stack, query)
    assert parts[0] == {"data": {"me": {"id": "1"}}, "hasNext": True}
    labels = [item["label"] for part in parts[1:] for item in part["incremental"]]
    assert labels == ["outer", "inner"]
    assert parts[1]["incremental"][0]["data"] == {"name": "Ada"}
    assert parts[2] == {
        "incremental": [{"data": {"reviews": [{"stars": 5}]}, "path": ["me"], "label": "inner"}],
        "hasNext": False,
    }


def test_a_failed_deferred_fetch_reports_in_its_own_part(stack: Stack, chaos: ChaosControl) -> None:
    chaos.mode = "500"
    query = """{ me { name ... @defer(label: "status") { status }
        ... @defer(label: "reviews") { reviews { body } } } }"""
    parts = _stream(stack, query)
    assert parts[0] == {"data": {"me": {"name": "Ada"}}, "hasNext": True}
    items = {item["label"]: item for part in parts[1:] for item in part["incremental"]}
    assert items["reviews"] == {
        "data": {"reviews": [{"body": "Great"}]},
        "path": ["me"],
        "label": "reviews",
    }
    failed = items["status"]
    assert failed["data"] == {"status": None}
    assert failed["errors"][0]["path"] == ["me", "status"]
    assert failed["errors"][0]["extensions"]["serviceName"] == "chaos"
    assert parts[-1]["hasNext"] is False
    assert all(part["hasNext"] for part in parts[:-1])


def test_defer_if_false_answers_in_one_part(stack: Stack) -> None:
    query = "query($d: Boolean!) { me { name ... @defer(if: $d) { reviews { stars } } } }"
    response = stack.query(query, headers={"accept": _ACCEPT}, variables={"d": False})
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {"data": {"me": {"name": "Ada", "reviews": [{"stars": 5}]}}}
    parts = _stream(stack, query, variables={"d": True})
    assert [p["hasNext"] for p in parts] == [True, False]


def test_clients_without_multipart_get_the_whole_answer_at_once(stack: Stack) -> None:
    query = '{ me { name ... @defer(label: "slow") { reviews { body } } } }'
    response = stack.query(query, headers={"accept": "application/json"})
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {"data": {"me": {"name": "Ada", "reviews": [{"body": "Great"}]}}}

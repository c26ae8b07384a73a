"""The gateway over real sockets in front of real subgraphs: data across subgraphs."""

from .conftest import Stack


def test_health_is_200_once_serving(stack: Stack) -> None:
    response = stack.gateway.get("/health")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_query_across_subgraphs_is_merged_and_shaped(stack: Stack) -> None:
    response = stack.query("{ latestReviews { stars author { name } } }")
    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "latestReviews": [
                {"stars": 3, "author": {"name": "Grace"}},
                {"stars": 5, "author": {"name": "Ada"}},
                {"stars": 2, "author": {"name": "Grace"}},
            ]
        }
    }


def test_entity_list_field_from_second_subgraph(stack: Stack) -> None:
    response = stack.query("{ users { name reviews { body } } }")
    assert response.json() == {
        "data": {
            "users": [
                {"name": "Ada", "reviews": [{"body": "Great"}]},
                {"name": "Grace", "reviews": [{"body": "Fine"}, {"body": "Meh"}]},
                {"name": "Linus", "reviews": []},
            ]
        }
    }


def test_aliases_variables_and_skip_over_http(stack: Stack) -> None:
    query = """
    query Q($withName: Boolean!) {
      who: me { id n: name @include(if: $withName) kind: __typename }
    }
    """
    on = stack.query(query, variables={"withName": True}, operationName="Q").json()
    off = stack.query(query, variables={"withName": False}, operationName="Q").json()
    assert on == {"data": {"who": {"id": "1", "n": "Ada", "kind": "User"}}}
    assert off == {"data": {"who": {"id": "1", "kind": "User"}}}


def test_entity_error_is_repathed_to_the_client_path(stack: Stack) -> None:
    body = stack.query("{ latestReviews { author { id secret } } }").json()
    authors = [review["author"] for review in body["data"]["latestReviews"]]
    assert authors == [
        {"id": "2", "secret": None},
        {"id": "1", "secret": "secret-1"},
        {"id": "2", "secret": None},
    ]
    [error] = body["errors"]
    assert error["path"] == ["latestReviews", 0, "author", "secret"]
    assert error["extensions"]["serviceName"] == "accounts"
    assert error["message"] == "not allowed to read this secret"


def test_introspection_is_answered_by_the_gateway(stack: Stack) -> None:
    body = stack.query('{ __type(name: "Review") { fields { name } } me { name } }').json()
    assert body == {
        "data": {
            "__type": {"fields": [{"name": "body"}, {"name": "stars"}, {"name": "author"}]},
            "me": {"name": "Ada"},
        }
    }


def test_get_request_runs_a_query(stack: Stack) -> None:
    response = stack.gateway.get(
        "/graphql", params={"query": "{ me { name } }"}, headers={"graphql-preflight": "1"}
    )
    assert response.json() == {"data": {"me": {"name": "Ada"}}}


def test_graphql_response_media_type_is_honoured(stack: Stack) -> None:
    response = stack.gateway.post(
        "/graphql",
        json={"query": "{ me { id } }"},
        headers={"accept": "application/graphql-response+json"},
    )
    assert response.headers["content-type"].startswith("application/graphql-response+json")


def test_readiness_is_200_with_a_loaded_supergraph(stack: Stack) -> None:
    assert stack.gateway.get("/ready").status_code == 200

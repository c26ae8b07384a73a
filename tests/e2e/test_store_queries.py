"""No list costs a store query per item: through the gateway, a list of 1, 5 or 20 items, with
everything nested under each item, costs every store the same number of queries.

Each subgraph counts the queries it sends to its store (`subgraph_store_queries_total{store}`
at its /metrics); a request's cost is the difference of the counters around it. A resolver
that asked its store once per item instead of batching through a DataLoader (an N+1) makes
the count grow with the page size, and these tests fail with the numbers of both sizes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from shared.seed import SEED_PASSWORD, users
from subgraphs.reviews.seed import generate
from tests.support.platform import Platform

pytestmark = pytest.mark.stores

SIZES = (1, 5, 20)
WINDOW = {"from": "2026-12-07T00:00:00Z", "to": "2026-12-14T00:00:00Z"}
SIGN_IN = "mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }"

# (subgraph, store) -> queries
Cost = Counter[tuple[str, str]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Case:
    """A list query: `query` takes `$n`; `items` finds the list in `data`, to check its length."""

    name: str
    query: str
    items: Callable[[Any], list[Any]]
    stores: frozenset[str]  # the stores a request must touch, so the case measures something
    variables: dict[str, Any] | None = None
    viewer: str | None = None  # the email of the user the request is sent as


TUTOR_FIELDS = """
  id headline
  user { displayName }
  subjects { level subject { name related { name } prerequisites { name } } }
  rating { average count }
  reviews(first: 3) { totalCount edges { node { rating author { displayName } } } }
  availability(from: $from, to: $to) { start end }
"""


def _most_reviewed_tutor() -> str:
    counts = Counter(review.tutor_id for review in generate())
    tutor, count = counts.most_common(1)[0]
    assert count >= max(SIZES)
    return tutor


def _email(user_id: str) -> str:
    return next(u.email for u in users() if u.id == user_id)


CASES = (
    Case(
        name="tutors with user, subjects, rating, reviews and availability",
        query="query($n: Int!, $from: DateTime!, $to: DateTime!) { tutors(first: $n) "
        f"{{ edges {{ node {{ {TUTOR_FIELDS} }} }} }} }}",
        variables=WINDOW,
        items=lambda data: data["tutors"]["edges"],
        stores=frozenset({"postgresql", "neo4j", "mongodb"}),
    ),
    Case(
        name="matched tutors with the same",
        query="query($n: Int!, $from: DateTime!, $to: DateTime!) { "
        'matchTutors(subject: "subject-algebra", first: $n) '
        f"{{ distance matchedSubject {{ name }} tutor {{ {TUTOR_FIELDS} }} }} }}",
        variables=WINDOW,
        items=lambda data: data["matchTutors"],
        stores=frozenset({"postgresql", "neo4j", "mongodb"}),
    ),
    Case(
        name="subjects with their related subjects and teachers",
        query="""query($n: Int!) { subjects(first: $n) { edges { node {
          name related { name } prerequisites { name }
          tutors(first: 3) { totalCount edges { node { headline user { displayName }
            rating { average } } } }
        } } } }""",
        items=lambda data: data["subjects"]["edges"],
        stores=frozenset({"postgresql", "neo4j", "mongodb"}),
    ),
    Case(
        name="a tutor's reviews with their authors",
        query="""query($n: Int!, $id: ID!) { tutor(id: $id) { reviews(first: $n) { edges { node {
          rating comment
          author { displayName reviewsWritten(first: 2) { totalCount } }
          tutor { headline }
        } } } } }""",
        variables={"id": _most_reviewed_tutor()},
        items=lambda data: data["tutor"]["reviews"]["edges"],
        stores=frozenset({"postgresql", "neo4j", "mongodb"}),
    ),
    Case(
        name="a tutor's bookings with their students",
        query="""query($n: Int!) { me { bookings(first: $n) { edges { node {
          start status
          student { displayName reviewsWritten(first: 1) { totalCount } }
          tutor { headline rating { count } }
        } } } } }""",
        viewer=_email("user-0190"),  # the tutor with the most lessons
        items=lambda data: data["me"]["bookings"]["edges"],
        stores=frozenset({"postgresql", "neo4j", "mongodb"}),
    ),
    Case(
        name="users with their bookings and reviews (admin)",
        query="""query($n: Int!) { users(first: $n) { edges { node {
          displayName
          bookings(first: 3) { totalCount edges { node { start tutor { headline }
            student { displayName } } } }
          reviewsWritten(first: 2) { totalCount edges { node { rating tutor { headline } } } }
        } } } }""",
        viewer=_email("user-1001"),
        items=lambda data: data["users"]["edges"],
        stores=frozenset({"postgresql", "neo4j", "mongodb"}),
    ),
)


def _store_queries(platform: Platform) -> Cost:
    """Every subgraph's `subgraph_store_queries_total`, by (subgraph, store)."""
    found: Cost = Counter()
    for name, url in platform.subgraph_urls.items():
        text = httpx.get(url.removesuffix("/graphql") + "/metrics", timeout=10).text
        for family in text_string_to_metric_families(text):
            if family.name == "subgraph_store_queries":
                for sample in family.samples:
                    if sample.name == "subgraph_store_queries_total":
                        found[(name, sample.labels["store"])] += int(sample.value)
    return found


def _ask(url: str, query: str, variables: dict[str, Any], token: str | None) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    answer = httpx.post(
        url, json={"query": query, "variables": variables}, headers=headers, timeout=60
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


def _cost(platform: Platform, url: str, case: Case, n: int, token: str | None) -> Cost:
    """The store queries one request of `case` at size `n` costs; checks it lists n items."""
    before = _store_queries(platform)
    data = _ask(url, case.query, {**(case.variables or {}), "n": n}, token)
    after = _store_queries(platform)
    assert len(case.items(data)) == n, f"{case.name}: the list holds fewer than {n} items"
    return Counter({key: after[key] - before[key] for key in after if after[key] != before[key]})


@pytest.fixture(scope="module")
def tokens(gateway_url: str) -> dict[str, str]:
    """A token per viewer the cases use, from signIn through the gateway."""
    found = {}
    for email in {case.viewer for case in CASES if case.viewer is not None}:
        signed = _ask(gateway_url, SIGN_IN, {"e": email, "p": SEED_PASSWORD}, None)
        found[email] = signed["signIn"]["token"]
    return found


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_store_queries_do_not_grow_with_the_page_size(
    case: Case, platform: Platform, gateway_url: str, tokens: dict[str, str]
) -> None:
    token = None if case.viewer is None else tokens[case.viewer]
    # Once first: connections opened, caches and lazy set-up behind us.
    _cost(platform, gateway_url, case, max(SIZES), token)
    costs = {n: _cost(platform, gateway_url, case, n, token) for n in SIZES}
    touched = {store for _, store in costs[SIZES[0]]}
    assert touched >= case.stores, f"{case.name} touched only {sorted(touched)}"
    for n in SIZES[1:]:
        assert costs[n] == costs[SIZES[0]], (
            f"{case.name}: store queries per (subgraph, store) at {SIZES[0]} items "
            f"{dict(costs[SIZES[0]])}, at {n} items {dict(costs[n])}"
        )


def test_every_subgraph_counts_its_store_queries_at_metrics(platform: Platform) -> None:
    stores = {"accounts": "postgresql", "tutors": "neo4j", "reviews": "mongodb",
              "scheduling": "postgresql", "payments": "postgresql",
              "learning": "postgresql"}  # fmt: skip
    for name, url in platform.subgraph_urls.items():
        answer = httpx.get(url.removesuffix("/graphql") + "/metrics", timeout=10)
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("text/plain")
        assert f'subgraph_store_queries_total{{store="{stores[name]}"}}' in answer.text, name

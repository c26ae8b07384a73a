"""A registry filled the way a team fills it: the six committed subgraph SDLs published into
`tutorgraph@current` with the URLs of the session's running subgraphs, a second version of
reviews (a deprecation) and a third that fails to compose; then a gateway (`python -m gateway
serve`) takes its supergraph from the registry and serves a client's traffic, whose usage it
reports as it does in production; and a check that fails on a breaking change clients use.

The gateway's traffic is this hour's. The hours before it are the reports gateways sent then
(the same endpoint and body a gateway posts): two clients over six hours, with durations but
for one operation that came from a gateway too old to report them, and one client seen three
days ago only, in the check window but not in the last 24 hours."""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path

import httpx
import yaml

from gateway.usage.latency import BOUNDS_MS, BUCKETS, bucket_of
from shared.auth import Viewer, issue_token
from tests.registry.conftest import CliResult, Registry, run_cli, running_gateway
from tests.support.platform import Platform

ROOT = Path(__file__).resolve().parents[3]
SUBGRAPHS = ROOT / "schema" / "subgraphs"
GRAPH = "tutorgraph"
VARIANT = "current"
JWT_SECRET = "console-tests-jwt-secret-of-at-least-32-bytes"
SESSION_SECRET = "console-tests-session-secret-of-at-least-32-characters"

REVIEWS = (SUBGRAPHS / "reviews.graphql").read_text()
COMMENT = '  """At most 2000 characters, never blank."""\n  comment: String!\n'
RATING = '  """Stars from 1 to 5."""\n  rating: Int!\n'
REVIEWS_DEPRECATING_COMMENT = REVIEWS.replace(
    COMMENT,
    '  """At most 2000 characters, never blank."""\n'
    '  comment: String! @deprecated(reason: "Read `body`.")\n'
    '  """The review\'s text."""\n  body: String\n',
)
REVIEWS_UNSHARED_PAGE_INFO = REVIEWS_DEPRECATING_COMMENT.replace(
    "type PageInfo @shareable {", "type PageInfo {"
)
REVIEWS_WITHOUT_RATING = REVIEWS_DEPRECATING_COMMENT.replace(RATING, "")

# Learning takes `Tutor.headline` over from tutors: the gateway's TutorReviews would then ask a
# third subgraph (a worse plan, DANGEROUS: the check passes with its plans before and after).
LEARNING = (SUBGRAPHS / "learning.graphql").read_text()
LEARNING_TAKING_HEADLINE = LEARNING.replace(
    '"@key", "@requiresScopes"', '"@key", "@override", "@requiresScopes"'
).replace(
    'type Tutor @key(fields: "id") {\n  id: ID!\n',
    'type Tutor @key(fields: "id") {\n  id: ID!\n  headline: String! @override(from: "tutors")\n',
)

REVIEW_QUERY = 'query ReviewCard { review(id: "1") { rating comment } }'
REVIEW_COORDINATES = ["Query.review", "Review.comment", "Review.rating"]
RATING_QUERY = 'query ReviewRating { review(id: "2") { rating } }'
RATING_COORDINATES = ["Query.review", "Review.rating"]
# Reported once, three days ago, by a client seen nowhere else: in the check window only.
IDS_QUERY = 'query ReviewIds { review(id: "3") { id } }'
IDS_COORDINATES = ["Query.review", "Review.id"]

# This hour's traffic through a real gateway, from one client: a tutor's card with its latest
# reviews (three subgraphs), and a tutor's earnings asked without a token (refused by the
# gateway's @requiresScopes: an executed request with errors).
KIOSK = {"apollographql-client-name": "kiosk", "apollographql-client-version": "1.0"}
TUTOR_REVIEWS = (
    "query TutorReviews($id: ID!) { tutor(id: $id) { id headline "
    "reviews(first: 2) { edges { node { rating comment } } } } }"
)
TUTOR_REVIEWS_SENT = 8
TUTOR_EARNINGS = (
    'query TutorEarnings { tutor(id: "tutor-0001") { earnings { earned { amount } } } }'
)
TUTOR_EARNINGS_SENT = 3


@dataclass(frozen=True, slots=True)
class Scene:
    registry: Registry
    read_token: str
    failed_check: int
    plan_check: int  # passed with a worse plan (before and after)
    subgraph_urls: dict[str, str]


def admin_jwt() -> str:
    return issue_token(Viewer(user_id="u-admin", role="ADMIN"), JWT_SECRET)


def student_jwt() -> str:
    return issue_token(Viewer(user_id="u-student", role="STUDENT"), JWT_SECRET)


def publish(registry: Registry, tmp: Path, name: str, sdl: str, url: str) -> CliResult:
    path = tmp / f"{name}-{hashlib.sha256(sdl.encode()).hexdigest()[:8]}.graphql"
    path.write_text(sdl)
    return run_cli(
        "subgraph", "publish", "--graph", GRAPH, "--variant", VARIANT, "--name", name,
        "--schema", str(path), "--url", url,
        "--author", "ci", "--commit", hashlib.sha1(sdl.encode()).hexdigest(),  # noqa: S324 - a fake commit id
        url=registry.url, token=registry.admin_token,
    )  # fmt: skip


def check(registry: Registry, tmp: Path, sdl: str, *extra: str, name: str = "reviews") -> CliResult:
    path = tmp / f"candidate-{hashlib.sha256(sdl.encode()).hexdigest()[:8]}.graphql"
    path.write_text(sdl)
    return run_cli(
        "subgraph", "check", "--graph", GRAPH, "--variant", VARIANT, "--name", name,
        "--schema", str(path), *extra,
        url=registry.url, token=registry.admin_token,
    )  # fmt: skip


def latency(count: int, milliseconds: float) -> dict[str, object]:
    """A report's latency when each of `count` requests took `milliseconds`."""
    counts = [0] * BUCKETS
    counts[bucket_of(milliseconds)] = count
    return {"bounds_ms": list(BOUNDS_MS), "counts": counts, "sum_ms": count * milliseconds}


def report_usage(registry: Registry) -> None:
    """Hourly reports over the last six hours, as gateways send them: ReviewCard takes 12 ms
    on the web and 180 ms on iOS; ReviewRating comes from a gateway that reports no durations."""
    now = datetime.now(UTC)
    operations = []
    for hours_ago in range(6):
        end = (now - timedelta(hours=hours_ago)).isoformat()
        for document, coordinates, client, version, count, errors, took in (
            (REVIEW_QUERY, REVIEW_COORDINATES, "web", "4.1", 30 + 5 * hours_ago, hours_ago % 2, 12),
            (REVIEW_QUERY, REVIEW_COORDINATES, "ios", "2.3", 10, 2, 180),
            (RATING_QUERY, RATING_COORDINATES, "web", "4.1", 7, 0, None),
        ):
            timed = {} if took is None else {"latency": latency(count, took)}
            operations.append(
                {
                    "hash": hashlib.sha256(document.encode()).hexdigest(),
                    "name": document.split()[1],
                    "document": document,
                    "client": {"name": client, "version": version},
                    "coordinates": coordinates,
                    "count": count,
                    "errors": errors,
                    "window": {"end": end},
                    **timed,
                }
            )
    operations.append(
        {
            "hash": hashlib.sha256(IDS_QUERY.encode()).hexdigest(),
            "name": "ReviewIds",
            "document": IDS_QUERY,
            "client": {"name": "android", "version": "0.9"},
            "coordinates": IDS_COORDINATES,
            "count": 3,
            "errors": 0,
            "window": {"end": (now - timedelta(days=3)).isoformat()},
            "latency": latency(3, 40),
        }
    )
    answer = httpx.post(
        f"{registry.url}/graphs/{GRAPH}/variants/{VARIANT}/usage",
        json={"operations": operations},
        headers={"Authorization": f"Bearer {registry.admin_token}"},
    )
    assert answer.status_code == 202, answer.text


def _operations_page(registry: Registry) -> str:
    """The text of the console's operations page, read as an admin."""
    base = registry.url
    with httpx.Client(base_url=base) as client:
        signed = client.post(
            "/console/sign-in", data={"token": registry.admin_token}, headers={"Origin": base}
        )
        assert signed.status_code == 303, signed.text
        page = client.get(f"/console/graphs/{GRAPH}/variants/{VARIANT}/operations").text
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", page)))


def gateway_traffic(registry: Registry, tmp: Path) -> None:
    """A gateway served from the registry's supergraph answers the kiosk's requests and reports
    them; returns once the registry has counted every request."""
    made = run_cli(
        "token", "create", "--name", "gateway", "--scope", "read", "--graph", GRAPH,
        url=registry.url, token=registry.admin_token,
    )  # fmt: skip
    assert made.status == 0, made.out + made.err
    config = tmp / "gateway.yaml"
    source = {"url": registry.url, "graph": GRAPH, "variant": VARIANT, "poll_seconds": 60}
    config.write_text(
        yaml.safe_dump({"supergraph": {"registry": source}, "usage": {"flush_seconds": 1}})
    )
    with running_gateway(config, made.out.strip()) as gateway:
        for n in range(TUTOR_REVIEWS_SENT):
            body = {"query": TUTOR_REVIEWS, "variables": {"id": f"tutor-{n + 1:04d}"}}
            answer = httpx.post(f"{gateway}/graphql", json=body, headers=KIOSK, timeout=30)
            assert answer.status_code == 200, answer.text
            assert "errors" not in answer.json(), answer.text
            assert answer.json()["data"]["tutor"]["reviews"]["edges"], answer.text
        for _ in range(TUTOR_EARNINGS_SENT):
            body = {"query": TUTOR_EARNINGS}
            answer = httpx.post(f"{gateway}/graphql", json=body, headers=KIOSK, timeout=30)
            assert answer.status_code == 200, answer.text
            codes = [error["extensions"]["code"] for error in answer.json()["errors"]]
            assert codes == ["UNAUTHORIZED_FIELD_OR_TYPE"], answer.text
        # Every request counted (they may span two of the gateway's reports).
        wanted = (
            f"TutorReviews {TUTOR_REVIEWS_SENT} 0 0.0 %",
            f"TutorEarnings {TUTOR_EARNINGS_SENT} {TUTOR_EARNINGS_SENT} 100.0 %",
        )
        deadline = time.monotonic() + 30
        while not all(row in _operations_page(registry) for row in wanted):
            assert time.monotonic() < deadline, "the gateway's usage never reached the registry"
            time.sleep(0.5)


def fill(registry: Registry, tmp: Path, platform: Platform) -> Scene:
    urls = platform.subgraph_urls
    # Each subgraph composes with those before it (payments needs learning's `Course`).
    for name in ("accounts", "tutors", "reviews", "scheduling", "learning", "payments"):
        sdl = (SUBGRAPHS / f"{name}.graphql").read_text()
        result = publish(registry, tmp, name, sdl, urls[name])
        assert result.status == 0, result.out + result.err
    result = publish(registry, tmp, "reviews", REVIEWS_DEPRECATING_COMMENT, urls["reviews"])
    assert result.status == 0, result.out + result.err
    result = publish(registry, tmp, "reviews", REVIEWS_UNSHARED_PAGE_INFO, urls["reviews"])
    assert result.status == 1, result.out + result.err
    report_usage(registry)
    gateway_traffic(registry, tmp)
    failed = check(registry, tmp, REVIEWS_WITHOUT_RATING, "--context", "pr-7", "--format", "json")
    assert failed.status == 1, failed.out + failed.err
    worse = check(
        registry, tmp, LEARNING_TAKING_HEADLINE, "--context", "pr-8", "--format", "json",
        name="learning",
    )  # fmt: skip
    assert worse.status == 0, worse.out + worse.err
    token = run_cli(
        "token", "create", "--name", "viewer", "--scope", "read", "--format", "json",
        url=registry.url, token=registry.admin_token,
    )  # fmt: skip
    assert token.status == 0, token.out + token.err
    return Scene(
        registry=registry,
        read_token=json.loads(token.out)["token"],
        failed_check=json.loads(failed.out)["id"],
        plan_check=json.loads(worse.out)["id"],
        subgraph_urls=dict(urls),
    )

"""A registry filled the way a team fills it: the six committed subgraph SDLs published into
`tutorgraph@current`, a second version of reviews (a deprecation) and a third that fails to
compose, usage reported by two clients over several hours (with durations, but for an older
gateway's reports of one operation), and checks that fail on a breaking change clients use."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from gateway.usage.latency import BOUNDS_MS, BUCKETS, bucket_of
from shared.auth import Viewer, issue_token
from tests.registry.conftest import CliResult, Registry, run_cli

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

REVIEW_QUERY = 'query ReviewCard { review(id: "1") { rating comment } }'
REVIEW_COORDINATES = ["Query.review", "Review.comment", "Review.rating"]
RATING_QUERY = 'query ReviewRating { review(id: "2") { rating } }'
RATING_COORDINATES = ["Query.review", "Review.rating"]
# Reported once, three days ago, by a client seen nowhere else: in the check window only.
IDS_QUERY = 'query ReviewIds { review(id: "3") { id } }'
IDS_COORDINATES = ["Query.review", "Review.id"]


@dataclass(frozen=True, slots=True)
class Scene:
    registry: Registry
    read_token: str
    failed_check: int


def admin_jwt() -> str:
    return issue_token(Viewer(user_id="u-admin", role="ADMIN"), JWT_SECRET)


def student_jwt() -> str:
    return issue_token(Viewer(user_id="u-student", role="STUDENT"), JWT_SECRET)


def publish(registry: Registry, tmp: Path, name: str, sdl: str) -> CliResult:
    path = tmp / f"{name}-{hashlib.sha256(sdl.encode()).hexdigest()[:8]}.graphql"
    path.write_text(sdl)
    return run_cli(
        "subgraph", "publish", "--graph", GRAPH, "--variant", VARIANT, "--name", name,
        "--schema", str(path), "--url", f"http://{name}.internal/graphql",
        "--author", "ci", "--commit", hashlib.sha1(sdl.encode()).hexdigest(),  # noqa: S324 - a fake commit id
        url=registry.url, token=registry.admin_token,
    )  # fmt: skip


def check(registry: Registry, tmp: Path, sdl: str, *extra: str) -> CliResult:
    path = tmp / f"candidate-{hashlib.sha256(sdl.encode()).hexdigest()[:8]}.graphql"
    path.write_text(sdl)
    return run_cli(
        "subgraph", "check", "--graph", GRAPH, "--variant", VARIANT, "--name", "reviews",
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


def fill(registry: Registry, tmp: Path) -> Scene:
    # Each subgraph composes with those before it (payments needs learning's `Course`).
    for name in ("accounts", "tutors", "reviews", "scheduling", "learning", "payments"):
        result = publish(registry, tmp, name, (SUBGRAPHS / f"{name}.graphql").read_text())
        assert result.status == 0, result.out + result.err
    result = publish(registry, tmp, "reviews", REVIEWS_DEPRECATING_COMMENT)
    assert result.status == 0, result.out + result.err
    result = publish(registry, tmp, "reviews", REVIEWS_UNSHARED_PAGE_INFO)
    assert result.status == 1, result.out + result.err
    report_usage(registry)
    failed = check(registry, tmp, REVIEWS_WITHOUT_RATING, "--context", "pr-7", "--format", "json")
    assert failed.status == 1, failed.out + failed.err
    token = run_cli(
        "token", "create", "--name", "viewer", "--scope", "read", "--format", "json",
        url=registry.url, token=registry.admin_token,
    )  # fmt: skip
    assert token.status == 0, token.out + token.err
    return Scene(
        registry=registry,
        read_token=json.loads(token.out)["token"],
        failed_check=json.loads(failed.out)["id"],
    )

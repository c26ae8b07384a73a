"""The console over HTTP against a real registry filled by the scenario: every page, sign-in
with a registry token or a platform JWT, the session cookie, CSRF on approval, the
Content-Security-Policy, bad input, and the CLI's links to the console."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import httpx
import pytest

from registry.console.layout import CSP
from tests.registry.conftest import run_cli
from tests.registry.console.conftest import signed_in
from tests.registry.console.scenario import (
    GRAPH,
    REVIEWS_UNSHARED_PAGE_INFO,
    REVIEWS_WITHOUT_RATING,
    TUTOR_EARNINGS_SENT,
    TUTOR_REVIEWS_SENT,
    VARIANT,
    Scene,
    admin_jwt,
    check,
    student_jwt,
)

pytestmark = pytest.mark.stores

VARIANT_PATH = f"/console/graphs/{GRAPH}/variants/{VARIANT}"


def _pages(scene: Scene) -> list[str]:
    return [
        "/console/",
        VARIANT_PATH,
        VARIANT_PATH + "/schema",
        VARIANT_PATH + "/history",
        VARIANT_PATH + "/checks",
        VARIANT_PATH + "/operations",
        VARIANT_PATH + "/schema/fields/Review.rating",
        f"/console/checks/{scene.failed_check}",
    ]


def _text(html: str) -> str:
    """The page's text with tags dropped and whitespace collapsed, for assertions."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_pages_send_a_visitor_without_a_session_to_sign_in(scene: Scene) -> None:
    for path in _pages(scene):
        answer = httpx.get(scene.registry.url + path)
        assert answer.status_code == 303, path
        assert answer.headers["location"] == "/console/sign-in"


def test_sign_in_sets_a_strict_http_only_cookie_limited_to_the_console(scene: Scene) -> None:
    base = scene.registry.url
    page = httpx.get(base + "/console/sign-in")
    assert page.status_code == 200
    assert '<input type="password" id="token" name="token"' in page.text
    answer = httpx.post(
        base + "/console/sign-in",
        data={"token": scene.registry.admin_token},
        headers={"Origin": base},
    )
    assert answer.status_code == 303
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("registry_console=")
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert "Path=/console" in cookie
    # Over plain HTTP a Secure cookie would never come back.
    assert "Secure" not in cookie
    assert scene.registry.admin_token not in cookie


def test_sign_in_refuses_unknown_tokens_and_foreign_origins(scene: Scene) -> None:
    base = scene.registry.url
    wrong = httpx.post(
        base + "/console/sign-in", data={"token": "rgt_not-a-token"}, headers={"Origin": base}
    )
    assert wrong.status_code == 401
    assert "unknown, revoked or expired" in wrong.text
    assert "set-cookie" not in wrong.headers
    empty = httpx.post(base + "/console/sign-in", data={"token": " "}, headers={"Origin": base})
    assert empty.status_code == 400
    foreign = httpx.post(
        base + "/console/sign-in",
        data={"token": scene.registry.admin_token},
        headers={"Origin": "https://evil.example"},
    )
    assert foreign.status_code == 403
    not_a_form = httpx.post(base + "/console/sign-in", json={"token": scene.registry.admin_token})
    assert not_a_form.status_code == 400


def test_a_platform_jwt_signs_in_only_with_the_admin_scope(scene: Scene) -> None:
    base = scene.registry.url
    with signed_in(base, admin_jwt()) as client:
        home = client.get("/console/")
        assert home.status_code == 200
        assert "user u-admin" in home.text
    student = httpx.post(
        base + "/console/sign-in", data={"token": student_jwt()}, headers={"Origin": base}
    )
    assert student.status_code == 401


def test_a_forged_or_tampered_cookie_is_no_session(scene: Scene) -> None:
    base = scene.registry.url
    with signed_in(base, scene.registry.admin_token) as client:
        value = client.cookies["registry_console"]
    payload, mac = value.split(".")
    for forged in (f"{payload}.{mac[:-2]}xx", "garbage", f"{payload}x.{mac}", ""):
        answer = httpx.get(base + "/console/", cookies={"registry_console": forged})
        assert answer.status_code == 303, forged


def test_every_page_carries_a_strict_csp_and_no_inline_code(scene: Scene) -> None:
    with signed_in(scene.registry.url, scene.registry.admin_token) as client:
        for path in _pages(scene):
            answer = client.get(path)
            assert answer.status_code == 200, (path, answer.text)
            assert answer.headers["content-security-policy"] == CSP
            assert "frame-ancestors 'none'" in CSP
            assert "default-src 'self'" in CSP
            assert answer.headers["x-content-type-options"] == "nosniff"
            assert "<script" not in answer.text
            assert "style=" not in answer.text
            assert "<style" not in answer.text
            assert re.search(r"\son[a-z]+=", answer.text) is None, path
            assert '<link rel="stylesheet" href="/console/static/console.css">' in answer.text
        css = client.get("/console/static/console.css")
        assert css.status_code == 200
        assert css.headers["content-type"].startswith("text/css")
        assert ":focus-visible" in css.text
        assert client.get("/console/static/../app.py").status_code == 404
        assert client.get("/console/static/other.js").status_code == 404


def test_the_home_page_lists_the_graphs_and_variants(scene: Scene) -> None:
    with signed_in(scene.registry.url, scene.registry.admin_token) as client:
        text = _text(client.get("/console/").text)
    assert "tutorgraph current 6 composition" in text


def test_the_variant_overview_lists_subgraphs_and_checks(scene: Scene) -> None:
    with signed_in(scene.registry.url, scene.registry.admin_token) as client:
        page = client.get(VARIANT_PATH).text
    for name in ("accounts", "learning", "payments", "reviews", "scheduling", "tutors"):
        assert f"<td>{name}</td>" in page
    assert f"check {scene.failed_check}</a> of reviews" in page


def test_the_explorer_shows_owners_descriptions_deprecations_and_usage(scene: Scene) -> None:
    with signed_in(scene.registry.url, scene.registry.admin_token) as client:
        page = client.get(VARIANT_PATH + "/schema").text
    review = page[page.index('id="type-Review"') :]
    review = review[: review.index("</section>")]
    text = _text(review)
    # Six hourly reports of ReviewCard (web: 30, 35 … 55; ios: 10 each) and ReviewRating
    # (web: 7 each), and the gateway's TutorReviews: 255 + 60 + 42 + 8 requests read
    # `rating`, 255 + 60 + 8 read `comment`.
    assert f"rating Int! Stars from 1 to 5. reviews {357 + TUTOR_REVIEWS_SENT}" in text
    assert "comment String! At most 2000 characters, never blank. " in text
    assert f"Deprecated: Read `body`. reviews {315 + TUTOR_REVIEWS_SENT}" in text
    assert "body String The review's text. reviews 0" in text
    assert "join__" not in _text(page)
    assert 'href="#type-Tutor"' in page
    assert "requiresScopes__Scope" not in page
    assert f'<a href="{VARIANT_PATH}/schema/fields/Review.rating" ' in page


def test_a_fields_page_plots_its_requests_by_client(scene: Scene) -> None:
    with signed_in(scene.registry.url, scene.registry.admin_token) as client:
        page = client.get(VARIANT_PATH + "/schema/fields/Review.rating").text
        unused = client.get(VARIANT_PATH + "/schema/fields/Review.body").text
        bad = client.get(VARIANT_PATH + "/schema/fields/not a coordinate")
    text = _text(page)
    assert f"{357 + TUTOR_REVIEWS_SENT} requests in the last 7 days." in text
    assert "ReviewCard 315 ios@2.3: 60, web@4.1: 255" in text
    assert "ReviewRating 42 web@4.1: 42" in text
    assert f"TutorReviews {TUTOR_REVIEWS_SENT} kiosk@1.0: {TUTOR_REVIEWS_SENT}" in text
    assert '<title id="field-usage-t">Requests per hour reading Review.rating</title>' in page
    # A line per client: web, ios and the gateway's kiosk.
    assert page.count("<polyline") == 3
    assert "No operation read Review.body in the last 7 days." in unused
    assert bad.status_code == 404


def test_history_lists_versions_and_the_failed_composition(scene: Scene) -> None:
    with signed_in(scene.registry.url, scene.registry.admin_token) as client:
        page = client.get(VARIANT_PATH + "/history").text
        versions = re.findall(
            r'href="([^"]+/versions/(\d+))">version \d+</a></td><td>reviews', page
        )
        assert len(versions) == 3
        assert 'class="FAILED">FAILED' in page
        # The newest reviews version failed to compose: its page says why.
        failed = client.get(versions[0][0]).text
        assert "FAILED" in failed
        assert "INVALID_FIELD_SHARING" in failed
        assert '<td class="ins">type PageInfo {</td>' in failed
        assert '<td class="del">type PageInfo @shareable {</td>' in failed
        deprecating = client.get(versions[1][0]).text
        assert 'class="SUCCEEDED">SUCCEEDED' in deprecating
        assert "@deprecated(reason: &quot;Read `body`.&quot;)" in deprecating
        first = client.get(versions[2][0]).text
        assert "(nothing before)" in first


def test_the_check_page_has_the_reports_sections(scene: Scene) -> None:
    with signed_in(scene.registry.url, scene.registry.admin_token) as client:
        page = client.get(f"/console/checks/{scene.failed_check}").text
    text = _text(page)
    assert "reviews on tutorgraph@current: failed , context pr-7" in text
    assert "Composes with the variant's other subgraphs." in text
    assert "BREAKING" in text
    assert "Review.rating" in text
    assert "ios@2.3" in text
    assert "web@4.1" in text
    assert "ReviewCard" in text
    assert "ReviewRating" in text
    # The gateway's traffic counts too: its client read `Review.rating` this hour.
    assert "kiosk@1.0" in text
    assert "TutorReviews" in text
    assert "INVALID" in text
    assert '<button type="submit" class="primary" id="approve">' in page


def test_a_check_with_a_worse_plan_shows_both_plans(scene: Scene) -> None:
    with signed_in(scene.registry.url, scene.registry.admin_token) as client:
        page = client.get(f"/console/checks/{scene.plan_check}").text
    text = _text(page)
    assert "learning on tutorgraph@current: passed" in text
    assert "TutorReviews" in text
    assert "new subgraph on the path: learning" in text
    before = unescape(page[page.index("Plan before") : page.index("Plan after")])
    after = unescape(page[page.index("Plan after") :])
    after = after[: after.index("</pre>")]
    assert 'Fetch(service: "learning")' not in before
    assert 'Fetch(service: "learning")' in after
    assert 'Fetch(service: "reviews")' in after


def test_a_check_that_does_not_compose_shows_its_errors(scene: Scene, tmp_path: Path) -> None:
    result = check(scene.registry, tmp_path, REVIEWS_UNSHARED_PAGE_INFO, "--format", "json")
    assert result.status == 1
    check_id = json.loads(result.out)["id"]
    with signed_in(scene.registry.url, scene.registry.admin_token) as client:
        text = _text(client.get(f"/console/checks/{check_id}").text)
    assert "Composition failed." in text
    assert "INVALID_FIELD_SHARING (line 31:3) Non-shareable field" in text
    assert "Run without a context: nothing to approve." in text


def test_the_operations_page_ranks_operations_and_plots_requests(scene: Scene) -> None:
    with signed_in(scene.registry.url, scene.registry.admin_token) as client:
        page = client.get(VARIANT_PATH + "/operations").text
    text = _text(page)
    assert (
        "ReviewCard 315 15 4.8 % ≤ 15 ms ≤ 200 ms web@4.1: 255 (3 errors), ios@2.3: 60 (12 errors)"
        in text
    )
    # Reported by a gateway without durations: counted, no percentiles.
    assert "ReviewRating 42 0 0.0 % none none" in text
    for ident in ("requests-by-operation", "requests-by-client", "error-rate", "p95-latency"):
        assert f'aria-labelledby="{ident}-t {ident}-d"' in page
        assert f'<title id="{ident}-t">' in page
    assert "ReviewIds 3 0 0.0 % ≤ 50 ms ≤ 50 ms android@0.9: 3 (0 errors)" in text
    # Five operations, four clients, the error rate and the p95 of the four with durations.
    assert page.count("<polyline") == 14
    assert "as a table</summary>" in page
    plan = page[page.index("Plan of <code>ReviewCard</code>") :]
    plan = unescape(plan[: plan.index("</pre>")])
    assert 'Fetch(service: "reviews")' in plan
    assert "review(id: " in plan


def test_the_gateways_traffic_is_counted_timed_and_planned(scene: Scene) -> None:
    """What the scenario's gateway served and reported (nothing of it was posted by hand)."""
    with signed_in(scene.registry.url, scene.registry.admin_token) as client:
        page = client.get(VARIANT_PATH + "/operations").text
        schema = _text(client.get(VARIANT_PATH + "/schema").text)
        kiosk = _text(client.get(VARIANT_PATH + "/operations?client=kiosk").text)
    text = _text(page)
    sent, refused = TUTOR_REVIEWS_SENT, TUTOR_EARNINGS_SENT
    assert re.search(
        rf"TutorReviews {sent} 0 0\.0 % ≤ \d+ ms ≤ \d+ ms kiosk@1\.0: {sent} \(0 errors\)", text
    ), text
    assert f"TutorEarnings {refused} {refused} 100.0 %" in text
    assert re.search(rf"TutorReviews kiosk@1\.0 {sent} 0 {sent} ≤ \d+ ms ≤ \d+ ms", text), text
    # Filtered to the gateway's client: only its two operations.
    tables = kiosk.split(" Show ", 1)[1].split("Plans against")[0]
    assert "TutorReviews" in tables
    assert "TutorEarnings" in tables
    assert "ReviewCard" not in tables
    # Its plan, from the served supergraph: tutors first, then reviews for the tutor entity.
    plan = page[page.index("Plan of <code>TutorReviews</code>") :]
    plan = unescape(plan[: plan.index("</pre>")])
    assert 'Fetch(service: "tutors")' in plan
    assert 'Flatten(path: "tutor")' in plan
    assert 'Fetch(service: "reviews")' in plan
    # The explorer counts the fields it read.
    assert re.search(rf"headline String! .*? tutors {sent} ", schema), schema
    assert re.search(rf"earnings\(currency: String! = \"USD\"\) Earnings! .*? {refused} ", schema)


def _approve(client: httpx.Client, check_id: int, csrf: str | None, origin: str | None) -> int:
    data = {} if csrf is None else {"csrf": csrf}
    headers = {} if origin is None else {"Origin": origin}
    return client.post(
        f"/console/checks/{check_id}/approve", data=data, headers=headers
    ).status_code


def _csrf(client: httpx.Client, check_id: int) -> str:
    page = client.get(f"/console/checks/{check_id}").text
    found = re.search(
        r'action="/console/checks/\d+/approve"><input type="hidden" name="csrf" value="([^"]+)"',
        page,
    )
    assert found is not None, page
    return found.group(1)


def test_approval_needs_the_csrf_token_the_origin_and_an_admin(
    scene: Scene, tmp_path: Path
) -> None:
    base = scene.registry.url
    result = check(
        scene.registry, tmp_path, REVIEWS_WITHOUT_RATING, "--context", "pr-csrf", "--format", "json"
    )
    assert result.status == 1
    check_id = int(re.search(r'"id": (\d+)', result.out).group(1))  # type: ignore[union-attr]
    with signed_in(base, scene.read_token) as reader:
        page = reader.get(f"/console/checks/{check_id}").text
        assert 'id="approve"' not in page
        assert "An admin can approve them." in page
        assert _approve(reader, check_id, _csrf_of_session(reader), base) == 403
    with signed_in(base, scene.registry.admin_token) as admin:
        csrf = _csrf(admin, check_id)
        assert _approve(admin, check_id, None, base) == 403
        assert _approve(admin, check_id, "x" + csrf, base) == 403
        assert _approve(admin, check_id, csrf, "https://evil.example") == 403
        with signed_in(base, scene.registry.admin_token) as other:
            # Another session's token is no good either.
            assert _approve(admin, check_id, _csrf(other, check_id), base) == 403
        stored = httpx.get(
            f"{base}/checks/{check_id}", headers={"Authorization": f"Bearer {scene.read_token}"}
        ).json()
        assert stored["passed"] is False
        assert _approve(admin, check_id, csrf, base) == 303
        stored = httpx.get(
            f"{base}/checks/{check_id}", headers={"Authorization": f"Bearer {scene.read_token}"}
        ).json()
        assert stored["passed"] is True
        assert stored["report"]["approvedBy"] == "admin"
        page = admin.get(f"/console/checks/{check_id}").text
        assert "Approved by admin for context" in page
        assert 'id="approve"' not in page
        # Nothing left to approve.
        assert _approve(admin, check_id, csrf, base) == 400
    again = check(scene.registry, tmp_path, REVIEWS_WITHOUT_RATING, "--context", "pr-csrf")
    assert again.status == 0, again.out


def _csrf_of_session(client: httpx.Client) -> str:
    page = client.get("/console/").text
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_sign_out_needs_the_csrf_token_and_ends_the_session(scene: Scene) -> None:
    base = scene.registry.url
    with signed_in(base, scene.registry.admin_token) as client:
        assert client.post("/console/sign-out", data={"csrf": "nope"}).status_code == 403
        assert client.get("/console/").status_code == 200
        answer = client.post(
            "/console/sign-out", data={"csrf": _csrf_of_session(client)}, headers={"Origin": base}
        )
        assert answer.status_code == 303
        assert client.get("/console/").status_code == 303


def test_a_revoked_token_ends_its_sessions(scene: Scene) -> None:
    base = scene.registry.url
    created = run_cli(
        "token", "create", "--name", "short-lived", "--scope", "read",
        url=base, token=scene.registry.admin_token,
    )  # fmt: skip
    with signed_in(base, created.out.strip()) as client:
        assert client.get("/console/").status_code == 200
        revoked = httpx.post(
            base + "/graphql",
            json={"query": 'mutation { revokeToken(name: "short-lived") }'},
            headers={"Authorization": f"Bearer {scene.registry.admin_token}"},
        )
        assert revoked.json() == {"data": {"revokeToken": 1}}
        assert client.get("/console/").status_code == 303


def test_bad_addresses_are_clear_not_found_pages(scene: Scene) -> None:
    with signed_in(scene.registry.url, scene.registry.admin_token) as client:
        for path, message in (
            ("/console/checks/abc", "No check abc."),
            ("/console/checks/99999999", "No check 99999999."),
            ("/console/checks/99999999999999999999999", "No check 99999999999999999999999."),
            ("/console/graphs/nope/variants/current", "No variant nope@current."),
            ("/console/graphs/nope/variants/current/schema", "No variant nope@current."),
            (VARIANT_PATH + "/versions/999999", "No version 999999 in tutorgraph@current."),
            (VARIANT_PATH + "/versions/x1", "No version x1."),
        ):
            answer = client.get(path)
            assert answer.status_code == 404, path
            assert message in answer.text, (path, answer.text)
            assert answer.headers["content-security-policy"] == CSP
        assert client.post("/console/checks/abc/approve", data={"csrf": "x"}).status_code == 404
        # HEAD reads like GET: it approves nothing and signs nobody in.
        assert client.head(f"/console/checks/{scene.failed_check}").status_code == 200
        assert client.head("/console/sign-in").status_code == 200
        assert client.put("/console/sign-in").status_code == 405


def test_a_token_sees_only_its_graph(scene: Scene) -> None:
    base = scene.registry.url
    created = run_cli(
        "token", "create", "--name", "other-graph", "--scope", "admin", "--graph", "elsewhere",
        url=base, token=scene.registry.admin_token,
    )  # fmt: skip
    with signed_in(base, created.out.strip()) as client:
        assert "tutorgraph" not in client.get("/console/").text
        assert client.get(VARIANT_PATH + "/schema").status_code == 403
        assert client.get(f"/console/checks/{scene.failed_check}").status_code == 403


def test_cli_reports_link_to_the_checks_console_page(scene: Scene, tmp_path: Path) -> None:
    base = scene.registry.url
    text = check(scene.registry, tmp_path, REVIEWS_WITHOUT_RATING)
    found = re.search(r"^Console: (\S+)$", text.out, re.MULTILINE)
    assert found is not None, text.out
    assert re.fullmatch(rf"{re.escape(base)}/console/checks/\d+", found.group(1))
    markdown = check(scene.registry, tmp_path, REVIEWS_WITHOUT_RATING, "--format", "markdown")
    link = re.search(r"\[Open the report in the registry console\]\((\S+)\)", markdown.out)
    assert link is not None, markdown.out
    with signed_in(base, scene.registry.admin_token) as client:
        page = client.get(link.group(1).removeprefix(base))
    assert page.status_code == 200
    assert "Check " in page.text


def test_the_operations_page_shows_latency_per_client_and_version(scene: Scene) -> None:
    with signed_in(scene.registry.url, scene.registry.admin_token) as client:
        text = _text(client.get(VARIANT_PATH + "/operations").text)
    assert "Latency per client and version, last 7 days (the check window)" in text
    assert "ReviewCard web@4.1 255 3 255 ≤ 15 ms ≤ 15 ms" in text
    assert "ReviewCard ios@2.3 60 12 60 ≤ 200 ms ≤ 200 ms" in text
    assert "ReviewRating web@4.1 42 0 0 none none" in text
    assert "ReviewIds android@0.9 3 0 3 ≤ 50 ms ≤ 50 ms" in text


@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        ("client=ios", "ReviewCard 60 12 20.0 % ≤ 200 ms ≤ 200 ms ios@2.3: 60", "ReviewRating"),
        ("client=web&version=4.1", "ReviewCard 255 3 1.2 % ≤ 15 ms ≤ 15 ms", "ios@2.3"),
        ("version=2.3", "ReviewCard 60 12 20.0 % ≤ 200 ms ≤ 200 ms", "web@4.1"),
        ("client=web&version=9.9", "No usage reported in the last 7 days", "ReviewCard 2"),
        ("range=24h", "Operations by requests, last 24 hours", "ReviewIds"),
        ("range=7d&client=android", "ReviewIds 3 0 0.0 % ≤ 50 ms ≤ 50 ms", "ReviewCard"),
        ("client=android&range=24h", "No usage reported in the last 24 hours", "ReviewIds 3"),
    ],
)
def test_the_operations_page_filters_by_client_version_and_range(
    scene: Scene, query: str, expected: str, absent: str
) -> None:
    with signed_in(scene.registry.url, scene.registry.admin_token) as client:
        answer = client.get(f"{VARIANT_PATH}/operations?{query}")
    assert answer.status_code == 200
    text = _text(answer.text)
    assert expected in text
    # The tables, after the filter form (whose choices name every client and range).
    assert absent not in text.split(" Show ", 1)[1].split("Plans against")[0]


@pytest.mark.parametrize(
    "query",
    [
        "range=forever",
        "range=",
        "client=" + "x" * 500,
        "client=%00&version=%0A",
        "client=web&client=ios",
        "version=-",
        "client=%F0%9F%92%A5&range=24h&range=7d",
    ],
)
def test_bad_filter_values_are_ignored_or_named_never_an_error(scene: Scene, query: str) -> None:
    with signed_in(scene.registry.url, scene.registry.admin_token) as client:
        answer = client.get(f"{VARIANT_PATH}/operations?{query}")
    assert answer.status_code == 200
    assert f"Operations of {GRAPH}@{VARIANT}" in _text(answer.text)


def test_an_ignored_filter_is_named_and_the_rest_still_applies(scene: Scene) -> None:
    with signed_in(scene.registry.url, scene.registry.admin_token) as client:
        text = _text(client.get(f"{VARIANT_PATH}/operations?range=forever&client=ios").text)
    assert "Ignored: range (one of 24h, 7d, window)." in text
    assert "ReviewCard 60 12 20.0 %" in text
    assert "Operations by requests, last 7 days (the check window)" in text

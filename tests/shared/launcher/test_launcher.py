"""The README's first command: everything comes up, answers, and Ctrl-C leaves nothing behind."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from shared.launcher.services import SUBGRAPHS, subgraphs
from shared.seed import lesson_history, seed_courses, seed_enrollments, tutors, users
from shared.stores import LocalStores
from subgraphs.accounts.mail import read_mailbox
from subgraphs.reviews.seed import generate

NAMES = tuple(s.name for s in SUBGRAPHS)


def _ports(base: int) -> list[int]:
    """The gateway's, each subgraph's and the registry's."""
    return [*range(base, base + len(SUBGRAPHS) + 1), base + 10]


def _free_base_port() -> int:
    for _ in range(100):
        base = random.randrange(21000, 29000)
        if all(_bindable(p) for p in _ports(base)):
            return base
    raise RuntimeError("no free ports for the platform")


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if text in cmdline:
                found.append(int(entry.name))
    return found


def _environ(pid: int) -> dict[str, str]:
    raw = (Path("/proc") / str(pid) / "environ").read_bytes()
    pairs = (item.decode(errors="replace").partition("=") for item in raw.split(b"\0") if item)
    return {name: value for name, _, value in pairs}


def _serving(port: int) -> list[int]:
    """Processes started with `--port <port>` (or the gateway config naming it) by the launcher."""
    return _processes_mentioning(f"--port {port}")


def _up(data_dir: Path, base: int, env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    """`python -m shared.launcher up`, read until it says it is up; returns it and what it said."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "shared.launcher",
            "up",
            "--data-dir",
            str(data_dir),
            "--base-port",
            str(base),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    printed: list[str] = []
    deadline = time.monotonic() + 400
    for line in proc.stdout:
        printed.append(line)
        if "Ctrl-C stops everything" in line or time.monotonic() > deadline:
            break
    return proc, "".join(printed)


def _ctrl_c(proc: subprocess.Popen[str], data_dir: Path, base: int) -> None:
    """Ctrl-C, then check that every port is closed and no process of this run is left."""
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=90)
    assert proc.stdout is not None
    proc.stdout.close()
    assert proc.returncode == 0
    for port in _ports(base):
        assert not _listening(port), f"port {port} still served after Ctrl-C"
    assert LocalStores(data_dir / "stores").running() is None
    assert _processes_mentioning(str(data_dir)) == []


def test_up_serves_every_part_keeps_data_across_a_restart_and_ctrl_c_stops_all(
    tmp_path: Path, jwt_secret: str
) -> None:
    base = _free_base_port()
    data_dir = tmp_path / "platform"
    # The launcher generates the gateway's shared secret when the environment has none.
    env = {k: v for k, v in os.environ.items() if k != "GATEWAY_SHARED_SECRET"}
    proc, output = _up(data_dir, base, env)
    try:
        assert "tutorgraph is up" in output, output
        for name in NAMES:
            assert f"  {name}: seeded " in output, output
        urls = re.findall(r"(http://127\.0\.0\.1:\d+/graphql)", output)
        ports = {int(u.split(":")[2].split("/")[0]) for u in urls}
        assert set(_ports(base)) <= ports, output
        _check_registry(data_dir, base)
        for url in (u for u in urls if not u.startswith(f"http://127.0.0.1:{base + 10}/")):
            answer = httpx.post(url, json={"query": "{ __typename }"}, timeout=10)
            assert answer.status_code == 200, (url, answer.text)
            assert answer.json()["data"]["__typename"] == "Query"
        _check_graphiql(output, base)
        _check_console(output, data_dir, base)
        _check_secrets(data_dir, base, jwt_secret)
        gateway = f"http://127.0.0.1:{base}/graphql"
        _check_sign_in(gateway)
        _check_courses_and_earnings(gateway)
        _check_stripe_webhook(data_dir, base)
        created = _create_data(gateway, data_dir)
    finally:
        _ctrl_c(proc, data_dir, base)

    proc, output = _up(data_dir, base, env)
    try:
        assert "tutorgraph is up" in output, output
        for name in NAMES:
            assert f"  {name}: kept " in output, output
        _check_data_kept(f"http://127.0.0.1:{base}/graphql", created)
    finally:
        _ctrl_c(proc, data_dir, base)


def _check_registry(data_dir: Path, base: int) -> None:
    """The registry holds every subgraph, and the gateway serves the supergraph it composed."""
    admin = (data_dir / "registry_admin_token").read_text().strip()
    registry = f"http://127.0.0.1:{base + 10}"
    query = '{ variant(graph: "tutorgraph", variant: "current") { subgraphs { subgraph } } }'
    answer = httpx.post(
        f"{registry}/graphql",
        json={"query": query},
        headers={"authorization": f"Bearer {admin}"},
        timeout=10,
    ).json()
    names = sorted(s["subgraph"] for s in answer["data"]["variant"]["subgraphs"])
    assert names == sorted(NAMES), answer
    ready = httpx.get(f"http://127.0.0.1:{base}/ready", timeout=10).json()
    assert ready["supergraph"]["source"] == "registry", ready


def _check_console(output: str, data_dir: Path, base: int) -> None:
    """The printed console address signs in with the token the line names."""
    found = re.search(
        r"Registry console: (http://\S+)  \(sign in with the admin token: (\S+)\)", output
    )
    assert found is not None, output
    console, where = found.groups()
    assert console == f"http://127.0.0.1:{base + 10}/console/"
    assert Path(where) == (data_dir / "registry_admin_token").resolve()
    origin = console.removesuffix("/console/")
    signed = httpx.post(
        f"{origin}/console/sign-in",
        data={"token": Path(where).read_text().strip()},
        headers={"Origin": origin},
        timeout=10,
    )
    assert signed.status_code == 303, signed.text
    assert signed.cookies.get("registry_console")


def _check_graphiql(output: str, base: int) -> None:
    """The printed GraphiQL address serves the explorer to a browser (development mode)."""
    found = re.search(r"GraphiQL: (http://\S+)", output)
    assert found is not None, output
    assert found.group(1) == f"http://127.0.0.1:{base}/graphql"
    page = httpx.get(found.group(1), headers={"accept": "text/html"}, timeout=10)
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")


def _check_secrets(data_dir: Path, base: int, jwt_secret: str) -> None:
    """Gateway and subgraphs run with the same JWT and shared secrets; the generated one is kept."""
    shared = (data_dir / "gateway_shared_secret").read_text().strip()
    assert len(shared) >= 32
    gateway = _processes_mentioning(str(data_dir / "gateway.yaml"))
    subgraph_processes = [
        pid for port in range(base + 1, base + len(SUBGRAPHS) + 1) for pid in _serving(port)
    ]
    assert gateway, "no gateway process started with the written configuration"
    assert len(subgraph_processes) >= len(SUBGRAPHS)
    for pid in gateway + subgraph_processes:
        environ = _environ(pid)
        assert environ.get("GATEWAY_SHARED_SECRET") == shared, pid
        assert environ.get("JWT_SECRET") == jwt_secret, pid


def _check_sign_in(gateway: str) -> None:
    """The README's sign-in: the token from accounts identifies the user through the gateway."""
    mutation = (
        'mutation { signIn(email: "felix.schmidt.201@example.com", '
        'password: "tutorgraph-demo-password") { token } }'
    )
    signed = httpx.post(gateway, json={"query": mutation}, timeout=30).json()
    token = signed["data"]["signIn"]["token"]
    query = {"query": "{ me { displayName role } }"}
    anonymous = httpx.post(gateway, json=query, timeout=10).json()
    assert anonymous["data"] == {"me": None}
    headers = {"authorization": f"Bearer {token}"}
    me = httpx.post(gateway, json=query, headers=headers, timeout=10).json()
    assert me["data"] == {"me": {"displayName": "Felix Schmidt", "role": "STUDENT"}}, me


COURSES = """{ courses(first: 2) { edges { node {
  id title price { amount currency } rating { average } tutor { id } } } } }"""
EARNINGS = """query($t: ID!, $c: String!) {
  tutor(id: $t) { earnings(currency: $c) { earned { amount currency } } } }"""


def _check_courses_and_earnings(gateway: str) -> None:
    """Learning's courses with reviews' ratings, and payments' earnings of a tutor whose course
    was bought in the seed, for that tutor only."""
    edges = _gql(gateway, COURSES)["courses"]["edges"]
    assert len(edges) == 2, edges
    assert all(e["node"]["price"]["amount"] and e["node"]["title"] for e in edges), edges
    sold = {e.course_id for e in seed_enrollments()}
    course = next(c for c in seed_courses() if c.id in sold)
    user = next(t.user_id for t in tutors() if t.id == course.tutor_id)
    email = next(u.email for u in users() if u.id == user)
    token = _sign_in(gateway, email, "tutorgraph-demo-password")
    asked = {"t": course.tutor_id, "c": course.currency}
    earned = _gql(gateway, EARNINGS, asked, token=token)["tutor"]["earnings"]["earned"]
    assert earned["currency"] == course.currency
    assert float(earned["amount"]) > 0, earned
    anonymous = httpx.post(gateway, json={"query": EARNINGS, "variables": asked}, timeout=10)
    assert anonymous.json().get("errors"), anonymous.text


def _check_stripe_webhook(data_dir: Path, base: int) -> None:
    """The local Stripe sends its events to this run's payments subgraph."""
    kept = data_dir / "stores" / "localstripe" / "webhooks.json"
    registered = json.loads(kept.read_text())
    payments = next(s.port for s in subgraphs(base) if s.name == "payments")
    assert registered["payments"]["url"] == f"http://127.0.0.1:{payments}/webhooks/stripe"


def _gql(gateway: str, query: str, variables: dict[str, Any] | None = None, token: str = "") -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    answer = httpx.post(
        gateway, json={"query": query, "variables": variables or {}}, headers=headers, timeout=30
    )
    body = answer.json()
    assert "errors" not in body, body
    return body["data"]


def _sign_in(gateway: str, email: str, password: str) -> str:
    mutation = "mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }"
    token: str = _gql(gateway, mutation, {"e": email, "p": password})["signIn"]["token"]
    return token


BOOK = """mutation($t: ID!, $s: DateTime!, $e: DateTime!) {
  bookLesson(input: {tutorId: $t, start: $s, end: $e}) { id } }"""
REVIEW = """mutation($t: ID!) {
  submitReview(input: {tutorId: $t, rating: 4, comment: "Kept across restarts."}) { id } }"""
REVIEWS = """query($t: ID!) {
  tutor(id: $t) { reviews(first: 100) { edges { node { comment author { id } } } } } }"""
FREE = """query($t: ID!, $f: DateTime!, $to: DateTime!) {
  tutor(id: $t) { availability(from: $f, to: $to) { start end } } }"""


def _create_data(gateway: str, data_dir: Path) -> dict[str, str]:
    """What a new user does on the platform: sign up (confirming with the token that the local
    run's mail, files under the data directory, carries), and book a lesson (as a student)."""
    email, password = "restart.check@example.org", "a new password for the restart"
    sign_up = """mutation($i: SignUpInput!) { signUp(input: $i) { email } }"""
    new_user = {"email": email, "password": password, "displayName": "Re Start", "timezone": "UTC"}
    _gql(gateway, sign_up, {"i": new_user})
    [mail] = read_mailbox(data_dir / "mail")
    token = re.search(r"^([A-Za-z0-9_-]{43})$", mail.get_content(), re.MULTILINE)
    assert token is not None, mail.get_content()
    confirm = "mutation($t: String!) { confirmSignUp(token: $t) { token } }"
    _gql(gateway, confirm, {"t": token.group(1)})
    student = _sign_in(gateway, "felix.schmidt.201@example.com", "tutorgraph-demo-password")
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
    window = {
        "t": "tutor-0007",
        "f": start.isoformat(),
        "to": (start + timedelta(days=14)).isoformat(),
    }
    slots = _gql(gateway, FREE, window)["tutor"]["availability"]
    slot = next(
        s
        for s in slots
        if datetime.fromisoformat(s["end"]) - datetime.fromisoformat(s["start"])
        >= timedelta(hours=1)
    )
    lesson_start = datetime.fromisoformat(slot["start"])
    lesson = {
        "t": "tutor-0007",
        "s": slot["start"],
        "e": (lesson_start + timedelta(hours=1)).isoformat(),
    }
    booking: str = _gql(gateway, BOOK, lesson, token=student)["bookLesson"]["id"]
    # A review by a student who had a lesson with the tutor (the seed's past lessons).
    reviewed = {(r.author_id, r.tutor_id) for r in generate()}
    author, tutor = next(
        (x.student_id, x.tutor_id)
        for x in lesson_history()
        if (x.student_id, x.tutor_id) not in reviewed
    )
    author_email = next(u.email for u in users() if u.id == author)
    reviewer = _sign_in(gateway, author_email, "tutorgraph-demo-password")
    _gql(gateway, REVIEW, {"t": tutor}, token=reviewer)
    return {
        "email": email,
        "password": password,
        "booking": booking,
        "student": student,
        "review_tutor": tutor,
        "review_author": author,
    }


def _check_data_kept(gateway: str, created: dict[str, str]) -> None:
    """After Ctrl-C and `up` again: the new account signs in, the booking is still there."""
    token = _sign_in(gateway, created["email"], created["password"])
    me = _gql(gateway, "{ me { displayName } }", token=token)
    assert me == {"me": {"displayName": "Re Start"}}
    bookings = _gql(
        gateway, "{ me { bookings { edges { node { id status } } } } }", token=created["student"]
    )
    found = [e["node"] for e in bookings["me"]["bookings"]["edges"]]
    assert {"id": created["booking"], "status": "PENDING_PAYMENT"} in found
    reviews = _gql(gateway, REVIEWS, {"t": created["review_tutor"]})["tutor"]["reviews"]["edges"]
    assert {"comment": "Kept across restarts.", "author": {"id": created["review_author"]}} in [
        e["node"] for e in reviews
    ]

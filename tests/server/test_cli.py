"""`python -m gateway serve` and `python -m gateway plan`, run as the user would."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import yaml

from gateway.cli import plan
from gateway.cli import serve as serve_cli
from gateway.config import load_config
from tests.support.servers import free_port, wait_healthy

from .fleet import Fleet
from .subgraphs import ChaosControl, supergraph_sdl

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def supergraph_file(tmp_path: Path, subgraph_urls: tuple[dict[str, str], ChaosControl]) -> Path:
    path = tmp_path / "supergraph.graphql"
    path.write_text(supergraph_sdl(subgraph_urls[0]))
    return path


def _serve(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "gateway", "serve", *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def test_serve_answers_queries_and_exits_cleanly_on_sigterm(supergraph_file: Path) -> None:
    port = free_port()
    process = _serve(
        "--supergraph", str(supergraph_file), "--host", "127.0.0.1", "--port", str(port)
    )
    try:
        wait_healthy(f"http://127.0.0.1:{port}/health", proc=process)
        response = httpx.post(
            f"http://127.0.0.1:{port}/graphql",
            json={"query": "{ latestReviews { author { name } } }"},
        )
        assert response.json()["data"]["latestReviews"][1] == {"author": {"name": "Ada"}}
        process.send_signal(signal.SIGTERM)
        # A bound so a hung shutdown fails the test instead of blocking it, not a speed check.
        output, _ = process.communicate(timeout=60)
        assert process.returncode == 0, output.decode(errors="replace")
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_serve_refuses_a_bad_supergraph(tmp_path: Path) -> None:
    path = tmp_path / "bad.graphql"
    path.write_text("type Query { a: Int }")
    process = _serve("--supergraph", str(path), "--port", str(free_port()))
    output, _ = process.communicate(timeout=120)
    assert process.returncode == 1
    assert b"not a usable supergraph" in output
    assert b"Traceback" not in output


def test_serve_reports_a_missing_file(tmp_path: Path) -> None:
    process = _serve("--supergraph", str(tmp_path / "missing.graphql"))
    output, _ = process.communicate(timeout=120)
    assert process.returncode == 1
    assert b"cannot read" in output


def test_plan_prints_the_plan_text(
    supergraph_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    query = tmp_path / "q.graphql"
    query.write_text("{ latestReviews { stars author { name } } }")
    assert plan.main(["--supergraph", str(supergraph_file), "--query", str(query)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("QueryPlan {")
    assert 'Fetch(service: "reviews")' in out
    assert 'Flatten(path: "latestReviews.@.author")' in out


def test_plan_reports_an_invalid_query(
    supergraph_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    query = tmp_path / "q.graphql"
    query.write_text("{ nope }")
    assert plan.main(["--supergraph", str(supergraph_file), "--query", str(query)]) == 1
    assert "nope" in capsys.readouterr().err


def test_serve_with_workers_answers_and_stops_on_sigterm(supergraph_file: Path) -> None:
    port = free_port()
    process = _serve(
        "--supergraph", str(supergraph_file), "--port", str(port), "--workers", "2",
        "--timeout-for", "chaos=1.5",
    )  # fmt: skip
    try:
        wait_healthy(f"http://127.0.0.1:{port}/health", proc=process)
        for _ in range(4):
            response = httpx.post(
                f"http://127.0.0.1:{port}/graphql", json={"query": "{ users { name } }"}
            )
            assert response.json()["data"]["users"][0] == {"name": "Ada"}
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
        assert process.returncode == 0, output.decode(errors="replace")
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_serve_rejects_a_malformed_timeout(supergraph_file: Path) -> None:
    process = _serve("--supergraph", str(supergraph_file), "--timeout-for", "chaos=soon")
    output, _ = process.communicate(timeout=120)
    assert process.returncode == 2
    assert b"SUBGRAPH=SECONDS" in output


def _refused(*args: str) -> tuple[int, str]:
    process = _serve(*args)
    output, _ = process.communicate(timeout=120)
    return process.returncode, output.decode(errors="replace")


def _introspect(port: int) -> dict[str, object]:
    response = httpx.post(
        f"http://127.0.0.1:{port}/graphql",
        json={"query": "{ __schema { queryType { name } } }"},
    )
    body: dict[str, object] = response.json()
    return body


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output.decode(errors="replace")


def test_serve_from_a_config_file_in_production_mode(supergraph_file: Path, tmp_path: Path) -> None:
    port = free_port()
    config = tmp_path / "conf" / "gateway.yaml"
    config.parent.mkdir()
    # A relative supergraph path is read from the config file's folder.
    (config.parent / "s.graphql").write_text(supergraph_file.read_text())
    config.write_text(f"supergraph: {{file: s.graphql}}\nserver: {{port: {port}}}\n")
    process = _serve("--config", str(config))
    try:
        wait_healthy(f"http://127.0.0.1:{port}/health", proc=process)
        body = _introspect(port)
        assert body["errors"][0]["extensions"]["code"] == "INTROSPECTION_DISABLED"  # type: ignore[index]
        page = httpx.get(f"http://127.0.0.1:{port}/graphql", headers={"accept": "text/html"})
        assert not page.headers["content-type"].startswith("text/html")
        _stop(process)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_serve_dev_turns_on_introspection_and_graphiql(supergraph_file: Path) -> None:
    port = free_port()
    process = _serve("--supergraph", str(supergraph_file), "--port", str(port), "--dev")
    try:
        wait_healthy(f"http://127.0.0.1:{port}/health", proc=process)
        assert _introspect(port)["data"] == {"__schema": {"queryType": {"name": "Query"}}}
        page = httpx.get(f"http://127.0.0.1:{port}/graphql", headers={"accept": "text/html"})
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        _stop(process)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_flags_and_environment_override_the_file(supergraph_file: Path, tmp_path: Path) -> None:
    port = free_port()
    config = tmp_path / "gateway.yaml"
    config.write_text(f"supergraph: {{file: {supergraph_file}}}\nserver: {{port: 1}}\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "gateway", "serve", "--config", str(config), "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "GATEWAY__INTROSPECTION": "true"},
    )
    try:
        wait_healthy(f"http://127.0.0.1:{port}/health", proc=process)
        assert _introspect(port)["data"] == {"__schema": {"queryType": {"name": "Query"}}}
        _stop(process)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def _workers_of(supervisor: int) -> set[int]:
    """The pids of the worker processes `supervisor` started (its multiprocessing children)."""
    found: set[int] = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:  # gone meanwhile
            continue
        if int(fields[1]) == supervisor and b"multiprocessing-fork" in cmdline:
            found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_workers_stop_when_their_supervisor_is_killed(supergraph_file: Path) -> None:
    port = free_port()
    process = _serve(
        "--supergraph", str(supergraph_file), "--port", str(port), "--workers", "2",
    )  # fmt: skip
    workers: set[int] = set()
    try:
        wait_healthy(f"http://127.0.0.1:{port}/health", proc=process)
        workers = _workers_of(process.pid)
        assert len(workers) == 2
        process.kill()  # no chance to stop its workers itself
        process.wait(timeout=10)  # not its output: the workers hold that pipe while they live
        deadline = time.monotonic() + 30
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(pid) for pid in workers)
        with pytest.raises(httpx.ConnectError):  # nothing serves the port any more
            httpx.get(f"http://127.0.0.1:{port}/health", timeout=5)
    finally:
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)


def test_workers_still_starting_stop_when_their_supervisor_is_killed(
    supergraph_file: Path,
) -> None:
    """Killed as soon as its workers exist, before they have built their apps: each worker
    must know its supervisor from the supervisor, since its own parent is init by then."""
    port = free_port()
    process = _serve(
        "--supergraph", str(supergraph_file), "--port", str(port), "--workers", "2",
    )  # fmt: skip
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 30
        while len(workers) < 2 and time.monotonic() < deadline:
            workers = _workers_of(process.pid)
            time.sleep(0.01)
        assert len(workers) == 2
        process.kill()
        process.wait(timeout=10)
        deadline = time.monotonic() + 30
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(pid) for pid in workers)
    finally:
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)


def test_workers_get_the_whole_configuration(supergraph_file: Path, tmp_path: Path) -> None:
    port = free_port()
    config = tmp_path / "gateway.yaml"
    config.write_text("limits: {max_aliases: 1}\nintrospection: true\n")
    process = _serve(
        "--config", str(config), "--supergraph", str(supergraph_file),
        "--port", str(port), "--workers", "2",
    )  # fmt: skip
    try:
        wait_healthy(f"http://127.0.0.1:{port}/health", proc=process)
        for _ in range(4):
            assert _introspect(port)["data"] == {"__schema": {"queryType": {"name": "Query"}}}
            aliased = httpx.post(
                f"http://127.0.0.1:{port}/graphql",
                json={"query": "{ a: users { name } b: users { name } }"},
            ).json()
            assert aliased["errors"][0]["extensions"]["code"] == "MAX_ALIASES_EXCEEDED"

        # Metrics are shared: once each worker has flushed its tallies (within a second),
        # whichever worker answers the scrape counts all 8 requests.
        def counted() -> tuple[float, str]:
            metrics = httpx.get(f"http://127.0.0.1:{port}/metrics").text
            found = re.findall(r"^gateway_requests_total\{[^}]*\} (\S+)$", metrics, re.M)
            return sum(float(value) for value in found), metrics

        deadline = time.monotonic() + 10
        while counted()[0] < 8 and time.monotonic() < deadline:
            time.sleep(0.2)
        for _ in range(4):
            total, metrics = counted()
            assert total == 8, metrics
        _stop(process)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_reuse_port_lets_another_gateway_listen_on_the_same_port(supergraph_file: Path) -> None:
    port = free_port()
    shared = ("--supergraph", str(supergraph_file), "--port", str(port), "--reuse-port")
    processes = {
        # Two workers on the socket their parent bound, and a process of its own beside them.
        "pair": _serve(*shared, "--workers", "2", "--instance-id", "pair"),
        "single": _serve(*shared, "--instance-id", "single"),
    }
    try:
        Fleet(port=port, instances=tuple(processes), processes=processes).wait_until_all_answer()
        for process in processes.values():
            _stop(process)
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.kill()
                process.communicate()


def test_reuse_port_cannot_join_a_port_held_without_it(supergraph_file: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        code, output = _refused(
            "--supergraph", str(supergraph_file), "--port", str(port), "--reuse-port"
        )
    assert code == 1, output
    assert f"error: cannot listen on 127.0.0.1:{port}: Address already in use" in output


def test_serve_refuses_a_bad_config_in_one_line(tmp_path: Path) -> None:
    config = tmp_path / "gateway.yaml"
    config.write_text("limits: {max_depth: ten}\n")
    code, output = _refused("--config", str(config))
    assert code == 2
    assert output.strip() == (
        "error: configuration: limits.max_depth: expected an integer, got 'ten'"
    )


def test_serve_refuses_a_bad_environment_override(supergraph_file: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "gateway", "serve", "--supergraph", str(supergraph_file)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "GATEWAY__PERSISTED_QUERIES__STORE": "disk"},
    )
    output, _ = process.communicate(timeout=120)
    assert process.returncode == 2
    assert b"GATEWAY__PERSISTED_QUERIES__STORE" in output
    assert b"'memory', 'redis'" in output
    assert b"Traceback" not in output


def test_serve_refuses_an_out_of_range_port_flag(supergraph_file: Path) -> None:
    code, output = _refused("--supergraph", str(supergraph_file), "--port", "70000")
    assert code == 2
    assert "server.port: must be between 1 and 65535" in output


def test_serve_without_a_supergraph_says_how_to_give_one() -> None:
    code, output = _refused()
    assert code == 2
    assert "--supergraph FILE or set supergraph.file" in output


def test_serve_refuses_a_setting_a_stage_rejects_in_one_line(
    supergraph_file: Path, tmp_path: Path
) -> None:
    # Well-typed, so the loader accepts it; header propagation refuses to forge the identity.
    config = tmp_path / "gateway.yaml"
    config.write_text("headers: {all: [{action: insert, name: x-gateway-secret, value: forged}]}\n")
    code, output = _refused("--config", str(config), "--supergraph", str(supergraph_file))
    assert code == 2
    assert output.startswith("error: configuration: ")
    assert "x-gateway-secret" in output
    assert len(output.strip().splitlines()) == 1, output


def test_serve_with_workers_refuses_a_bad_supergraph_in_the_parent(tmp_path: Path) -> None:
    path = tmp_path / "bad.graphql"
    path.write_text("type Query { a: Int }")
    code, output = _refused("--supergraph", str(path), "--workers", "2")
    assert code == 1
    assert "not a usable supergraph" in output
    assert "Traceback" not in output


def test_check_prints_the_resolved_configuration_and_exits(
    supergraph_file: Path, tmp_path: Path
) -> None:
    config = tmp_path / "gateway.yaml"
    config.write_text("limits: {max_depth: 12}\n")
    process = _serve(
        "--config", str(config), "--supergraph", str(supergraph_file), "--dev", "--check"
    )
    output, _ = process.communicate(timeout=120)
    assert process.returncode == 0, output
    resolved = yaml.safe_load(output)
    assert resolved["limits"]["max_depth"] == 12
    assert resolved["dev"] is True
    assert resolved["supergraph"]["file"] == str(supergraph_file.resolve())


def test_check_refuses_what_serve_refuses(tmp_path: Path) -> None:
    path = tmp_path / "bad.graphql"
    path.write_text("type Query { a: Int }")
    code, output = _refused("--supergraph", str(path), "--check")
    assert code == 1
    assert "not a usable supergraph" in output


def test_serve_believes_forwarded_for_only_from_trusted_proxies(
    supergraph_file: Path, tmp_path: Path
) -> None:
    # uvicorn on its own would take X-Forwarded-For from any local peer: serve turns that off.
    port = free_port()
    config = tmp_path / "gateway.yaml"
    config.write_text(
        f"supergraph: {{file: {supergraph_file}}}\nserver: {{port: {port}}}\n"
        "rate_limits: {per_client: {limit: 1, window_seconds: 60}}\n"
    )
    process = _serve("--config", str(config))
    try:
        wait_healthy(f"http://127.0.0.1:{port}/health", proc=process)
        statuses = [
            httpx.post(
                f"http://127.0.0.1:{port}/graphql",
                json={"query": "{ me { name } }"},
                headers={"x-forwarded-for": f"203.0.113.{n}"},
            ).status_code
            for n in (1, 2)
        ]
        assert statuses == [200, 429]
        _stop(process)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_the_supergraph_flag_replaces_a_configured_registry(tmp_path: Path) -> None:
    config = tmp_path / "gateway.yaml"
    config.write_text("supergraph:\n  registry: {url: 'http://registry:4010', graph: tutorgraph}\n")
    args = serve_cli._parser().parse_args(["--config", str(config), "--supergraph", "s.graphql"])
    overrides = serve_cli._overrides(args)
    assert isinstance(overrides, dict)
    loaded = load_config(args.config, env={}, overrides=overrides)
    assert loaded.supergraph.registry is None
    assert loaded.supergraph.file == str(Path("s.graphql").resolve())
    assert not loaded.usage_enabled

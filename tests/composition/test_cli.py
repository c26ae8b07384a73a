"""`python -m gateway compose`: config loading, output and exit codes."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from gateway.cli.compose import main
from tests.composition.helpers import fed2


def _config(tmp_path: Path, **sdls: str) -> Path:
    lines = ["federation_version: =2.3.0", "subgraphs:"]
    for name, sdl in sdls.items():
        (tmp_path / f"{name}.graphql").write_text(sdl)
        lines += [
            f"  {name}:",
            f"    routing_url: http://{name}.example/graphql",
            "    schema:",
            f"      file: ./{name}.graphql",
        ]
    config = tmp_path / "supergraph.yaml"
    config.write_text("\n".join(lines) + "\n")
    return config


def test_compose_prints_the_supergraph(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = _config(tmp_path, a=fed2("type Query { a: Int }"))
    assert main(["--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("schema\n")
    assert 'A @join__graph(name: "a", url: "http://a.example/graphql")' in out


def test_compose_writes_the_output_file(tmp_path: Path) -> None:
    config = _config(tmp_path, a=fed2("type Query { a: Int }"))
    output = tmp_path / "out" / "supergraph.graphql"
    output.parent.mkdir()
    assert main(["--config", str(config), "--output", str(output)]) == 0
    assert "type Query" in output.read_text()


def test_compose_exits_1_with_one_line_per_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path, a=fed2("type Query { x: Int }"), b=fed2("type Query { x: Int }"))
    assert main(["--config", str(config)]) == 1
    err_lines = [ln for ln in capsys.readouterr().err.splitlines() if not ln.startswith("hint:")]
    assert err_lines
    assert err_lines[0].startswith("INVALID_FIELD_SHARING: ")


def test_compose_exits_2_for_a_missing_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--config", str(tmp_path / "nope.yaml")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_compose_exits_2_for_a_missing_schema_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path, a=fed2("type Query { a: Int }"))
    (tmp_path / "a.graphql").unlink()
    assert main(["--config", str(config)]) == 2
    assert "subgraph 'a'" in capsys.readouterr().err


def test_compose_exits_2_for_a_malformed_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "supergraph.yaml"
    config.write_text("subgraphs: [1, 2]\n")
    assert main(["--config", str(config)]) == 2
    assert "subgraphs" in capsys.readouterr().err


def test_compose_fetches_the_sdl_from_a_running_subgraph(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sdl = fed2("type Query { fromService: Int }")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # the subgraph's `_service { sdl }` endpoint
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            body = json.dumps({"data": {"_service": {"sdl": sdl}}}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/graphql"
        config = tmp_path / "supergraph.yaml"
        config.write_text(f"subgraphs:\n  live:\n    schema:\n      subgraph_url: {url}\n")
        assert main(["--config", str(config)]) == 0
    finally:
        server.shutdown()
        server.server_close()
    out = capsys.readouterr().out
    assert "fromService: Int" in out
    assert f'LIVE @join__graph(name: "live", url: "{url}")' in out


def test_compose_exits_2_when_the_subgraph_cannot_be_reached(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = tmp_path / "supergraph.yaml"
    config.write_text(
        f"subgraphs:\n  down:\n    schema:\n      subgraph_url: http://127.0.0.1:{port}/graphql\n"
    )
    assert main(["--config", str(config)]) == 2
    assert "cannot fetch the schema" in capsys.readouterr().err

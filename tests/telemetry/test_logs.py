"""JSON and text log lines, the request id in them, and the access log of every request."""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from gateway.config.model import TelemetryConfig
from gateway.execution import SubgraphRequest
from gateway.request import GraphQLRequest
from gateway.request.context import RequestContext
from gateway.telemetry import (
    JsonFormatter,
    Telemetry,
    TextFormatter,
    configure_logging,
    current_request_id,
)
from gateway.telemetry.logs import RequestIdFilter

from .helpers import answer, pipeline_for


@pytest.fixture
def lines() -> Iterator[io.StringIO]:
    """Everything logged during the test, formatted as JSON, one object per line."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def parsed(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


async def test_access_log_line_carries_request_id_and_outcome(lines: io.StringIO) -> None:
    telemetry = Telemetry(TelemetryConfig())
    pipeline = pipeline_for(telemetry)
    request = GraphQLRequest(query="query Me { me { name nope } }", operation_name="Me")
    await answer(telemetry, pipeline, request, RequestContext(request_id="abc-123"))

    (entry,) = [e for e in parsed(lines) if e["logger"] == "gateway.access"]
    assert entry["request_id"] == "abc-123"
    assert entry["operation"] == "Me"
    assert entry["outcome"] == "request_error"
    assert entry["status"] == 400
    assert entry["error_codes"] == ["GRAPHQL_VALIDATION_FAILED"]
    assert entry["level"] == "info"
    assert isinstance(entry["duration_ms"], float)
    stamp = datetime.fromisoformat(entry["time"])
    assert stamp.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - stamp) < timedelta(hours=1)
    assert "request_error" in entry["message"]


async def test_logs_inside_subgraph_fetches_carry_the_request_id(lines: io.StringIO) -> None:
    telemetry = Telemetry(TelemetryConfig())
    fetch_logger = logging.getLogger("tests.telemetry.fetch")

    async def fetch(request: SubgraphRequest) -> Any:
        fetch_logger.warning("fetching from %s", request.service_name, extra={"attempt": 1})
        return {"data": {"me": {"id": "1"}}}

    pipeline = pipeline_for(telemetry, fetch)
    await answer(
        telemetry,
        pipeline,
        GraphQLRequest(query="{ me { id } }"),
        RequestContext(request_id="r-77"),
    )
    (entry,) = [e for e in parsed(lines) if e["logger"] == "tests.telemetry.fetch"]
    assert entry["message"] == "fetching from accounts"
    assert entry["request_id"] == "r-77"
    assert entry["attempt"] == 1
    assert current_request_id() is None  # reset once the request is over


def test_exception_text_is_in_the_json_line(lines: io.StringIO) -> None:
    try:
        raise ValueError("broken widget")
    except ValueError:
        logging.getLogger("tests.telemetry").exception("it failed")
    (entry,) = parsed(lines)
    assert entry["level"] == "error"
    assert entry["message"] == "it failed"
    assert "ValueError: broken widget" in entry["exception"]
    assert "request_id" not in entry


def test_unserialisable_extra_is_logged_as_text(lines: io.StringIO) -> None:
    logging.getLogger("tests.telemetry").info("odd", extra={"thing": object()})
    (entry,) = parsed(lines)
    assert entry["thing"].startswith("<object object")


def test_extra_cannot_replace_base_fields(lines: io.StringIO) -> None:
    logging.getLogger("tests.telemetry").warning("w", extra={"level": "debug", "time": 0})
    (entry,) = parsed(lines)
    assert entry["level"] == "warning"
    assert isinstance(entry["time"], str)


def test_text_format_shows_request_id_and_extras() -> None:
    record = logging.LogRecord("gateway.access", logging.INFO, "", 0, "Me success", None, None)
    record.request_id = "r-1"
    record.status = 200
    record.error_codes = []
    line = TextFormatter().format(record)
    assert line.endswith("gateway.access [r-1] Me success status=200")
    assert "INFO" in line


@pytest.fixture
def restored_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    uvicorn = {
        name: (list(logger.handlers), logger.propagate, logger.level)
        for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi")
        for logger in [logging.getLogger(name)]
    }
    try:
        yield
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in handlers:
            root.addHandler(handler)
        root.setLevel(level)
        for name, (saved, propagate, logger_level) in uvicorn.items():
            logger = logging.getLogger(name)
            logger.handlers[:] = saved
            logger.propagate = propagate
            logger.setLevel(logger_level)


def test_configure_logging_routes_root_and_uvicorn_through_json(
    restored_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    logging.getLogger("uvicorn.error").setLevel(logging.WARNING)  # as a uvicorn.Config leaves it
    configure_logging("json", "debug")
    configure_logging("json", "debug")  # a second call replaces, never doubles
    logging.getLogger("uvicorn.error").info("Started server process")
    logging.getLogger("gateway.test").debug("detail")
    entries = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert [(e["logger"], e["message"]) for e in entries] == [
        ("uvicorn.error", "Started server process"),
        ("gateway.test", "detail"),
    ]


def test_uvicorn_log_config_makes_uvicorn_write_json() -> None:
    script = (
        "import logging, logging.config\n"
        "from gateway.telemetry import uvicorn_log_config\n"
        "logging.config.dictConfig(uvicorn_log_config('json', 'info'))\n"
        "logging.getLogger('uvicorn.error').info('Uvicorn running',"
        " extra={'color_message': '\\x1b[1mUvicorn running'})\n"
        "logging.getLogger('uvicorn.access').info('%s - \"%s %s\" %d', 'x', 'GET', '/', 200)\n"
        "logging.getLogger('gateway').debug('hidden at info')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    entries = [json.loads(line) for line in result.stderr.splitlines()]
    assert [(e["logger"], e["level"]) for e in entries] == [
        ("uvicorn.error", "info"),
        ("uvicorn.access", "info"),
    ]
    assert entries[1]["message"] == 'x - "GET /" 200'
    assert "color_message" not in entries[0]


async def test_huge_operation_name_is_cut_in_the_log(lines: io.StringIO) -> None:
    telemetry = Telemetry(TelemetryConfig())
    with telemetry.request(RequestContext(request_id="r-long")) as record:
        record.operation_name = "N" * 10_000
    (entry,) = [e for e in parsed(lines) if e["logger"] == "gateway.access"]
    assert entry["operation"] == "N" * 200 + "…"

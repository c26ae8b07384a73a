"""What the HTTP server does around the pipeline, for telemetry tests without sockets."""

from __future__ import annotations

from typing import Any

from prometheus_client.parser import text_string_to_metric_families

from gateway.pipeline import PipelineStages, RequestPipeline
from gateway.request import GraphQLRequest
from gateway.request.context import RequestContext
from gateway.server.http.status import GraphQLResponse, http_answer
from gateway.telemetry import Telemetry
from tests.pipeline.standins import CountingPlanner, FakeSupergraph, RecordingFetch


def pipeline_for(telemetry: Telemetry, fetch: Any = None) -> RequestPipeline:
    fetch = fetch or RecordingFetch({"me": {"id": "1", "name": "Ada"}})
    return RequestPipeline(
        FakeSupergraph(),
        CountingPlanner(),
        fetch,  # the pipeline wraps it with the observer
        stages=PipelineStages(observer=telemetry),
    )


async def answer(
    telemetry: Telemetry,
    pipeline: RequestPipeline,
    request: GraphQLRequest,
    context: RequestContext | None = None,
) -> GraphQLResponse:
    """Like the server: the request inside `telemetry.request`, the record filled in."""
    with telemetry.request(context or RequestContext(request_id="req-1")) as record:
        record.operation_name = request.operation_name
        answer = http_answer(await pipeline.execute(request, record.context))
        record.response = answer
        return answer


def sample(telemetry: Telemetry, name: str, **labels: str) -> float:
    """A metric sample's value in the exposition a scrape gets (0 when the series does not exist
    yet)."""
    body, _ = telemetry.render_metrics()
    for family in text_string_to_metric_families(body.decode()):
        for found in family.samples:
            if found.name == name and found.labels == labels:
                return float(found.value)
    return 0.0

"""Observability: Prometheus metrics, OpenTelemetry traces and JSON logs for the gateway."""

from gateway.telemetry.logs import (
    JsonFormatter,
    TextFormatter,
    configure_logging,
    current_request_id,
    uvicorn_log_config,
)
from gateway.telemetry.multiprocess import shared_worker_metrics
from gateway.telemetry.observer import Telemetry

__all__ = [
    "JsonFormatter",
    "Telemetry",
    "TextFormatter",
    "configure_logging",
    "current_request_id",
    "shared_worker_metrics",
    "uvicorn_log_config",
]

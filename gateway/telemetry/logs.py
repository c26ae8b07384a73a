"""Log output: one JSON object per line (production) or text (dev), tagged with the request id.

`Telemetry.request` puts the request id in a context variable for the length of the request; every
log record emitted meanwhile (in that task or the tasks it starts) carries it.  `configure_logging`
installs the formatter on the root logger and sends uvicorn's loggers through it;
`uvicorn_log_config` is the same set-up as a `logging.config.dictConfig` mapping for
`uvicorn.run(log_config=...)`, which uvicorn applies in every worker process.
"""

from __future__ import annotations

import contextvars
import logging
import sys
import time
from typing import Any, Literal

import orjson

__all__ = [
    "JsonFormatter",
    "RequestIdFilter",
    "TextFormatter",
    "configure_logging",
    "current_request_id",
    "request_id_var",
    "uvicorn_log_config",
]

LogFormat = Literal["json", "text"]

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "gateway_request_id", default=None
)

# Attributes every LogRecord has; anything else on a record came from `extra=` and is logged.
# uvicorn's `color_message` repeats the message with terminal colour codes.
_STANDARD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", logging.INFO, "", 0, "", None, None)).keys()
) | {"message", "asctime", "request_id", "taskName", "color_message"}

_UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi")


def current_request_id() -> str | None:
    """The id of the request being answered in this task, if any."""
    return request_id_var.get()


class RequestIdFilter(logging.Filter):
    """Stamps `record.request_id` when the record is made, so later formatting still sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "logger", "message", "request_id", "exception"?, ...extra}` per line."""

    # (second, its ISO text): a line per request would otherwise format the date every time.
    _second: tuple[int, str] = (-1, "")

    def _time(self, created: float) -> str:
        second = int(created)
        cached, text = self._second
        if second != cached:
            text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
            self._second = (second, text)
        return f"{text}.{int((created - second) * 1000):03d}Z"

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self._time(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or request_id_var.get()
        if request_id is not None:
            entry["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRIBUTES and not key.startswith("_"):
                # An extra named like a base field (`level`, `time`) must not replace it.
                entry.setdefault(key, value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # default=str: an extra value orjson cannot encode is logged as its text, never dropped.
        return orjson.dumps(entry, default=str).decode()


class TextFormatter(logging.Formatter):
    """`time level logger [request id] message key=value...` for a developer's terminal."""

    def format(self, record: logging.LogRecord) -> str:
        request_id = getattr(record, "request_id", None) or request_id_var.get()
        parts = [self.formatTime(record), f"{record.levelname:<7}", record.name]
        if request_id:
            parts.append(f"[{request_id}]")
        parts.append(record.getMessage())
        parts.extend(
            f"{key}={value}"
            for key, value in vars(record).items()
            if key not in _STANDARD_ATTRIBUTES
            and not key.startswith("_")
            and value not in (None, "", [], ())
        )
        line = " ".join(parts)
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        if record.stack_info:
            line += "\n" + self.formatStack(record.stack_info)
        return line


def _formatter(format: LogFormat) -> logging.Formatter:
    match format:
        case "json":
            return JsonFormatter()
        case "text":
            return TextFormatter()


def configure_logging(format: LogFormat, level: str = "info") -> logging.Handler:
    """Routes the root logger (and uvicorn's) to stderr in `format`; returns the handler.

    Replaces the root logger's handlers, so calling it again switches format instead of
    doubling every line.
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_formatter(format))
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in _UVICORN_LOGGERS:
        # uvicorn installs handlers of its own with propagate=False: send its lines to ours.
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers.clear()
        uvicorn_logger.propagate = True
        uvicorn_logger.setLevel(logging.NOTSET)  # follow the root's level
    return handler


def uvicorn_log_config(format: LogFormat, level: str = "info") -> dict[str, Any]:
    """`configure_logging` as a dictConfig mapping, for `uvicorn.run(..., log_config=...)`."""
    formatter = {"json": JsonFormatter, "text": TextFormatter}[format]
    formatters = {"gateway": {"()": f"{__name__}.{formatter.__name__}"}}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": f"{__name__}.RequestIdFilter"}},
        "formatters": formatters,
        "handlers": {
            "gateway": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "gateway",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["gateway"], "level": level.upper()},
        "loggers": {
            name: {"handlers": [], "propagate": True, "level": level.upper()}
            for name in _UVICORN_LOGGERS
        },
    }

"""`python -m gateway serve`: serve a supergraph file over HTTP until SIGTERM or Ctrl-C."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import uvicorn

from gateway.execution import DEFAULT_SUBGRAPH_TIMEOUT, ExecutionOptions
from gateway.server import create_app, gateway_from_sdl
from gateway.server.factory import options_to_env
from gateway.supergraph import SupergraphError

__all__ = ["main"]

# How long in-flight requests may finish after SIGTERM before the process exits anyway.
GRACEFUL_SHUTDOWN_SECONDS = 5


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m gateway serve", description=__doc__)
    parser.add_argument("--supergraph", required=True, type=Path, help="supergraph SDL file")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4000)
    parser.add_argument(
        "--subgraph-timeout",
        type=float,
        default=DEFAULT_SUBGRAPH_TIMEOUT,
        help="seconds a subgraph fetch may take (0 turns the limit off); default %(default)s",
    )
    parser.add_argument(
        "--timeout-for",
        action="append",
        default=[],
        metavar="SUBGRAPH=SECONDS",
        help="per-subgraph timeout, overriding --subgraph-timeout; repeatable",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes sharing the port (one event loop each); default %(default)s",
    )
    parser.add_argument("--log-level", default="info", choices=["debug", "info", "warning"])
    return parser


def _options(args: argparse.Namespace) -> ExecutionOptions | str:
    timeouts: dict[str, float | None] = {}
    for item in args.timeout_for:
        name, _, seconds = item.partition("=")
        try:
            value = float(seconds)
        except ValueError:
            return f"--timeout-for expects SUBGRAPH=SECONDS, got {item!r}"
        timeouts[name] = value if value > 0 else None
    default = args.subgraph_timeout if args.subgraph_timeout > 0 else None
    return ExecutionOptions(default_timeout=default, timeouts=timeouts)


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    options = _options(args)
    if isinstance(options, str):
        print(f"error: {options}", file=sys.stderr)
        return 2
    try:
        sdl = args.supergraph.read_text(encoding="utf-8")
    except OSError as error:
        print(f"error: cannot read {args.supergraph}: {error.strerror}", file=sys.stderr)
        return 1
    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    gateway = gateway_from_sdl(sdl, options=options)
    if isinstance(gateway, SupergraphError):
        print(
            f"error: {args.supergraph} is not a usable supergraph: {gateway.message}",
            file=sys.stderr,
        )
        return 1
    if args.workers > 1:
        return _serve_workers(args, options)
    config = uvicorn.Config(
        create_app(gateway),
        host=args.host,
        port=args.port,
        lifespan="on",
        log_level=args.log_level,
        access_log=False,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
    )
    server = _Server(config)
    server.run()
    return 0 if server.started else 1


def _serve_workers(args: argparse.Namespace, options: ExecutionOptions) -> int:
    """Several processes, each loading the supergraph itself (see `gateway.server.factory`)."""
    os.environ.update(options_to_env(str(args.supergraph.resolve()), options))
    # uvicorn's supervisor stops the workers on SIGTERM/SIGINT, each draining like one process.
    uvicorn.run(
        "gateway.server.factory:app_from_env",
        factory=True,
        workers=args.workers,
        host=args.host,
        port=args.port,
        lifespan="on",
        log_level=args.log_level,
        access_log=False,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
    )
    return 0


class _Server(uvicorn.Server):
    """uvicorn's server, minus re-raising the stop signal after a clean shutdown.

    On SIGTERM or SIGINT it stops accepting, drains, runs the lifespan shutdown (closing the
    subgraph pools) and `main` returns 0, so supervisors see a clean exit rather than a kill.
    """

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        handled = (signal.SIGINT, signal.SIGTERM)
        previous = {sig: signal.signal(sig, self.handle_exit) for sig in handled}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

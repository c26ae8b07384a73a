"""`python -m gateway serve`: serve the configured supergraph over HTTP until SIGTERM or Ctrl-C.

The configuration comes from `--config FILE` (YAML), then `GATEWAY__*` environment variables,
then this command's flags, then `--dev` (docs/configuration.md).  Without `--dev` the gateway
runs in production mode: no introspection, no GraphiQL, no query plans in responses.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import math
import os
import signal
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import uvicorn
import yaml
from uvicorn.supervisors import Multiprocess

from gateway.config import ConfigError, GatewayConfig, config_to_data, load_config
from gateway.server.factory import StartFailure, build_app, config_to_env
from gateway.server.http.app import GatewayApp
from gateway.server.runtime.collector import tune_collector
from gateway.server.runtime.listener import listening_socket
from gateway.telemetry import configure_logging, shared_worker_metrics, uvicorn_log_config

__all__ = ["main"]

logger = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m gateway serve", description=__doc__)
    parser.add_argument("--config", type=Path, help="YAML configuration file")
    parser.add_argument(
        "--dev",
        action="store_true",
        help="development mode: introspection, GraphiQL, query plans, text logs",
    )
    parser.add_argument("--supergraph", type=Path, help="supergraph SDL file (supergraph.file)")
    parser.add_argument("--host", help="address to listen on (server.host)")
    parser.add_argument("--port", type=int, help="port to listen on (server.port)")
    parser.add_argument(
        "--workers",
        type=int,
        help="worker processes sharing the port, one event loop each (server.workers)",
    )
    parser.add_argument(
        "--reuse-port",
        action="store_true",
        default=None,
        help="let other gateway processes listen on the same port; the kernel spreads "
        "connections over them (SO_REUSEPORT, Linux; server.reuse_port)",
    )
    parser.add_argument(
        "--instance-id",
        help="name of this process in /ready, to tell replicas apart (server.instance_id)",
    )
    parser.add_argument(
        "--subgraph-timeout",
        type=float,
        help="seconds a subgraph fetch may take, 0 for no limit (subgraphs.timeout_seconds)",
    )
    parser.add_argument(
        "--timeout-for",
        action="append",
        default=[],
        metavar="SUBGRAPH=SECONDS",
        help="per-subgraph timeout, 0 for no limit (subgraphs.timeouts); repeatable",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="check the configuration and the supergraph, print the resolved configuration, exit",
    )
    parser.add_argument(
        "--log-level",
        choices=["debug", "info", "warning", "error"],
        help="(telemetry.log_level)",
    )
    return parser


def _overrides(args: argparse.Namespace) -> dict[str, object] | str:
    """The flags given, as configuration keys; a message for a malformed one."""
    overrides: dict[str, object] = {}
    if args.supergraph is not None:
        # The flag replaces whatever source the file or the environment configured.
        overrides["supergraph.file"] = str(args.supergraph.expanduser().resolve())
        overrides["supergraph.url"] = None
        overrides["supergraph.registry"] = None
    for flag, key in (
        ("host", "host"),
        ("port", "port"),
        ("workers", "workers"),
        ("reuse_port", "reuse_port"),
        ("instance_id", "instance_id"),
    ):
        if getattr(args, flag) is not None:
            overrides[f"server.{key}"] = getattr(args, flag)
    if args.subgraph_timeout is not None:
        overrides["subgraphs.timeout_seconds"] = _seconds(args.subgraph_timeout)
    for item in args.timeout_for:
        name, equals, seconds = item.partition("=")
        try:
            value = float(seconds)
        except ValueError:
            value = math.nan
        if not equals or not name or math.isnan(value):
            return f"--timeout-for expects SUBGRAPH=SECONDS, got {item!r}"
        overrides[f"subgraphs.timeouts.{name}"] = _seconds(value)
    if args.log_level is not None:
        overrides["telemetry.log_level"] = args.log_level
    return overrides


def _seconds(value: float) -> float | None:
    # On the command line 0 (or less) turns a limit off, as it always has; the file says null.
    return value if value > 0 else None


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    overrides = _overrides(args)
    if isinstance(overrides, str):
        print(f"error: {overrides}", file=sys.stderr)
        return 2
    try:
        config = load_config(args.config, dev=args.dev, overrides=overrides)
    except ConfigError as error:
        print(f"error: configuration: {error}", file=sys.stderr)
        return 2
    source = config.supergraph
    if source.file is None and source.url is None and source.registry is None:
        print(
            "error: no supergraph: pass --supergraph FILE or set supergraph.file "
            "(or .url, or .registry)",
            file=sys.stderr,
        )
        return 2
    level = config.telemetry.log_level
    configure_logging(config.log_format, level)
    if args.check:
        return _check(config)
    if config.server.workers > 1:
        return _serve_workers(config)
    app = build_app(config)
    if isinstance(app, StartFailure):
        print(f"error: {app.message}", file=sys.stderr)
        return app.exit_code
    sockets = _shared_port(config)
    if isinstance(sockets, str):
        print(f"error: {sockets}", file=sys.stderr)
        return 1
    tune_collector(config.server.gc_gen0_threshold)
    server = _Server(
        uvicorn.Config(
            app,
            host=config.server.host,
            port=config.server.port,
            lifespan="on",
            log_level=level,
            log_config=uvicorn_log_config(config.log_format, level),
            access_log=False,
            # The gateway reads X-Forwarded-For itself, from `server.trusted_proxies` only;
            # uvicorn would otherwise believe it from any local peer.
            proxy_headers=False,
            timeout_graceful_shutdown=_grace(config),
        )
    )
    server.run(sockets=sockets)
    return 0 if server.started else 1


def _shared_port(config: GatewayConfig) -> list[socket.socket] | str | None:
    """With `server.reuse_port`, the socket bound here for uvicorn (None: uvicorn binds its own);
    a message when the address cannot be bound."""
    server = config.server
    if not server.reuse_port:
        return None
    try:
        sock = listening_socket(server.host, server.port)
    except OSError as error:
        return f"cannot listen on {server.host}:{server.port}: {error.strerror or error}"
    logger.info(
        "listening on %s:%d, shared with other processes (SO_REUSEPORT)", server.host, server.port
    )
    return [sock]


def _check(config: GatewayConfig) -> int:
    """`--check`: everything `serve` would refuse is refused the same way; nothing listens."""
    problem = build_app(config)
    if isinstance(problem, StartFailure):
        print(f"error: {problem.message}", file=sys.stderr)
        return problem.exit_code
    print(yaml.safe_dump(config_to_data(config), sort_keys=False), end="")
    return 0


def _grace(config: GatewayConfig) -> int:
    # uvicorn takes whole seconds; rounding up never cuts a drain short.
    return math.ceil(config.server.shutdown_grace_seconds)


def _serve_workers(config: GatewayConfig) -> int:
    """Several processes, each building the app from the serialised configuration.

    The parent builds the app once first and drops it, so a bad supergraph or setting is one
    clear line here rather than N workers failing to start.
    """
    problem = build_app(config)
    if isinstance(problem, StartFailure):
        print(f"error: {problem.message}", file=sys.stderr)
        return problem.exit_code
    os.environ.update(config_to_env(config))
    level = config.telemetry.log_level
    sockets = _shared_port(config)
    if isinstance(sockets, str):
        print(f"error: {sockets}", file=sys.stderr)
        return 1
    # Every worker writes its metrics to one shared directory, so any worker's /metrics
    # answers for all of them; set only now, after the parent's own (unserved) build.
    with shared_worker_metrics():
        workers = uvicorn.Config(
            "gateway.server.factory:app_from_env",
            factory=True,
            workers=config.server.workers,
            host=config.server.host,
            port=config.server.port,
            lifespan="on",
            log_level=level,
            log_config=uvicorn_log_config(config.log_format, level),
            access_log=False,
            proxy_headers=False,
            timeout_graceful_shutdown=_grace(config),
        )
        # uvicorn's supervisor stops the workers on SIGTERM/SIGINT, each draining alone; the
        # workers share one listening socket (uvicorn's, or the SO_REUSEPORT one bound here).
        Multiprocess(workers, sockets=sockets or [workers.bind_socket()]).run()
    return 0


class _Server(uvicorn.Server):
    """uvicorn's server, minus re-raising the stop signal after a clean shutdown, and letting the
    gateway close its WebSockets first.

    On SIGTERM or SIGINT it stops accepting, ends the subscriptions (1001), drains, runs the
    lifespan shutdown (closing the subgraph pools) and `main` returns 0, so supervisors see a
    clean exit rather than a kill.
    """

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        # uvicorn closes every open WebSocket with its own 1012 (service restart: come back
        # here) before the lifespan shutdown runs; the gateway says 1001 (going away) first.
        for server in self.servers:
            server.close()
        app = self.config.loaded_app
        if isinstance(app, GatewayApp):
            await app.going_away()
        await super().shutdown(sockets)

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

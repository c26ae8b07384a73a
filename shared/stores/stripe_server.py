"""`python -m shared.stores.stripe_server --port P --state FILE`: localstripe, served on
127.0.0.1 only, its objects kept in FILE and its webhook registrations beside it.

localstripe's own command binds every interface (an unauthenticated payments API must not be
reachable from the network) and saves its objects to `/tmp/localstripe.pickle`, one file for
every instance on the machine (the local run and each test session would overwrite each
other's). Here its store reads and writes FILE instead, written whole to a temporary file and
renamed over it, so a crash mid-write leaves the previous state. It keeps webhook endpoints
(`POST /_config/webhooks/<name>`) in memory only; here they are also written to
`webhooks.json` in FILE's folder and registered again at start, so a server restarted after a
crash still delivers events to the payments subgraph.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
from pathlib import Path

from aiohttp import web
from localstripe import resources, server, webhooks  # type: ignore[import-untyped]

__all__ = ["main"]


def _keep_in(store: dict[str, object], state: Path) -> None:
    def load() -> None:
        try:
            with state.open("rb") as file:
                saved = pickle.load(file)  # noqa: S301 - our own file, written below, in our data directory
        except FileNotFoundError:
            return
        store.clear()
        store.update(saved)

    def dump() -> None:
        partial = state.with_suffix(".partial")
        with partial.open("wb") as file:
            pickle.dump(dict(store), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, state)

    # The store calls these on itself (on every write); instance attributes come first.
    store.try_load_from_disk = load  # type: ignore[attr-defined]
    store.dump_to_disk = dump  # type: ignore[attr-defined]


def _keep_webhooks_in(path: Path) -> None:
    def dump() -> None:
        saved = {
            name: {"url": hook.url, "secret": hook.secret, "events": hook.events}
            for name, hook in webhooks._webhooks.items()
        }
        partial = path.with_suffix(".partial")
        partial.write_text(json.dumps(saved))
        partial.chmod(0o600)
        os.replace(partial, path)

    def register(name: str, url: str, secret: str, events: list[str] | None) -> None:
        webhooks.register_webhook(name, url, secret, events)
        dump()

    try:
        saved = json.loads(path.read_text())
    except FileNotFoundError:
        saved = {}
    for name, hook in saved.items():
        webhooks.register_webhook(name, hook["url"], hook["secret"], hook["events"])
    # The configuration endpoint calls the name it imported into the server module.
    server.register_webhook = register


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m shared.stores.stripe_server")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--state", type=Path, required=True)
    args = parser.parse_args(argv)
    args.state.parent.mkdir(parents=True, exist_ok=True)
    _keep_in(resources.store, args.state)
    resources.store.try_load_from_disk()
    _keep_webhooks_in(args.state.parent / "webhooks.json")
    web.run_app(server.app, host="127.0.0.1", port=args.port, access_log=None, print=None)


if __name__ == "__main__":
    main()

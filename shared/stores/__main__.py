"""`python -m shared.stores {start,stop,status,env} [--data-dir DIR]`: the local stores by hand."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from shared.stores import LocalStores, StoreStartError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.stores")
    parser.add_argument("command", choices=["start", "stop", "status", "env"])
    parser.add_argument("--data-dir", type=Path, default=Path(".data/stores"))
    args = parser.parse_args(argv)
    stores = LocalStores(args.data_dir)
    if args.command == "stop":
        stores.stop()
        return 0
    if args.command == "start":
        try:
            urls = stores.start()
        except StoreStartError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    else:
        found = stores.running()
        if found is None:
            print("stores are not running", file=sys.stderr)
            return 1
        urls = found
    for key, value in urls.environment().items():
        print(f"{key}={value}" if args.command == "env" else f"{key:32} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

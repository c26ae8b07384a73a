"""`python -m gateway assets`: install GraphiQL's npm packages from the lock file (idempotent)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import assert_never

from gateway.graphiql.assets import DEFAULT_NODE_MODULES, missing_assets
from gateway.graphiql.install import (
    AssetInstallError,
    install_assets,
    installed_digest,
    lock_digest,
)

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m gateway assets", description=__doc__)
    parser.add_argument(
        "--dir",
        type=Path,
        default=DEFAULT_NODE_MODULES,
        help="the node_modules folder to install into (graphiql.assets_dir); "
        "default: the one inside the gateway.graphiql package",
    )
    parser.add_argument("--force", action="store_true", help="reinstall even when up to date")
    parser.add_argument(
        "--check",
        action="store_true",
        help="install nothing; exit 1 unless the assets are installed from the current lock",
    )
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    node_modules: Path = args.dir
    if args.check:
        current = installed_digest(node_modules) == lock_digest()
        missing = missing_assets(str(node_modules))
        if current and not missing:
            print(f"GraphiQL assets are up to date in {node_modules}")
            return 0
        why = f"missing: {', '.join(missing)}" if missing else "installed from another lock"
        print(f"GraphiQL assets need `python -m gateway assets` ({why})", file=sys.stderr)
        return 1
    try:
        result = install_assets(node_modules, force=args.force)
    except (AssetInstallError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    match result.action:
        case "installed":
            print(f"Installed GraphiQL assets into {result.node_modules}")
        case "up-to-date":
            print(
                f"GraphiQL assets are up to date in {result.node_modules} "
                f"(lock sha256 {result.digest[:12]}); nothing to do"
            )
        case unexpected:
            assert_never(unexpected)
    return 0

"""Command line of the gateway: `python -m gateway <command> ...`.

Each command lives in its own module under `gateway.cli` and exposes `main(argv) -> int`;
they are imported lazily so that `compose` never loads the server's dependencies.
"""

from __future__ import annotations

import importlib
import sys

COMMANDS = {
    "compose": "gateway.cli.compose",
    "serve": "gateway.cli.serve",
    "plan": "gateway.cli.plan",
    "assets": "gateway.cli.assets",
    "native": "gateway.cli.native",
}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in {"-h", "--help"} or args[0] not in COMMANDS:
        names = ", ".join(sorted(COMMANDS))
        print(f"usage: python -m gateway {{{names}}} [options]", file=sys.stderr)
        return 0 if args and args[0] in {"-h", "--help"} else 2
    module = importlib.import_module(COMMANDS[args[0]])
    code: int = module.main(args[1:])
    return code


if __name__ == "__main__":
    raise SystemExit(main())

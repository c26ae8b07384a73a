"""Grafbase's gateway for the benchmark: `python -m bench.runner.grafbase` with SUPERGRAPH and PORT.

Grafbase composes from subgraph SDLs itself, so this reads the composition config beside the
supergraph (`supergraph.graphql` → `supergraph.yaml`: routing URLs and SDL files), writes a
`grafbase.toml` and the SDLs into a temporary directory and replaces itself with the Rust engine
of Grafbase's CLI (`grafbase dev`, the same engine as grafbase-gateway) on one Tokio worker
thread, so that it runs on one core like every other target.

Grafbase refuses a subgraph that names `query: Query` in its schema definition without defining
`Query` (an entity-only subgraph): such SDLs are rewritten to `extend schema @link(...)`, which
means the same to every composer.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import yaml

from bench.runner.setup import JS_DIR

__all__ = ["BINARY", "grafbase_sdl", "write_config"]

BINARY = JS_DIR / "node_modules" / "@grafbase" / "cli-x86_64-unknown-linux-musl" / "grafbase"

_SCHEMA_BLOCK = re.compile(r"^schema(\s[^{]*)\{\s*query:\s*Query\s*\}", re.MULTILINE)


def grafbase_sdl(sdl: str) -> str:
    """`sdl` as Grafbase accepts it: entity-only subgraphs extend the schema instead."""
    if re.search(r"^(extend\s+)?type\s+Query\b", sdl, re.MULTILINE):
        return sdl
    return _SCHEMA_BLOCK.sub(lambda match: f"extend schema{match.group(1).rstrip()}", sdl)


def write_config(composition: Path, directory: Path) -> Path:
    """grafbase.toml (and the SDLs it names) for the subgraphs of a composition config."""
    config = yaml.safe_load(composition.read_text(encoding="utf-8"))
    lines: list[str] = []
    for name, subgraph in config["subgraphs"].items():
        source = composition.parent / subgraph["schema"]["file"]
        sdl_path = directory / f"{name}.graphql"
        sdl_path.write_text(grafbase_sdl(source.read_text(encoding="utf-8")), encoding="utf-8")
        lines += [f"[subgraphs.{name}]", f'url = "{subgraph["routing_url"]}"',
                  f'schema_path = "{sdl_path}"', ""]  # fmt: skip
    toml = directory / "grafbase.toml"
    toml.write_text("\n".join(lines), encoding="utf-8")
    return toml


def main() -> None:
    supergraph = Path(os.environ["SUPERGRAPH"])
    directory = Path(tempfile.mkdtemp(prefix="bench-grafbase-"))
    toml = write_config(supergraph.with_suffix(".yaml"), directory)
    env = {**os.environ, "TOKIO_WORKER_THREADS": "1", "RUST_LOG": "warn"}
    os.chdir(directory)  # `grafbase dev` keeps its state in ./.grafbase
    argv = [str(BINARY), "dev", "-c", str(toml), "-p", os.environ["PORT"]]
    os.execve(BINARY, argv, env)  # noqa: S606 - the pinned npm package's binary, fixed arguments


if __name__ == "__main__":
    main()

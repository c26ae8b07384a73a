"""`python -m gateway compose`: compose the subgraphs listed in a Rover-style supergraph.yaml.

Exit codes: 0 success, 1 composition errors (one line per error, starting with its code, on
stderr), 2 bad configuration or unreadable schema (a message on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request
from pathlib import Path

import yaml

from gateway.composition import CompositionFailure, SubgraphInput, compose

__all__ = ["ConfigError", "load_config", "main"]

SERVICE_QUERY = json.dumps({"query": "query SubgraphIntrospectQuery { _service { sdl } }"})


class ConfigError(Exception):
    """A bad supergraph.yaml or an unreadable subgraph schema (exit code 2)."""


def _fetch_sdl(url: str, timeout: float = 10.0) -> str:
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"subgraph_url must be an http(s) URL, got {url!r}")
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url,
        data=SERVICE_QUERY.encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme checked above
            body = json.loads(response.read())
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise ConfigError(f"cannot fetch the schema from {url}: {exc}") from None
    sdl = (((body or {}).get("data") or {}).get("_service") or {}).get("sdl")
    if not isinstance(sdl, str):
        raise ConfigError(f"{url} did not answer _service {{ sdl }}: {str(body)[:200]}")
    return sdl


def load_config(path: Path) -> list[SubgraphInput]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML: {exc}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("subgraphs"), dict):
        raise ConfigError(f"{path}: expected a mapping with a 'subgraphs' mapping")
    out: list[SubgraphInput] = []
    for name, entry in raw["subgraphs"].items():
        if not isinstance(entry, dict) or not isinstance(entry.get("schema"), dict):
            raise ConfigError(f"{path}: subgraph {name!r} needs a 'schema' mapping")
        schema = entry["schema"]
        url = entry.get("routing_url")
        if "file" in schema:
            file = path.parent / str(schema["file"])
            try:
                sdl = file.read_text(encoding="utf-8")
            except OSError as exc:
                raise ConfigError(
                    f"subgraph {name!r}: cannot read {file}: {exc.strerror}"
                ) from None
        elif "subgraph_url" in schema:
            sdl = _fetch_sdl(str(schema["subgraph_url"]))
            url = url or schema["subgraph_url"]
        else:
            raise ConfigError(f"{path}: subgraph {name!r} needs schema.file or schema.subgraph_url")
        if not isinstance(url, str):
            raise ConfigError(f"{path}: subgraph {name!r} needs a routing_url")
        out.append(SubgraphInput(name=str(name), url=url, sdl=sdl))
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m gateway compose", description=__doc__)
    parser.add_argument("--config", required=True, type=Path, help="Rover-style supergraph.yaml")
    parser.add_argument("--output", type=Path, default=None, help="write the supergraph here")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 0 if exc.code == 0 else 2
    try:
        subgraphs = load_config(args.config)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    result = compose(subgraphs)
    for hint in result.hints:
        print(f"hint: {hint.code}: {hint.message}", file=sys.stderr)
    if isinstance(result, CompositionFailure):
        for error in result.errors:
            print(f"{error.code}: {error.message}".replace("\n", " "), file=sys.stderr)
        return 1
    if args.output is None:
        sys.stdout.write(result.supergraph_sdl + "\n")
        return 0
    try:
        args.output.write_text(result.supergraph_sdl + "\n", encoding="utf-8")
    except OSError as exc:
        print(f"error: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
        return 2
    return 0

"""The last good supergraph from the registry, kept on disk for a start-up without the registry.

Two files, each replaced atomically (written beside, flushed, then renamed over the old one):
the SDL exactly as the registry served it (usable as `supergraph.file` too), and a JSON sidecar
`<file>.json` naming its version, ETag and sha256 (the supergraph id).  The SDL is written
first; a sidecar whose id does not match the SDL (a crash between the two writes) is ignored,
so the version is then unknown rather than wrong.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import orjson

from gateway.server.runtime.sources import SupergraphOrigin, decode_sdl

__all__ = ["CachedSupergraph", "SupergraphCache", "default_cache_file"]

logger = logging.getLogger(__name__)


def default_cache_file(graph: str, variant: str) -> Path:
    """Where the cache lives when `supergraph.registry.cache_file` is not set."""
    return Path.cwd() / ".data" / "registry" / f"{graph}@{variant}.graphql"


@dataclass(frozen=True, slots=True, kw_only=True)
class CachedSupergraph:
    sdl: str
    # source "cache", with the version and ETag the registry served it under (when known).
    origin: SupergraphOrigin
    saved_at: str | None = None


class SupergraphCache:
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.sidecar = self.path.with_name(self.path.name + ".json")

    def read(self) -> CachedSupergraph | None:
        """The cached supergraph, or None when there is none (or it cannot be read)."""
        try:
            sdl = decode_sdl(self.path.read_bytes())
        except OSError:
            return None
        version = etag = saved_at = None
        try:
            meta = orjson.loads(self.sidecar.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            meta = None
        if isinstance(meta, dict) and meta.get("id") == _digest(sdl):
            version = _text(meta.get("version"))
            etag = _text(meta.get("etag"))
            saved_at = _text(meta.get("saved_at"))
        elif meta is not None:
            logger.warning(
                "%s does not describe %s: its version is unknown", self.sidecar, self.path
            )
        origin = SupergraphOrigin(source="cache", version=version, etag=etag)
        return CachedSupergraph(sdl=sdl, origin=origin, saved_at=saved_at)

    def write(self, sdl: str, origin: SupergraphOrigin) -> None:
        """Keeps `sdl` (served under `origin`) as the last good supergraph; raises `OSError`."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        saved_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        meta = {
            "id": _digest(sdl),
            "version": origin.version,
            "etag": origin.etag,
            "saved_at": saved_at,
        }
        _replace(self.path, sdl.encode("utf-8"))
        _replace(self.sidecar, orjson.dumps(meta, option=orjson.OPT_INDENT_2))


def _digest(sdl: str) -> str:
    return hashlib.sha256(sdl.encode()).hexdigest()


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _replace(path: Path, data: bytes) -> None:
    """Writes `data` to `path` so that a reader sees the old file or the new one, never part."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise

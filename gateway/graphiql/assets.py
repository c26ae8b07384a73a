"""The files GraphiQL's page loads from `/graphiql/assets/`: an allow-list, nothing else.

Most come from npm packages installed next to this module (`python -m gateway assets`): the
React 18 UMD builds, GraphiQL 3's standalone bundle (the last GraphiQL major that still ships
one) and graphql-ws's browser client, which carries subscriptions over `graphql-transport-ws`.
The page's own script and style sheet are ours and live in `static/`.
A request names a public asset name, never a path, so nothing outside the list can be read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = [
    "ASSETS",
    "DEFAULT_NODE_MODULES",
    "PACKAGE_DIR",
    "Asset",
    "asset",
    "missing_assets",
    "node_modules_dir",
]

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_NODE_MODULES = PACKAGE_DIR / "node_modules"
STATIC_DIR = PACKAGE_DIR / "static"

_JS = "text/javascript; charset=utf-8"
_CSS = "text/css; charset=utf-8"


@dataclass(frozen=True, slots=True, kw_only=True)
class Asset:
    """One servable file: where it lives and how it is served."""

    # Relative to the node_modules folder (`vendor`) or to `static/` (ours).
    source: str
    content_type: str
    vendor: bool


ASSETS: dict[str, Asset] = {
    "react.production.min.js": Asset(
        source="react/umd/react.production.min.js", content_type=_JS, vendor=True
    ),
    "react-dom.production.min.js": Asset(
        source="react-dom/umd/react-dom.production.min.js", content_type=_JS, vendor=True
    ),
    "graphiql.min.js": Asset(source="graphiql/graphiql.min.js", content_type=_JS, vendor=True),
    "graphiql.min.css": Asset(source="graphiql/graphiql.min.css", content_type=_CSS, vendor=True),
    "graphql-ws.min.js": Asset(
        source="graphql-ws/umd/graphql-ws.min.js", content_type=_JS, vendor=True
    ),
    "page.js": Asset(source="page.js", content_type=_JS, vendor=False),
    "page.css": Asset(source="page.css", content_type=_CSS, vendor=False),
}


def node_modules_dir(assets_dir: str | None = None) -> Path:
    """The node_modules folder holding the npm packages (`graphiql.assets_dir` when set)."""
    return DEFAULT_NODE_MODULES if assets_dir is None else Path(assets_dir)


def _location(entry: Asset, assets_dir: str | None) -> Path:
    base = node_modules_dir(assets_dir) if entry.vendor else STATIC_DIR
    return base / entry.source


def missing_assets(assets_dir: str | None = None) -> tuple[str, ...]:
    """Names of the allow-listed assets whose file is absent (empty when installed)."""
    return tuple(
        name for name, entry in ASSETS.items() if not _location(entry, assets_dir).is_file()
    )


def asset(path: str, *, assets_dir: str | None = None) -> tuple[bytes, str] | None:
    """The bytes and content type of the asset named `path`, or None when there is none.

    `path` is what follows `/graphiql/assets/`; only the exact names in `ASSETS` are served.
    """
    entry = ASSETS.get(path)
    if entry is None:
        return None
    location = _location(entry, assets_dir)
    try:
        stat = location.stat()
    except OSError:
        return None
    # Keyed on size and mtime so a reinstall is picked up without a restart.
    try:
        body = _read(location, stat.st_size, stat.st_mtime_ns)
    except OSError:
        return None
    return body, entry.content_type


@lru_cache(maxsize=16)
def _read(location: Path, _size: int, _mtime_ns: int) -> bytes:
    return location.read_bytes()

"""Where a new supergraph comes from: a watched file or a URL polled with ETag.

A source answers each poll with `Fetched` (the SDL it holds now, and its `SupergraphOrigin`:
which kind of source, which version), `Unchanged`, or `Unreachable` (why it could not be read;
`denied` when the source refused the gateway's credentials).  It does not judge the SDL: the
watcher does, and it skips SDL it has already applied or refused.

`FileSource` compares a cheap fingerprint (mtime_ns, size) and reads the file only when it moved,
plus once more at the next poll: a writer caught half-way is read again once it has finished.
`UrlSource` sends `If-None-Match` with the last ETag; 304 means unchanged.  The registry's
source (`gateway.server.runtime.registry`) is a `UrlSource` with a token and its own messages.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

import aiohttp

__all__ = [
    "VERSION_HEADER",
    "Fetched",
    "FileSource",
    "OriginKind",
    "Poll",
    "SupergraphOrigin",
    "SupergraphSource",
    "Unchanged",
    "Unreachable",
    "UrlSource",
    "decode_sdl",
]

# The registry names the composition it serves in this header (the ETag is opaque).
VERSION_HEADER = "x-registry-version"

OriginKind = Literal["file", "url", "registry", "cache"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SupergraphOrigin:
    """Where the serving supergraph came from, as `/ready` reports it."""

    source: OriginKind
    # The registry's version (composition id), else the ETag; None for a file.
    version: str | None = None
    etag: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Fetched:
    sdl: str
    # What the source said of the version; not part of which supergraph it is.
    origin: SupergraphOrigin | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Unchanged:
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class Unreachable:
    reason: str
    # The source refused the gateway's credentials (401/403): a setting to fix, not an outage.
    denied: bool = False


Poll = Fetched | Unchanged | Unreachable


class SupergraphSource(Protocol):
    # Names the source in log lines (a path or URL, never a credential).
    @property
    def description(self) -> str: ...

    async def poll(self) -> Poll: ...

    async def close(self) -> None: ...


_FILE = SupergraphOrigin(source="file")


def decode_sdl(data: bytes) -> str:
    """SDL text with newlines as `Path.read_text` gives them, so the digest matches the SDL
    loaded at startup."""
    try:
        return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError:
        # Not SDL at all (or a multi-byte character cut by a writer): let the watcher refuse it.
        return data.decode("utf-8", errors="replace")


class FileSource:
    """A supergraph file on disk."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.description = str(self.path)
        self._seen: tuple[int, int] | None = None
        self._settled = False

    async def poll(self) -> Poll:
        try:
            stat = self.path.stat()
        except OSError as error:
            self._seen = None
            return Unreachable(reason=f"cannot read {self.path}: {error.strerror}")
        fingerprint = (stat.st_mtime_ns, stat.st_size)
        if fingerprint == self._seen:
            if self._settled:
                return Unchanged()
            self._settled = True  # the second look at this fingerprint: read it once more
        else:
            self._seen, self._settled = fingerprint, False
        try:
            data = await asyncio.to_thread(self.path.read_bytes)
        except OSError as error:
            self._seen = None
            return Unreachable(reason=f"cannot read {self.path}: {error.strerror}")
        return Fetched(sdl=decode_sdl(data), origin=_FILE)

    async def close(self) -> None:
        return None


class UrlSource:
    """A supergraph served over HTTP, polled with `If-None-Match`.

    `etag` is the version already serving (a 304 then means nothing new)."""

    kind: OriginKind = "url"

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 10.0,
        headers: Mapping[str, str] | None = None,
        etag: str | None = None,
    ) -> None:
        self.url = url
        self.description = url.split("?", 1)[0]  # a query string may carry a token
        self.timeout = timeout
        self.headers = dict(headers or {})
        self.etag = etag
        self._session: aiohttp.ClientSession | None = None

    def refused(self, status: int, reason: str) -> Unreachable:
        """Why an answer other than 200 and 304 leaves the supergraph as it is."""
        return Unreachable(reason=f"{self.description} answered {status} {reason}".rstrip())

    async def poll(self) -> Poll:
        headers = {"accept": "application/graphql, text/plain, */*", **self.headers}
        if self.etag is not None:
            headers["if-none-match"] = self.etag
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        try:
            async with self._session.get(self.url, headers=headers) as response:
                if response.status == 304:
                    return Unchanged()
                if response.status != 200:
                    return self.refused(response.status, response.reason or "")
                data = await response.read()
                etag = response.headers.get("etag")
                version = response.headers.get(VERSION_HEADER) or etag
        except TimeoutError:
            return Unreachable(reason=f"{self.description} did not answer within {self.timeout:g}s")
        except aiohttp.ClientError as error:
            return Unreachable(reason=f"{self.description} failed: {type(error).__name__}")
        # Kept even when the SDL turns out invalid: the same version is not worth fetching again.
        self.etag = etag
        origin = SupergraphOrigin(source=self.kind, version=version, etag=etag)
        return Fetched(sdl=decode_sdl(data), origin=origin)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

"""`FileSource` (fingerprint, half-written files) and `UrlSource` (ETag, failures)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from gateway.server import Gateway, gateway_from_sdl
from gateway.server.runtime.reload import Applied, Refused, SupergraphWatcher, Unavailable
from gateway.server.runtime.sources import Fetched, FileSource, Unchanged, Unreachable, UrlSource
from tests.support.servers import free_port, serve_in_thread

from .standins import INVALID_SDL, Registry, supergraph


def _touch_later(path: Path) -> None:
    """Moves the mtime on, so a rewrite with the same size is seen even on coarse clocks."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


async def test_file_is_read_when_it_changes_and_once_more_to_settle(tmp_path: Path) -> None:
    path = tmp_path / "supergraph.graphql"
    path.write_text("first")
    source = FileSource(path)
    assert await source.poll() == Fetched(sdl="first")
    # The second look at the same fingerprint reads again: a writer may have been mid-write.
    assert await source.poll() == Fetched(sdl="first")
    assert await source.poll() == Unchanged()
    assert await source.poll() == Unchanged()
    path.write_text("second, longer")
    assert await source.poll() == Fetched(sdl="second, longer")


async def test_a_half_written_file_is_read_again_at_the_next_poll(tmp_path: Path) -> None:
    path = tmp_path / "supergraph.graphql"
    path.write_text("type Query {")
    source = FileSource(path)
    assert await source.poll() == Fetched(sdl="type Query {")
    # The writer finishes without moving the fingerprint (same size, same mtime).
    stat = path.stat()
    path.write_text("type Query }")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert await source.poll() == Fetched(sdl="type Query }")


async def test_same_size_rewrite_is_seen_by_its_mtime(tmp_path: Path) -> None:
    path = tmp_path / "supergraph.graphql"
    path.write_text("aaaa")
    source = FileSource(path)
    await source.poll()
    await source.poll()
    path.write_text("bbbb")
    _touch_later(path)
    assert await source.poll() == Fetched(sdl="bbbb")


async def test_windows_newlines_read_like_read_text(tmp_path: Path) -> None:
    path = tmp_path / "supergraph.graphql"
    path.write_bytes(b"type Query {\r\n  a: Int\r\n}\r\n")
    assert await FileSource(path).poll() == Fetched(sdl=path.read_text())


async def test_a_missing_file_is_unreachable_until_it_appears(tmp_path: Path) -> None:
    path = tmp_path / "later.graphql"
    source = FileSource(path)
    polled = await source.poll()
    assert isinstance(polled, Unreachable)
    assert "cannot read" in polled.reason
    assert str(path) in polled.reason
    path.write_text("now")
    assert await source.poll() == Fetched(sdl="now")


@pytest.fixture
def registry() -> Iterator[tuple[Registry, str]]:
    registry = Registry()
    with serve_in_thread(registry.app()) as base:
        try:
            yield registry, f"{base}/supergraph"
        finally:
            registry.release.set()


async def test_url_is_polled_with_the_last_etag(registry: tuple[Registry, str]) -> None:
    server, url = registry
    source = UrlSource(url)
    try:
        assert await source.poll() == Fetched(sdl="v1 sdl")
        assert await source.poll() == Unchanged()
        server.sdl, server.etag = "v2 sdl", '"v2"'
        assert await source.poll() == Fetched(sdl="v2 sdl")
        assert await source.poll() == Unchanged()
    finally:
        await source.close()
    assert server.seen_if_none_match == [None, '"v1"', '"v1"', '"v2"']


async def test_url_errors_are_unreachable_and_name_the_status(
    registry: tuple[Registry, str],
) -> None:
    server, url = registry
    server.status = 503
    source = UrlSource(url + "?token=hush")
    try:
        polled = await source.poll()
    finally:
        await source.close()
    assert isinstance(polled, Unreachable)
    assert "503" in polled.reason
    assert "hush" not in polled.reason


async def test_a_closed_port_is_unreachable() -> None:
    source = UrlSource(f"http://127.0.0.1:{free_port()}/supergraph")
    try:
        polled = await source.poll()
    finally:
        await source.close()
    assert isinstance(polled, Unreachable)
    assert "ClientConnectorError" in polled.reason


async def test_a_hung_registry_times_out(registry: tuple[Registry, str]) -> None:
    server, url = registry
    server.hang.set()
    source = UrlSource(url, timeout=0.2)
    try:
        polled = await source.poll()
    finally:
        await source.close()
        server.release.set()
    assert isinstance(polled, Unreachable)
    assert "did not answer within 0.2s" in polled.reason


async def test_the_watcher_applies_a_registry_version_once(
    registry: tuple[Registry, str], caplog: pytest.LogCaptureFixture
) -> None:
    server, url = registry
    sdl_a = supergraph("A", "http://127.0.0.1:9/a", "http://127.0.0.1:9/b")
    sdl_b = supergraph("B", "http://127.0.0.1:9/a", "http://127.0.0.1:9/b")
    server.sdl, server.etag = sdl_b, '"b"'
    gateway = gateway_from_sdl(sdl_a)
    assert isinstance(gateway, Gateway), gateway
    watcher = SupergraphWatcher(gateway, source=UrlSource(url))
    try:
        assert isinstance(await watcher.check(), Applied)
        assert await watcher.check() == Unchanged()
        server.sdl, server.etag = INVALID_SDL, '"broken"'
        assert isinstance(await watcher.check(), Refused)
        assert await watcher.check() == Unchanged()
        server.status = 500
        assert isinstance(await watcher.check(), Unavailable)
    finally:
        await gateway.close()
        await watcher.stop()
    assert server.seen_if_none_match == [None, '"b"', '"b"', '"broken"', '"broken"']
    assert gateway.pipeline.supergraph.id == hashlib.sha256(sdl_b.encode()).hexdigest()

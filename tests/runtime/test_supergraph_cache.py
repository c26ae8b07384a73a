"""`SupergraphCache`: the registry's last good supergraph on disk, and the version beside it."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from gateway.server.runtime.sources import SupergraphOrigin
from gateway.server.runtime.supergraph_cache import SupergraphCache

SDL = "type Query {\n  a: Int\n}\n"
ORIGIN = SupergraphOrigin(source="registry", version="41", etag='"e41"')


def test_a_written_supergraph_is_read_back_with_its_version(tmp_path: Path) -> None:
    cache = SupergraphCache(tmp_path / "deeper" / "supergraph.graphql")
    cache.write(SDL, ORIGIN)
    cached = cache.read()
    assert cached is not None
    assert cached.sdl == SDL
    assert cached.origin == SupergraphOrigin(source="cache", version="41", etag='"e41"')
    assert cached.saved_at is not None
    # The SDL file is the registry's text as it was served: usable as `supergraph.file`.
    assert (tmp_path / "deeper" / "supergraph.graphql").read_bytes() == SDL.encode()


def test_rewriting_leaves_no_temporary_files(tmp_path: Path) -> None:
    cache = SupergraphCache(tmp_path / "supergraph.graphql")
    cache.write(SDL, ORIGIN)
    cache.write(SDL.replace("a", "b"), SupergraphOrigin(source="registry", version="42"))
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "supergraph.graphql",
        "supergraph.graphql.json",
    ]
    cached = cache.read()
    assert cached is not None
    assert cached.origin.version == "42"


def test_nothing_cached_reads_as_none(tmp_path: Path) -> None:
    assert SupergraphCache(tmp_path / "absent.graphql").read() is None


def test_a_sidecar_describing_another_sdl_leaves_the_version_unknown(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "supergraph.graphql"
    cache = SupergraphCache(path)
    cache.write(SDL, ORIGIN)
    path.write_text("type Query { replaced: Int }")  # a crash between the two writes, say
    with caplog.at_level(logging.WARNING):
        cached = cache.read()
    assert cached is not None
    assert cached.sdl == "type Query { replaced: Int }"
    assert cached.origin == SupergraphOrigin(source="cache")
    assert "its version is unknown" in caplog.text


def test_an_unwritable_place_raises_os_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(FileExistsError):
        SupergraphCache(blocker / "supergraph.graphql").write(SDL, ORIGIN)

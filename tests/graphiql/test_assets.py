"""`asset`: only the allow-listed names are served, with their content types."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.graphiql import ASSETS, asset, install_assets, missing_assets


@pytest.fixture(scope="module", autouse=True)
def _installed() -> None:
    install_assets()  # idempotent: nothing to do when `task assets` already ran


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("graphiql.min.js", "text/javascript; charset=utf-8"),
        ("graphiql.min.css", "text/css; charset=utf-8"),
        ("react.production.min.js", "text/javascript; charset=utf-8"),
        ("react-dom.production.min.js", "text/javascript; charset=utf-8"),
        ("graphql-ws.min.js", "text/javascript; charset=utf-8"),
        ("page.js", "text/javascript; charset=utf-8"),
        ("page.css", "text/css; charset=utf-8"),
    ],
)
def test_asset_serves_allow_listed_files_with_their_content_type(
    name: str, content_type: str
) -> None:
    found = asset(name)
    assert found is not None
    body, served_type = found
    assert served_type == content_type
    assert len(body) > 100


def test_asset_serves_graphiql_standalone_bundle() -> None:
    found = asset("graphiql.min.js")
    assert found is not None
    # The UMD bundle defines the global the page renders.
    assert b".GraphiQL=" in found[0]


def test_asset_serves_graphql_ws_browser_client() -> None:
    found = asset("graphql-ws.min.js")
    assert found is not None
    # The UMD build defines the global `graphqlWs` the page creates its socket client with.
    assert b".graphqlWs=" in found[0]
    assert b"createClient" in found[0]


@pytest.mark.parametrize(
    "path",
    [
        "",
        "../__init__.py",
        "../../config/model.py",
        "..%2F__init__.py",
        "/etc/passwd",
        "graphiql/graphiql.min.js",
        "react/umd/react.production.min.js",
        "graphiql/package.json",
        "./page.js",
        "page.js/",
        "PAGE.JS",
        "graphiql.min.js.map",
        "graphql-ws/umd/graphql-ws.min.js",
        "graphql-ws.js",
        "static/page.js",
        ".tutorgraph-assets.sha256",
    ],
)
def test_asset_refuses_anything_not_on_the_list(path: str) -> None:
    assert asset(path) is None


def test_asset_is_none_when_the_packages_are_not_installed(tmp_path: Path) -> None:
    empty = tmp_path / "node_modules"
    assert asset("graphiql.min.js", assets_dir=str(empty)) is None
    # The page's own files are not npm packages: they are always there.
    assert asset("page.js", assets_dir=str(empty)) is not None


def test_missing_assets_names_the_vendor_files_of_an_empty_folder(tmp_path: Path) -> None:
    missing = missing_assets(str(tmp_path / "node_modules"))
    assert set(missing) == {name for name, entry in ASSETS.items() if entry.vendor}
    assert missing_assets() == ()


def test_asset_reads_a_reinstalled_file_again(tmp_path: Path) -> None:
    modules = tmp_path / "node_modules"
    bundle = modules / "graphiql" / "graphiql.min.js"
    bundle.parent.mkdir(parents=True)
    bundle.write_bytes(b"first")
    assert asset("graphiql.min.js", assets_dir=str(modules)) == (
        b"first",
        "text/javascript; charset=utf-8",
    )
    bundle.write_bytes(b"second, longer")
    found = asset("graphiql.min.js", assets_dir=str(modules))
    assert found is not None
    assert found[0] == b"second, longer"

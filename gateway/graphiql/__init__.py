"""GraphiQL served by the gateway, offline, from npm packages installed with the project."""

from gateway.graphiql.assets import ASSETS, asset, missing_assets, node_modules_dir
from gateway.graphiql.install import (
    AssetInstallError,
    InstallResult,
    install_assets,
    lock_digest,
)
from gateway.graphiql.page import ASSETS_PREFIX, INSTALL_COMMAND, PAGE_CSP, graphiql_page

__all__ = [
    "ASSETS",
    "ASSETS_PREFIX",
    "INSTALL_COMMAND",
    "PAGE_CSP",
    "AssetInstallError",
    "InstallResult",
    "asset",
    "graphiql_page",
    "install_assets",
    "lock_digest",
    "missing_assets",
    "node_modules_dir",
]

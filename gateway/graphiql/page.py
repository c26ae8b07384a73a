"""The HTML page served at the GraphQL path to browsers: GraphiQL, or how to install it.

The page has no inline script: its settings travel in a JSON data block that `page.js` reads,
so it can be served with the strict `PAGE_CSP`.
"""

from __future__ import annotations

import html
import json

from gateway.config.model import GatewayConfig
from gateway.graphiql.assets import missing_assets

__all__ = ["ASSETS_PREFIX", "INSTALL_COMMAND", "PAGE_CSP", "graphiql_page"]

ASSETS_PREFIX = "/graphiql/assets/"
INSTALL_COMMAND = "python -m gateway assets"
# The Content-Security-Policy the page works under (checked in headless Chromium): scripts and
# requests only to the gateway itself ('self' in connect-src also covers the same host's ws: and
# wss:, where subscriptions go); GraphiQL sets inline styles and its fonts are data: URLs.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "font-src 'self' data:; img-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>GraphiQL · tutorgraph gateway</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{prefix}graphiql.min.css">
<link rel="stylesheet" href="{prefix}page.css">
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script id="graphiql-settings" type="application/json">{settings}</script>
<script src="{prefix}react.production.min.js"></script>
<script src="{prefix}react-dom.production.min.js"></script>
<script src="{prefix}graphiql.min.js"></script>
<script src="{prefix}graphql-ws.min.js"></script>
<script src="{prefix}page.js"></script>
</body>
</html>
"""

_NOT_INSTALLED = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>GraphiQL is not installed · tutorgraph gateway</title>
</head>
<body>
<h1>GraphiQL is not installed</h1>
<p>The gateway serves GraphiQL from npm packages installed with the project, and they are not
there ({missing}).</p>
<p>Install them (once, with access to the npm registry), restart the gateway and reload
this page:</p>
<pre><code>{command}</code></pre>
<p>or <code>task assets</code>. GraphQL requests to <code>{endpoint}</code> work without them.</p>
</body>
</html>
"""


def _script_json(value: object) -> str:
    """JSON safe inside a <script> element: `</script>` and `<!--` cannot appear in it."""
    text = json.dumps(value, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def graphiql_page(config: GatewayConfig) -> bytes:
    """GraphiQL against `config.server.graphql_path`, with the plan panel when plans are exposed.

    Subscriptions go over a WebSocket to the same path when `subscriptions.enabled`.

    When the npm assets are missing the page says so and names the command that installs them.
    """
    endpoint = config.server.graphql_path
    missing = missing_assets(config.graphiql.assets_dir)
    if missing:
        page = _NOT_INSTALLED.format(
            missing=html.escape(", ".join(missing) + " missing"),
            command=html.escape(INSTALL_COMMAND),
            endpoint=html.escape(endpoint),
        )
        return page.encode("utf-8")
    settings = {
        "endpoint": endpoint,
        "queryPlan": config.query_plan_exposed,
        "subscriptions": config.subscriptions.enabled,
    }
    page = _PAGE.format(prefix=ASSETS_PREFIX, settings=_script_json(settings))
    return page.encode("utf-8")

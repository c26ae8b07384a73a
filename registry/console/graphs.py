"""The console's home (every graph and variant the viewer may read) and a variant's overview:
its subgraphs, the served composition and the latest checks."""

from __future__ import annotations

from starlette.responses import Response

from registry.console.auth import Viewer
from registry.console.context import Console
from registry.console.layout import document, e, url
from registry.model import Scope

__all__ = ["home_page", "variant_crumbs", "variant_page", "variant_tabs"]


def variant_crumbs(graph: str, variant: str) -> tuple[tuple[str, str], ...]:
    """The breadcrumbs of a variant's pages: the graphs, then the variant."""
    return (
        ("Graphs", "/console/"),
        (f"{graph}@{variant}", url("graphs", graph, "variants", variant)),
    )


def variant_tabs(graph: str, variant: str) -> str:
    links = (
        ("Overview", url("graphs", graph, "variants", variant)),
        ("Schema", url("graphs", graph, "variants", variant, "schema")),
        ("History", url("graphs", graph, "variants", variant, "history")),
        ("Checks", url("graphs", graph, "variants", variant, "checks")),
        ("Operations", url("graphs", graph, "variants", variant, "operations")),
    )
    items = "".join(f'<li><a href="{e(href)}">{e(label)}</a></li>' for label, href in links)
    return f'<nav aria-label="Variant"><ul class="tabs">{items}</ul></nav>'


async def home_page(console: Console, viewer: Viewer) -> Response:
    rows = []
    for graph, variants in await console.store.graphs():
        visible = [v for v in variants if viewer.grant.allows(Scope.READ, graph, v)]
        for variant in visible:
            served = await console.store.served_supergraph(graph, variant)
            subgraphs = await console.store.current_subgraphs(graph, variant)
            href = url("graphs", graph, "variants", variant)
            rows.append(
                f'<tr><td>{e(graph)}</td><td><a href="{e(href)}">'
                f'{e(variant)}</a></td><td class="num">{len(subgraphs)}</td>'
                f"<td>{'composition ' + str(served.composition_id) if served else 'nothing yet'}"
                "</td></tr>"
            )
    body = (
        "<table><caption>Graphs and variants you may read</caption><thead><tr>"
        '<th scope="col">Graph</th><th scope="col">Variant</th>'
        '<th scope="col" class="num">Subgraphs</th><th scope="col">Serves</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        if rows
        else "<p>No graph yet: publish a subgraph with <code>registry subgraph publish</code>.</p>"
    )
    return document("Graphs", body, signed=viewer.signed)


async def variant_page(console: Console, viewer: Viewer, graph: str, variant: str) -> Response:
    subgraphs = await console.store.current_subgraphs(graph, variant)
    served = await console.store.served_supergraph(graph, variant)
    checks = await console.store.checks(graph, variant, limit=5)
    rows = "".join(
        f"<tr><td>{e(v.subgraph)}</td><td><code>{e(v.routing_url)}</code></td>"
        f'<td><a href="{e(url("graphs", graph, "variants", variant, "versions", v.id))}">'
        f"version {v.id}</a></td><td>{e(v.created_at.strftime('%Y-%m-%d %H:%M'))}</td></tr>"
        for v in subgraphs
    )
    latest = "".join(
        f'<li><a href="{e(url("checks", c.id))}">check {c.id}</a> of {e(c.record.subgraph)}: '
        f'<span class="{"passed" if c.record.passed else "failed"}">'
        f"{'passed' if c.record.passed else 'failed'}</span></li>"
        for c in checks
    )
    body = (
        variant_tabs(graph, variant)
        + "<p>Serves "
        + (f"composition {served.composition_id}" if served else "no supergraph yet")
        + '.</p><h2>Subgraphs</h2><table><thead><tr><th scope="col">Subgraph</th>'
        '<th scope="col">Routing URL</th><th scope="col">Current version</th>'
        f'<th scope="col">Published (UTC)</th></tr></thead><tbody>{rows}</tbody></table>'
        + "<h2>Latest checks</h2>"
        + (f"<ul>{latest}</ul>" if latest else "<p>No checks yet.</p>")
    )
    return document(
        f"{graph}@{variant}",
        body,
        signed=viewer.signed,
        crumbs=(("Graphs", "/console/"),),
    )

"""The schema explorer: the served supergraph's API types with their fields, descriptions,
deprecations, owning subgraphs, and each field's requests over the usage window."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from urllib.parse import quote

from starlette.responses import Response

from registry.console.auth import Viewer
from registry.console.context import Console
from registry.console.graphs import variant_tabs
from registry.console.layout import document, e, url
from registry.console.schema_view import TypeView, schema_view

__all__ = ["explorer_page"]


def _requests(coordinate: str, usage: dict[str, int], base: str, linked: bool) -> str:
    count = usage.get(coordinate, 0)
    if not linked:
        return str(count)
    href = f"{base}/{quote(coordinate)}"
    return f'<a href="{e(href)}" aria-label="Usage of {e(coordinate)}: {count}">{count}</a>'


def _type_section(view: TypeView, usage: dict[str, int], base: str) -> str:
    # Fields of output types have usage over time; enum values and input fields are only counted.
    linked = view.kind in ("type", "interface")
    rows = []
    for field in view.fields:
        coordinate = f"{view.name}.{field.name}"
        signature = f"({field.arguments})" if field.arguments else ""
        deprecated = (
            f'<p class="deprecated">Deprecated: {e(field.deprecated)}</p>'
            if field.deprecated
            else ""
        )
        description = f"<p>{e(field.description)}</p>" if field.description else ""
        rows.append(
            f'<tr><th scope="row"><code>{e(field.name)}{e(signature)}</code></th>'
            f"<td><code>{e(field.type)}</code></td><td>{description}{deprecated}</td>"
            f'<td class="owners">{e(", ".join(field.owners))}</td>'
            f'<td class="num">{_requests(coordinate, usage, base, linked)}</td></tr>'
        )
    description = f"<p>{e(view.description)}</p>" if view.description else ""
    owners = f' <span class="owners">({e(", ".join(view.owners))})</span>' if view.owners else ""
    table = (
        '<table><thead><tr><th scope="col">Field</th><th scope="col">Type</th>'
        '<th scope="col">Description</th><th scope="col">Subgraphs</th>'
        f'<th scope="col" class="num">Requests</th></tr></thead><tbody>{"".join(rows)}</tbody>'
        "</table>"
        if rows
        else ""
    )
    return (
        f'<section id="type-{e(view.name)}" aria-labelledby="h-{e(view.name)}">'
        f'<h2 id="h-{e(view.name)}">{e(view.kind)} {e(view.name)}{owners}</h2>'
        f"{description}{table}</section>"
    )


async def explorer_page(console: Console, viewer: Viewer, graph: str, variant: str) -> Response:
    await console.store.current_subgraphs(graph, variant)  # NotFound for an unknown variant
    served = await console.store.served_supergraph(graph, variant)
    crumbs = (
        ("Graphs", "/console/"),
        (f"{graph}@{variant}", url("graphs", graph, "variants", variant)),
    )
    if served is None:
        return document(
            "Schema",
            variant_tabs(graph, variant) + "<p>This variant serves no supergraph yet.</p>",
            signed=viewer.signed,
            crumbs=crumbs,
        )
    days = console.settings.check_window_days
    views = await asyncio.to_thread(schema_view, served.sdl)
    usage: dict[str, int] = {}
    for operation in await console.store.used_operations(
        graph, variant, window=timedelta(days=days)
    ):
        for coordinate in operation.coordinates:
            usage[coordinate] = usage.get(coordinate, 0) + operation.count
    index = "".join(f'<li><a href="#type-{e(v.name)}">{e(v.name)}</a></li>' for v in views)
    body = (
        variant_tabs(graph, variant)
        + f"<p>Composition {served.composition_id}; requests are the last {days} days.</p>"
        + f'<nav aria-label="Types"><ul class="types">{index}</ul></nav>'
        + "".join(
            _type_section(v, usage, url("graphs", graph, "variants", variant, "schema", "fields"))
            for v in views
        )
    )
    return document(f"Schema of {graph}@{variant}", body, signed=viewer.signed, crumbs=crumbs)

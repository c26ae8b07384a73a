"""The schema explorer: the served supergraph's API types with their fields, descriptions,
deprecations, owning subgraphs, and each field's requests over the usage window.

A GET search form narrows it: `q` keeps the types whose name holds it (ignoring case) with all
their members, and the other types with a member (field, enum value, input field) whose name
holds it with only those; `descriptions=1` searches descriptions too. A blank `q` shows
everything; one too long (over `MAX_QUERY`) or not printable is ignored and named."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta
from urllib.parse import quote

from starlette.datastructures import QueryParams
from starlette.responses import Response

from registry.console.auth import Viewer
from registry.console.context import Console
from registry.console.forms import choice, ignored_notice, text_value
from registry.console.graphs import variant_crumbs, variant_tabs
from registry.console.layout import document, e, url
from registry.console.schema_view import TypeView, schema_view, search

__all__ = ["MAX_QUERY", "explorer_page"]

MAX_QUERY = 200


def _marked(name: str, text: str | None) -> str:
    """`name` escaped, each occurrence of `text` in it (ignoring case) in a `<mark>`."""
    if not text:
        return e(name)
    pieces = re.split(f"({re.escape(text)})", name, flags=re.IGNORECASE)
    # split() with a group alternates the text between matches and the matches.
    return "".join(f"<mark>{e(p)}</mark>" if i % 2 else e(p) for i, p in enumerate(pieces))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _search_form(text: str | None, descriptions: bool, ignored: list[str], base: str) -> str:
    checked = " checked" if descriptions else ""
    clear = f' <a href="{e(base)}">Show every type</a>' if text else ""
    return (
        ignored_notice(ignored) + '<form method="get" class="search" role="search"><p>'
        '<label for="q">Find types and fields</label> '
        f'<input type="search" id="q" name="q" value="{e(text or "")}" maxlength="{MAX_QUERY}"> '
        f'<input type="checkbox" id="descriptions" name="descriptions" value="1"{checked}> '
        '<label for="descriptions">in descriptions too</label> '
        f'<button type="submit">Search</button>{clear}</p></form>'
    )


def _requests(coordinate: str, usage: dict[str, int], base: str, linked: bool) -> str:
    count = usage.get(coordinate, 0)
    if not linked:
        return str(count)
    href = f"{base}/{quote(coordinate)}"
    return f'<a href="{e(href)}" aria-label="Usage of {e(coordinate)}: {count}">{count}</a>'


def _type_section(view: TypeView, usage: dict[str, int], base: str, text: str | None) -> str:
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
            f'<tr><th scope="row"><code>{_marked(field.name, text)}{e(signature)}</code></th>'
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
        f'<h2 id="h-{e(view.name)}">{e(view.kind)} {_marked(view.name, text)}{owners}</h2>'
        f"{description}{table}</section>"
    )


async def explorer_page(
    console: Console,
    viewer: Viewer,
    graph: str,
    variant: str,
    query: QueryParams | None = None,
) -> Response:
    await console.store.current_subgraphs(graph, variant)  # NotFound for an unknown variant
    served = await console.store.served_supergraph(graph, variant)
    crumbs = variant_crumbs(graph, variant)
    if served is None:
        return document(
            "Schema",
            variant_tabs(graph, variant) + "<p>This variant serves no supergraph yet.</p>",
            signed=viewer.signed,
            crumbs=crumbs,
        )
    query = query or QueryParams()
    ignored: list[str] = []
    text = text_value((query.get("q") or "").strip(), "q", ignored, limit=MAX_QUERY)
    descriptions = choice(query.get("descriptions"), "descriptions", ("1", "on"), ignored)
    days = console.settings.check_window_days
    views = await asyncio.to_thread(schema_view, served.sdl)
    usage: dict[str, int] = {}
    for operation in await console.store.used_operations(
        graph, variant, window=timedelta(days=days)
    ):
        for coordinate in operation.coordinates:
            usage[coordinate] = usage.get(coordinate, 0) + operation.count
    found = ""
    if text is not None:
        result = search(views, text, descriptions=descriptions is not None)
        views = result.types
        if views:
            found = (
                f'<p role="status">{_count(result.type_matches, "type")} and '
                f"{_count(result.member_matches, 'field')} match “{e(text)}”"
                + (" (names or descriptions)" if descriptions else "")
                + f"; {_count(len(views), 'type')} shown.</p>"
            )
        else:
            found = f'<p role="status">No type or field matches “{e(text)}”.</p>'
    base = url("graphs", graph, "variants", variant, "schema")
    index = "".join(
        f'<li><a href="#type-{e(v.name)}">{_marked(v.name, text)}</a></li>' for v in views
    )
    body = (
        variant_tabs(graph, variant)
        + _search_form(text, descriptions is not None, ignored, base)
        + found
        + f"<p>Composition {served.composition_id}; requests are the last {days} days.</p>"
        + (f'<nav aria-label="Types"><ul class="types">{index}</ul></nav>' if index else "")
        + "".join(_type_section(v, usage, base + "/fields", text) for v in views)
    )
    return document(f"Schema of {graph}@{variant}", body, signed=viewer.signed, crumbs=crumbs)

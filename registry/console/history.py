"""A variant's history: its published versions and compositions, and one version's page with
its side-by-side SDL diff against the subgraph's previous version and the composition it made.

The history lists both newest first, `PAGE` to a page, each paged on its own by id (a
publish makes a version and a composition, but a deletion only a composition, so their ids
do not go together): `before=<version id>` shows the versions older than that one and
`after=<version id>` the page just newer; `compositions_before` and `compositions_after` do the
same for the compositions. Each list's "Newer" / "Older" / "Newest" links keep the other's
position. A value that is no id (not digits, zero, past a bigint) is ignored and named."""

from __future__ import annotations

import asyncio

from starlette.datastructures import QueryParams
from starlette.responses import Response

from registry.console.auth import Viewer
from registry.console.context import Console
from registry.console.diff import side_by_side
from registry.console.forms import ignored_notice
from registry.console.graphs import variant_crumbs, variant_tabs
from registry.console.layout import document, e, url
from registry.console.paging import cursor, page_links, page_of
from registry.model import Composition, CompositionProblem

__all__ = ["PAGE", "history_page", "problems", "version_page"]

PAGE = 50


def _where(problem: CompositionProblem) -> str:
    line = f"line {problem.locations[0][0]}:{problem.locations[0][1]}" if problem.locations else ""
    return ", ".join(part for part in (problem.subgraph or "", line) if part)


def problems(items: tuple[CompositionProblem, ...]) -> str:
    """Composition errors or hints as a list: code, subgraph and line, message."""
    rows = "".join(
        f"<li><code>{e(p.code)}</code> "
        + (f"({e(_where(p))}) " if _where(p) else "")
        + f"{e(p.message)}</li>"
        for p in items
    )
    return f"<ul>{rows}</ul>"


def _none(what: str, *, first: bool) -> str:
    return f"<p>No {what} yet.</p>" if first else f"<p>No {what} on this page.</p>"


async def history_page(
    console: Console,
    viewer: Viewer,
    graph: str,
    variant: str,
    query: QueryParams | None = None,
) -> Response:
    query = query or QueryParams()
    ignored: list[str] = []
    at_versions = cursor(query, "a version id", ignored)
    at_compositions = cursor(
        query,
        "a composition id",
        ignored,
        before_key="compositions_before",
        after_key="compositions_after",
    )
    store = console.store
    versions = await page_of(
        lambda before, after, limit: store.variant_versions(
            graph, variant, limit=limit, before=before, after=after
        ),
        at_versions,
        PAGE,
        lambda v: v.id,
    )
    compositions = await page_of(
        lambda before, after, limit: store.compositions(
            graph, variant, limit=limit, before=before, after=after
        ),
        at_compositions,
        PAGE,
        lambda c: c.id,
    )
    version_rows = "".join(
        f'<tr><td><a href="{e(url("graphs", graph, "variants", variant, "versions", v.id))}">'
        f"version {v.id}</a></td><td>{e(v.subgraph)}</td>"
        f"<td>{e(v.created_at.strftime('%Y-%m-%d %H:%M'))}</td><td>{e(v.author)}</td>"
        f"<td><code>{e(v.commit[:12])}</code></td><td><code>{e(v.sdl_hash[:12])}</code></td></tr>"
        for v in versions.rows
    )
    composition_rows = "".join(
        f'<tr><td>{c.id}</td><td class="{e(c.status)}">{e(c.status)}</td>'
        f"<td>{e(c.trigger)}</td><td>{e(c.created_at.strftime('%Y-%m-%d %H:%M'))}</td>"
        f"<td>{len(c.errors)}</td></tr>"
        for c in compositions.rows
    )
    path = url("graphs", graph, "variants", variant, "history")
    version_table = (
        '<table><thead><tr><th scope="col">Version</th>'
        '<th scope="col">Subgraph</th><th scope="col">Published (UTC)</th>'
        '<th scope="col">Author</th><th scope="col">Commit</th><th scope="col">SDL hash</th>'
        f"</tr></thead><tbody>{version_rows}</tbody></table>"
        if version_rows
        else _none("versions", first=versions.first)
    )
    composition_table = (
        '<table><thead><tr><th scope="col">Id</th>'
        '<th scope="col">Status</th><th scope="col">Trigger</th>'
        '<th scope="col">When (UTC)</th><th scope="col">Errors</th></tr></thead>'
        f"<tbody>{composition_rows}</tbody></table>"
        if composition_rows
        else _none("compositions", first=compositions.first)
    )
    body = (
        variant_tabs(graph, variant)
        + ignored_notice(ignored)
        + '<h2 id="versions">Published versions</h2>'
        + version_table
        + page_links(versions, at_versions, path, at_compositions.params, "versions", "versions")
        + '<h2 id="compositions">Compositions</h2>'
        + composition_table
        + page_links(
            compositions, at_compositions, path, at_versions.params, "compositions", "compositions"
        )
    )
    return document(
        f"History of {graph}@{variant}",
        body,
        signed=viewer.signed,
        crumbs=variant_crumbs(graph, variant),
    )


def _composition(composition: Composition | None) -> str:
    if composition is None:
        return "<p>No composition took this version.</p>"
    out = (
        f'<p>Composition {composition.id}: <span class="{e(composition.status)}">'
        f"{e(composition.status)}</span> ({e(composition.trigger)}).</p>"
    )
    if composition.errors:
        out += "<h3>Errors</h3>" + problems(composition.errors)
    if composition.hints:
        out += "<h3>Hints</h3>" + problems(composition.hints)
    return out


async def version_page(
    console: Console, viewer: Viewer, graph: str, variant: str, version_id: int
) -> Response:
    version, before = await console.store.version_with_previous(graph, variant, version_id)
    composition = await console.store.composition_of_version(
        graph, variant, version.subgraph, version.id
    )
    diff = await asyncio.to_thread(
        side_by_side,
        before.sdl if before else "",
        version.sdl,
        before_label=f"version {before.id}" if before else "(nothing before)",
        after_label=f"version {version.id}",
    )
    body = (
        variant_tabs(graph, variant)
        + f"<p>{e(version.subgraph)} at <code>{e(version.routing_url)}</code>, published "
        f"{e(version.created_at.strftime('%Y-%m-%d %H:%M'))} UTC by {e(version.author)}"
        + (f", commit <code>{e(version.commit)}</code>" if version.commit else "")
        + ".</p><h2>Composition</h2>"
        + _composition(composition)
        + "<h2>Changes to the SDL</h2>"
        + diff
    )
    return document(
        f"{version.subgraph} version {version.id}",
        body,
        signed=viewer.signed,
        crumbs=(
            *variant_crumbs(graph, variant),
            ("History", url("graphs", graph, "variants", variant, "history")),
        ),
    )

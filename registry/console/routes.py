"""The console's routes, each signed-in page behind the session check and each form post behind
the same-origin and CSRF checks; a missing graph, variant, version or check is a 404 page."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from registry.checks.run import approve_check
from registry.console.auth import Viewer, csrf_ok, form, same_origin, sign_in, sign_out, viewer
from registry.console.checks import approvable, check_page, checks_page
from registry.console.context import Console
from registry.console.explorer import explorer_page
from registry.console.graphs import home_page, variant_page
from registry.console.history import history_page, version_page
from registry.console.layout import document, e, error_page, secure, url
from registry.console.operations import field_page, operations_page
from registry.model import Scope
from registry.store.repository import NotFound

__all__ = ["console_routes"]

_STATIC = Path(__file__).parent / "static"
_ASSETS = {"console.css": "text/css; charset=utf-8", "favicon.svg": "image/svg+xml"}

Page = Callable[[Console, Viewer, str, str], Awaitable[Response]]
QueriedPage = Callable[[Console, Viewer, str, str, QueryParams], Awaitable[Response]]


def _sign_in_form(message: str = "", status: int = 200) -> Response:
    problem = f'<p class="problem" role="alert">{e(message)}</p>' if message else ""
    return document(
        "Sign in",
        problem + '<form method="post" action="/console/sign-in"><p>'
        '<label for="token">Registry token, or a platform JWT with the admin scope</label><br>'
        '<input type="password" id="token" name="token" autocomplete="off" required '
        'autofocus></p><p><button type="submit" class="primary">Sign in</button></p></form>',
        signed=None,
        status=status,
    )


def console_routes(console: Console) -> list[BaseRoute]:
    async def who(request: Request) -> Viewer | None:
        return await viewer(request, console.store, console.signer)

    def page(handler: Page) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            signed_in = await who(request)
            if signed_in is None:
                return secure(RedirectResponse("/console/sign-in", status_code=303))
            graph = request.path_params["graph"]
            variant = request.path_params["variant"]
            if not signed_in.grant.allows(Scope.READ, graph, variant):
                return error_page(
                    403, f"You may not read {graph}@{variant}.", signed=signed_in.signed
                )
            try:
                return await handler(console, signed_in, graph, variant)
            except NotFound as exc:
                return error_page(404, str(exc).capitalize() + ".", signed=signed_in.signed)

        return endpoint

    async def home(request: Request) -> Response:
        signed_in = await who(request)
        if signed_in is None:
            return secure(RedirectResponse("/console/sign-in", status_code=303))
        return await home_page(console, signed_in)

    async def to_home(_: Request) -> Response:
        return secure(RedirectResponse("/console/", status_code=307))

    async def sign_in_page(request: Request) -> Response:
        if request.method in ("GET", "HEAD"):
            return _sign_in_form()
        if not same_origin(request, console.settings.public_url):
            return error_page(403, "Sign in from the console's own page.")
        fields = await form(request)
        if fields is None or not fields.get("token", "").strip():
            return _sign_in_form("Enter a token.", status=400)
        answer = await sign_in(
            request,
            fields["token"].strip(),
            store=console.store,
            signer=console.signer,
            settings=console.settings,
        )
        if answer is None:
            return _sign_in_form("That token is unknown, revoked or expired.", status=401)
        return answer

    async def sign_out_page(request: Request) -> Response:
        signed_in = await who(request)
        fields = await form(request)
        if signed_in is not None and (
            fields is None
            or not csrf_ok(request, fields, signed_in.session, console.settings.public_url)
        ):
            return error_page(403, "The form expired; sign out again.", signed=signed_in.signed)
        return sign_out(request, console.settings)

    def _version_page(request: Request) -> Page:
        raw = request.path_params["id"]

        async def handler(c: Console, v: Viewer, graph: str, variant: str) -> Response:
            if not raw.isdigit() or len(raw) > 18:
                return error_page(404, f"No version {raw}.", signed=v.signed)
            return await version_page(c, v, graph, variant, int(raw))

        return handler

    def _field_page(request: Request) -> Page:
        coordinate = request.path_params["coordinate"]

        async def handler(c: Console, v: Viewer, graph: str, variant: str) -> Response:
            return await field_page(c, v, graph, variant, coordinate)

        return handler

    def queried(handler: QueriedPage) -> Callable[[Request], Awaitable[Response]]:
        """A page that reads its GET form's parameters."""

        async def endpoint(request: Request) -> Response:
            async def bound(c: Console, v: Viewer, graph: str, variant: str) -> Response:
                return await handler(c, v, graph, variant, request.query_params)

            return await page(bound)(request)

        return endpoint

    async def field(request: Request) -> Response:
        return await page(_field_page(request))(request)

    async def version(request: Request) -> Response:
        return await page(_version_page(request))(request)

    async def check(request: Request) -> Response:
        signed_in = await who(request)
        if signed_in is None:
            return secure(RedirectResponse("/console/sign-in", status_code=303))
        raw = request.path_params["id"]
        try:
            if not raw.isdigit() or len(raw) > 18:
                raise NotFound(f"no check {raw}")
            stored = await console.store.check(int(raw))
        except NotFound:
            return error_page(404, f"No check {raw}.", signed=signed_in.signed)
        if not signed_in.grant.allows(Scope.READ, stored.graph, stored.variant):
            return error_page(403, f"You may not read check {raw}.", signed=signed_in.signed)
        if request.method in ("GET", "HEAD"):
            return await check_page(console, signed_in, stored)
        fields = await form(request)
        if fields is None or not csrf_ok(
            request, fields, signed_in.session, console.settings.public_url
        ):
            return error_page(
                403,
                "The form expired or came from elsewhere; reload the check and approve again.",
                signed=signed_in.signed,
            )
        if not signed_in.grant.allows(Scope.ADMIN, stored.graph, stored.variant):
            return error_page(403, "Only an admin may approve a check.", signed=signed_in.signed)
        if not approvable(stored):
            return error_page(
                400, "This check has nothing to approve (or no context).", signed=signed_in.signed
            )
        await approve_check(console.store, stored, by=signed_in.grant.name)
        return secure(RedirectResponse(url("checks", stored.id), status_code=303))

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in _ASSETS:
            return error_page(404, "No such file.")
        response = Response((_STATIC / name).read_bytes(), media_type=_ASSETS[name])
        response.headers["Cache-Control"] = "public, max-age=3600"
        return secure(response)

    variant = "/console/graphs/{graph}/variants/{variant}"
    return [
        Route("/console", to_home, methods=["GET"]),
        Route("/console/", home, methods=["GET"]),
        Route("/console/sign-in", sign_in_page, methods=["GET", "POST"]),
        Route("/console/sign-out", sign_out_page, methods=["POST"]),
        Route("/console/static/{name}", asset, methods=["GET"]),
        Route(variant, page(variant_page), methods=["GET"]),
        Route(variant + "/schema", queried(explorer_page), methods=["GET"]),
        Route(variant + "/schema/fields/{coordinate}", field, methods=["GET"]),
        Route(variant + "/history", queried(history_page), methods=["GET"]),
        Route(variant + "/checks", queried(checks_page), methods=["GET"]),
        Route(variant + "/operations", queried(operations_page), methods=["GET"]),
        Route(variant + "/versions/{id}", version, methods=["GET"]),
        Route("/console/checks/{id}", check, methods=["GET"]),
        Route("/console/checks/{id}/approve", check, methods=["POST"]),
    ]

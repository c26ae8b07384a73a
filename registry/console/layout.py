"""The console's page frame: the document, its navigation, the security headers every answer
carries, and the escaping helpers the pages build HTML with."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from urllib.parse import quote

from starlette.responses import HTMLResponse, Response

__all__ = ["CSP", "Signed", "document", "e", "error_page", "secure", "url"]

# Nothing inline, nothing from elsewhere, never framed: the pages need no script at all.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; "
    "frame-ancestors 'none'"
)


def e(value: object) -> str:
    return escape(str(value), quote=True)


def url(*parts: object) -> str:
    """A console path with every part escaped for a URL."""
    return "/console/" + "/".join(quote(str(p), safe="") for p in parts)


def secure(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Not no-referrer: with it browsers send `Origin: null` on form posts, and the same-origin
    # check of every post needs the real origin.
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers.setdefault("Cache-Control", "no-store")
    return response


class Signed:
    """Who the page is for: the name shown, and the CSRF token of the sign-out form."""

    __slots__ = ("csrf", "name", "scope")

    def __init__(self, name: str, scope: str, csrf: str) -> None:
        self.name = name
        self.scope = scope
        self.csrf = csrf


def document(
    title: str,
    body: str,
    *,
    signed: Signed | None,
    crumbs: Iterable[tuple[str, str]] = (),
    status: int = 200,
) -> Response:
    trail = "".join(f'<li><a href="{e(href)}">{e(label)}</a></li>' for label, href in crumbs)
    account = ""
    if signed is not None:
        account = (
            f'<p class="who">{e(signed.name)} <span class="scope">{e(signed.scope)}</span></p>'
            '<form method="post" action="/console/sign-out" class="inline">'
            f'<input type="hidden" name="csrf" value="{e(signed.csrf)}">'
            '<button type="submit">Sign out</button></form>'
        )
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)} · Registry console</title>"
        '<link rel="icon" href="/console/static/favicon.svg" type="image/svg+xml">'
        '<link rel="stylesheet" href="/console/static/console.css"></head><body>'
        '<a class="skip" href="#main">Skip to content</a>'
        '<header class="top"><a class="brand" href="/console/">Registry console</a>'
        f"{account}</header>"
        f'<nav aria-label="Breadcrumb"><ol class="crumbs">{trail}</ol></nav>'
        f'<main id="main" tabindex="-1"><h1>{e(title)}</h1>{body}</main></body></html>'
    )
    return secure(HTMLResponse(page, status_code=status))


def error_page(status: int, message: str, *, signed: Signed | None = None) -> Response:
    titles = {400: "Bad request", 403: "Forbidden", 404: "Not found", 401: "Sign in required"}
    return document(
        titles.get(status, "Error"),
        f'<p class="problem" role="alert">{e(message)}</p>'
        '<p><a href="/console/">Back to the graphs</a></p>',
        signed=signed,
        status=status,
    )

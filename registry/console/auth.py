"""Signing in to the console with a registry token or the platform's JWT (admin scope), the
session cookie it sets, and the checks a form post must pass (same origin, CSRF token).

A registry token grants what it grants on the API; a platform JWT whose holder has the `admin`
scope grants `admin` on every graph. The cookie is HttpOnly, SameSite=Strict, limited to
`/console`, and Secure when the console is reached over HTTPS.
"""

from __future__ import annotations

import hmac
import time
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import jwt
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from registry.console.layout import Signed, secure
from registry.console.session import COOKIE, SESSION_SECONDS, Session, SessionSigner
from registry.model import Grant, Scope
from registry.settings import RegistrySettings
from registry.store.repository import RegistryStore, hash_token
from shared.auth import ROLE_SCOPES, verify_token

__all__ = ["Viewer", "csrf_ok", "form", "same_origin", "sign_in", "sign_out", "viewer"]

_MAX_FORM_BYTES = 16 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class Viewer:
    """A signed-in person: what they may do and their session (for its CSRF token)."""

    grant: Grant
    session: Session

    @property
    def signed(self) -> Signed:
        return Signed(self.grant.name, self.grant.scope.label, self.session.csrf)


async def viewer(request: Request, store: RegistryStore, signer: SessionSigner) -> Viewer | None:
    session = signer.decode(request.cookies.get(COOKIE))
    if session is None:
        return None
    if session.kind == "jwt":
        return Viewer(grant=Grant(name=session.subject, scope=Scope.ADMIN), session=session)
    grant = await store.grant_by_hash(session.subject)
    return None if grant is None else Viewer(grant=grant, session=session)


async def form(request: Request) -> dict[str, str] | None:
    """An urlencoded form's fields (first value each), or None when it is not one."""
    if request.headers.get("content-type", "").split(";")[0].strip() != (
        "application/x-www-form-urlencoded"
    ):
        return None
    body = await request.body()
    if len(body) > _MAX_FORM_BYTES:
        return None
    try:
        fields = parse_qs(body.decode(), keep_blank_values=True, max_num_fields=20)
    except (UnicodeDecodeError, ValueError):
        return None
    return {key: values[0] for key, values in fields.items()}


def _origin(address: str) -> str:
    parts = urlsplit(address)
    return f"{parts.scheme}://{parts.netloc}"


def same_origin(request: Request, public_url: str | None) -> bool:
    """Whether a form post comes from this console's own pages (Origin, else Referer): the
    address it was reached at, or the registry's public URL (behind a TLS-terminating proxy)."""
    source = request.headers.get("origin") or request.headers.get("referer")
    if source is None:
        # Browsers send Origin with every POST; tools without one still need the CSRF token.
        return True
    allowed = {_origin(str(request.url))}
    if public_url:
        allowed.add(_origin(public_url))
    return _origin(source) in allowed


def csrf_ok(
    request: Request, fields: dict[str, str], session: Session, public_url: str | None
) -> bool:
    return same_origin(request, public_url) and hmac.compare_digest(
        fields.get("csrf", ""), session.csrf
    )


def _jwt_admin(token: str, secret: str) -> tuple[str, int] | None:
    """The user id and expiry of a valid platform JWT whose holder has the admin scope."""
    holder = verify_token(token, secret)
    if holder is None or "admin" not in ROLE_SCOPES.get(holder.role, ()):
        return None
    claims = jwt.decode(token, options={"verify_signature": False})
    return holder.user_id, int(claims["exp"])


def _cookie(
    response: Response, request: Request, value: str, max_age: int, public_url: str | None
) -> None:
    response.set_cookie(
        COOKIE,
        value,
        max_age=max_age,
        path="/console",
        httponly=True,
        secure=request.url.scheme == "https" or (public_url or "").startswith("https://"),
        samesite="strict",
    )


async def sign_in(
    request: Request,
    token: str,
    *,
    store: RegistryStore,
    signer: SessionSigner,
    settings: RegistrySettings,
) -> Response | None:
    """A redirect into the console with a fresh session, or None if the token is refused."""
    now = int(time.time())
    expires = now + SESSION_SECONDS
    session: Session | None = None
    if await store.grant(token) is not None:
        session = Session.new("token", hash_token(token), expires=expires)
    elif settings.jwt_secret is not None and token.count(".") == 2:
        found = _jwt_admin(token, settings.jwt_secret)
        if found is not None:
            user, until = found
            session = Session.new("jwt", f"user {user}", expires=min(expires, until))
    if session is None:
        return None
    response = secure(RedirectResponse("/console/", status_code=303))
    _cookie(response, request, signer.encode(session), session.expires - now, settings.public_url)
    return response


def sign_out(request: Request, settings: RegistrySettings) -> Response:
    response = secure(RedirectResponse("/console/sign-in", status_code=303))
    _cookie(response, request, "", 0, settings.public_url)
    return response

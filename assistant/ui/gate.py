"""A second lock on the door: with users configured, refuse every anonymous request.

Gradio's ``auth`` guards most routes with its ``login_check`` dependency, but not all of
them (heartbeat, stream, cancel, reset, run history, monitoring keys…). This middleware
runs before every route and lets an anonymous request through only to what the login page
itself needs; everything else answers 401 without a valid Gradio session cookie.

:func:`install_same_origin_cors` closes the other door: no credentialed CORS grant to a
foreign site, whatever the ``Host`` the app is reached by.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

#: Exact paths an anonymous browser needs to show the login form and log in.
PUBLIC_PATHS = frozenset(
    {
        "/",
        "/login",
        "/login/",
        "/logout",
        "/favicon.ico",
        "/manifest.json",
        "/robots.txt",
        "/theme.css",
        "/gradio_api/theme.css",
        "/gradio_api/login_check",
        "/gradio_api/login_check/",
        "/gradio_api/app_id",
        "/gradio_api/app_id/",
        "/gradio_api/startup-events",  # idempotent; gradio calls it itself on launch
    }
)
#: Static, non-sensitive prefixes (the JavaScript and CSS bundles of the frontend).
PUBLIC_PREFIXES = ("/assets/", "/static/", "/svelte/", "/gradio_api/svelte/")


#: The page embeds the API description (every endpoint and parameter); anonymous visitors
#: of the login page get an empty one.
_API_INFO = re.compile(rb"window\.gradio_api_info = .*?;</script>", re.DOTALL)
_EMPTY_API_INFO = b"window.gradio_api_info = {};</script>"


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def session_user(request: Request) -> str | None:
    """The user of the request's Gradio session cookie, if it is a live session."""
    app: Any = request.app
    tokens = getattr(app, "tokens", None) or {}
    cookie_id = getattr(app, "cookie_id", "")
    for name in (f"access-token-{cookie_id}", f"access-token-unsecure-{cookie_id}"):
        token = request.cookies.get(name)
        if token and token in tokens:
            user = tokens[token]
            return str(user) if user else None
    return None


async def _without_api_info(response: Response) -> Response:
    body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
    body = _API_INFO.sub(_EMPTY_API_INFO, body)
    headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
    return Response(body, status_code=response.status_code, headers=headers)


class AuthGate(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        app: Any = request.app
        if getattr(app, "auth", None) is None or request.method == "OPTIONS":
            return await call_next(request)
        if session_user(request) is not None:
            return await call_next(request)
        if not is_public(request.url.path):
            return JSONResponse({"detail": "Not authenticated"}, status_code=401)
        response = await call_next(request)
        if response.headers.get("content-type", "").startswith("text/html"):
            return await _without_api_info(response)
        return response

    @classmethod
    def middleware(cls) -> Middleware:
        return Middleware(cls)


# -- CORS: same origin only --------------------------------------------------------------------


def _netloc(value: str) -> str:
    """``host[:port]`` of an Origin (``https://a.b:8443``) or a Host header, lower-cased."""
    from urllib.parse import urlsplit

    return (urlsplit(value).netloc if "//" in value else value).strip().lower()


def _hostname(netloc: str) -> str:
    if netloc.startswith("["):  # an IPv6 literal
        return netloc.split("]", 1)[0] + "]"
    return netloc.rsplit(":", 1)[0] if netloc.count(":") == 1 else netloc


def same_origin_allowed(origin: str | None, host: str | None, local_aliases: list[str]) -> bool:
    """Whether a cross-origin response may carry ``Access-Control-Allow-Origin: origin``.

    Only the app's own origin (the Origin's ``host:port`` equals the Host header), or, on a
    local machine, one loopback alias calling another (``localhost`` ↔ ``127.0.0.1``).
    Gradio's own rule reflects *any* Origin, with credentials, whenever the Host is not a
    loopback name (gradio-app/gradio#13594, #10276): on a team server reached as
    ``http://10.0.0.5:7860`` a page on any site could read the app with the operator's
    cookie. The ``null`` origin is never allowed.
    """
    if not origin or not host or origin.strip().lower() == "null":
        return False
    origin_netloc, host_netloc = _netloc(origin), _netloc(host)
    if origin_netloc == host_netloc:
        return True
    aliases = {a for a in local_aliases if a != "null"}
    return _hostname(host_netloc) in aliases and _hostname(origin_netloc) in aliases


def install_same_origin_cors() -> None:
    """Make the CORS middleware Gradio adds to every app allow the same origin only.

    Gradio 6.31 has no setting for this (``allowed_origins`` was proposed in
    gradio-app/gradio#13562 and not merged), so the middleware class that
    ``gradio.routes`` installs is replaced by a subclass with a stricter
    ``is_valid_origin``; call this before ``launch()``.
    """
    import gradio.routes as routes
    from gradio.route_utils import CustomCORSMiddleware

    if getattr(getattr(routes, "CustomCORSMiddleware", None), "same_origin_only", False):
        return

    class SameOriginCORSMiddleware(CustomCORSMiddleware):
        same_origin_only = True

        def is_valid_origin(self, request_headers: Any) -> bool:
            return same_origin_allowed(
                request_headers.get("origin"), request_headers.get("host"), self.localhost_aliases
            )

    setattr(routes, "CustomCORSMiddleware", SameOriginCORSMiddleware)  # noqa: B010

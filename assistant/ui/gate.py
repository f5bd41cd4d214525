"""A second lock on the door: with users configured, refuse every anonymous request.

Gradio's ``auth`` guards most routes with its ``login_check`` dependency, but not all of
them (heartbeat, stream, cancel, reset, run history, monitoring keys…). This middleware
runs before every route and lets an anonymous request through only to what the login page
itself needs; everything else answers 401 without a valid Gradio session cookie.
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

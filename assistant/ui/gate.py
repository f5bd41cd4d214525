"""The door of the app: every HTTP request passes this gate before any Gradio route.

With users configured Gradio's ``auth`` guards most routes with its ``login_check``
dependency, but not all of them (heartbeat, stream, cancel, reset, run history, monitoring
keys…), its ``/login`` checks the argon2 hash on the event loop, its sessions never end and
its ``GET /logout`` ends every session of the user. :class:`AuthGate` (a plain ASGI
middleware) therefore, for every request:

- answers only to known host names (``Host`` header; DNS rebinding), in every mode;
- refuses request bodies over ``settings.max_request_bytes`` and uploads (the app has no
  upload field) and a ``fn_index`` the app does not have (4xx, no traceback);
- handles ``POST /login`` itself (:class:`assistant.ui.login.LoginGuard`: throttling,
  locks, the hash check in a thread pool, login CSRF refused by ``Origin``) and
  ``POST /logout`` (this session only; ``GET /logout`` is refused);
- lets an anonymous request through only to what the login page needs; a session that
  expired or whose user was removed or changed password is over
  (:class:`assistant.ui.login.SessionBook`);
- binds every Gradio ``session_hash`` to the user who used it first, and every export file
  to the user who made it: another user gets 403/404;
- keeps ``/gradio_api/token`` from any other origin.

:func:`install_same_origin_cors` closes the other door: no credentialed CORS grant to a
foreign site, whatever the ``Host`` the app is reached by.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
from collections import OrderedDict
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from starlette.datastructures import Headers
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.ui.login import REFUSAL_DELAY, LoginGuard, SessionBook, log
from assistant.ui.origins import (
    allowed_hosts,
    cross_site,
    host_allowed,
    install_same_origin_cors,
    same_origin_allowed,
)

if TYPE_CHECKING:
    from assistant.ui.service import Workspace

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
_HEARTBEAT = re.compile(r"^/gradio_api/heartbeat/([^/]+)")
_FILE = re.compile(r"^/gradio_api/file[=/](.+)$")
_MAX_BOUND_SESSIONS = 100_000
LOCKED = "Слишком много неудачных попыток входа: попробуйте позже."


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def _cookie_names(app: Any) -> tuple[str, str]:
    cookie_id = getattr(app, "cookie_id", "")
    return f"access-token-{cookie_id}", f"access-token-unsecure-{cookie_id}"


def session_token(request: Request) -> str | None:
    for name in _cookie_names(request.app):
        token = request.cookies.get(name)
        if token:
            return token
    return None


class Security:
    """What the gate keeps between requests: logins, sessions, session and file owners."""

    def __init__(self, workspace: Workspace) -> None:
        self.ws = workspace
        settings = workspace.settings
        self.max_body = settings.max_request_bytes
        self.hosts = allowed_hosts(settings.allowed_hosts, settings.host)
        self.guard = LoginGuard(workspace.users, settings) if workspace.users else None
        self.sessions = SessionBook(workspace.users, settings) if workspace.users else None
        self.owners: OrderedDict[str, str] = OrderedDict()

    def bind(self, session_hash: str, user: str) -> bool:
        """Bind a Gradio session hash to its first user; False if it is someone else's."""
        owner = self.owners.setdefault(session_hash, user)
        self.owners.move_to_end(session_hash)
        while len(self.owners) > _MAX_BOUND_SESSIONS:
            self.owners.popitem(last=False)
        return owner == user

    @classmethod
    def of(cls, app: Any) -> Security:
        security = getattr(app.state, "security", None)
        if security is None:
            security = cls(app.get_blocks().workspace)
            app.state.security = security
        return security


def _refuse(status: int, detail: str) -> Response:
    return JSONResponse({"detail": detail}, status_code=status)


class AuthGate:
    """A plain ASGI middleware (no ``BaseHTTPMiddleware``: bodies are read once, capped)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    @classmethod
    def middleware(cls) -> Middleware:
        return Middleware(cls)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        security = Security.of(scope["app"])
        headers = Headers(scope=scope)
        if not host_allowed(headers.get("host"), security.hosts):
            log.warning("refused host=%r path=%s", headers.get("host"), scope["path"])
            await _refuse(400, "Invalid host")(scope, receive, send)
            return
        body = b""
        if scope["method"] in ("POST", "PUT", "PATCH"):
            too_big = _refuse(413, "Request body too large")
            length = headers.get("content-length")
            if length and length.isdigit() and int(length) > security.max_body:
                await too_big(scope, receive, send)
                return
            read = await _read_body(receive, security.max_body)
            if read is None:
                await too_big(scope, receive, send)
                return
            body = read
        request = Request(scope, _replay(body))
        user = self.user(security, request)
        response = await self.check(security, request, body, user)
        if response is not None:
            await response(scope, receive, send)
            return
        if security.guard is not None and user is None and request.method == "GET":
            await _without_api_info(self.app, scope, _replay(body, receive), send)
            return
        await self.app(scope, _replay(body, receive), send)

    async def check(
        self, security: Security, request: Request, body: bytes, user: str | None
    ) -> Response | None:
        """A refusal, the gate's own answer (login, logout), or None to pass on."""
        path, method = request.url.path, request.method
        if path.startswith("/gradio_api/upload"):
            return _refuse(403, "Uploads are off")
        if path.rstrip("/") == "/gradio_api/token" and cross_site(request.headers):
            return _refuse(403, "Cross-origin request refused")
        if security.guard is not None:
            if path in ("/login", "/login/") and method == "POST":
                return await self.login(security, request)
            if path in ("/logout", "/logout/"):
                return self.logout(security, request, user)
            if user is None and not is_public(path):
                return _refuse(401, "Not authenticated")
        return self.check_api(security, request, body, user or "")

    def user(self, security: Security, request: Request) -> str | None:
        if security.sessions is None:
            return None
        token = session_token(request)
        tokens: dict[str, Any] = getattr(request.app, "tokens", {})
        if not token or token not in tokens:
            return None
        user = security.sessions.check(token)
        if user is None:
            tokens.pop(token, None)
        return user

    def check_api(
        self, security: Security, request: Request, body: bytes, user: str
    ) -> Response | None:
        path = request.url.path
        payload: Any = None
        if body and request.headers.get("content-type", "").startswith("application/json"):
            try:
                payload = json.loads(body)
            except ValueError:
                return _refuse(400, "Malformed JSON")
        if isinstance(payload, dict) and "fn_index" in payload:
            fns = request.app.get_blocks().fns
            index = payload.get("fn_index")
            if not isinstance(index, int) or isinstance(index, bool) or index not in fns:
                return _refuse(422, "Unknown function")
        hashes = [request.query_params.get("session_hash")]
        if isinstance(payload, dict):
            hashes.append(payload.get("session_hash"))
        if match := _HEARTBEAT.match(path):
            hashes.append(match.group(1))
        for session_hash in hashes:
            checked = isinstance(session_hash, str) and session_hash and security.guard
            if checked and not security.bind(str(session_hash), user):
                log.warning("foreign session_hash refused user=%r", user)
                return _refuse(403, "This session belongs to another user")
        if match := _FILE.match(path):
            owner = security.ws.export_owner(unquote(match.group(1)).rsplit("/", 1)[-1])
            if owner is not None and security.guard is not None and owner != user:
                log.warning("foreign export refused user=%r", user)
                return _refuse(404, "File not found")
        return None

    async def login(self, security: Security, request: Request) -> Response:
        assert security.guard is not None and security.sessions is not None
        address = request.client.host if request.client else "unknown"
        if cross_site(request.headers):
            log.warning("login refused (cross-site) addr=%s", address)
            return _refuse(403, "Cross-site login refused")
        if security.guard.address_locked(address):
            log.warning("login refused (address locked) addr=%s", address)
            await asyncio.sleep(REFUSAL_DELAY)
            return _refuse(429, LOCKED)
        form = await request.form()
        name, password = form.get("username"), form.get("password")
        if not isinstance(name, str) or not isinstance(password, str):
            return _refuse(400, "Incorrect credentials.")
        result = await security.guard.attempt(name, password, address)
        await asyncio.sleep(result.delay)
        if result.outcome == "locked":
            return _refuse(429, LOCKED)
        if result.outcome == "busy":
            return _refuse(503, "Сервер занят проверкой входов: попробуйте через минуту.")
        if result.outcome == "failed":
            return _refuse(400, "Incorrect credentials.")
        token = secrets.token_urlsafe(32)
        request.app.tokens[token] = result.user
        security.sessions.issue(token, result.user)
        response = JSONResponse({"success": True})
        secure_name, plain_name = _cookie_names(request.app)
        response.set_cookie(secure_name, token, httponly=True, samesite="strict", secure=True)
        response.set_cookie(plain_name, token, httponly=True, samesite="strict")
        return response

    def logout(self, security: Security, request: Request, user: str | None) -> Response:
        if request.method != "POST":
            return _refuse(405, "Use POST to log out")
        if cross_site(request.headers):
            return _refuse(403, "Cross-site logout refused")
        token = session_token(request)
        if token:
            request.app.tokens.pop(token, None)
            assert security.sessions is not None
            security.sessions.end(token)
        log.info("logout user=%r", user)
        response = RedirectResponse("/", status_code=303)
        for name in _cookie_names(request.app):
            response.delete_cookie(name, path="/")
        return response


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive | None = None) -> Receive:
    """The body already read, then the real channel (a stream waits there for the end)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        if receive is not None:
            return await receive()
        return {"type": "http.disconnect"}

    return replay


async def _without_api_info(app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
    """Serve the page without the API description when the visitor is not logged in."""
    start: Message | None = None
    chunks: list[bytes] = []

    async def capture(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            start = message
            return
        if message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            assert start is not None
            body = b"".join(chunks)
            headers = Headers(raw=start["headers"])
            if headers.get("content-type", "").startswith("text/html"):
                body = _API_INFO.sub(_EMPTY_API_INFO, body)
            raw = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
            raw.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": raw})
            await send({"type": "http.response.body", "body": body, "more_body": False})
            return
        await send(message)

    await app(scope, receive, capture)


__all__ = ["AuthGate", "install_same_origin_cors", "is_public", "same_origin_allowed"]

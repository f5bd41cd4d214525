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
import contextlib
import json
import re
import secrets
import socket
from collections import OrderedDict
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from starlette.datastructures import Headers
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.ui.login import REFUSAL_DELAY, LoginGuard, SessionBook, log

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
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})

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


def allowed_hosts(settings_hosts: str, bind_host: str) -> frozenset[str]:
    """Host names the app answers to: loopback, its bind address and machine names, and
    ``settings.allowed_hosts`` (``*`` there turns the check off)."""
    names = set(LOOPBACK_NAMES)
    names |= {h.strip().lower() for h in settings_hosts.split(",") if h.strip()}
    if bind_host not in ("0.0.0.0", "::", ""):
        names.add(bind_host.lower())
    else:  # listening everywhere: the machine's own names and addresses
        for host in {socket.gethostname(), socket.getfqdn()}:
            names.add(host.lower())
            with contextlib.suppress(OSError):
                names |= {str(info[4][0]).lower() for info in socket.getaddrinfo(host, None)}
    return frozenset(names)


def host_allowed(host_header: str | None, allowed: frozenset[str]) -> bool:
    if "*" in allowed:
        return True
    if not host_header:
        return False
    return _hostname(_netloc(host_header)).strip("[]") in {a.strip("[]") for a in allowed}


def cross_site(headers: Headers) -> bool:
    """Whether a browser says the request comes from another origin (CSRF, token theft).

    ``Origin`` must equal the app's own ``scheme://host:port`` when present, and
    ``Sec-Fetch-Site`` must be ``same-origin`` or ``none`` (typed, bookmarked) when
    present; clients that send neither (scripts, ``gradio_client``) are not browsers
    driven by a foreign page.
    """
    origin = headers.get("origin")
    if origin is not None and not _same_netloc(origin, headers.get("host")):
        return True
    fetch_site = headers.get("sec-fetch-site")
    return fetch_site is not None and fetch_site not in ("same-origin", "none")


def _same_netloc(origin: str, host: str | None) -> bool:
    if not host or origin.strip().lower() == "null":
        return False
    return _with_port(_netloc(origin), origin) == _with_port(_netloc(host), origin)


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
    origin_netloc = _with_port(_netloc(origin), origin)
    host_netloc = _with_port(_netloc(host), origin)
    if origin_netloc == host_netloc:
        return True
    aliases = {a for a in local_aliases if a != "null"}
    same_port = origin_netloc.rsplit(":", 1)[-1] == host_netloc.rsplit(":", 1)[-1]
    return same_port and _hostname(host_netloc) in aliases and _hostname(origin_netloc) in aliases


def _with_port(netloc: str, origin: str) -> str:
    """``host:port`` with the default port of ``origin``'s scheme made explicit."""
    if netloc.startswith("["):  # an IPv6 literal
        host, _, rest = netloc.partition("]")
        host, port = host + "]", rest[1:] if rest.startswith(":") else ""
    elif netloc.count(":") == 1:
        host, port = netloc.split(":")
    else:
        host, port = netloc, ""
    if not port:
        port = "443" if origin.strip().lower().startswith("https:") else "80"
    return f"{host}:{port}"


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

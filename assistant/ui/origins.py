"""Which origins and hosts the app trusts: exact origins (port included), known hosts.

:func:`same_origin_allowed` is the CORS rule (patched into Gradio by
:func:`install_same_origin_cors`), :func:`host_allowed` the ``Host`` check against DNS
rebinding, :func:`cross_site` the browser's own word on where a request comes from
(login CSRF, the token route, logout).
"""

from __future__ import annotations

import contextlib
import socket
from typing import Any

from starlette.datastructures import Headers

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


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

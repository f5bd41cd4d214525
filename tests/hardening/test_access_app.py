"""§7: access with users configured — anonymous requests, roles, file access, CORS.

tests/app/test_access.py checks the everyday routes; this suite adds the attacks: path
traversal and file reads (encoded, doubly encoded, absolute, the users file, the database,
``/proc``), the routes of the known Gradio advisories, traversal through the public static
prefixes, every supervisor feature as an operator, and cross-origin requests with
credentials from a foreign Origin (gradio-app/gradio#13594: Gradio reflects any Origin
when the Host is not a loopback name; the app installs a same-origin policy).
"""

from __future__ import annotations

import tempfile
import tomllib
from pathlib import Path

import httpx
import pytest
from packaging.version import Version

from assistant.outbox import Outbox
from assistant.ui.gate import same_origin_allowed
from tests.support import clients
from tests.support.app import GET_ROUTES, POST_ROUTES, ROOT, RunningApp

from .app_support import call_raw

EVIL = "https://evil.example"
SECRETS = ("root:x:0:0", "$argon2", "SQLite format 3", "test-key", "OPENAI_")

#: Known Gradio advisories about file access and CORS, with the first fixed release
#: (from the GitHub/PyPA/OSV advisory records; see the README, "Reliability and security").
ADVISORIES: dict[str, tuple[str, str]] = {
    "CVE-2021-43831 / GHSA-rhq2-3vr9-6mcr": ("arbitrary file read", "2.5.1"),
    "CVE-2023-34239 / GHSA-3qqg-pgqq-3695": ("file read and URL proxying", "3.34.0"),
    "CVE-2024-1561": ("file read via /component_server", "4.13.0"),
    "CVE-2024-1727 / GHSA-48cq-79qq-6f7x": ("third-party sites call local routes", "4.19.2"),
    "CVE-2024-1728": ("UploadButton path traversal", "4.19.2"),
    "CVE-2024-47084 / GHSA-3c67-5hwx-f6wx": ("CORS not checked with a cookie", "4.44.0"),
    "CVE-2024-47165 / GHSA-89v2-pqfv-c5r9": ("CORS accepts the null origin", "5.0.0"),
    "CVE-2024-47164 / GHSA-77xq-6g77-h274": ("is_in_or_equal traversal bypass", "5.0.0"),
    "CVE-2024-47167": ("SSRF through /queue/join", "5.0.0"),
    "CVE-2024-47868 / GHSA-4q3c-cj7g-jcwf": ("file leaks in postprocess", "5.0.0"),
    "CVE-2024-51751 / GHSA-rhm9-gp5p-5248": ("File/UploadButton file read", "5.5.0"),
    "CVE-2025-23042": ("blocked-path ACL bypass by letter case", "5.6.0"),
    "CVE-2026-28414 / GHSA-39mp-8hj3-5c49": ("absolute path traversal via /static/", "6.7.0"),
    "GHSA-j36p-7w88-g82j": ("FileExplorer path traversal", "6.16.0"),
}


def _no_secret(response: httpx.Response) -> None:
    body = response.content.decode("utf-8", errors="replace")
    leaked = [s for s in SECRETS if s in body]
    assert not leaked, f"{response.request.url}: {response.status_code} leaks {leaked}"


# -- anonymous --------------------------------------------------------------------------------

EXTRA_GET = [
    "/info",
    "/gradio_api/config",
    "/gradio_api/queue/status",
    "/gradio_api/api_info",
    "/file=/etc/passwd",
    "/file=app.py",
    "/gradio_api/file=%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/gradio_api/file=..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/gradio_api/file=%252e%252e%252f%252e%252e%252fetc%252fpasswd",
    "/gradio_api/file=//etc/passwd",
    "/gradio_api/file=/proc/self/environ",
    "/gradio_api/file=C:%5cWindows%5cwin.ini",
    "/gradio_api/proxy=http://127.0.0.1:1/",
    "/gradio_api/custom_component/abc/frontend/..%2f..%2f..%2fetc%2fpasswd",
    "/gradio_api/mcp/sse",
    "/gradio_api/vibe/",
]
EXTRA_POST = [
    "/gradio_api/component_server",
    "/gradio_api/component_server/",
    "/gradio_api/call/send",
    "/gradio_api/call/send_reply",
    "/gradio_api/call/export_outbox",
    "/gradio_api/run/predict",
    "/run/predict",
    "/api/predict",
    "/gradio_api/mcp/messages/",
]
#: Under the public static prefixes the gate lets anonymous requests through: the static
#: handlers themselves must refuse to step outside their folders.
STATIC_TRAVERSAL = [
    "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/assets//etc/passwd",
    "/gradio_api/svelte/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static//proc/self/environ",
]


def _private_paths(s: RunningApp) -> list[str]:
    return [
        f"/gradio_api/file={s.users.path}",
        f"/gradio_api/file={s.db}",
        f"/file={s.users.path}",
        f"/gradio_api/file={ROOT / 'app.py'}",
        f"/gradio_api/file={Path(tempfile.gettempdir()) / 'gradio'}/../../etc/passwd",
        f"/gradio_api/file={s.tmp}/../../../../etc/passwd",
    ]


@pytest.mark.parametrize("route", GET_ROUTES + EXTRA_GET)
def test_anonymous_get_is_refused(secured_app: RunningApp, route: str) -> None:
    response = clients.get(secured_app.base + route, timeout=10)
    assert response.status_code in (401, 403), f"{route}: {response.status_code}"
    _no_secret(response)


@pytest.mark.parametrize("route", POST_ROUTES + EXTRA_POST)
def test_anonymous_post_is_refused(secured_app: RunningApp, route: str) -> None:
    body = {"data": ["Привет"], "fn_index": 0, "session_hash": "x", "component_id": 1}
    response = clients.post(secured_app.base + route, json=body, timeout=10)
    assert response.status_code in (401, 403), f"{route}: {response.status_code}"


def test_anonymous_upload_and_private_files_are_refused(secured_app: RunningApp) -> None:
    files = {"files": ("x.txt", b"hello", "text/plain")}
    response = clients.post(secured_app.base + "/gradio_api/upload", files=files, timeout=10)
    assert response.status_code in (401, 403)
    for route in _private_paths(secured_app):
        response = clients.get(secured_app.base + route, timeout=10)
        assert response.status_code in (401, 403), route
        _no_secret(response)


@pytest.mark.parametrize("route", STATIC_TRAVERSAL)
def test_static_prefixes_do_not_traverse(secured_app: RunningApp, route: str) -> None:
    response = clients.get(secured_app.base + route, timeout=10)
    assert response.status_code != 200 or "root:" not in response.text, route
    _no_secret(response)


def test_anonymous_client_cannot_connect(secured_app: RunningApp) -> None:
    with pytest.raises(Exception):  # noqa: B017  (gradio_client raises several kinds)
        clients.gradio(secured_app.proc.url)
    outcome = call_raw(secured_app.proc.url, "send", ["Ответ", "anon-key"])
    assert outcome.status == 401
    assert Outbox(f"sqlite:///{secured_app.db}").get("anon-key") is None


# -- logged in --------------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["anna", "boris"])
def test_logged_in_users_cannot_read_files_outside_the_app(
    secured_app: RunningApp, user: str
) -> None:
    http = secured_app.login(user, f"{user}-pass")
    routes = _private_paths(secured_app) + [
        r for r in EXTRA_GET if "file=" in r or "custom_component" in r or "proxy=" in r
    ]
    routes += [
        "/gradio_api/file=/etc/passwd",
        "/gradio_api/file=../../etc/passwd",
        *STATIC_TRAVERSAL,
    ]
    for route in routes:
        response = http.get(route)
        assert response.status_code in (400, 403, 404, 405), f"{route}: {response.status_code}"
        _no_secret(response)


def test_operator_is_refused_every_supervisor_feature(secured_app: RunningApp) -> None:
    client = clients.gradio(secured_app.proc.url, auth=("anna", "anna-pass"))
    names = set(client.view_api(return_format="dict", print_info=False)["named_endpoints"])
    supervisor_only = {"/export_outbox", "/analytics", "/analytics_csv", "/run_eval"} & names
    assert "/export_outbox" in supervisor_only
    calls = {
        "/export_outbox": (),
        "/analytics": ("week",),
        "/analytics_csv": ("week",),
        "/run_eval": (["lint"], True),
    }
    for name in sorted(supervisor_only):
        with pytest.raises(Exception, match="руководител"):
            client.predict(*calls[name], api_name=name)
    supervisor = clients.gradio(secured_app.proc.url, auth=("boris", "boris-pass"))
    assert Path(supervisor.predict(api_name="/export_outbox")).read_text(encoding="utf-8-sig")


# -- CORS ---------------------------------------------------------------------------------------


def _cors(response: httpx.Response) -> tuple[str | None, str | None]:
    return (
        response.headers.get("access-control-allow-origin"),
        response.headers.get("access-control-allow-credentials"),
    )


@pytest.mark.parametrize("host", ["loopback", "10.0.0.5:7860", "assistant.bank.example"])
@pytest.mark.parametrize("origin", [EVIL, "null", "http://localhost.evil.example"])
def test_foreign_origin_gets_no_cors_grant(secured_app: RunningApp, host: str, origin: str) -> None:
    """A page on another site must not read the app, logged-in cookie or not."""
    http = secured_app.login("anna", "anna-pass")
    headers = {"Origin": origin}
    if host != "loopback":
        headers["Host"] = host
    requests = [
        http.get("/config", headers=headers),
        http.get("/gradio_api/info", headers=headers),
        http.post("/gradio_api/call/search_sent", json={"data": [""]}, headers=headers),
        http.options(
            "/gradio_api/queue/join",
            headers={**headers, "Access-Control-Request-Method": "POST"},
        ),
        clients.get(secured_app.base + "/config", headers=headers, timeout=10),
    ]
    for response in requests:
        allowed, _ = _cors(response)
        assert allowed != origin and allowed != "*", (response.request.url, host, allowed)


def test_the_apps_own_origin_still_works(secured_app: RunningApp) -> None:
    """Same origin behind a LAN address: allowed, so the check is not simply off."""
    http = secured_app.login("anna", "anna-pass")
    own = "10.0.0.5:7860"
    response = http.get("/config", headers={"Host": own, "Origin": f"http://{own}"})
    assert response.status_code == 200
    assert _cors(response) == (f"http://{own}", "true")


@pytest.mark.parametrize(
    ("origin", "host", "allowed"),
    [
        ("http://10.0.0.5:7860", "10.0.0.5:7860", True),
        ("https://assistant.bank.example", "assistant.bank.example", True),
        ("http://localhost:7860", "127.0.0.1:7860", True),
        ("http://localhost:8080", "127.0.0.1:7860", False),  # another port: another origin
        ("http://127.0.0.1:8080", "127.0.0.1:7860", False),
        ("https://assistant.bank.example:443", "assistant.bank.example", True),
        ("https://evil.example", "10.0.0.5:7860", False),
        ("https://evil.example", "127.0.0.1:7860", False),
        ("http://10.0.0.5:7861", "10.0.0.5:7860", False),
        ("null", "127.0.0.1:7860", False),
        ("http://127.0.0.1:7860", "evil.example", False),
        (None, "127.0.0.1:7860", False),
    ],
)
def test_same_origin_rule(origin: str | None, host: str, allowed: bool) -> None:
    aliases = ["localhost", "127.0.0.1", "0.0.0.0", "null"]
    assert same_origin_allowed(origin, host, aliases) is allowed


# -- the pinned Gradio against the known advisories --------------------------------------------


def test_gradio_is_pinned_past_every_known_file_access_and_cors_advisory() -> None:
    import gradio

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [d for d in pyproject["project"]["dependencies"] if d.startswith("gradio")]
    assert pins == ["gradio==6.31.0"]
    installed = Version(gradio.__version__)
    assert installed == Version("6.31.0")
    still_open = {
        ident: (what, fixed)
        for ident, (what, fixed) in ADVISORIES.items()
        if installed < Version(fixed)
    }
    assert still_open == {}

"""Issue 14: one test per red-team finding, against the real app process.

Users: anna and oleg (operators), boris (supervisor). Findings: the login freezes the app
and can be guessed forever; formulas in CSV exports; a page on another loopback port acts
as the operator, no Host check; sessions never end, GET logout, login CSRF; foreign
records through the idempotency key, everyone sees everything, export files and session
state of others; unbounded fields, uploads, a bad ``fn_index``; personal data at rest.
"""

from __future__ import annotations

import csv
import io
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.auth import UserStore
from assistant.outbox.csvfile import BOM, is_formula
from tests.support import clients
from tests.support.app import AppProcess, app_env, running_app
from tests.support.users import user_store

from .app_support import Outcome, call_raw, unexpected_exceptions

PHONE = "+7 916 123-45-67"
FORMULAS = ['=HYPERLINK("http://evil.example","жми")', "+1+cmd", "-2+3", "@SUM(A1)", "\t=1"]


class App:
    def __init__(self, proc: AppProcess, users: UserStore) -> None:
        self.proc, self.users = proc, users
        self.base = proc.url.rstrip("/")

    def login(self, user: str, password: str, **headers: str) -> httpx.Client:
        http = clients.http(base_url=self.base, timeout=30)
        response = http.post(
            "/login", data={"username": user, "password": password}, headers=headers
        )
        assert response.status_code == 200, response.text
        return http

    def log(self) -> str:
        return self.proc.log.read_text(errors="replace")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    tmp = tmp_path_factory.mktemp("security")
    names = ("anna", "oleg", "boris", "vera", "ivan")
    users = user_store(
        tmp / "users.yaml", {n: "supervisor" if n == "boris" else "operator" for n in names}
    )
    env = app_env(tmp, ASSISTANT_USERS_FILE=str(users.path), ASSISTANT_LOGIN_FAILURES="3")
    with running_app(tmp, env) as proc:
        yield App(proc, users)


def _send(
    reply: str,
    key: str,
    incoming: str = "",
    nickname: str = "",
    *,
    first_draft: str = "",
    override: bool = False,
    reason: str = "",
) -> list[object]:
    """The 12 arguments of ``/send`` (a raw call needs every one)."""
    return [
        reply,
        key,
        incoming,
        nickname,
        "private",
        "",
        "",
        first_draft,
        override,
        reason,
        "",
        "",
    ]


def _error(outcome: Outcome) -> str:
    return str(outcome.data.get("error") if isinstance(outcome.data, dict) else outcome.data)


def _cookies(http: httpx.Client) -> dict[str, str]:
    return {c.name: c.value for c in http.cookies.jar}


# -- 1. login -----------------------------------------------------------------------------------


def test_names_are_normalised_and_every_attempt_is_logged(app: App) -> None:
    http = app.login(" ANNA ", "anna-pass")
    assert http.get("/gradio_api/user").json() == "anna"
    bad = clients.post(
        app.base + "/login", data={"username": "anna", "password": "nope"}, timeout=30
    )
    assert bad.status_code == 400
    log = app.log()
    assert "login ok user='anna'" in log and "login failed user='anna'" in log


def test_repeated_failures_lock_the_name_even_for_the_right_password(app: App) -> None:
    codes = [
        clients.post(
            app.base + "/login", data={"username": "oleg", "password": f"guess-{i}"}, timeout=30
        ).status_code
        for i in range(4)
    ]
    assert codes[:3] == [400, 400, 400] and codes[3] == 429  # locked after 3 (the setting)
    right = clients.post(app.base + "/login", data={"username": "oleg", "password": "oleg-pass"})
    assert right.status_code == 429 and "попробуйте позже" in right.text
    assert "login locked user='oleg'" in app.log()
    app.login("boris", "boris-pass")  # another name is not locked


# -- 3. origins and hosts; 4. sessions ------------------------------------------------------------


def test_foreign_hosts_and_other_ports_are_refused(app: App) -> None:
    http = app.login("ivan", "ivan-pass")
    assert http.get("/config", headers={"Host": "rebind.evil.example"}).status_code == 400
    other_port = "http://127.0.0.1:1"
    token = http.get("/gradio_api/token", headers={"Origin": other_port})
    assert token.status_code == 403 and "token" not in token.text
    assert http.get("/gradio_api/token", headers={"Sec-Fetch-Site": "same-site"}).status_code == 403
    config = http.get("/config", headers={"Origin": other_port})
    assert config.headers.get("access-control-allow-origin") != other_port
    own = http.get("/gradio_api/token", headers={"Origin": app.base})
    assert own.status_code == 200  # the app's own origin still gets it


def test_login_csrf_and_get_logout_are_refused(app: App) -> None:
    forged = clients.post(
        app.base + "/login",
        data={"username": "ivan", "password": "ivan-pass"},
        headers={"Origin": "http://127.0.0.1:1"},
    )
    assert forged.status_code == 403 and not forged.cookies
    http = app.login("ivan", "ivan-pass")
    other = app.login("ivan", "ivan-pass")
    assert http.get("/logout").status_code == 405
    assert http.post("/logout", headers={"Origin": "http://127.0.0.1:1"}).status_code == 403
    assert http.get("/gradio_api/user").status_code == 200
    out = http.post("/logout", headers={"Origin": app.base}, follow_redirects=False)
    assert out.status_code == 303
    assert clients.get(app.base + "/config", cookies=_cookies(other)).status_code == 200
    assert http.get("/config").status_code == 401  # this session only


def test_password_change_and_removal_end_sessions(app: App) -> None:
    app.users.add("temp", "temp-pass", "operator")
    first = app.login("temp", "temp-pass")
    assert first.get("/config").status_code == 200
    time.sleep(0.05)
    app.users.add("temp", "new-pass", "operator", replace=True)
    assert first.get("/config").status_code == 401
    second = app.login("temp", "new-pass")
    app.users.remove("temp")
    assert second.get("/config").status_code == 401
    assert "session ended (password changed)" in app.log()


# -- 5. records ------------------------------------------------------------------------------------


def test_a_foreign_key_is_a_conflict_not_the_record(app: App) -> None:
    anna = app.login("anna", "anna-pass")
    mine = call_raw(
        app.base,
        "send",
        _send("Анна, деньги вернули.", "ticket-1001", f"Мой телефон {PHONE}"),
        cookies=_cookies(anna),
    )
    assert mine.event == "complete", mine
    boris = app.login("boris", "boris-pass")
    theirs = call_raw(app.base, "send", _send("Ответ", "ticket-1001"), cookies=_cookies(boris))
    assert theirs.event == "error" and "другим оператором" in _error(theirs)
    assert "916" not in _error(theirs) and "деньги" not in _error(theirs)


def test_operators_see_their_own_replies_masked_and_search_visible_columns(app: App) -> None:
    anna, ivan = app.login("anna", "anna-pass"), app.login("ivan", "ivan-pass")
    sent = call_raw(
        app.base,
        "send",
        _send(f"Иван, перезвоним на {PHONE}.", "ivan-1", "Секретное слово"),
        cookies=_cookies(ivan),
    )
    assert sent.event == "complete", sent
    rows = call_raw(app.base, "search_sent", [""], cookies=_cookies(anna)).data[0]["data"]
    assert rows and {row[2] for row in rows} == {"anna"}
    own = call_raw(app.base, "search_sent", [""], cookies=_cookies(ivan)).data[0]["data"]
    assert own and "916" not in own[0][5] and "[phone]" in own[0][5]
    assert (
        call_raw(app.base, "search_sent", ["Секретное"], cookies=_cookies(ivan)).data[0]["data"]
        == []
    )


def test_export_files_and_session_state_belong_to_their_user(app: App) -> None:
    supervisor = clients.gradio(app.base + "/", auth=("boris", "boris-pass"))
    path = supervisor.predict(api_name="/export_outbox")
    name = Path(path).name
    boris = app.login("boris", "boris-pass")
    info = boris.get("/config").json()
    assert info  # logged in
    anna = app.login("anna", "anna-pass")
    found = [u for u in _served_paths(app, name)]
    assert found, "the export was not served to anyone"
    for url in found:
        assert anna.get(url).status_code == 404
    # a session hash used by one user is refused to another
    join = {"data": [""], "fn_index": 0, "session_hash": "anna-session-1", "event_data": None}
    assert anna.post("/gradio_api/queue/join", json=join).status_code == 200
    stolen = boris.post("/gradio_api/queue/join", json=join)
    assert stolen.status_code == 403
    assert (
        boris.get("/gradio_api/queue/data", params={"session_hash": "anna-session-1"}).status_code
        == 403
    )


def _served_paths(app: App, name: str) -> list[str]:
    """The cached copies of an export, as ``/gradio_api/file=`` URLs."""
    import tempfile

    root = Path(tempfile.gettempdir()) / "gradio"
    return [f"/gradio_api/file={p}" for p in root.rglob(name)]


# -- 2. exports; 8. personal data -----------------------------------------------------------------


def test_exports_carry_no_formula_and_mask_customer_data(app: App) -> None:
    oleg = app.login("boris", "boris-pass")
    for i, formula in enumerate(FORMULAS):
        outcome = call_raw(
            app.base,
            "send",
            _send(
                f"{formula} ответ",
                f"f-{i}",
                f"{formula} сообщение {PHONE}",
                formula,
                first_draft=formula,
                override=True,
                reason=formula,
            ),
            cookies=_cookies(oleg),
        )
        assert outcome.event == "complete", outcome
    supervisor = clients.gradio(app.base + "/", auth=("boris", "boris-pass"))
    files = [
        supervisor.predict(api_name="/export_outbox"),
        *supervisor.predict("week", api_name="/analytics_csv"),
    ]
    cells = 0
    for path in files:
        raw = Path(path).read_bytes()
        assert raw.startswith(BOM.encode()), path
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        flat = [c for row in rows for c in row]
        cells += len(flat)
        assert [c for c in flat if is_formula(c)] == [], path
    assert cells > 50
    masked = supervisor.predict(False, api_name="/export")
    # the phone as written, or any part of it (a bare «916» could be a timestamp's microseconds)
    assert "[phone]" in masked
    assert [part for part in (PHONE, "916 123", "123-45-67") if part in masked] == []
    unmasked = supervisor.predict(True, api_name="/export")
    assert "916 123-45-67" in unmasked
    assert "unmasked export of the outbox by user='boris'" in app.log()
    operator = clients.gradio(app.base + "/", auth=("anna", "anna-pass"))
    with pytest.raises(Exception, match="руководителю"):
        operator.predict(True, api_name="/export")


# -- 6. limits ---------------------------------------------------------------------------------


def test_fields_bodies_uploads_and_fn_index_are_bounded(app: App) -> None:
    http = app.login("anna", "anna-pass")
    cookies = _cookies(http)
    long_reason = call_raw(
        app.base, "send", _send("Ответ", "l-1", override=True, reason="п" * 5000), cookies=cookies
    )
    assert long_reason.event == "error" and "причина" in _error(long_reason)
    long_draft = call_raw(
        app.base, "send", _send("Ответ", "l-2", first_draft="ч" * 30_000), cookies=cookies
    )
    assert long_draft.event == "error" and "слишком" in _error(long_draft)
    huge = http.post(
        "/gradio_api/call/send",
        content=b'{"data":["' + b"x" * 3_000_000 + b'"]}',
        headers={"content-type": "application/json"},
    )
    assert huge.status_code == 413
    upload = http.post("/gradio_api/upload", files={"files": ("a.txt", b"x" * 1000)})
    assert upload.status_code == 403
    bad_fn = http.post(
        "/gradio_api/queue/join", json={"data": [], "fn_index": 9999, "session_hash": "anna-bad-fn"}
    )
    assert bad_fn.status_code == 422 and "Traceback" not in bad_fn.text
    assert unexpected_exceptions(app.log()) == []


# -- last: the flood locks the test client's address for the rest of the module ----------------


def test_a_login_flood_does_not_freeze_a_logged_in_operator(app: App) -> None:
    """16 threads post wrong passwords for fresh names; the operator's lint still answers
    (and after 4 x 3 failures the flooding address is locked: cheap refusals).

    (No timing assertion here: ``make bench`` measures the p95 under a 32-thread flood.)
    """
    http = app.login("vera", "vera-pass")
    stop = threading.Event()

    def flood(n: int) -> None:
        with clients.http(timeout=30) as c:
            i = 0
            while not stop.is_set():
                c.post(app.base + "/login", data={"username": f"x{n}-{i}", "password": "x"})
                i += 1

    threads = [threading.Thread(target=flood, args=(n,), daemon=True) for n in range(16)]
    for t in threads:
        t.start()
    try:
        time.sleep(1)
        for _ in range(3):
            outcome = call_raw(
                app.base,
                "lint",
                ["Здравствуйте, вернули деньги.", "", "", "private", ""],
                cookies=_cookies(http),
                timeout=20,
            )
            assert outcome.event == "complete", outcome
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)

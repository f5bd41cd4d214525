"""With users configured, every route needs a login and supervisor features check the role
(on the session's ``secured_app``, tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.testing.llm_server import Behaviour
from tests.support import clients
from tests.support.app import GET_ROUTES, POST_ROUTES, RunningApp


@pytest.mark.parametrize("route", GET_ROUTES)
def test_anonymous_get_is_refused(secured_app: RunningApp, route: str) -> None:
    proc = secured_app.proc
    response = clients.get(proc.url.rstrip("/") + route, timeout=10)
    assert response.status_code in (401, 403), response.text[:200]


@pytest.mark.parametrize("route", POST_ROUTES)
def test_anonymous_post_is_refused(secured_app: RunningApp, route: str) -> None:
    proc = secured_app.proc
    response = clients.post(
        proc.url.rstrip("/") + route,
        json={"data": ["Добрый день"], "fn_index": 0, "session_hash": "x"},
        timeout=10,
    )
    assert response.status_code in (401, 403), response.text[:200]


def test_the_page_shows_only_the_login_form(secured_app: RunningApp) -> None:
    proc = secured_app.proc
    page = clients.get(proc.url, timeout=10).text
    assert '"auth_required":true' in page.replace(" ", "")
    assert "Сообщение клиента" not in page  # no component of the app leaks
    assert "/analyze" not in page and "window.gradio_api_info = {};" in page


def test_wrong_password_is_refused(secured_app: RunningApp) -> None:
    proc = secured_app.proc
    response = clients.post(
        proc.url + "login", data={"username": "anna", "password": "nope"}, timeout=10
    )
    assert response.status_code in (400, 401)
    with pytest.raises(ValueError):
        clients.gradio(proc.url, auth=("anna", "nope"))


def test_operator_works_but_is_refused_supervisor_features(
    secured_app: RunningApp,
) -> None:
    proc = secured_app.proc
    client = clients.gradio(proc.url, auth=("anna", "anna-pass"))
    assert client.predict("Привет!", api_name="/analyze")["greeting"]["present"] is True
    sent = client.predict("Ок, проверили.", key="acc-1", operator="boris", api_name="/send")
    assert sent["operator"] == "anna"  # the login, not what the client claims
    with pytest.raises(Exception, match="только руководителю"):
        client.predict(api_name="/export_outbox")


def test_supervisor_exports_csv(secured_app: RunningApp) -> None:
    proc = secured_app.proc
    client = clients.gradio(proc.url, auth=("boris", "boris-pass"))
    client.predict("Ок, всё готово.", key="acc-2", api_name="/send")
    path = client.predict(api_name="/export_outbox")
    text = Path(path).read_text(encoding="utf-8-sig")
    assert text.startswith("id,key,created_at,operator") and "acc-2" in text


def test_streaming_works_behind_the_login(secured_app: RunningApp) -> None:
    proc = secured_app.proc
    client = clients.gradio(proc.url, auth=("anna", "anna-pass"))
    text = "Добрый день, Марина! Уже разбираемся с переводом, напишу, как только что-то узнаю."
    assert secured_app.llm is not None
    secured_app.llm.script(Behaviour.reply(text, chunk_delay=0.03))
    job = client.submit(
        "Добрый день! Перевод ушёл не туда", "Марина", "private", "", "", "", 1, "",
        api_name="/draft_reply",
    )  # fmt: skip
    job.result(timeout=60)
    replies = [out[0] for out in job.outputs() if isinstance(out[0], str) and out[0]]
    assert replies[-1] == text and len(set(replies)) >= 3

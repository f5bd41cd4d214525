"""End to end in headless Debian Chromium: the operator's whole path, with and without LLM."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.outbox import Outbox
from assistant.testing.llm_server import Behaviour, FakeLLMServer
from bench.bench_workflow import wait_text
from tests.support import clients
from tests.support.app import ROOT, AppProcess, app_env, running_app
from tests.support.browser import open_page
from tests.support.users import user_store

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "artifacts"
MESSAGE = "Добрый день! Карту заблокировали прямо в аэропорту, помогите срочно!"
NICK = "Валюшка лапочка"
DRAFT = (
    "Добрый день, Валюшка лапочка! Уже смотрим, что случилось с картой, "
    "напишу, как только что-то узнаю."
)


@pytest.fixture(scope="module")
def no_llm_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[AppProcess, str]]:
    """One app without an LLM (and without users) for the tests that need no fake server."""
    tmp = tmp_path_factory.mktemp("no-llm")
    env = app_env(tmp)
    with running_app(tmp, env) as proc:
        yield proc, env["ASSISTANT_DB_URL"]


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    with open_page(browser, 1400, 1100) as pg:
        yield pg


def _reply_value(page: Any) -> str:
    return str(page.locator("#reply textarea").input_value())


_wait_text = wait_text


def _shot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


def test_operator_drafts_fixes_and_sends(
    page: Any, tmp_path: Path, start_app: Callable[[dict[str, str]], AppProcess]
) -> None:
    with FakeLLMServer() as llm:
        llm.script(Behaviour.reply(DRAFT, chunk_delay=0.12))
        env = app_env(tmp_path, llm.base_url)
        app = start_app(env)
        page.goto(app.url)

        # Paste the message: the badges and highlighted spans appear.
        page.locator("#nickname textarea, #nickname input").first.fill(NICK)
        page.locator("#message textarea").fill(MESSAGE)
        _wait_text(page, "#profile-badges", "приветствие: «Добрый день»")
        _wait_text(page, "#profile-badges", "СРОЧНО")
        _wait_text(page, "#message-highlight", "приветствие")
        assert (
            page.locator("#no-llm-banner").count() == 0
            or not page.locator("#no-llm-banner").is_visible()
        )

        # Draft: the text streams in, several partial states before the whole reply.
        page.locator("#draft-btn").click()
        seen: list[str] = []
        read_only: list[bool] = []  # while the draft streams, the box takes no keys
        box = page.locator("#reply textarea")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            value = _reply_value(page)
            if value and (not seen or seen[-1] != value):
                seen.append(value)
                if value != DRAFT:
                    read_only.append(box.is_disabled())
            if value == DRAFT:
                break
            page.wait_for_timeout(40)
        assert seen and seen[-1] == DRAFT, seen[-3:]
        partial = [v for v in seen if v != DRAFT]
        assert len(partial) >= 2 and all(DRAFT.startswith(v.rstrip()) for v in partial)
        assert read_only and all(read_only), read_only
        _wait_text(page, "#status", "Черновик готов")
        box.wait_for()
        page.wait_for_function("!document.querySelector('#reply textarea').disabled")
        _wait_text(page, "#findings", "Замечаний нет")

        # The operator adds «Уважаемый клиент»: highlighted in place, listed with its message.
        box.click()
        box.press("Control+Home")
        box.press_sequentially("Уважаемый клиент, ", delay=15)
        findings = _wait_text(page, "#findings", "Уважаемый клиент")
        assert "«Уважаемый …»" in findings or "Уважаемый" in findings
        highlight = page.locator("#reply-highlight")
        _wait_text(page, "#reply-highlight", "Уважаемый клиент")
        labelled = highlight.locator("text=Уважаемый клиент").first
        assert labelled.is_visible()
        _shot(page, "operator-findings.png")
        if os.environ.get("UPDATE_SCREENSHOT"):  # refresh the README's picture on purpose
            shutil.copyfile(ARTIFACTS / "operator-findings.png", ROOT / "docs" / "screenshot.png")

        # The operator fixes it; the findings clear; Send stores the reply.
        box.fill(DRAFT)
        _wait_text(page, "#findings", "Замечаний нет")
        page.locator("#copy-send-btn").dblclick()  # an impatient double click stores once
        _wait_text(page, "#status", "Отправлено")
        page.wait_for_timeout(1000)
        assert _reply_value(page) == ""
        assert DRAFT in page.locator("#sent-reply").inner_text()  # still in view
        records = Outbox(env["ASSISTANT_DB_URL"]).records()
        assert [r.final_text for r in records] == [DRAFT]
        assert records[0].first_draft == DRAFT and records[0].edit_distance == 0
        assert records[0].nickname == NICK and records[0].incoming == MESSAGE
        assert records[0].model == "fake-model"

        page.get_by_role("tab", name="Отправленные").click()
        _wait_text(page, "#sent-table", "Уже смотрим, что случилось с картой")
        page.locator("#search textarea, #search input").first.fill("аэропорт")
        page.locator("#search-btn").click()
        page.wait_for_timeout(500)
        _shot(page, "operator-sent.png")


def test_without_llm_banner_opening_and_lint(page: Any, no_llm_app: tuple[AppProcess, str]) -> None:
    app, _ = no_llm_app
    page.goto(app.url)
    banner = _wait_text(page, "#no-llm-banner", "OPENAI_BASE_URL")
    assert "модель не настроена" in banner
    assert page.locator("#draft-btn").is_disabled()
    assert page.locator("#holding-btn").is_disabled()

    page.locator("#nickname textarea, #nickname input").first.fill(NICK)
    page.locator("#message textarea").fill("Здравствуйте. Третий день жду выписку по счёту")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not _reply_value(page):
        page.wait_for_timeout(100)
    assert _reply_value(page) == "Здравствуйте, Валюшка лапочка. "

    box = page.locator("#reply textarea")
    box.click()
    box.press("End")
    box.press_sequentially("Уважаемый клиент, данная выписка уже готова.", delay=10)
    _wait_text(page, "#findings", "Уважаемый клиент")
    _wait_text(page, "#findings", "данная")
    # A one-click suggestion: «данная» → «эта»/«этот»; the reply changes in place.
    options = page.locator("#suggestions label")
    assert options.count() >= 1
    before = _reply_value(page)
    target = page.locator("#suggestions label", has_text="данная").first
    target.click()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _reply_value(page) == before:
        page.wait_for_timeout(100)
    assert "данная" not in _reply_value(page)
    _shot(page, "operator-no-llm.png")


def test_login_then_work(
    page: Any, tmp_path: Path, start_app: Callable[[dict[str, str]], AppProcess]
) -> None:
    users = user_store(tmp_path / "users.yaml", {"anna": "operator"})
    app = start_app(app_env(tmp_path, ASSISTANT_USERS_FILE=str(users.path)))
    page.goto(app.url)
    page.locator("input[type=password]").wait_for()
    assert page.locator("#message").count() == 0
    page.locator("input[type=text], input:not([type])").first.fill("anna")
    page.locator("input[type=password]").fill("anna-pass")
    page.locator("input[type=password]").press("Enter")
    page.locator("#message textarea").wait_for()
    page.get_by_text("История, заметки, оператор").click()
    operator = page.locator("#operator textarea, #operator input").first
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and operator.input_value() != "anna":
        page.wait_for_timeout(100)
    assert operator.input_value() == "anna" and not operator.is_editable()
    assert page.get_by_role("tab", name="Руководитель").count() == 0
    page.locator("#message textarea").fill("Привет! подскажите, где посмотреть реквизиты")
    _wait_text(page, "#profile-badges", "приветствие")
    # The header names who is working; «Выйти» ends the session and shows the login again.
    _wait_text(page, "#who", "Оператор: anna")
    page.locator("#logout-btn").click()
    page.locator("input[type=password]").wait_for()
    assert page.locator("#message").count() == 0


def test_supervisor_tab_analytics_and_eval(page: Any, no_llm_app: tuple[AppProcess, str]) -> None:
    """Local mode (no users): the one person on localhost has the supervisor tab."""
    app, db_url = no_llm_app
    before = Outbox(db_url).count()
    client = clients.gradio(app.url)
    client.predict("Марина, проверили перевод.", key="s-1", nickname="Марина", api_name="/send")
    page.goto(app.url)
    page.get_by_role("tab", name="Руководитель").click()
    page.locator("#analytics-btn").click()
    _wait_text(page, "#analytics-summary", f"Ответов: {before + 1}")
    page.locator(".js-plotly-plot").first.wait_for()
    page.locator("#eval-suites label", has_text="analyzer").click()
    page.locator("#eval-btn").click()
    _wait_text(page, "#eval-status", "Готово", timeout=60)
    _shot(page, "supervisor.png")

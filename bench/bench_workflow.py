"""The operator's clean path in a real browser: actions from pasting a message to a sent,
copied reply (target: at most 5).

The path is one function, :func:`clean_path`, that both this bench and the browser test
(``tests/app/test_workflow.py``) run; every click, key press and paste is counted as an
action. Needs Debian ``chromium`` (``make browser``); skipped without it.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common import Row

AREA = "app"
TARGET_ACTIONS = 5
MESSAGE = "Здравствуйте! Перевод на карту завис уже второй день, где деньги?"
DRAFT = "Здравствуйте! Уже проверяем перевод, напишу, как только увижу, где он задержался."


@dataclass
class Actions:
    """Counts what the operator does with the mouse and the keyboard."""

    done: list[str] = field(default_factory=list)

    def __call__(self, what: str) -> None:
        self.done.append(what)

    @property
    def count(self) -> int:
        return len(self.done)


#: How long the browser waits for a value: it returns as soon as the value shows, and a
#: first draft on a loaded machine (two test workers, Chromium, the app) can take tens of
#: seconds (a 30 s bound failed once on a clean-clone `make test`).
WAIT_SECONDS = 90.0


def wait_value(page: Any, selector: str, expected: str, timeout: float = WAIT_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    value = ""
    while time.monotonic() < deadline:
        value = str(page.locator(selector).input_value())
        if value == expected:
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"{selector} holds {value!r}, not {expected!r}")


def wait_text(page: Any, selector: str, needle: str, timeout: float = WAIT_SECONDS) -> str:
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        text = str(page.locator(selector).inner_text())
        if needle in text:
            return text
        page.wait_for_timeout(50)
    raise AssertionError(f"{needle!r} did not appear in {selector}: {text[:300]!r}")


def clean_path(page: Any, url: str, reply: str = DRAFT, message: str = MESSAGE) -> Actions:
    """Paste a message, draft with Ctrl+Enter, copy and mark sent with Ctrl+Shift+Enter.

    Returns the actions taken; the reply is then on the clipboard and stored as sent.
    """
    actions = Actions()
    page.goto(url)
    page.locator("#message textarea").wait_for()
    box = page.locator("#message textarea")
    box.fill(message)  # the operator pastes the customer's message
    actions("вставить сообщение")
    box.press("Control+Enter")
    actions("Ctrl+Enter: черновик")
    wait_value(page, "#reply textarea", reply)
    wait_text(page, "#status", "Черновик готов")
    page.keyboard.press("Control+Shift+Enter")
    actions("Ctrl+Shift+Enter: скопировать и отметить отправленным")
    wait_text(page, "#sent-reply", reply)
    return actions


def run() -> list[Row]:
    from assistant.testing.llm_server import Behaviour, FakeLLMServer

    chromium = shutil.which("chromium")
    if chromium is None:
        print("  chromium is not installed: the clean-path count is skipped (make browser)")
        return []
    from playwright.sync_api import sync_playwright

    from bench.bench_app import start_app

    with tempfile.TemporaryDirectory() as tmp, FakeLLMServer() as llm:
        llm.script(Behaviour.reply(DRAFT))
        env = {"OPENAI_BASE_URL": llm.base_url, "OPENAI_API_KEY": "bench"}
        proc, url, _ = start_app(Path(tmp), {**env, "ASSISTANT_MODEL": "fake-model"})
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
                )
                context = browser.new_context(viewport={"width": 1366, "height": 768})
                context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
                page = context.new_page()
                started = time.perf_counter()
                actions = clean_path(page, url)
                seconds = time.perf_counter() - started
                copied = page.evaluate("navigator.clipboard.readText()")
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    if copied != DRAFT:
        raise RuntimeError(f"the clipboard holds {copied!r}, not the reply")
    for i, what in enumerate(actions.done, 1):
        print(f"  действие {i}: {what}")
    return [
        Row(
            AREA, "actions: message → sent, copied reply", actions.count, "actions", TARGET_ACTIONS
        ),
        Row(AREA, "clean path in the browser (fake LLM)", round(seconds, 2), "s"),
    ]

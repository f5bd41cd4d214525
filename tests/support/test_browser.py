"""browser.py: a test's page leaves nothing to the next one but the HTTP cache; the browser
tests wait for an install of Chromium that is still running, and fail if it failed."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.support.browser import (
    INSTALL_STATUS,
    describe,
    find_chromium,
    open_page,
    origin,
    wait_for_status,
)

PAGE = b"<!doctype html><title>t</title><script src='/app.js'></script><p>ok</p>"
SCRIPT = b"window.loaded = (window.loaded || 0) + 1;"


class Site:
    """A page and a cacheable script on a free port; counts the script's downloads."""

    def __init__(self) -> None:
        self.script_downloads = 0
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/app.js":
                    site.script_downloads += 1
                    body, kind = SCRIPT, "text/javascript"
                elif self.path.startswith("/gradio_api/"):
                    body, kind = b"{}", "application/json"
                else:
                    body, kind = PAGE, "text/html"
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Cache-Control", "max-age=600")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def site() -> Iterator[Site]:
    served = Site()
    try:
        yield served
    finally:
        served.server.shutdown()
        served.server.server_close()


STORED = """async () => {
  const db = await new Promise((ok) => {
    const open = indexedDB.open('notes');
    open.onsuccess = () => ok(open.result);
  });
  db.close();
  return {
    cookie: document.cookie,
    local: localStorage.length,
    session: sessionStorage.length,
    databases: (await indexedDB.databases()).map((d) => d.name).filter((n) => n !== 'notes'),
    clipboard: (await navigator.permissions.query({name: 'clipboard-read'})).state,
  };
}"""
STORE = """async () => {
  document.cookie = 'session=anna; max-age=3600';
  localStorage.setItem('draft', 'Анна, деньги вернём');
  sessionStorage.setItem('draft', 'Анна, деньги вернём');
  await new Promise((ok) => {
    const open = indexedDB.open('customer');
    open.onupgradeneeded = () => open.result.createObjectStore('notes');
    open.onsuccess = () => { open.result.close(); ok(); };
  });
}"""


@pytest.mark.browser
def test_a_closed_page_leaves_no_cookie_storage_or_permission(browser: Any, site: Site) -> None:
    with open_page(browser, 800, 600, clipboard_for=site.url.rstrip("/")) as first:
        first.goto(site.url)
        first.evaluate(STORE)
        stored = first.evaluate(STORED)
        assert stored["cookie"] == "session=anna" and stored["local"] == stored["session"] == 1
        assert stored["databases"] == ["customer"] and stored["clipboard"] == "granted"
    with open_page(browser, 800, 600) as second:
        second.goto(site.url)
        assert second.evaluate(STORED) == {
            "cookie": "",
            "local": 0,
            "session": 0,
            "databases": [],
            "clipboard": "prompt",
        }


@pytest.mark.browser
def test_the_next_page_loads_the_script_from_the_cache(browser: Any, site: Site) -> None:
    for _ in range(2):
        with open_page(browser, 800, 600) as page:
            page.goto(site.url)
            assert page.evaluate("window.loaded") == 1
    assert site.script_downloads == 1


@pytest.mark.browser
def test_a_failed_tests_page_is_described(browser: Any, site: Site, tmp_path: Path) -> None:
    shot = tmp_path / "failed" / "test.png"
    with open_page(browser, 800, 600) as page:
        page.goto(site.url)
        with page.expect_event("pageerror"):
            page.evaluate(
                "async () => {"
                " document.body.insertAdjacentHTML('beforeend', '<p id=status>Ошибка</p>');"
                " console.warn('поток закрыт');"
                " await (await fetch('/gradio_api/queue/join?x=1')).text();"
                " setTimeout(() => { throw new Error('сбой в обработчике'); }); }"
            )
        lines = describe(page, shot).splitlines()
    assert lines[:3] == [f"address: {site.url}", "notice: 'Ошибка'", f"screenshot: {shot}"]
    assert shot.read_bytes().startswith(b"\x89PNG")
    journal = [line.split("s ", 1)[1] for line in lines[4:]]  # after "what the page did last"
    join = f"{site.url}gradio_api/queue/join?x=1"
    assert sorted(journal) == sorted(  # the error and the request's end come in either order
        [
            "console.warning: поток закрыт",
            f"-> GET {join}",
            f"<- 200 {join}",
            f"done GET {join}",
            "page error: сбой в обработчике",
        ]
    )


def test_origin_of_a_page() -> None:
    assert origin("http://127.0.0.1:7860/?__theme=light") == "http://127.0.0.1:7860"
    assert origin("https://assistant.bank.example/login") == "https://assistant.bank.example"
    assert origin("about:blank") is None and origin("file:///tmp/report.html") is None


def later(seconds: float, action: Callable[[], object]) -> threading.Thread:
    """Run ``action`` in ``seconds`` on a thread of its own, as the install beside the tests
    ends while a test waits."""

    def run() -> None:
        time.sleep(seconds)
        action()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_waits_for_the_install_to_end_and_reads_its_status(tmp_path: Path) -> None:
    status = tmp_path / "chromium.status"
    writer = later(0.3, lambda: status.write_text("0\n", encoding="ascii"))
    started = time.monotonic()
    assert wait_for_status(status, timeout=10, poll=0.02) == 0
    assert time.monotonic() - started >= 0.3
    writer.join()
    status.write_text("100\n", encoding="ascii")
    assert wait_for_status(status, timeout=10) == 100


def test_an_install_that_never_ends_is_a_timeout(tmp_path: Path) -> None:
    with pytest.raises(TimeoutError, match="no status"):
        wait_for_status(tmp_path / "chromium.status", timeout=0.1, poll=0.02)


@pytest.fixture
def no_chromium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PATH without ``chromium``; the status file the install would write."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    status = tmp_path / "chromium.status"
    monkeypatch.setenv(INSTALL_STATUS, str(status))
    return status


def test_without_an_install_running_chromium_is_just_missing(
    no_chromium: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(INSTALL_STATUS)
    assert find_chromium(timeout=0.1) is None  # the browser tests are skipped


def test_a_failed_install_fails_the_browser_tests(no_chromium: Path) -> None:
    no_chromium.write_text("100\n", encoding="ascii")
    with pytest.raises(RuntimeError, match="exit status 100"):
        find_chromium(timeout=1)


def test_an_install_that_leaves_no_chromium_fails_the_browser_tests(no_chromium: Path) -> None:
    no_chromium.write_text("0\n", encoding="ascii")
    with pytest.raises(RuntimeError, match="no `chromium` is on PATH"):
        find_chromium(timeout=1)


def test_chromium_installed_while_a_test_waits_is_found(no_chromium: Path, tmp_path: Path) -> None:
    fake = tmp_path / "empty" / "chromium"

    def install() -> None:
        fake.parent.mkdir()
        fake.write_text("#!/bin/sh\n", encoding="ascii")
        fake.chmod(0o755)
        no_chromium.write_text("0\n", encoding="ascii")

    installer = later(0.2, install)
    assert find_chromium(timeout=10) == str(fake)
    installer.join()

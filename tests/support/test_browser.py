"""browser.py: a test's page leaves nothing to the next one but the HTTP cache."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.support.browser import describe, open_page, origin

pytestmark = pytest.mark.browser

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


def test_the_next_page_loads_the_script_from_the_cache(browser: Any, site: Site) -> None:
    for _ in range(2):
        with open_page(browser, 800, 600) as page:
            page.goto(site.url)
            assert page.evaluate("window.loaded") == 1
    assert site.script_downloads == 1


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

"""Headless Debian Chromium for Playwright (never ``playwright install``).

The browser tests drive one Chromium per test module (:func:`chromium`, the fixture
``browser`` of tests/conftest.py) and give each test a page of its own (:func:`open_page`).
The profile is kept on disk for the module, so the HTTP cache, with V8's compiled code of
the app's scripts, serves the next page of the same app: a warm page load costs about half
the CPU of a cold one (renderer 1.15 s → 0.57 s, the app 0.38 s → 0.17 s). Nothing else
passes from one test's page to the next: when a page closes, its cookies, its origins'
storage and the permissions granted for it are cleared (tests/support/test_browser.py).

``make test`` starts the tests as soon as the packages are installed and installs Chromium
beside them; the browser tests wait for that install (:func:`find_chromium`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

#: Set by ``make test``: the file where the Chromium install running beside the tests writes
#: its exit status when it ends.
INSTALL_STATUS = "TESTS_CHROMIUM_STATUS"
#: Seconds a browser test waits for that install (apt on a slow mirror).
INSTALL_TIMEOUT = 1200.0
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCALE = "ru-RU"
#: What each open page did lately, for :func:`describe`: its console and errors, and its
#: calls to the app's API (queue joins, the event stream, direct runs), by ``id(page)``.
JOURNALS: dict[int, deque[str]] = {}
#: What a closed page leaves behind and the next page must not see (CDP ``Storage`` types;
#: the HTTP cache is not among them).
STORAGE_TYPES = ",".join(
    ("cookies", "local_storage", "indexeddb", "websql", "service_workers", "cache_storage",
     "file_systems", "shader_cache")
)  # fmt: skip


def find_chromium(timeout: float = INSTALL_TIMEOUT) -> str | None:
    """Debian's ``chromium``, or None where it is not installed. Under ``make test``
    (:data:`INSTALL_STATUS` set) an install may still be running: wait for its status, and
    raise ``RuntimeError`` if it failed or left no ``chromium``, so the browser tests fail
    instead of being skipped."""
    found = shutil.which("chromium")
    status = os.environ.get(INSTALL_STATUS)
    if found or not status:
        return found
    code = wait_for_status(Path(status), timeout)
    if code != 0:
        raise RuntimeError(f"installing Chromium failed (exit status {code}; see make's output)")
    found = shutil.which("chromium")
    if found is None:
        raise RuntimeError("Chromium was installed, yet no `chromium` is on PATH")
    return found


def wait_for_status(path: Path, timeout: float, poll: float = 0.2) -> int:
    """The exit status an install writes to ``path`` when it ends; ``TimeoutError`` if it has
    not ended within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(FileNotFoundError, ValueError):
            return int(path.read_text(encoding="ascii"))
        if time.monotonic() >= deadline:
            raise TimeoutError(f"the Chromium install wrote no status to {path} in {timeout:.0f} s")
        time.sleep(poll)


@contextlib.contextmanager
def chromium(executable: str, profile: Path) -> Iterator[Any]:
    """Headless Chromium (``executable``, from :func:`find_chromium`) with its profile in
    ``profile``: a Playwright ``BrowserContext``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=executable, args=CHROMIUM_FLAGS, headless=True, locale=LOCALE
        )
        try:
            yield context
        finally:
            context.close()


def origin(url: str) -> str | None:
    """``scheme://host[:port]`` of a web page's ``url``; None for ``about:`` and files."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


@contextlib.contextmanager
def open_page(
    browser: Any, width: int, height: int, clipboard_for: str | None = None
) -> Iterator[Any]:
    """A new page of ``width``×``height`` in ``browser`` (from :func:`chromium`), the
    clipboard allowed for one origin. On close, everything it stored is cleared."""
    if clipboard_for:
        browser.grant_permissions(["clipboard-read", "clipboard-write"], origin=clipboard_for)
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": height})
    page.set_default_timeout(20_000)
    visited: set[str] = set()
    page.on("framenavigated", lambda frame: visited.add(frame.url))
    JOURNALS[id(page)] = keep_journal(page)
    try:
        yield page
    finally:
        del JOURNALS[id(page)]
        forget(browser, page, visited)


def keep_journal(page: Any, size: int = 200) -> deque[str]:
    """The last ``size`` things ``page`` did that a failure may be about, timed from now."""
    journal: deque[str] = deque(maxlen=size)
    start = time.monotonic()

    def note(what: str) -> None:
        journal.append(f"{time.monotonic() - start:7.2f}s {what}")

    def api(request: Any) -> bool:
        return "/gradio_api/" in request.url

    page.on("console", lambda msg: note(f"console.{msg.type}: {msg.text[:300]}"))
    page.on("pageerror", lambda exc: note(f"page error: {exc}"))
    page.on("requestfailed", lambda r: note(f"failed: {r.method} {r.url} ({r.failure})"))
    page.on("request", lambda r: api(r) and note(f"-> {r.method} {r.url}"))
    page.on("response", lambda r: api(r.request) and note(f"<- {r.status} {r.url}"))
    page.on("requestfinished", lambda r: api(r) and note(f"done {r.method} {r.url}"))
    return journal


def describe(page: Any, shot: Path) -> str:
    """What a failed browser test left on screen: the address, the app's notice line
    (``#status``), a screenshot saved to ``shot`` and the page's journal (:func:`keep_journal`);
    for the test report."""
    lines = [f"address: {page.url}"]
    try:
        if page.locator("#status").count():
            lines.append(f"notice: {page.locator('#status').inner_text(timeout=2000)!r}")
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), timeout=5000)
        lines.append(f"screenshot: {shot}")
    except Exception as exc:  # a closed or hung page: say so, keep the test's own failure
        lines.append(f"the page could not be read: {exc!r}")
    journal = JOURNALS.get(id(page), ())
    lines += ["what the page did last (console, errors, the app's API):", *journal]
    return "\n".join(lines)


def forget(browser: Any, page: Any, urls: set[str]) -> None:
    """Close ``page`` and clear what it stored for the ``urls`` it visited, every cookie and
    every permission granted: the next page starts as in a fresh profile, with a warm cache."""
    cdp = browser.new_cdp_session(page)
    for site in sorted({o for url in urls if (o := origin(url))}):
        cdp.send("Storage.clearDataForOrigin", {"origin": site, "storageTypes": STORAGE_TYPES})
    cdp.detach()
    page.close()
    browser.clear_cookies()
    browser.clear_permissions()

"""Shared fixtures: the local OpenAI-compatible server and settings pointing at it, and the
app processes shared by the whole session (one per configuration that several test files use;
a configuration of one file stays in that file)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from assistant.config import Settings
from assistant.outbox import Outbox
from assistant.outbox.models import SendRequest
from assistant.testing.llm_server import FakeLLMServer
from tests.support.app import RunningApp, app_env, running_app
from tests.support.gradio_stubs import skip_stub_regeneration
from tests.support.users import user_store

skip_stub_regeneration()  # before a test module imports gradio (tests/support/gradio_stubs.py)
# The tests stay off the internet: the first gradio_client of a process would have
# huggingface_hub fetch a registry from huggingface.co (read once, at its import).
os.environ["HF_HUB_OFFLINE"] = "1"

#: Test files that use a session app: with ``-n 2 --dist loadfile`` (``make test``) the files
#: of one app run on the same worker, which starts the app once (pytest-xdist's own
#: ``loadgroup`` cannot group them: it renames node ids, which pytest 9 no longer reads).
SHARED_APP_FILES = {
    "tests/app/test_client.py": "llm_app",
    "tests/hardening/test_app_bad_input.py": "llm_app",
    "tests/app/test_access.py": "secured_app",
    "tests/hardening/test_access_app.py": "secured_app",
}


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist, the controller starts one prefork server for all the workers
    (``tests/support/prefork.py``) before it starts them."""
    if config.getoption("numprocesses", None) and not hasattr(config, "workerinput"):
        from tests.support import prefork

        prefork.share()


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``--dist loadfile``, with the files of :data:`SHARED_APP_FILES` as one unit per app."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class SharedAppScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return SHARED_APP_FILES.get(path, path)

    return SharedAppScheduling(config, log)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """A browser test that fails reports what its page showed (tests/support/browser.py)."""
    report = yield
    page = getattr(item, "funcargs", {}).get("page")
    if report.when == "call" and report.failed and page is not None:
        from tests.support.app import ROOT
        from tests.support.browser import describe

        shot = ROOT / "artifacts" / "failed" / f"{item.name}.png"
        report.sections.append(("the page at the failure", describe(page, shot)))
    return report


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Headless Debian Chromium, one per module (the browser tests are skipped without it,
    and wait for it while ``make test`` installs it: ``tests.support.browser.find_chromium``);
    each test opens its page with ``tests.support.browser.open_page``, which leaves nothing
    behind for the next but the HTTP cache (tests/support/test_browser.py). Not one per
    session: Playwright's synchronous API keeps its event loop set as the thread's running
    loop, and every later ``asyncio.run`` of the worker would fail."""
    from tests.support.browser import chromium, find_chromium

    executable = find_chromium()
    if executable is None:
        pytest.skip("Debian chromium is not installed (run `make browser`)")
    with chromium(executable, tmp_path_factory.mktemp("chromium-profile")) as context:
        yield context


@pytest.fixture
def llm_server() -> Iterator[FakeLLMServer]:
    """A fresh scripted server on a free port (default answer: the mirror model)."""
    server = FakeLLMServer(hang_limit=10.0).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def llm_settings(llm_server: FakeLLMServer) -> Settings:
    """Settings for ``llm_server`` with small limits, so failure tests run fast."""
    return Settings(
        base_url=llm_server.base_url,
        api_key="test-key",
        model="fake-model",
        connect_timeout=1.0,
        read_timeout=1.0,
        deadline=6.0,
        max_retries=2,
        retry_backoff=0.02,
        max_revisions=2,
    )


@pytest.fixture(scope="session")
def llm_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """The app with a fake LLM and no users (tests/app/test_client.py, the bad-input barrage)."""
    tmp = tmp_path_factory.mktemp("llm-app")
    with FakeLLMServer() as llm, running_app(tmp, app_env(tmp, llm.base_url)) as proc:
        yield RunningApp(proc, tmp, llm)


@pytest.fixture(scope="session")
def secured_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """The app behind a login: operator anna, supervisor boris (password ``<name>-pass``), a
    fake LLM, two LAN names it answers to, one reply already in the outbox (both access tests)."""
    tmp = tmp_path_factory.mktemp("secured-app")
    users = user_store(tmp / "users.yaml", {"anna": "operator", "boris": "supervisor"})
    Outbox(f"sqlite:///{tmp / 'outbox.sqlite3'}").send(SendRequest(text="Ответ", key="seed"))
    with FakeLLMServer() as llm:
        env = app_env(
            tmp,
            llm.base_url,
            ASSISTANT_USERS_FILE=str(users.path),
            ASSISTANT_ALLOWED_HOSTS="10.0.0.5,assistant.bank.example",
        )
        with running_app(tmp, env) as proc:
            yield RunningApp(proc, tmp, llm, users)

"""The wheel works on its own: built in isolation, installed into a fresh virtualenv outside the
repository, run from another working directory with the packaged rules, prompts and suites.

To stay fast the new virtualenv gets the wheel only (``--no-deps``); its dependencies come
from this test run's own ``site-packages`` through one path line in a ``.pth`` file (a plain
path: the editable install of the checkout there is not activated). The package itself, its
data and the ``tone-assistant`` script are the wheel's.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import socket
import subprocess
import sys
import time
import urllib.request
import venv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from assistant.testing.llm_server import Behaviour, FakeLLMServer

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Installed:
    python: Path
    script: Path
    site_packages: Path
    workdir: Path

    def env(self, **extra: str) -> dict[str, str]:
        """This environment without the project's settings or Python paths, plus ``extra``."""
        prefixes = ("OPENAI_", "ASSISTANT_", "GRADIO_", "PYTHON", "VIRTUAL_ENV")
        clean = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
        return {**clean, "PYTHONDONTWRITEBYTECODE": "1", **extra}

    def run(
        self, *args: str, stdin: str | None = None, **env: str
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.script), *args],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=self.workdir,
            env=self.env(**env),
            timeout=180,
            check=False,
        )

    def files(self) -> set[str]:
        return {str(p.relative_to(self.site_packages)) for p in self.site_packages.rglob("*")}


def _build_wheel(out: Path) -> Path:
    left_before = (ROOT / "build").exists()
    done = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert left_before or not (ROOT / "build").exists(), "the build left build/ in the tree"
    (wheel,) = out.glob("tone_assistant-*.whl")
    return wheel


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    base = tmp_path_factory.mktemp("wheel-install")
    assert ROOT not in base.parents
    wheel = _build_wheel(base / "dist")
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    sp_path = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    site_packages = Path(sp_path)
    # the dependencies: this interpreter's site-packages, appended after the venv's own
    deps = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (site_packages / "_deps_of_the_test.pth").write_text("\n".join(deps) + "\n")
    pip = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
         "--no-deps", "--no-index", "--disable-pip-version-check", str(wheel)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert pip.returncode == 0, pip.stderr
    workdir = base / "work"
    workdir.mkdir()
    yield Installed(python, env_dir / "bin" / "tone-assistant", site_packages, workdir)
    shutil.rmtree(base, ignore_errors=True)


def test_the_installed_package_uses_its_own_code_and_data(installed: Installed) -> None:
    probe = subprocess.run(
        [str(installed.python), "-c",
         "import assistant, json; from assistant.config import get_settings as g; s = g();"
         "print(json.dumps([assistant.__file__, str(s.rules_dir), str(s.prompts_dir),"
         " str(s.eval_dir), str(s.data_dir)]))"],
        capture_output=True, text=True, cwd=installed.workdir, check=False,
    )  # fmt: skip
    assert probe.returncode == 0, probe.stderr
    code, rules, prompts, evals, data = map(Path, json.loads(probe.stdout))
    package = installed.site_packages / "assistant"
    assert code == package / "__init__.py"
    assert rules == package / "_data" / "style_rules"
    assert prompts == package / "_data" / "prompts"
    assert evals == package / "_data" / "eval"
    assert data == installed.workdir / "data"
    assert (rules / "bureaucratic").is_dir() and (prompts / "system.yaml").is_file()
    assert (evals / "suites").is_dir() and (package / "_data" / "app.py").is_file()


def test_commands_run_from_another_directory_and_write_nothing_into_the_package(
    installed: Installed,
) -> None:
    before = installed.files()

    analyzed = installed.run("analyze", "--json", "Привет! Срочно верните деньги 😡")
    assert analyzed.returncode == 0, analyzed.stderr
    assert json.loads(analyzed.stdout)["profile"]["urgent"] is True

    linted = installed.run("lint", "--jsonl", stdin=json.dumps({"text": "Данная услуга"}) + "\n")
    assert linted.returncode == 0, linted.stderr
    (row,) = [json.loads(line) for line in linted.stdout.splitlines()]
    assert [f["rule"] for f in row["findings"]] == ["bureaucratic/kantselyarit"]

    with FakeLLMServer() as server:
        server.script(Behaviour.reply("Ольга, проверили: возврат уже в пути."))
        drafted = installed.run(
            "draft", "--json", "Где мой возврат?", "--nickname", "Ольга",
            OPENAI_BASE_URL=server.base_url,
        )  # fmt: skip
        assert drafted.returncode == 0, drafted.stderr
        assert json.loads(drafted.stdout)["draft"]["text"].startswith("Ольга, проверили")
        # the system prompt sent is the packaged one
        packaged = installed.site_packages / "assistant" / "_data" / "prompts" / "system.yaml"
        prompt = yaml.safe_load(packaged.read_text(encoding="utf-8"))["messages"][0]["content"]
        line = next(ln for ln in prompt.splitlines() if len(ln) > 20 and "{" not in ln)
        assert line in server.completions()[0].messages[0]["content"]

    evaluated = installed.run("eval", "--no-llm")
    assert evaluated.returncode == 0, evaluated.stdout + evaluated.stderr
    assert "analyzer" in evaluated.stdout and "lint" in evaluated.stdout
    runs = list((installed.workdir / "data" / "eval-runs").glob("*/results.jsonl"))
    assert len(runs) == 1 and runs[0].stat().st_size > 0

    assert installed.files() == before, "a command wrote into site-packages"


def test_the_app_starts_from_the_installed_package(installed: Installed) -> None:
    """``tone-assistant app`` serves the packaged app; its outbox goes to ./data."""
    before = installed.files()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = subprocess.Popen(
        [str(installed.script), "app", "--port", str(port)],
        cwd=installed.workdir,
        env=installed.env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        page = _wait_for_page(f"http://127.0.0.1:{port}/", app)
        assert "Ассистент ответов поддержки" in page
    finally:
        app.terminate()
        _, stderr = app.communicate(timeout=30)
    assert (installed.workdir / "data").is_dir(), stderr.decode(errors="replace")[-2000:]
    assert installed.files() == before, "the app wrote into site-packages"


def _wait_for_page(url: str, process: subprocess.Popen[bytes], timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the app exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"no page at {url} within {timeout} s")

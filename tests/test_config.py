"""Where the settings look for data and where run files go."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT, Settings, data_folder


def test_a_checkout_reads_the_top_level_folders() -> None:
    assert data_folder("style_rules") == PROJECT_ROOT / "style_rules"
    settings = Settings()
    assert settings.rules_dir == PROJECT_ROOT / "style_rules"
    assert settings.prompts_dir == PROJECT_ROOT / "prompts"
    assert settings.eval_dir == PROJECT_ROOT / "eval"


def test_run_files_go_to_the_data_dir_of_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ASSISTANT_DATA_DIR", raising=False)
    monkeypatch.delenv("ASSISTANT_DB_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    settings = Settings()
    assert settings.data_dir == tmp_path / "data"
    assert settings.db_url == f"sqlite:///{tmp_path / 'data' / 'outbox.sqlite3'}"
    assert settings.eval_runs_dir == tmp_path / "data" / "eval-runs"
    assert settings.default_users_file == tmp_path / "data" / "users.yaml"


def test_environment_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ASSISTANT_DATA_DIR", "runs")
    monkeypatch.setenv("ASSISTANT_RULES_DIR", str(tmp_path / "rules"))
    monkeypatch.setenv("ASSISTANT_EVAL_DIR", str(tmp_path / "eval"))
    settings = Settings()
    assert settings.data_dir == tmp_path / "runs"  # relative: from the working directory
    assert settings.db_url.endswith("/runs/outbox.sqlite3")
    assert settings.rules_dir == tmp_path / "rules"
    assert settings.eval_dir == tmp_path / "eval"
    assert settings.prompts_dir == PROJECT_ROOT / "prompts"
    monkeypatch.setenv("ASSISTANT_DB_URL", "sqlite:///elsewhere.sqlite3")
    assert Settings().db_url == "sqlite:///elsewhere.sqlite3"

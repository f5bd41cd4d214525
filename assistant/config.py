"""Settings from the environment (and an optional ``.env`` file).

One object holds every knob: the LLM endpoint and its limits, input limits, where the rule,
prompt and eval data live, the outbox database and the users file. Environment variables
are the interface (``OPENAI_API_KEY``, ``OPENAI_BASE_URL``, ``ASSISTANT_MODEL`` …); see
the README for examples with OpenAI, vLLM and Ollama.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from pydantic import AliasChoices, Field, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: The repository root in a source checkout (in an installed wheel: ``site-packages``).
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def data_folder(name: str) -> Path:
    """A default data folder (``style_rules``, ``prompts``, ``eval`` …) or file (``app.py``).

    In a source checkout (an editable install) this is the top-level folder of the
    repository, where authors edit the files. In an installed wheel it is the copy the
    build put into the package (``assistant/_data/<name>``, see ``setup.py``), found with
    :mod:`importlib.resources`.
    """
    checkout = PROJECT_ROOT / name
    if (PROJECT_ROOT / "pyproject.toml").is_file() and checkout.exists():
        return checkout
    return Path(str(files("assistant") / "_data" / name))


class Settings(BaseSettings):
    """Every setting, read from ``ASSISTANT_<FIELD>`` variables (and a ``.env`` file).

    A few have the usual OpenAI names too: ``OPENAI_API_KEY``, ``OPENAI_BASE_URL``,
    ``OPENAI_MODEL``; the port also reads ``GRADIO_SERVER_PORT``. The data folders default to
    the packaged rules, prompts and eval suites (:func:`data_folder`); run files go under
    ``data_dir`` (``ASSISTANT_DATA_DIR``, default ``./data``). Frozen: build a new one to
    change a value, e.g. ``Settings(base_url="http://127.0.0.1:8000/v1")``.
    """

    model_config = SettingsConfigDict(
        env_prefix="ASSISTANT_",
        env_file=".env",
        extra="ignore",
        frozen=True,
        populate_by_name=True,
    )

    # -- LLM endpoint (any OpenAI-compatible server) --------------------------------
    api_key: str | None = Field(
        default=None, validation_alias=AliasChoices("ASSISTANT_API_KEY", "OPENAI_API_KEY")
    )
    base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("ASSISTANT_BASE_URL", "OPENAI_BASE_URL")
    )
    model: str = Field(
        default="gpt-4o-mini", validation_alias=AliasChoices("ASSISTANT_MODEL", "OPENAI_MODEL")
    )
    temperature: float = Field(default=0.5, ge=0.0, le=2.0)
    connect_timeout: float = Field(default=5.0, gt=0, description="Seconds to connect.")
    read_timeout: float = Field(default=30.0, gt=0, description="Seconds between two chunks.")
    deadline: float = Field(default=90.0, gt=0, description="Seconds for a whole LLM call.")
    max_retries: int = Field(default=2, ge=0, le=2, description="Connection errors, 429, 5xx.")
    retry_backoff: float = Field(
        default=0.5, ge=0, description="First pause before a retry (doubles each time)."
    )
    max_revisions: int = Field(default=2, ge=0, le=5, description="Repair rounds per draft.")

    # -- input --------------------------------------------------------------------------
    max_input_chars: int = Field(default=20_000, gt=0)
    max_field_chars: int = Field(
        default=2_000, gt=0, description="Notes, override reason, search: short free text."
    )
    max_name_chars: int = Field(default=200, gt=0, description="Names, keys, model ids.")
    max_history_items: int = Field(default=50, ge=0, description="Earlier messages kept.")
    max_request_bytes: int = Field(
        default=2 * 1024 * 1024, gt=0, description="Largest HTTP request body accepted."
    )

    # -- data ---------------------------------------------------------------------------
    rules_dir: Path = Field(default_factory=lambda: data_folder("style_rules"))
    prompts_dir: Path = Field(default_factory=lambda: data_folder("prompts"))
    eval_dir: Path = Field(default_factory=lambda: data_folder("eval"))
    knowledge_dir: Path | None = Field(
        default_factory=lambda: data_folder("knowledge"),
        description="Markdown knowledge base (ASSISTANT_KNOWLEDGE_DIR); empty: drafts without it.",
    )
    knowledge_top_k: int = Field(default=3, ge=0, le=10, description="Articles per prompt.")
    data_dir: Path = Field(
        default=Path("data"),
        description="Run files (outbox database, eval runs): a working folder, never the package.",
    )
    knowledge_log: Path | None = Field(
        default=Path("knowledge_usage.jsonl"),
        validate_default=True,
        description="Knowledge usage log; a relative path is under data_dir; empty: off.",
    )

    # -- app ----------------------------------------------------------------------------
    db_url: str = Field(default="", validate_default=True, description="Default: data_dir.")
    users_file: Path | None = None
    host: str = "127.0.0.1"
    timezone: str = Field(
        default="Europe/Moscow", description="The team's time zone for times on screen."
    )
    port: int = Field(
        default=7860, validation_alias=AliasChoices("ASSISTANT_PORT", "GRADIO_SERVER_PORT")
    )

    @field_validator("data_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().absolute()

    @field_validator("db_url")
    @classmethod
    def _default_db(cls, value: str, info: ValidationInfo) -> str:
        if value:
            return value
        data_dir: Path = info.data.get("data_dir") or Path("data").absolute()
        return f"sqlite:///{data_dir / 'outbox.sqlite3'}"

    @property
    def eval_runs_dir(self) -> Path:
        """Where ``eval`` writes its run folders (``<data_dir>/eval-runs``)."""
        return self.data_dir / "eval-runs"

    @property
    def default_users_file(self) -> Path:
        """``users_file``, or ``<data_dir>/users.yaml``."""
        return self.users_file or self.data_dir / "users.yaml"

    @field_validator("knowledge_dir", mode="before")
    @classmethod
    def _empty_is_off(cls, value: object) -> object:
        """``ASSISTANT_KNOWLEDGE_DIR=`` (empty) switches the knowledge base off."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("knowledge_log", mode="before")
    @classmethod
    def _log_under_data_dir(cls, value: object, info: ValidationInfo) -> object:
        """A relative log path lives under ``data_dir``; an empty value switches the log off."""
        if isinstance(value, str) and not value.strip():
            return None
        if value is not None and not Path(str(value)).is_absolute():
            data_dir: Path = info.data.get("data_dir") or Path("data").absolute()
            return data_dir / str(value)
        return value

    # -- security (docs/security.md) -----------------------------------------------------
    allowed_hosts: str = Field(
        default="",
        description="Host names the app answers to besides loopback and its own name "
        "(comma-separated, ASSISTANT_ALLOWED_HOSTS).",
    )
    session_hours: float = Field(default=12.0, gt=0, description="A login lasts this long.")
    login_failures: int = Field(
        default=5, ge=1, description="Failed logins per name (or 4x per address) before a lock."
    )
    login_lock_minutes: float = Field(default=15.0, gt=0, description="How long a lock lasts.")
    login_workers: int = Field(default=1, ge=1, le=8, description="Threads checking passwords.")
    retention_days: int | None = Field(
        default=None,
        ge=1,
        description="Customer text older than this is erased by "
        "``python -m assistant.outbox.retention`` (None: kept).",
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (e.g. Europe/Moscow)") from exc
        return value

    @property
    def llm_configured(self) -> bool:
        """Whether an endpoint is set: a base URL (local servers need no key) or a key."""
        return bool(self.base_url or self.api_key)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings read once from the environment."""
    return Settings()

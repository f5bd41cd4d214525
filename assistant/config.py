"""Settings from the environment (and an optional ``.env`` file).

One object holds every knob: the LLM endpoint and its limits, input limits, where the rule,
prompt and eval data live, the outbox database and the users file. Environment variables
are the interface (``OPENAI_API_KEY``, ``OPENAI_BASE_URL``, ``ASSISTANT_MODEL`` …); see
the README for examples with OpenAI, vLLM and Ollama.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

#: The repository root: rules, prompts and eval suites are data files beside the package.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
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
    rules_dir: Path = PROJECT_ROOT / "style_rules"
    prompts_dir: Path = PROJECT_ROOT / "prompts"
    eval_dir: Path = PROJECT_ROOT / "eval"

    # -- app ----------------------------------------------------------------------------
    db_url: str = Field(default=f"sqlite:///{PROJECT_ROOT / 'data' / 'outbox.sqlite3'}")
    users_file: Path | None = None
    host: str = "127.0.0.1"
    port: int = Field(
        default=7860, validation_alias=AliasChoices("ASSISTANT_PORT", "GRADIO_SERVER_PORT")
    )

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

    @property
    def llm_configured(self) -> bool:
        """Whether an endpoint is set: a base URL (local servers need no key) or a key."""
        return bool(self.base_url or self.api_key)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings read once from the environment."""
    return Settings()

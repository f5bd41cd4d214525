"""Settings from the environment (and an optional ``.env`` file).

One object holds every knob: the LLM endpoint and its limits, input limits, where the rule,
prompt and eval data live, the outbox database and the users file. Environment variables
are the interface (``OPENAI_API_KEY``, ``OPENAI_BASE_URL``, ``ASSISTANT_MODEL`` …); see
the README for examples with OpenAI, vLLM and Ollama.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, field_validator
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

    # -- data ---------------------------------------------------------------------------
    rules_dir: Path = PROJECT_ROOT / "style_rules"
    prompts_dir: Path = PROJECT_ROOT / "prompts"
    eval_dir: Path = PROJECT_ROOT / "eval"

    # -- app ----------------------------------------------------------------------------
    db_url: str = Field(default=f"sqlite:///{PROJECT_ROOT / 'data' / 'outbox.sqlite3'}")
    users_file: Path | None = None
    host: str = "127.0.0.1"
    timezone: str = Field(
        default="Europe/Moscow", description="The team's time zone for times on screen."
    )
    port: int = Field(
        default=7860, validation_alias=AliasChoices("ASSISTANT_PORT", "GRADIO_SERVER_PORT")
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

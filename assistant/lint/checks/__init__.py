"""Named built-in checks for the structural rules; a rule of kind ``check`` names one.

A check is a function ``(context, params) -> list[Hit]`` registered with its parameter
model, so that a rule file's ``params`` are validated when the rules load, not when a reply
happens to reach the check. Import order registers them: see the modules beside this one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from assistant.lint.context import Hit, LintContext

P = TypeVar("P", bound=BaseModel)


class Params(BaseModel):
    """Base of every check's parameters: unknown keys are an error in the rule file."""

    model_config = ConfigDict(frozen=True, extra="forbid")


@dataclass(frozen=True)
class Check(Generic[P]):
    name: str
    params: type[P]
    fn: Callable[[LintContext, P], list[Hit]]
    doc: str

    def __call__(self, ctx: LintContext, params: Any) -> list[Hit]:
        return self.fn(ctx, params)


CHECKS: dict[str, Check[Any]] = {}


def register(
    name: str, params: type[P]
) -> Callable[[Callable[[LintContext, P], list[Hit]]], Callable[[LintContext, P], list[Hit]]]:
    """Register a check under ``name`` with its parameter model."""

    def wrap(fn: Callable[[LintContext, P], list[Hit]]) -> Callable[[LintContext, P], list[Hit]]:
        if name in CHECKS:
            raise ValueError(f"check {name!r} registered twice")
        CHECKS[name] = Check(name, params, fn, (fn.__doc__ or "").strip())
        return fn

    return wrap


def get_check(name: str) -> Check[Any]:
    _load_all()
    return CHECKS[name]


def available() -> list[str]:
    _load_all()
    return sorted(CHECKS)


_loaded = False


def _load_all() -> None:
    global _loaded
    if not _loaded:
        import importlib

        for name in (
            "address",
            "emoji",
            "greeting",
            "invisible",
            "morphology",
            "nickname",
            "pii",
            "promise",
        ):
            importlib.import_module(f"assistant.lint.checks.{name}")

        _loaded = True


__all__ = ["CHECKS", "Check", "Hit", "LintContext", "Params", "available", "get_check", "register"]

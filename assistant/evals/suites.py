"""Eval suites as data: ``eval/suites/*.yaml``.

A suite names its kind, its data and the thresholds that gate a run::

    kind: lint                        # analyzer | lint | drafting
    description: Линтер на размеченных ответах операторов
    data: ../lint/corpus.jsonl        # relative to this file; globs allowed
    thresholds:                       # metric: minimum, or {min: …, max: …}
      micro.f1: 0.85
      redirect.recall: {min: 0.9}

Drafting suites also take ``defaults`` (assertions every scenario gets), ``ablation``
(draft each scenario again without the style card) and ``judge`` (rubric ids from
``eval/judge/``, used with ``--judge``). The suite's name is its file stem.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.evals.assertions import Assertion
from assistant.evals.cases import CaseFileError

SuiteKind = Literal["analyzer", "lint", "drafting"]


class Threshold(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    min: float | None = None
    max: float | None = None

    def passes(self, value: float | None) -> bool:
        if value is None:
            return False
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)

    def describe(self) -> str:
        parts = []
        if self.min is not None:
            parts.append(f"≥ {self.min:g}")
        if self.max is not None:
            parts.append(f"≤ {self.max:g}")
        return ", ".join(parts)


class Suite(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = ""
    kind: SuiteKind
    description: str = ""
    data: list[str] = Field(min_length=1)
    thresholds: dict[str, Threshold] = Field(default_factory=dict)
    defaults: list[Assertion] = Field(default_factory=list)
    ablation: bool = False
    judge: list[str] = Field(default_factory=list)
    path: Path | None = None

    @field_validator("data", mode="before")
    @classmethod
    def _listify(cls, v: object) -> object:
        return [v] if isinstance(v, str) else v

    @field_validator("thresholds", mode="before")
    @classmethod
    def _shorthand(cls, v: object) -> object:
        if isinstance(v, dict):
            return {k: {"min": t} if isinstance(t, int | float) else t for k, t in v.items()}
        return v

    @property
    def needs_llm(self) -> bool:
        return self.kind == "drafting"

    def data_files(self) -> list[Path]:
        """The data files, resolved against the suite file's folder (globs expanded)."""
        base = self.path.parent if self.path else Path.cwd()
        files: list[Path] = []
        for pattern in self.data:
            full = Path(pattern) if Path(pattern).is_absolute() else base / pattern
            if any(ch in pattern for ch in "*?["):
                found = sorted(full.parent.glob(full.name))
                if not found:
                    raise CaseFileError(f"{self.path}: no files match {pattern!r}")
                files.extend(p.resolve() for p in found)
            else:
                if not full.exists():
                    raise CaseFileError(f"{self.path}: data file {full} does not exist")
                files.append(full.resolve())
        return files


def load_suite(path: Path) -> Suite:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(raw, dict):
            raise CaseFileError(f"{path}: a suite is a mapping")
        raw.setdefault("name", path.stem)
        return Suite.model_validate({**raw, "path": path.resolve()})
    except (yaml.YAMLError, ValidationError) as exc:
        raise CaseFileError(f"{path}: {exc}") from exc


def discover(suites_dir: Path) -> dict[str, Path]:
    """Suite name → file, for every ``*.yaml`` in ``suites_dir``."""
    return {p.stem: p for p in sorted(suites_dir.glob("*.yaml"))}


def list_suites(suites_dir: Path | None = None) -> list[Suite]:
    """Every suite in ``suites_dir`` (default ``eval/suites``), for pickers and listings."""
    if suites_dir is None:
        from assistant.config import get_settings

        suites_dir = get_settings().eval_dir / "suites"
    return [load_suite(p) for p in discover(suites_dir).values()]


def resolve_suites(names: list[str], suites_dir: Path) -> list[Suite]:
    """Suites by name (a file stem in ``suites_dir``) or path; all of them when none given."""
    known = discover(suites_dir)
    if not names:
        return [load_suite(p) for p in known.values()]
    out = []
    for name in names:
        candidate = Path(name)
        if candidate.suffix in (".yaml", ".yml") and candidate.exists():
            out.append(load_suite(candidate))
        elif name in known:
            out.append(load_suite(known[name]))
        else:
            raise CaseFileError(
                f"нет набора «{name}»; есть: {', '.join(known) or '—'} (в {suites_dir})"
            )
    return out

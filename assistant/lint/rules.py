"""Loading the rule files into a :class:`RuleSet`, or refusing to with ``file:line``.

``load_rules`` raises the first problem found (the linter must not start on a broken rule
set); ``check_rule_files`` collects every problem for ``python -m assistant rules check``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
from pydantic import BaseModel, ValidationError

from assistant.errors import RuleError
from assistant.lint.checks import Check, get_check
from assistant.lint.phrases import DuplicatePhraseError, PhraseIndex, PhraseRef
from assistant.lint.schema import (
    CheckRule,
    ClassSpec,
    PatternRule,
    PhraseEntry,
    PhrasesRule,
    RuleFile,
    TokensRule,
    pattern_flags,
)
from assistant.lint.yamlfile import YamlDoc, load_yaml
from assistant.text.morph import Morphology, get_morphology
from assistant.text.patterns import ClassDef, PatternError, PatternSet, WordClass, lemma_class

AnyRule = PhrasesRule | PatternRule | CheckRule | TokensRule
_KINDS = ("phrases", "pattern", "check", "tokens")
#: The key of a tokens rule's ``unless_incoming`` patterns in the pattern set.
UNLESS = "|unless"


@dataclass
class LoadedRule:
    """A validated rule with its source (for ``file:line``) and compiled matchers."""

    rule: AnyRule
    file: str
    doc: YamlDoc
    patterns: list[regex.Pattern[str]] = field(default_factory=list)
    unless_incoming: list[regex.Pattern[str]] = field(default_factory=list)
    check: Check[Any] | None = None
    params: BaseModel | None = None

    @property
    def id(self) -> str:
        return self.rule.id

    def line(self, *loc: str | int) -> int:
        return self.doc.line(loc)


@dataclass
class RuleSet:
    """Every rule, by id, and the one phrase automaton shared by the ``phrases`` rules."""

    rules: dict[str, LoadedRule]
    phrases: PhraseIndex
    directory: Path
    tokens: PatternSet
    #: The ``unless_incoming`` patterns, matched on the customer's message only when needed.
    incoming_tokens: PatternSet

    def __len__(self) -> int:
        return len(self.rules)

    @property
    def phrase_count(self) -> int:
        return self.phrases.size


def _display(file: Path, directory: Path) -> str:
    try:
        return str(file.relative_to(directory.parent))
    except ValueError:
        return str(file)


def _validation_problem(
    doc: YamlDoc, exc: ValidationError, prefix: tuple[str | int, ...] = ()
) -> RuleError:
    err = exc.errors()[0]
    loc = tuple(err["loc"])
    if loc and loc[0] == "rule":
        loc = loc[1:]
        if loc and loc[0] in _KINDS:
            loc = loc[1:]
    loc = (*prefix, *loc)
    where = ".".join(str(p) for p in loc) or "правило"
    message = str(err["msg"]).removeprefix("Value error, ")
    extra = len(exc.errors()) - 1
    more = f" (и ещё {extra})" if extra else ""
    return RuleError(doc.path, doc.line(loc), f"{where}: {message}{more}")


def load_rule_file(file: Path, directory: Path) -> LoadedRule:
    """Parse and validate one rule file (without adding its phrases anywhere)."""
    name = _display(file, directory)
    doc = load_yaml(file, name)
    if not isinstance(doc.data, dict):
        raise RuleError(name, 1, "файл правила — это словарь полей (id, category, level …)")
    if doc.data.get("kind") not in _KINDS:
        raise RuleError(name, doc.line(("kind",)), f"kind: ожидается один из {', '.join(_KINDS)}")
    try:
        rule: AnyRule = RuleFile.model_validate({"rule": doc.data}).rule
    except ValidationError as exc:
        raise _validation_problem(doc, exc) from exc
    rel = file.relative_to(directory).with_suffix("")
    expected_id = rel.as_posix()
    if rule.id != expected_id:
        raise RuleError(
            name, doc.line(("id",)), f"id {rule.id!r} должен совпадать с путём {expected_id!r}"
        )
    if rule.category != rel.parts[0]:
        raise RuleError(
            name,
            doc.line(("category",)),
            f"category {rule.category!r} должна совпадать с папкой {rel.parts[0]!r}",
        )
    loaded = LoadedRule(rule=rule, file=name, doc=doc)
    if isinstance(rule, PatternRule):
        flags = pattern_flags(rule.case_sensitive)
        loaded.patterns = [regex.compile(p, flags) for p in rule.patterns]
        loaded.unless_incoming = [regex.compile(p, pattern_flags()) for p in rule.unless_incoming]
    elif isinstance(rule, CheckRule):
        loaded.check = get_check(rule.check)
        try:
            loaded.params = loaded.check.params.model_validate(rule.params)
        except ValidationError as exc:
            raise _validation_problem(doc, exc, ("params",)) from exc
    return loaded


def _rule_files(directory: Path) -> tuple[list[Path], list[RuleError]]:
    if not directory.is_dir():
        return [], [RuleError(str(directory), None, "папки с правилами нет")]
    files: list[Path] = []
    problems: list[RuleError] = []
    for path in sorted(directory.rglob("*")):
        if path.is_dir() or path.name.startswith(".") or path.name == "README.md":
            continue
        rel = path.relative_to(directory)
        if path.suffix != ".yaml" or len(rel.parts) != 2:
            problems.append(
                RuleError(
                    _display(path, directory),
                    None,
                    "не файл правила: нужен style_rules/<категория>/<имя>.yaml",
                )
            )
            continue
        files.append(path)
    if not files and not problems:
        problems.append(RuleError(str(directory), None, "в папке нет ни одного правила"))
    return files, problems


def _class_def(spec: ClassSpec, morph: Morphology) -> ClassDef:
    words = lemma_class(morph, spec.lemmas)
    if not (spec.grammemes or spec.endings or spec.forms or spec.except_lemmas):
        return words
    lemmas = words.single.lemmas if words.single is not None else frozenset()
    single = WordClass(
        lemmas=lemmas,
        grammemes=tuple(frozenset(g.split()) for g in spec.grammemes),
        endings=tuple(spec.endings),
        except_lemmas=frozenset(morph.lemma(w) for w in spec.except_lemmas),
        forms=frozenset(f.lower().replace("ё", "е") for f in spec.forms),
    )
    return ClassDef(single, words.sequences)


def _add_tokens(patterns: PatternSet, incoming: PatternSet, loaded: LoadedRule) -> None:
    rule = loaded.rule
    assert isinstance(rule, TokensRule)
    classes = {name: _class_def(spec, patterns.morph) for name, spec in rule.classes.items()}
    for field_name, key, target in (
        ("patterns", rule.id, patterns),
        ("unless_incoming", rule.id + UNLESS, incoming),
    ):
        lines = getattr(rule, field_name)
        if not lines:
            continue
        try:
            target.add(key, lines, classes)
        except PatternError as exc:
            index = str(exc)[1:].split("]", 1)[0]
            loc = (field_name, int(index)) if index.isdigit() else (field_name,)
            raise RuleError(loaded.file, loaded.line(*loc), f"{field_name}{exc}") from exc


def entries_of(rule: AnyRule) -> list[tuple[PhraseEntry, tuple[str | int, ...]]]:
    """The lemma phrase entries of a rule with their location in the file."""
    if isinstance(rule, PhrasesRule):
        return [(e, ("phrases", i)) for i, e in enumerate(rule.phrases)]
    if isinstance(rule, TokensRule):
        return [
            (e, ("lexicon", g, "entries", i))
            for g, group in enumerate(rule.lexicon)
            for i, e in enumerate(group.entries)
        ]
    return []


def _add_phrases(index: PhraseIndex, loaded: LoadedRule) -> None:
    rule = loaded.rule
    for entry, loc in entries_of(rule):
        ref = PhraseRef(
            rule.id,
            entry.phrase,
            tuple(entry.replacements),
            frozenset(f.lower().replace("ё", "е") for f in entry.except_forms),
        )
        try:
            index.add(entry.phrase, ref)
        except DuplicatePhraseError as exc:
            raise RuleError(loaded.file, loaded.line(*loc), str(exc)) from exc


def check_rule_files(
    directory: Path, morph: Morphology | None = None
) -> tuple[RuleSet, list[RuleError]]:
    """Load every valid rule and collect the problems of the others (none skipped silently)."""
    morph = morph or get_morphology()
    files, problems = _rule_files(directory)
    index = PhraseIndex(morph)
    patterns = PatternSet(morph)
    incoming = PatternSet(morph)
    rules: dict[str, LoadedRule] = {}
    for file in files:
        try:
            loaded = load_rule_file(file, directory)
            if isinstance(loaded.rule, PhrasesRule | TokensRule):
                _add_phrases(index, loaded)
            if isinstance(loaded.rule, TokensRule):
                _add_tokens(patterns, incoming, loaded)
        except RuleError as exc:
            problems.append(exc)
            continue
        rules[loaded.id] = loaded
    rule_set = RuleSet(
        rules=rules, phrases=index, directory=directory, tokens=patterns, incoming_tokens=incoming
    )
    return rule_set, problems


def load_rules(directory: Path, morph: Morphology | None = None) -> RuleSet:
    """Load the rule set; any broken file raises :class:`RuleError` (``file:line: problem``)."""
    rules, problems = check_rule_files(directory, morph)
    if problems:
        raise problems[0]
    return rules


_cache: dict[Path, RuleSet] = {}
_lock = threading.Lock()


def get_rules(directory: Path | None = None) -> RuleSet:
    """The rule set from ``directory`` (default: ``get_settings().rules_dir``), loaded once."""
    if directory is None:
        from assistant.config import get_settings

        directory = get_settings().rules_dir
    directory = directory.resolve()
    rules = _cache.get(directory)
    if rules is None:
        with _lock:
            rules = _cache.get(directory)
            if rules is None:
                rules = _cache[directory] = load_rules(directory)
    return rules

"""YAML with line numbers: every mapping value and list item remembers where it was written.

Rule files are read by composing PyYAML's node tree (libyaml when available) and building
plain Python data from it, recording the line of each node under its path of keys and
indexes. A schema error at ``examples.bad[3].text`` can then be reported as ``file:line``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml is several times faster at composing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from assistant.errors import RuleError

Path_ = tuple[str | int, ...]


@dataclass
class YamlDoc:
    """A parsed YAML document: its data and the line (1-based) of every node by path."""

    path: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, loc: Path_ | tuple[Any, ...] = ()) -> int:
        """The line of the deepest node along ``loc`` that has one (1 for the document)."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


def _build(node: yaml.Node, loc: Path_, lines: dict[Path_, int], path: str) -> Any:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise RuleError(path, key_line, "ключ должен быть строкой")
            key = str(key_node.value)
            if key in out:
                raise RuleError(path, key_line, f"ключ {key!r} повторён")
            out[key] = _build(value_node, (*loc, key), lines, path)
            lines[(*loc, key)] = key_line  # report a key's problems on the key's line
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*loc, i), lines, path) for i, item in enumerate(node.value)]
    # a scalar: let the safe constructor resolve its type (str, int, bool, null …)
    loader = _Loader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def load_yaml(file: Path, display: str | None = None) -> YamlDoc:
    """Parse ``file``; a syntax error becomes :class:`RuleError` with its line."""
    name = display or str(file)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(name, None, f"не удалось прочитать файл: {exc}") from exc
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise RuleError(name, line, f"ошибка YAML: {exc.problem or exc}") from exc
    except yaml.YAMLError as exc:
        raise RuleError(name, None, f"ошибка YAML: {exc}") from exc
    if node is None:
        raise RuleError(name, 1, "файл пуст")
    lines: dict[Path_, int] = {}
    data = _build(node, (), lines, name)
    return YamlDoc(path=name, data=data, lines=lines)

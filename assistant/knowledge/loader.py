"""Read a knowledge folder: every ``##`` section of every ``*.md`` file is one article.

Right under the heading an article may carry a block of tags between two ``---`` lines
(YAML): ``channel`` (``private`` or ``public``: the article is used only there),
``valid_until`` (a date; after it the article is not used and ``kb check`` complains),
``tags`` (extra search words, e.g. how customers call the thing) and ``id`` (a fixed slug,
so citations survive a renamed heading). Text before the first ``##`` of a file (its ``#``
title, an introduction) and ``README.md`` are not articles.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from assistant.errors import KnowledgeError
from assistant.knowledge.models import Article

_LATIN = "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya"
_TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", _LATIN.split(" "), strict=True))
_FENCE = re.compile(r"^\s*(```|~~~)")
_TAG_KEYS = {"channel", "valid_until", "tags", "id"}
_SKIP_FILES = {"readme.md"}


def slugify(title: str) -> str:
    """``Перевыпуск карты при утере`` → ``perevypusk-karty-pri-utere``."""
    out = []
    for ch in title.lower():
        latin = _TRANSLIT.get(ch, ch)
        out.append("" if latin == "_" else latin)
    slug = re.sub(r"[^a-z0-9]+", "-", "".join(out)).strip("-")
    return slug or "article"


def knowledge_files(root: Path) -> list[Path]:
    """The Markdown files of a knowledge folder, sorted (README.md excluded)."""
    if not root.is_dir():
        raise KnowledgeError(f"Папка базы знаний не найдена: {root}")
    return sorted(p for p in root.rglob("*.md") if p.name.lower() not in _SKIP_FILES)


def fingerprint(root: Path) -> str:
    """Changes whenever a file is added, removed, renamed or edited (path, size, mtime)."""
    digest = hashlib.sha256()
    for path in knowledge_files(root):
        stat = path.stat()
        digest.update(f"{path.relative_to(root)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _tags(raw: str, where: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(raw) or {}
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{where}: метки статьи не читаются как YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise KnowledgeError(f"{where}: метки статьи — это пары «ключ: значение».")
    unknown = set(data) - _TAG_KEYS
    if unknown:
        raise KnowledgeError(
            f"{where}: неизвестные метки {sorted(unknown)}; можно: {sorted(_TAG_KEYS)}."
        )
    tags = data.get("tags") or []
    if isinstance(tags, str):
        tags = [tags]
    data["tags"] = tuple(str(t) for t in tags)
    if isinstance(data.get("valid_until"), str):
        try:
            data["valid_until"] = date.fromisoformat(data["valid_until"])
        except ValueError as exc:
            raise KnowledgeError(f"{where}: valid_until — дата вида 2027-03-31.") from exc
    return data


def parse_file(text: str, rel: str) -> list[Article]:
    """The articles of one Markdown file (``rel``: its path inside the folder)."""
    lines = text.splitlines()
    articles: list[Article] = []
    heads = []
    fenced = False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and line.startswith("## "):
            heads.append(i)
    for n, start in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else len(lines)
        title = lines[start][3:].strip().rstrip("#").strip()
        where = f"{rel}:{start + 1}"
        body_from = start + 1
        data: dict[str, Any] = {"tags": ()}
        if body_from < end and lines[body_from].strip() == "---":
            close = next((j for j in range(body_from + 1, end) if lines[j].strip() == "---"), None)
            if close is None:
                raise KnowledgeError(f"{where}: блок меток не закрыт строкой «---».")
            data = _tags("\n".join(lines[body_from + 1 : close]), where)
            body_from = close + 1
        body = "\n".join(lines[body_from:end]).strip()
        slug = str(data.pop("id", None) or slugify(title))
        try:
            articles.append(
                Article(
                    id=f"{rel}#{slug}", path=rel, line=start + 1, title=title, body=body, **data
                )
            )
        except ValidationError as exc:
            problems = "; ".join(f"{e['loc'][0]}: {e['msg']}" for e in exc.errors())
            raise KnowledgeError(f"{where}: {problems}") from exc
    return articles


def load_articles(root: Path) -> list[Article]:
    """Every article under ``root``, in file order."""
    articles: list[Article] = []
    for path in knowledge_files(root):
        rel = path.relative_to(root).as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise KnowledgeError(f"{rel}: файл не читается: {exc}") from exc
        articles.extend(parse_file(text, rel))
    return articles

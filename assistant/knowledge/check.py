"""``kb check``: what a knowledge base must not contain.

Duplicate titles (the model and the operator would not know which article is meant),
duplicate ids, expired articles (``valid_until`` in the past), articles without text, and
personal data (:func:`assistant.pii.find_pii`: a customer's card, phone, passport … pasted
into an article would reach every customer's prompt).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from assistant.knowledge.models import Article, Problem, ProblemKind
from assistant.pii import find_pii

_PII_NAMES = {
    "card": "номер карты",
    "account": "номер счёта",
    "phone": "телефон",
    "email": "почта",
    "passport": "паспорт",
    "snils": "СНИЛС",
    "inn": "ИНН",
}


def check_articles(articles: Sequence[Article], today: date | None = None) -> list[Problem]:
    """Every problem of ``articles`` (empty: the base is fine)."""
    today = today or date.today()
    problems: list[Problem] = []

    def add(kind: ProblemKind, a: Article, message: str, line: int | None = None) -> None:
        problems.append(Problem(kind=kind, path=a.path, line=line or a.line, message=message))

    titles: dict[str, Article] = {}
    ids: dict[str, Article] = {}
    for a in articles:
        key = " ".join(a.title.casefold().replace("ё", "е").split())
        if key in titles:
            first = titles[key]
            add("duplicate_title", a, f"Заголовок «{a.title}» уже есть: {first.path}:{first.line}.")
        titles.setdefault(key, a)
        if a.id in ids:
            add("duplicate_id", a, f"id {a.id} уже занят статьёй в строке {ids[a.id].line}.")
        ids.setdefault(a.id, a)
        if a.expired(today):
            add(
                "expired",
                a,
                f"Статья «{a.title}» действовала до {a.valid_until:%Y-%m-%d}: "
                "обновите её или удалите.",
            )
        if not a.body.strip():
            add("empty", a, f"«{a.title}»: нет текста.")
        text = f"{a.title}\n{a.body}"
        for match in find_pii(text, max_chars=max(len(text), 1)):
            kind = _PII_NAMES.get(match.kind, match.kind)
            line = a.line + text[: match.start].count("\n")
            add(
                "personal_data",
                a,
                f"«{a.title}»: похоже на личные данные ({kind}: {match.text}).",
                line,
            )
    return problems

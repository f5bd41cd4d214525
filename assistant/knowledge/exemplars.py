"""The team's voice: past replies from the outbox as *style* examples for a new draft.

A sent reply is an exemplar when the operator sent it without an override, with a first
draft it barely edited (Levenshtein distance at most :data:`MAX_EDIT_SHARE` of the text,
or :data:`MIN_EDITS` characters), and without error findings. The one or two whose
incoming messages are closest to the new message (the knowledge index's BM25 over lemmas)
go into the prompt.

Nothing of one customer may reach another customer's draft: before an exemplar is shown,
personal data (:func:`assistant.pii.find_pii`), personal names (pymorphy3's ``Name``,
``Surn``, ``Patr`` grammemes and the stored nickname) and every digit are masked. The
numbers go too because an exemplar is never a source of facts.
"""

from __future__ import annotations

import threading
from pathlib import Path

import regex
from sqlalchemy.engine import make_url

from assistant.config import Settings
from assistant.knowledge.index import KnowledgeIndex
from assistant.knowledge.models import Article
from assistant.outbox.models import SentReply
from assistant.pii import find_pii
from assistant.text.morph import get_morphology

MAX_EDIT_SHARE = 0.2
MIN_EDITS = 10
NAME_MASK = "[имя]"
_NAME_TAGS = ({"Name"}, {"Surn"}, {"Patr"})
_WORD = regex.compile(r"\p{L}+")
_DIGIT = regex.compile(r"\d")


def is_exemplar(record: SentReply) -> bool:
    """Sent without override, barely edited from its first draft, no error findings."""
    if record.override or not record.first_draft or record.edit_distance is None:
        return False
    if not record.incoming.strip() or record.error_findings:
        return False
    allowed = max(MIN_EDITS, int(MAX_EDIT_SHARE * len(record.final_text)))
    return record.edit_distance <= allowed


def mask_exemplar(text: str, nickname: str | None = None) -> str:
    """``text`` without personal data, personal names or digits."""
    for match in reversed(find_pii(text, max_chars=max(len(text), 1))):
        text = text[: match.start] + "[данные]" + text[match.end :]
    morph = get_morphology()
    nick = {w.casefold() for w in _WORD.findall(nickname or "")}

    def name(m: regex.Match[str]) -> str:
        word = str(m.group())
        if word.casefold() in nick:
            return NAME_MASK
        tags = morph.best(word).tag.grammemes
        return NAME_MASK if any(t <= tags for t in _NAME_TAGS) else word

    masked: str = _DIGIT.sub("#", _WORD.sub(name, text))
    return masked


def _articles(records: list[SentReply]) -> list[Article]:
    return [
        Article(id=f"outbox#{r.id}", path="outbox", line=1, title="", body=r.incoming)
        for r in records
        if is_exemplar(r)
    ]


class ExemplarStore:
    """Exemplars of one outbox, re-indexed when the outbox grows."""

    def __init__(self, url: str) -> None:
        from assistant.outbox import Outbox

        self.outbox = Outbox(url)
        self._count = -1
        self._index = KnowledgeIndex([])
        self._records: dict[str, SentReply] = {}
        self._lock = threading.Lock()

    def refresh(self) -> KnowledgeIndex:
        count = self.outbox.count()
        if count != self._count:
            with self._lock:
                records = self.outbox.records()
                self._records = {f"outbox#{r.id}": r for r in records}
                self._index = KnowledgeIndex(_articles(records))
                self._count = count
        return self._index

    def closest(self, message: str, k: int = 2) -> list[str]:
        """Up to ``k`` masked exchanges «Клиент: … / Ответ команды: …», closest first."""
        out = []
        for hit in self.refresh().search(message, k=k):
            record = self._records[hit.article.id]
            out.append(
                f"Клиент: {mask_exemplar(record.incoming, record.nickname)}\n"
                f"Ответ команды: {mask_exemplar(record.final_text, record.nickname)}"
            )
        return out


_stores: dict[str, ExemplarStore] = {}
_stores_lock = threading.Lock()


def exemplars_for(message: str, settings: Settings, k: int = 2) -> list[str]:
    """Style exemplars for ``message`` from the outbox of ``settings`` (none if it is absent)."""
    url = settings.db_url
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if not database or database == ":memory:" or not Path(database).expanduser().exists():
            return []  # no outbox yet: do not create one just to read it
    with _stores_lock:
        store = _stores.get(url) or _stores.setdefault(url, ExemplarStore(url))
    return store.closest(message, k=k)

"""The knowledge base for the app: search, the articles behind a draft, leaving one out,
and the supervisor's view (the most used articles and the questions that found nothing).

The app records each draft with :meth:`KnowledgeService.record`; the usage log is a JSONL
file (``ASSISTANT_KNOWLEDGE_LOG``, default ``data/knowledge_usage.jsonl``) with the
question masked like an exemplar (no personal data, names or digits), the ids found and
the ids the draft cited. Nothing here imports gradio.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.config import Settings, get_settings
from assistant.drafter.models import Source
from assistant.errors import StorageError
from assistant.knowledge.exemplars import mask_exemplar
from assistant.knowledge.grounding import knowledge_root
from assistant.knowledge.index import KnowledgeIndex, get_index
from assistant.knowledge.models import Article, Hit
from assistant.lint.models import Channel
from assistant.text.invisible import scrub_surrogates

_write_lock = threading.Lock()


@dataclass(frozen=True)
class UsedArticle:
    """An article a draft was given, whether the draft cited it, and its passage."""

    id: str
    title: str
    passage: str
    cited: bool
    score: float
    left_out: bool = False


@dataclass(frozen=True)
class KnowledgeStats:
    """``most_used``: (title, id, times cited); ``gaps``: (masked question, times asked)
    that found no article; ``uncited``: questions whose articles the draft did not use.

    Lexical search finds *something* for many off-topic questions (see the docs' eval), so
    ``uncited`` — the model judged the articles useless — is the second sign of a gap.
    """

    drafts: int = 0
    most_used: list[tuple[str, str, int]] = field(default_factory=list)
    gaps: list[tuple[str, int]] = field(default_factory=list)
    uncited: list[tuple[str, int]] = field(default_factory=list)


class KnowledgeService:
    """One knowledge folder and its usage log."""

    def __init__(self, settings: Settings | None = None, log_path: Path | None = None) -> None:
        self.settings = settings or get_settings()
        self.log_path = log_path or self.settings.knowledge_log

    def index(self) -> KnowledgeIndex:
        root = knowledge_root(self.settings)
        return get_index(root) if root is not None else KnowledgeIndex([])

    def search(self, query: str, k: int = 5, channel: Channel | None = None) -> list[Hit]:
        """The operator's search box."""
        return self.index().search(query, k=k, channel=channel) if query.strip() else []

    def article(self, article_id: str) -> Article | None:
        return self.index().by_id.get(article_id)

    def used(
        self,
        message: str,
        sources: Sequence[Source] = (),
        *,
        channel: Channel = "private",
        exclude: Collection[str] = (),
    ) -> list[UsedArticle]:
        """The articles a draft of ``message`` was given (as the drafter retrieves them),
        each marked cited or not; cited articles outside that list (an older draft) too."""
        hits = self.index().search(
            message, k=self.settings.knowledge_top_k, channel=channel, exclude=exclude
        )
        cited = {s.id for s in sources}
        rows = [
            UsedArticle(
                h.article.id, h.article.title, h.article.passage(), h.article.id in cited, h.score
            )
            for h in hits
        ]
        for source in sources:
            article = self.article(source.id)
            if article is not None and all(r.id != source.id for r in rows):
                rows.append(UsedArticle(article.id, article.title, article.passage(), True, 0.0))
        return rows

    @staticmethod
    def draft_options(excluded: Collection[str]) -> dict[str, Any]:
        """Keyword options for ``draft``/``astream_draft`` that leave ``excluded`` out."""
        return {"exclude_sources": sorted(excluded)}

    def record(self, message: str, sources: Sequence[Source], channel: Channel = "private") -> None:
        """Log one draft for :meth:`stats` (no-op without a log path)."""
        if self.log_path is None:
            return
        found = [h.article.id for h in self.index().search(message, channel=channel)]
        line = {
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "question": scrub_surrogates(mask_exemplar(message))[:300],  # broken paste: U+FFFD
            "found": found,
            "cited": [s.id for s in sources],
        }
        try:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            with _write_lock, self.log_path.open("a", encoding="utf-8") as f:
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
        except OSError as exc:
            raise StorageError(f"Не удалось записать журнал базы знаний: {exc}") from exc

    def stats(self, limit: int = 10) -> KnowledgeStats:
        """The most cited articles and the questions that found no article."""
        if self.log_path is None or not self.log_path.is_file():
            return KnowledgeStats()
        cited: Counter[str] = Counter()
        gaps: Counter[str] = Counter()
        uncited: Counter[str] = Counter()
        drafts = 0
        for raw in self.log_path.read_text(encoding="utf-8").splitlines():
            try:
                line = json.loads(raw)
            except json.JSONDecodeError:
                continue  # a line cut by a crash: skip it, keep the rest
            drafts += 1
            cited.update(line.get("cited") or [])
            question = " ".join(str(line.get("question", "")).split())
            if not line.get("found"):
                gaps[question] += 1
            elif not line.get("cited"):
                uncited[question] += 1
        index = self.index()
        most = [
            (index.by_id[i].title if i in index.by_id else i, i, n)
            for i, n in cited.most_common(limit)
        ]
        return KnowledgeStats(drafts, most, gaps.most_common(limit), uncited.most_common(limit))

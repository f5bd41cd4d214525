"""What a draft gets from the knowledge base, and what its citations mean afterwards.

:func:`ground` finds the articles for a customer's message (and the team's style
exemplars). The drafter sends them as extra system messages (``prompts/knowledge.yaml``,
``prompts/exemplars.yaml``), each article under a short reference ``kb:N``. The model cites
what it used as ``[kb:N]`` (the full id ``[kb:bank/cards.md#…]`` is accepted too);
:meth:`Grounding.cite` strips the citations from the text the customer will see and returns
the cited articles — the draft's ``sources`` — and their text, which lint reads as extra
notes, so a sum, date or deadline that stands in a cited article is grounded and one from
nowhere stays flagged. An article that was retrieved but not cited grounds nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

import regex

from assistant.config import PROJECT_ROOT, Settings
from assistant.drafter.models import Source
from assistant.drafter.prompts import Message, load_prompt
from assistant.knowledge.exemplars import exemplars_for
from assistant.knowledge.index import get_index
from assistant.knowledge.models import Article, Hit
from assistant.lint.models import Channel

CITATION = regex.compile(r"[ \t]*\[\s*kb\s*:([^\[\]\n]{1,300})\]", regex.IGNORECASE)
_REF_SPLIT = regex.compile(r"[,;\s]+")
_SPACE_BEFORE_PUNCT = regex.compile(r"[ \t]+(?=[.,!?;:)])")
_DEFAULT_DIR = PROJECT_ROOT / "knowledge"
_DEFAULT_PROMPTS = PROJECT_ROOT / "prompts"


@dataclass(frozen=True)
class Cited:
    """A model answer with its citations resolved."""

    text: str
    """The answer without citations (what the customer may see)."""
    articles: list[Article] = field(default_factory=list)

    @property
    def sources(self) -> list[Source]:
        return [a.source for a in self.articles]

    @property
    def notes(self) -> str:
        """The cited articles' text, for lint to read beside the operator's notes."""
        return "\n\n".join(f"{a.title}\n{a.body}" for a in self.articles)


@dataclass(frozen=True)
class Grounding:
    """The articles (best first) and style exemplars retrieved for one message."""

    hits: list[Hit] = field(default_factory=list)
    exemplars: list[str] = field(default_factory=list)

    @property
    def refs(self) -> dict[str, Article]:
        """Every accepted reference: ``1``, ``2`` … and the full ids."""
        out = {str(i): h.article for i, h in enumerate(self.hits, start=1)}
        out.update({h.article.id: h.article for h in self.hits})
        return out

    def messages(self, prompts_dir: Path | None, protect: Callable[[str], str]) -> list[Message]:
        """The extra system messages (none when nothing was found).

        ``protect`` makes text safe for the prompt (the drafter's masking and delimiters).
        """
        directory = prompts_dir
        if directory is not None and not (directory / "knowledge.yaml").is_file():
            directory = _DEFAULT_PROMPTS  # a custom prompt folder from before the base existed
        out: list[Message] = []
        if self.hits:
            blocks = [
                f"[kb:{i}] {h.article.title}\n{protect(h.article.body)}"
                for i, h in enumerate(self.hits, start=1)
            ]
            out += load_prompt("knowledge", directory).render(articles="\n\n".join(blocks))
        if self.exemplars:
            shown = "\n\n".join(protect(e) for e in self.exemplars)
            out += load_prompt("exemplars", directory).render(exemplars=shown)
        return out

    def cite(self, text: str) -> Cited:
        """``text`` without citations, and the retrieved articles it cites (in order)."""
        refs = self.refs
        cited: dict[str, Article] = {}
        for m in CITATION.finditer(text):
            for ref in _REF_SPLIT.split(m.group(1).strip()):
                ref = ref.removeprefix("kb:").strip()
                if ref in refs:
                    cited.setdefault(refs[ref].id, refs[ref])
        return Cited(strip_citations(text), list(cited.values()))


def strip_citations(text: str) -> str:
    """``text`` without ``[kb:…]`` citations (and the space left before punctuation)."""
    if "[" not in text:
        return text
    stripped = CITATION.sub("", text)
    return _SPACE_BEFORE_PUNCT.sub("", stripped) if stripped != text else text


def ground(
    message: str,
    *,
    settings: Settings,
    channel: Channel = "private",
    exclude: Collection[str] = (),
) -> Grounding:
    """Articles and exemplars for ``message`` (nothing when the base is switched off).

    The default folder (``knowledge/`` beside the package) may be absent in an installed
    copy: then there is no base. A folder set explicitly must exist.
    """
    root = knowledge_root(settings)
    hits: list[Hit] = []
    if root is not None and settings.knowledge_top_k > 0:
        index = get_index(root)
        hits = index.search(message, k=settings.knowledge_top_k, channel=channel, exclude=exclude)
    return Grounding(hits, exemplars_for(message, settings))


def knowledge_root(settings: Settings) -> Path | None:
    """The knowledge folder in use, or ``None`` (switched off, or the default is absent)."""
    root = settings.knowledge_dir
    return root if root is not None and (root != _DEFAULT_DIR or root.is_dir()) else None

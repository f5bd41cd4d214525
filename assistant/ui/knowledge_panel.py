"""«База знаний»: a self-contained Gradio panel beside the draft, and the supervisor's view.

The panel lists the articles a draft was given, with their passages, each with a checkbox:
unchecking one leaves it out of the next (re)draft. A search box finds articles for the
operator. :func:`build_knowledge_stats` shows supervisors the most used articles and the
questions that found none (gaps in the base). The pure functions below do the work (tested
without a browser); the builders only lay out components. ``app.py`` mounts them and wires
the checkboxes to the conversation (:mod:`assistant.ui.knowledge_handlers`): the articles
left out belong to the customer's conversation, so «Следующий клиент» forgets them.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from assistant.drafter.models import Source
from assistant.knowledge.service import KnowledgeService, KnowledgeStats, UsedArticle

if TYPE_CHECKING:
    import gradio as gr


def used_choices(rows: Sequence[UsedArticle]) -> list[tuple[str, str]]:
    """Checkbox choices ``(label, article id)``; cited articles are marked."""
    return [(f"{'✓ ' if r.cited else ''}{r.title}", r.id) for r in rows]


def used_markdown(rows: Sequence[UsedArticle]) -> str:
    """The passages of the articles a draft was given (cited first)."""
    if not rows:
        return "_В базе знаний не нашлось статей для этого сообщения._"
    parts = []
    for r in sorted(rows, key=lambda r: not r.cited):
        mark = (
            "использована в черновике"
            if r.cited
            else "убрана оператором"
            if r.left_out
            else "показана модели, не использована"
        )
        parts.append(
            f"**{html.escape(r.title)}** · _{mark}_ · `{r.id}`\n\n> {html.escape(r.passage)}"
        )
    return "\n\n".join(parts)


def excluded_ids(shown: Sequence[str], checked: Sequence[str]) -> list[str]:
    """Articles to leave out of the next draft: listed in the panel but unchecked."""
    return sorted(set(shown) - set(checked))


def search_markdown(service: KnowledgeService, query: str) -> str:
    if not query.strip():
        return ""
    hits = service.search(query)
    if not hits:
        return "_Ничего не найдено — возможно, в базе не хватает статьи._"
    return "\n\n".join(
        f"**{html.escape(h.article.title)}** ({h.score:.2f}) · `{h.article.id}`\n\n"
        f"> {html.escape(h.article.passage())}"
        for h in hits
    )


def stats_markdown(stats: KnowledgeStats) -> str:
    if not stats.drafts:
        return "_Черновиков с базой знаний ещё не было._"
    used = "\n".join(f"1. {html.escape(t)} — {n}" for t, _, n in stats.most_used) or "_нет_"
    gaps, uncited = (
        "\n".join(f"1. «{html.escape(q)}» — {n}" for q, n in rows) or "_нет_"
        for rows in (stats.gaps, stats.uncited)
    )
    return (
        f"Черновиков: {stats.drafts}\n\n**Чаще всего используются**\n\n{used}\n\n"
        f"**Вопросы без статьи в базе**\n\n{gaps}\n\n"
        f"**Статьи нашлись, но черновик ни одну не использовал**\n\n{uncited}"
    )


def cleared_panel() -> dict[str, Any]:
    """The panel of a new conversation: nothing of the last customer's articles or search."""
    import gradio as gr

    return {
        "kb_used": gr.update(choices=[], value=[]),
        "kb_passages": "",
        "kb_shown": [],
        "kb_query": "",
        "kb_results": "",
    }


@dataclass
class KnowledgePanel:
    """The components ``app.py`` wires to its draft handler."""

    used: gr.CheckboxGroup
    passages: gr.Markdown
    shown: gr.State
    query: gr.Textbox
    results: gr.Markdown
    service: KnowledgeService

    def show(
        self,
        message: str,
        sources: Sequence[Source],
        channel: Any = "private",
        excluded: Sequence[str] = (),
    ) -> tuple[Any, str, list[str]]:
        """Outputs for ``[used, passages, shown]`` after a draft of ``message``.

        The draft's articles are checked; articles left out stay listed, unchecked, so the
        operator can take them back.
        """
        import gradio as gr

        rows = self.service.used(message, sources, channel=channel, exclude=excluded)
        checked = [r.id for r in rows]
        for article_id in excluded:
            article = self.service.article(article_id)
            if article is not None and article_id not in checked:
                rows.append(
                    UsedArticle(article.id, article.title, article.passage(), False, 0.0, True)
                )
        choices = used_choices(rows)
        return (
            gr.update(choices=choices, value=checked),
            used_markdown(rows),
            [c for _, c in choices],
        )


def build_knowledge_panel(service: KnowledgeService | None = None) -> KnowledgePanel:
    """Create the panel inside the current ``gr.Blocks`` context."""
    import gradio as gr

    service = service or KnowledgeService()
    with gr.Accordion("База знаний", open=True, elem_id="kb-panel"):
        used = gr.CheckboxGroup(
            label="Статьи для черновика",
            info="Снимите галочку, чтобы не давать статью модели при следующем черновике.",
            choices=[],
            value=[],
            elem_id="kb-used",
        )
        passages = gr.Markdown(elem_id="kb-passages")
        shown = gr.State([])
        query = gr.Textbox(
            label="Поиск по базе", placeholder="например: перевыпуск карты", elem_id="kb-query"
        )
        results = gr.Markdown(elem_id="kb-results")
    query.submit(lambda q: search_markdown(service, q), query, results, api_name="knowledge_search")
    return KnowledgePanel(used, passages, shown, query, results, service)


def build_knowledge_stats(
    service: KnowledgeService | None = None, load: Callable[..., str] | None = None
) -> gr.Markdown:
    """The supervisor's block: most used articles and questions without an article.

    Filled on «Обновить» only (never at build time: the page config is sent to every
    user); ``load`` is the handler that answers it (the app's checks the role).
    """
    import gradio as gr

    service = service or KnowledgeService()
    with gr.Group():
        gr.Markdown("### База знаний")
        view = gr.Markdown("_Нажмите «Обновить»._", elem_id="kb-stats")
        refresh = gr.Button("Обновить", size="sm", elem_id="kb-stats-btn")
    refresh.click(
        load or (lambda: stats_markdown(service.stats())), None, view, api_name="knowledge_stats"
    )
    return view

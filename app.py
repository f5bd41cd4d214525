"""The operator workspace: a customer message becomes a checked, mirrored reply and is sent.

This file only lays out the gradio components and wires their events to library functions:
:mod:`assistant.ui.handlers` (event handlers), :mod:`assistant.ui.api` (the plain API
endpoints), :mod:`assistant.ui` (presentation), :mod:`assistant.ui.service` (the workspace
over the analyzer, linter, drafter and outbox). Run it with ``make run`` or
``python app.py --port N``.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from collections.abc import Sequence
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr
from gradio.events import api as gr_api

from assistant.auth import UserStore, load_store
from assistant.config import Settings, get_settings
from assistant.outbox import Outbox
from assistant.ui import badges, page
from assistant.ui import findings as fx
from assistant.ui.api import Api
from assistant.ui.handlers import REWRITES, Handlers, fresh_conversation
from assistant.ui.knowledge_handlers import KnowledgeHandlers
from assistant.ui.knowledge_panel import build_knowledge_panel, build_knowledge_stats
from assistant.ui.service import SENT_COLUMNS, Workspace
from assistant.ui.supervisor import (
    ANALYTICS_PLOTS,
    PERIODS,
    SupervisorHandlers,
    supervisor_features,
)
from assistant.ui.views import (
    AnalysisView,
    ApplyView,
    DraftView,
    KnowledgeView,
    LintView,
    Screen,
    SessionView,
)

# -- the layout ------------------------------------------------------------------------------


class Parts(dict[str, Any]):
    """The components of the screen by name; ``outputs(View)`` lists them in field order."""

    def outputs(self, view: type[tuple[Any, ...]]) -> list[Any]:
        return [self[name] for name in view._fields]  # type: ignore[attr-defined]


def _header(c: Parts) -> None:
    with gr.Row(elem_id="header", equal_height=True):
        c["who"] = gr.HTML(page.header_html(None, can_log_out=False), elem_id="who")
        c["help"] = gr.HTML(
            f'<div class="ta-help" id="help">{page.SHORTCUTS_HELP}</div>', elem_id="help-line"
        )
        c["logout"] = gr.Button(
            "Выйти", size="sm", variant="secondary", visible=False, elem_id="logout-btn",
            scale=0, min_width=90,
        )  # fmt: skip


def _marked(label: str, colors: dict[str, str], elem_id: str) -> gr.HighlightedText:
    """A text with labelled spans and a legend of the labels."""
    return gr.HighlightedText(
        label=label, color_map=colors, show_legend=True, combine_adjacent=False, elem_id=elem_id
    )


def _reply_tab(c: Parts, llm: bool, k: KnowledgeHandlers) -> None:
    """The operator's tab: the customer on the left, the reply and its check on the right."""
    with gr.Row(equal_height=False):
        with gr.Column(scale=5, min_width=420):
            c["message"] = gr.Textbox(
                label="Сообщение клиента",
                lines=4,
                max_lines=12,
                placeholder="Вставьте сообщение клиента",
                elem_id="message",
            )
            with gr.Row():
                c["nickname"] = gr.Textbox(
                    label="Имя в профиле клиента (как есть)", elem_id="nickname"
                )
                c["channel"] = gr.Radio(
                    [("Личные сообщения", "private"), ("Публичный комментарий", "public")],
                    value="private",
                    label="Канал",
                    elem_id="channel",
                )
            with gr.Accordion("История, заметки, оператор", open=False):
                c["history"] = gr.Textbox(
                    label="Предыдущие сообщения (по одному в строке)", lines=3, elem_id="history"
                )
                c["notes"] = gr.Textbox(
                    label="Заметки оператора: факты для ответа (суммы, сроки, решение)",
                    lines=2,
                    elem_id="notes",
                )
                with gr.Row():
                    c["operator"] = gr.Textbox(label="Оператор", elem_id="operator")
                    c["n_variants"] = gr.Slider(
                        1, 3, value=1, step=1, label="Вариантов черновика", elem_id="n-variants"
                    )
            c["badges"] = gr.HTML(badges.profile_badges_html(None), elem_id="profile-badges")
            c["message_highlight"] = _marked(
                "Что заметил анализ", badges.PROFILE_COLORS, "message-highlight"
            )
        with gr.Column(scale=6, min_width=480):
            with gr.Row():
                c["draft_btn"] = gr.Button(
                    "Черновик", variant="primary", interactive=llm, elem_id="draft-btn", size="sm"
                )
                c["holding_btn"] = gr.Button(
                    "Ответ-заглушка", interactive=llm, elem_id="holding-btn", size="sm"
                )
                c["rewrite_btns"] = {
                    how: gr.Button(label, size="sm", interactive=llm, elem_id=f"rewrite-{how}-btn")
                    for how, label in REWRITES.items()
                }
            c["variants"] = gr.Radio(
                [], label="Варианты черновика", visible=False, elem_id="variants"
            )
            c["status"] = gr.HTML("", elem_id="status")
            c["retry"] = gr.Button("Повторить", visible=False, elem_id="retry-btn", size="sm")
            c["reply"] = gr.Textbox(
                label="Ответ (можно редактировать)", lines=6, max_lines=20, elem_id="reply"
            )
            with gr.Row():
                c["copy_btn"] = gr.Button("Скопировать", size="sm", elem_id="copy-btn")
                c["send_btn"] = gr.Button(
                    "Скопировать и отметить отправленным",
                    variant="primary",
                    size="sm",
                    elem_id="copy-send-btn",
                )
                c["next_btn"] = gr.Button("Следующий клиент", size="sm", elem_id="next-btn")
            with gr.Group(visible=False) as c["override_group"]:
                c["override"] = gr.Checkbox(
                    label="Отправить несмотря на ошибки", elem_id="override"
                )
                c["reason"] = gr.Textbox(
                    label="Причина (будет записана вместе с ответом)", elem_id="override-reason"
                )
            c["sent"] = gr.HTML("", visible=False, elem_id="sent-reply")
            c["findings"] = gr.HTML(fx.findings_html([]), elem_id="findings")
            c["suggestions"] = gr.Radio(
                [], label="Исправить одним нажатием", visible=False, elem_id="suggestions"
            )
            c["reply_highlight"] = _marked("Проверка ответа", fx.FINDING_COLORS, "reply-highlight")
            k.panel = panel = build_knowledge_panel(k.ws.knowledge)
            c.update(kb_used=panel.used, kb_passages=panel.passages, kb_shown=panel.shown)
            c.update(kb_query=panel.query, kb_results=panel.results)


def _sent_tab(c: Parts) -> None:
    with gr.Row():
        c["search"] = gr.Textbox(
            label="Поиск по ответам, сообщениям, операторам, именам", elem_id="search", scale=4
        )
        c["search_btn"] = gr.Button("Найти", scale=1, elem_id="search-btn")
    c["sent_table"] = gr.Dataframe(
        headers=SENT_COLUMNS, value=[], interactive=False, wrap=True, elem_id="sent-table",
        column_widths=["4%", "10%", "9%", "10%", "10%", "39%", "8%", "10%"],
    )  # fmt: skip


def _supervisor_tab(
    c: Parts, sup: dict[str, Any], llm: bool, suites: list[str], k: KnowledgeHandlers
) -> None:
    with gr.Row():
        c["export_btn"] = gr.Button("Выгрузить все ответы (CSV)", elem_id="export-btn")
        c["export_file"] = gr.File(label="Файл CSV", elem_id="export-file")
    c["kb_stats"] = build_knowledge_stats(k.ws.knowledge, load=k.stats)
    if "analytics" in sup:
        gr.Markdown("### Аналитика отправленных ответов")
        with gr.Row():
            c["period"] = gr.Radio(
                list(PERIODS.items()), value="week", label="Группировать по", elem_id="period"
            )
            c["analytics_btn"] = gr.Button("Обновить", elem_id="analytics-btn")
            c["analytics_csv_btn"] = gr.Button("Таблицы в CSV", elem_id="analytics-csv")
        c["analytics_summary"] = gr.Markdown(elem_id="analytics-summary")
        plots: list[Any] = []
        for _ in range(0, len(ANALYTICS_PLOTS), 2):
            with gr.Row():
                plots += [gr.Plot(), gr.Plot()]
        c["analytics_plots"] = plots
        c["overrides_table"] = gr.Dataframe(
            label="Отправлено вопреки ошибкам", interactive=False, wrap=True
        )
        c["analytics_files"] = gr.File(label="Файлы CSV", file_count="multiple")
    if "evals" in sup:
        gr.Markdown("### Оценка качества (наборы из eval/suites)")
        with gr.Row():
            c["eval_suites"] = gr.CheckboxGroup(suites, label="Наборы", elem_id="eval-suites")
            c["eval_no_llm"] = gr.Checkbox(value=not llm, label="Без LLM (анализатор и линтер)")
            c["eval_btn"] = gr.Button("Запустить", elem_id="eval-btn")
        c["eval_status"] = gr.Markdown(elem_id="eval-status")
        c["eval_files"] = gr.File(label="Отчёт (HTML, JSON)", file_count="multiple")


def _wire_reply(c: Parts, h: Handlers) -> None:
    """The operator's events (every one with an ``api_name``)."""
    gr.on(
        [c["message"].change, c["nickname"].change, c["history"].change],
        h.analyze,
        [c["message"], c["nickname"], c["history"], c["reply"], c["conversation"]],
        c.outputs(AnalysisView),
        trigger_mode="always_last",
        show_progress="hidden",
        api_name="analyze_message",
    )
    gr.on(
        [c["reply"].change, c["channel"].change, c["notes"].change],
        h.lint,
        [c["reply"], c["conversation"], c["message"], c["nickname"], c["channel"], c["notes"]],
        c.outputs(LintView),
        trigger_mode="always_last",
        show_progress="hidden",
        api_name="lint_reply",
    )
    c["suggestions"].input(
        h.apply,
        [c["suggestions"], c["reply"], c["found"]],
        c.outputs(ApplyView),
        api_name="apply_suggestion",
        show_progress="hidden",
    )
    fields = ["message", "nickname", "channel", "history", "notes", "operator", "n_variants"]
    llm_inputs = [*(c[f] for f in fields), c["reply"], c["conversation"]]
    llm_outputs = c.outputs(DraftView)

    def llm_click(button: Any, action: Any, api_name: str) -> Any:
        """Every LLM button runs one streaming handler; its action is the first input. The
        reply box is read-only while it runs and takes keys again once it has ended."""
        event = button.click(h.llm_action, [action, *llm_inputs], llm_outputs, api_name=api_name)
        event.then(
            h.reply_editable, None, c["reply"], queue=False, show_progress="hidden",
            api_name=f"reply_editable_after_{api_name}",
        )  # fmt: skip
        return event

    c["draft_ev"] = llm_click(c["draft_btn"], gr.State("draft"), "draft_reply")
    c["holding_ev"] = llm_click(c["holding_btn"], gr.State("holding"), "holding_reply")
    for how, btn in c["rewrite_btns"].items():
        llm_click(btn, gr.State(f"rewrite:{how}"), f"rewrite_{how}")
    c["retry_ev"] = llm_click(c["retry"], c["last_action"], "retry")
    c["variants"].input(
        h.pick_variant, [c["variants"], c["conversation"]], c["reply"], api_name="pick_variant"
    )
    c["copy_btn"].click(None, c["reply"], None, js=page.COPY_JS, api_name="copy_reply")
    send_inputs = ["reply", "conversation", "message", "nickname", "channel", "notes"]
    c["send_btn"].click(
        h.send,
        [*(c[f] for f in send_inputs), c["operator"], c["override"], c["reason"]],
        c.outputs(Screen),
        js=page.COPY_AND_SEND_JS,
        api_name="send_reply",
    )
    c["operator"].change(
        h.who, c["operator"], c["who"], api_name="operator_name", show_progress="hidden"
    )
    c["next_btn"].click(h.next_customer, None, c.outputs(Screen), api_name="next_customer")
    c["logout"].click(None, js=page.LOGOUT_JS, api_name="logout")
    gr.on(
        [c["search_btn"].click, c["search"].submit],
        h.search,
        c["search"],
        c["sent_table"],
        api_name="search_sent",
    )


def _wire_knowledge(c: Parts, k: KnowledgeHandlers) -> None:
    """The «База знаний» panel: the draft's articles after each draft, leaving one out."""
    for name in ("draft", "holding", "retry"):
        c[f"{name}_ev"].then(
            k.after_draft,
            c["conversation"],
            c.outputs(KnowledgeView),
            api_name=f"knowledge_after_{name}",
            show_progress="hidden",
        )
    c["kb_used"].input(
        k.leave_out,
        [c["kb_used"], c["kb_shown"], c["conversation"]],
        c["conversation"],
        api_name="knowledge_leave_out",
        show_progress="hidden",
    )


def _wire_supervisor(c: Parts, s: SupervisorHandlers, sup: dict[str, Any]) -> None:
    c["export_btn"].click(s.export_csv, None, c["export_file"], api_name="export_outbox")
    if "analytics" in sup:
        c["analytics_btn"].click(
            s.analytics,
            c["period"],
            [c["analytics_summary"], *c["analytics_plots"], c["overrides_table"]],
            api_name="analytics",
        )
        c["analytics_csv_btn"].click(
            s.analytics_csv, c["period"], c["analytics_files"], api_name="analytics_csv"
        )
    if "evals" in sup:
        c["eval_btn"].click(
            s.run_eval,
            [c["eval_suites"], c["eval_no_llm"]],
            [c["eval_status"], c["eval_files"]],
            api_name="run_eval",
        )


def build_app(
    settings: Settings | None = None,
    *,
    outbox: Outbox | None = None,
    users: UserStore | None = None,
) -> gr.Blocks:
    """The operator workspace as a ``gr.Blocks``; every event has an ``api_name``."""
    settings = settings or get_settings()
    if users is None:
        users = load_store(settings.users_file)
    workspace = Workspace(settings, outbox or Outbox(settings.db_url), users)
    h = Handlers(workspace)
    s = SupervisorHandlers(workspace)
    k = KnowledgeHandlers(workspace)
    api = Api(workspace)
    llm = settings.llm_configured
    sup = supervisor_features()
    c = Parts()

    with gr.Blocks(title="Ассистент ответов поддержки", analytics_enabled=False) as demo:
        # The one conversation on screen; «Следующий клиент» and a send replace it whole.
        c["conversation"] = gr.State(fresh_conversation)
        c["found"] = gr.State([])
        c["last_action"] = gr.State("draft")
        _header(c)
        gr.HTML(badges.banner_html(llm), visible=not llm, elem_id="no-llm-banner")
        with gr.Tabs():
            with gr.Tab("Ответ", id="reply", elem_id="tab-reply"):
                _reply_tab(c, llm, k)
            with gr.Tab("Отправленные", id="sent", elem_id="tab-sent"):
                _sent_tab(c)
            with gr.Tab(
                "Руководитель", id="supervisor", visible=False, elem_id="tab-supervisor"
            ) as supervisor_tab:
                c["supervisor_tab"] = supervisor_tab
                _supervisor_tab(c, sup, llm, s.eval_suites(), k)

        demo.load(h.session, None, c.outputs(SessionView), api_name="session")
        demo.load(None, js=page.KEYS_JS, api_name="shortcuts")
        _wire_reply(c, h)
        _wire_knowledge(c, k)
        _wire_supervisor(c, s, sup)
        gr_api(api.analyze, api_name="analyze")
        gr_api(api.lint, api_name="lint")
        gr_api(api.draft, api_name="draft")
        gr_api(api.send, api_name="send")
        gr_api(api.export, api_name="export")

    demo.queue(default_concurrency_limit=16)
    demo.workspace = workspace  # for tests and tools: the service behind the screen
    blocks: gr.Blocks = demo
    return blocks


# -- launching -------------------------------------------------------------------------------


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def launch_kwargs(settings: Settings, users: UserStore | None, port: int) -> dict[str, Any]:
    """How the app is served: localhost unless users are configured; no share, no telemetry."""
    from assistant.ui.gate import AuthGate, install_same_origin_cors

    install_same_origin_cors()  # before launch(): no credentialed CORS for foreign origins
    host = settings.host
    if users is None and not _is_loopback(host):
        print(
            f"Пользователи не настроены (ASSISTANT_USERS_FILE): слушаю только 127.0.0.1, "
            f"а не {host}.",
            file=sys.stderr,
        )
        host = "127.0.0.1"
    kwargs: dict[str, Any] = {
        "server_name": host,
        "server_port": port,
        "share": False,
        "css": badges.CSS,
        "head": page.HEAD,  # the shortcuts from the first key press; the kept event stream
        "footer_links": ["api"],
        "run_history": False,
        "enable_monitoring": False,
        "mcp_server": False,
        "pwa": False,
        "ssr_mode": False,
        "show_error": True,
        # every request passes the gate, with or without users (hosts, body limits…)
        "app_kwargs": {"middleware": [AuthGate.middleware()]},
    }
    if users is not None:
        kwargs["auth"] = users.verify  # the gate answers /login itself (off the event loop)
        kwargs["auth_message"] = "Войдите под своим именем оператора."
    return kwargs


def serve(port: int | None = None) -> None:
    """Build the app and serve it (``port`` defaults to the settings' port)."""
    settings = get_settings()
    users = load_store(settings.users_file)
    demo = build_app(settings, users=users)
    demo.launch(**launch_kwargs(settings, users, port or settings.port))


def main(argv: Sequence[str] | None = None) -> None:
    """``python app.py [--port N]``: the options of ``python -m assistant app``."""
    from assistant.cli.serve import standalone

    standalone(serve)(args=list(sys.argv[1:] if argv is None else argv), prog_name="app.py")


if __name__ == "__main__":
    main()


__all__ = ["build_app", "launch_kwargs", "main", "serve"]

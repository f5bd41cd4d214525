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
from assistant.outbox import Outbox, new_key
from assistant.ui import badges
from assistant.ui import findings as fx
from assistant.ui.api import Api
from assistant.ui.handlers import (
    ANALYTICS_PLOTS,
    PERIODS,
    REWRITES,
    Handlers,
    supervisor_features,
)
from assistant.ui.service import SENT_COLUMNS, Workspace

# -- the layout ------------------------------------------------------------------------------


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
    api = Api(workspace)
    llm = settings.llm_configured
    sup = supervisor_features()

    with gr.Blocks(title="Ассистент ответов поддержки", analytics_enabled=False) as demo:
        key_state = gr.State(new_key)
        profile_state = gr.State(None)
        findings_state = gr.State([])
        draft_state = gr.State({})
        prefill_state = gr.State("")
        last_action = gr.State("draft")

        gr.HTML(badges.banner_html(llm), visible=not llm, elem_id="no-llm-banner")
        with gr.Tabs():
            with gr.Tab("Ответ", id="reply"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=5):
                        message = gr.Textbox(
                            label="Сообщение клиента",
                            lines=5,
                            max_lines=20,
                            placeholder="Вставьте сообщение клиента",
                            elem_id="message",
                        )
                        with gr.Row():
                            nickname = gr.Textbox(
                                label="Имя в профиле клиента (как есть)", elem_id="nickname"
                            )
                            channel = gr.Radio(
                                [("Публичный (комментарии)", "public"), ("Личный", "private")],
                                value="private",
                                label="Канал",
                                elem_id="channel",
                            )
                            operator = gr.Textbox(label="Оператор", elem_id="operator")
                        with gr.Accordion("История и заметки", open=False):
                            history = gr.Textbox(
                                label="Предыдущие сообщения (по одному в строке)",
                                lines=3,
                                elem_id="history",
                            )
                            notes = gr.Textbox(
                                label="Заметки оператора: факты для ответа (суммы, сроки, решение)",
                                lines=2,
                                elem_id="notes",
                            )
                    with gr.Column(scale=4):
                        profile_html = gr.HTML(
                            badges.profile_badges_html(None), elem_id="profile-badges"
                        )
                        message_hl = gr.HighlightedText(
                            label="Что заметил анализ",
                            color_map=badges.PROFILE_COLORS,
                            show_legend=True,
                            combine_adjacent=False,
                            elem_id="message-highlight",
                        )
                with gr.Row():
                    draft_btn = gr.Button(
                        "Черновик", variant="primary", interactive=llm, elem_id="draft-btn"
                    )
                    holding_btn = gr.Button(
                        "Ответ-заглушка", interactive=llm, elem_id="holding-btn"
                    )
                    rewrite_btns = {
                        how: gr.Button(
                            label, size="sm", interactive=llm, elem_id=f"rewrite-{how}-btn"
                        )
                        for how, label in REWRITES.items()
                    }
                    n_variants = gr.Slider(
                        1, 3, value=1, step=1, label="Вариантов", elem_id="n-variants"
                    )
                variants = gr.Radio(
                    [], label="Варианты черновика", visible=False, elem_id="variants"
                )
                status = gr.HTML("", elem_id="status")
                retry_btn = gr.Button("Повторить", visible=False, elem_id="retry-btn")
                with gr.Row(equal_height=False):
                    with gr.Column(scale=5):
                        reply = gr.Textbox(
                            label="Ответ (можно редактировать)",
                            lines=7,
                            max_lines=30,
                            elem_id="reply",
                        )
                        with gr.Group(visible=False) as override_group:
                            override = gr.Checkbox(
                                label="Отправить несмотря на ошибки", elem_id="override"
                            )
                            reason = gr.Textbox(
                                label="Причина (будет записана вместе с ответом)",
                                elem_id="override-reason",
                            )
                        send_btn = gr.Button("Отправить", variant="primary", elem_id="send-btn")
                    with gr.Column(scale=4):
                        reply_hl = gr.HighlightedText(
                            label="Проверка ответа",
                            color_map=fx.FINDING_COLORS,
                            show_legend=True,
                            combine_adjacent=False,
                            elem_id="reply-highlight",
                        )
                        findings_box = gr.HTML(fx.findings_html([]), elem_id="findings")
                        suggestions = gr.Radio(
                            [],
                            label="Исправить одним нажатием",
                            visible=False,
                            elem_id="suggestions",
                        )

            with gr.Tab("Отправленные", id="sent"):
                with gr.Row():
                    search_box = gr.Textbox(
                        label="Поиск по ответам, сообщениям, операторам, именам",
                        elem_id="search",
                        scale=4,
                    )
                    search_btn = gr.Button("Найти", scale=1, elem_id="search-btn")
                sent_table = gr.Dataframe(
                    headers=SENT_COLUMNS,
                    value=[],
                    interactive=False,
                    wrap=True,
                    elem_id="sent-table",
                )

            with gr.Tab("Руководитель", id="supervisor", visible=False) as supervisor_tab:
                with gr.Row():
                    export_btn = gr.Button("Выгрузить все ответы (CSV)", elem_id="export-btn")
                    export_file = gr.File(label="CSV", elem_id="export-file")
                if "analytics" in sup:
                    gr.Markdown("### Аналитика отправленных ответов")
                    with gr.Row():
                        period = gr.Radio(
                            [(k, v) for k, v in PERIODS.items()],
                            value="week",
                            label="Группировать по",
                            elem_id="period",
                        )
                        analytics_btn = gr.Button("Обновить", elem_id="analytics-btn")
                        analytics_csv_btn = gr.Button("Таблицы в CSV", elem_id="analytics-csv")
                    analytics_summary = gr.Markdown(elem_id="analytics-summary")
                    analytics_plots = []
                    for _ in range(0, len(ANALYTICS_PLOTS), 2):
                        with gr.Row():
                            analytics_plots += [gr.Plot(), gr.Plot()]
                    overrides_table = gr.Dataframe(
                        label="Отправлено вопреки ошибкам", interactive=False, wrap=True
                    )
                    analytics_files = gr.File(label="CSV", file_count="multiple")
                if "evals" in sup:
                    gr.Markdown("### Оценка качества (наборы из eval/suites)")
                    with gr.Row():
                        eval_suites = gr.CheckboxGroup(
                            h.eval_suites(), label="Наборы", elem_id="eval-suites"
                        )
                        eval_no_llm = gr.Checkbox(
                            value=not llm, label="Без LLM (анализатор и линтер)"
                        )
                        eval_btn = gr.Button("Запустить", elem_id="eval-btn")
                    eval_status = gr.Markdown(elem_id="eval-status")
                    eval_files = gr.File(label="Отчёт (HTML, JSON)", file_count="multiple")

        # -- events ------------------------------------------------------------------------
        demo.load(
            h.session,
            None,
            [operator, supervisor_tab, key_state, sent_table],
            api_name="session",
        )
        gr.on(
            [message.change, nickname.change, history.change],
            h.analyze,
            [message, nickname, history, reply, prefill_state],
            [profile_html, message_hl, profile_state, reply, prefill_state],
            trigger_mode="always_last",
            show_progress="hidden",
            api_name="analyze_message",
        )
        gr.on(
            [reply.change, channel.change, notes.change, profile_state.change],
            h.lint,
            [reply, profile_state, message, nickname, channel, notes],
            [reply_hl, findings_box, suggestions, findings_state],
            trigger_mode="always_last",
            show_progress="hidden",
            api_name="lint_reply",
        )
        suggestions.input(
            h.apply,
            [suggestions, reply, findings_state],
            [reply, suggestions, status],
            api_name="apply_suggestion",
            show_progress="hidden",
        )
        llm_inputs = [
            message,
            nickname,
            channel,
            history,
            notes,
            operator,
            n_variants,
            reply,
            draft_state,
        ]
        llm_outputs = [reply, variants, draft_state, status, retry_btn, last_action]
        draft_btn.click(h.llm_handler("draft"), llm_inputs, llm_outputs, api_name="draft_reply")
        holding_btn.click(
            h.llm_handler("holding"), llm_inputs, llm_outputs, api_name="holding_reply"
        )
        for how, btn in rewrite_btns.items():
            btn.click(
                h.llm_handler(f"rewrite:{how}"),
                llm_inputs,
                llm_outputs,
                api_name=f"rewrite_{how}",
            )
        retry_btn.click(h.retry, [last_action, *llm_inputs], llm_outputs, api_name="retry")
        variants.input(h.pick_variant, [variants, draft_state], reply, api_name="pick_variant")
        send_btn.click(
            h.send,
            [
                reply,
                key_state,
                draft_state,
                profile_state,
                message,
                nickname,
                channel,
                notes,
                operator,
                override,
                reason,
            ],
            [
                status,
                key_state,
                reply,
                override_group,
                override,
                reason,
                sent_table,
                draft_state,
            ],
            api_name="send_reply",
        )
        gr.on(
            [search_btn.click, search_box.submit],
            h.search,
            search_box,
            sent_table,
            api_name="search_sent",
        )
        export_btn.click(h.export_csv, None, export_file, api_name="export_outbox")
        if "analytics" in sup:
            analytics_btn.click(
                h.analytics,
                period,
                [analytics_summary, *analytics_plots, overrides_table],
                api_name="analytics",
            )
            analytics_csv_btn.click(
                h.analytics_csv, period, analytics_files, api_name="analytics_csv"
            )
        if "evals" in sup:
            eval_btn.click(
                h.run_eval,
                [eval_suites, eval_no_llm],
                [eval_status, eval_files],
                api_name="run_eval",
            )

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

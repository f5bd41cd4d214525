"""The supervisor tab's handlers, called directly: CSV export, analytics, the eval suite."""

from __future__ import annotations

from pathlib import Path

import gradio as gr
import pytest

from assistant.auth import UserStore
from assistant.config import Settings
from assistant.outbox import Outbox
from assistant.ui.conversation import Conversation
from assistant.ui.handlers import Handlers
from assistant.ui.service import Workspace
from assistant.ui.supervisor import ANALYTICS_PLOTS, SupervisorHandlers
from tests.support.app import Req


@pytest.fixture
def both(tmp_path: Path, users: UserStore) -> tuple[Handlers, SupervisorHandlers]:
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'o.sqlite3'}", base_url=None, api_key=None)
    ws = Workspace(settings, Outbox(settings.db_url), users)
    return Handlers(ws), SupervisorHandlers(ws)


def _send(h: Handlers, reply: str, key: str, *, override: bool = False, reason: str = "") -> None:
    h.send(
        reply, Conversation(key=key).state(), "Где деньги?", "Марина", "private", "", "",
        override, reason, Req("anna"),  # type: ignore[arg-type]
    )  # fmt: skip


def test_csv_export_is_supervisor_only(both: tuple[Handlers, SupervisorHandlers]) -> None:
    h, s = both
    _send(h, "Марина, деньги вернули.", "k")
    for who in ("anna", None, "mallory"):
        with pytest.raises(gr.Error):
            s.export_csv(Req(who))  # type: ignore[arg-type]
    path = s.export_csv(Req("boris"))  # type: ignore[arg-type]
    text = Path(path).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("id,key,created_at,operator")
    assert "Марина, деньги вернули." in text


def test_analytics_for_supervisors_only(both: tuple[Handlers, SupervisorHandlers]) -> None:
    h, s = both
    _send(h, "Марина, деньги вернули.", "a")
    _send(h, "Маша, готово.", "b", override=True, reason="так просила")
    with pytest.raises(gr.Error, match="только руководителю"):
        s.analytics("week", Req("anna"))  # type: ignore[arg-type]
    summary, *plots, overrides = s.analytics("week", Req("boris"))  # type: ignore[arg-type]
    assert "**Ответов:** 2" in summary
    assert len(plots) == len(ANALYTICS_PLOTS) and all(p is not None for p in plots)
    assert len(overrides["data"]) == 1 and "Маша, готово." in str(overrides["data"][0])
    assert overrides["headers"][:2] == ["время", "оператор"]  # Russian table headers
    files = s.analytics_csv("month", Req("boris"))  # type: ignore[arg-type]
    assert len(files) >= 2 and all(Path(f).exists() for f in files)
    with pytest.raises(gr.Error):
        s.analytics_csv("month", Req("anna"))  # type: ignore[arg-type]


def test_eval_runs_with_progress_for_supervisors_only(
    both: tuple[Handlers, SupervisorHandlers],
) -> None:
    _, s = both
    assert "analyzer" in s.eval_suites()
    with pytest.raises(gr.Error, match="только руководителю"):
        list(s.run_eval(["analyzer"], True, Req("anna")))  # type: ignore[arg-type]
    steps = list(s.run_eval(["analyzer"], True, Req("boris")))  # type: ignore[arg-type]
    assert any("Идёт оценка" in step.status for step in steps[:-1])
    final, files = steps[-1]
    assert "Готово" in final and "analyzer" in final
    html = Path(files[0]).read_text(encoding="utf-8")
    assert files[0].endswith(".html") and "<html" in html.lower()

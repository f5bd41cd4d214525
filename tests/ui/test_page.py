"""The page pieces: the header, the sent panel, the scripts behind copy, keys and logout."""

from __future__ import annotations

from pathlib import Path

from assistant.ui import page

APP = Path(__file__).resolve().parents[2] / "app.py"  # the layout


def test_header_and_sent_panel_escape_what_people_typed() -> None:
    header = page.header_html('<img src=x onerror="alert(1)">', can_log_out=True)
    assert "<img" not in header and "&lt;img" in header and "без входа" not in header
    assert "без входа" in page.header_html(None, can_log_out=False)
    sent = page.sent_html("Марина, <b>готово</b>")
    assert "<b>готово</b>" not in sent and "&lt;b&gt;готово" in sent


def test_scripts_name_the_buttons_the_layout_has() -> None:
    source = APP.read_text(encoding="utf-8")  # the ids the keyboard script clicks exist there
    for elem_id in ("draft-btn", "copy-send-btn"):
        assert f'"{elem_id}"' in page.KEYS_JS and f'elem_id="{elem_id}"' in source
    assert "Ctrl+Enter" in page.SHORTCUTS_HELP and "Ctrl+Shift+Enter" in page.SHORTCUTS_HELP
    assert "navigator.clipboard" in page.COPY_JS and "execCommand" in page.COPY_JS
    assert 'method: "POST"' in page.LOGOUT_JS

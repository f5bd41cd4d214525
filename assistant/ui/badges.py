"""The style profile as compact badges, and the banners of the operator screen."""

from __future__ import annotations

import unicodedata
from html import escape

from assistant.analyzer.models import Evidence, StyleProfile
from assistant.ui.highlight import Span

#: Colours of the highlighted message, by span label (also the legend).
PROFILE_COLORS: dict[str, str] = {
    "приветствие": "#4caf50",
    "эмодзи": "#ffb300",
    "ты/вы": "#42a5f5",
    "имя": "#ab47bc",
    "срочно": "#e53935",
    "настроение": "#ef6c00",
    "регистр": "#8d6e63",
    "пунктуация": "#90a4ae",
    "инъекция": "#b71c1c",
    "скрытые символы": "#6a1b9a",
}

_ADDRESS = {"ty": "на «ты»", "vy": "на «вы»", "none": "без обращения"}
_MOOD = {
    "positive": "настроение: доброе",
    "neutral": "настроение: ровное",
    "negative": "настроение: недоволен",
    "angry": "настроение: злится",
}
_REGISTER = {
    "formal": "стиль: официальный",
    "neutral": "стиль: нейтральный",
    "casual": "стиль: разговорный",
    "slang": "стиль: сленг",
}


def profile_spans(profile: StyleProfile) -> list[Span]:
    """Every span the analyzer relied on, labelled for the highlighted message."""
    spans = [Span(i.start, i.end, "эмодзи") for i in profile.emoji.items]
    g = profile.greeting
    if g.present and g.start is not None and g.end is not None:
        spans.append(Span(g.start, g.end, "приветствие"))
    groups: list[tuple[str, list[Evidence]]] = [
        ("инъекция", profile.injection_evidence),
        ("скрытые символы", profile.hidden_characters),
        ("срочно", profile.urgency_reasons),
        ("имя", profile.nickname_evidence),
        ("ты/вы", profile.address_evidence),
        ("настроение", profile.mood_evidence),
        ("регистр", profile.register_evidence),
        ("пунктуация", profile.habits.exclamation_runs + profile.habits.question_runs),
    ]
    for label, evidence in groups:
        spans.extend(Span(e.start, e.end, label) for e in evidence)
    return spans


def _badge(text: str, kind: str = "") -> str:
    return f'<span class="ta-badge {kind}">{escape(text)}</span>'


def _codepoints(evidence: list[Evidence]) -> str:
    names = []
    for e in evidence:
        for ch in e.text:
            names.append(f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".strip())
    return ", ".join(dict.fromkeys(names))


def profile_badges_html(profile: StyleProfile | None) -> str:
    """Badges: greeting, ты/вы, emoji, urgency and mood, register, length; alerts first."""
    if profile is None:
        return (
            '<div class="ta-badges ta-empty">'
            "Вставьте сообщение клиента — здесь появится его стиль.</div>"
        )
    alerts: list[str] = []
    if profile.injection_suspected:
        quotes = "; ".join(f"«{e.text}»" for e in profile.injection_evidence[:3])
        alerts.append(
            '<div class="ta-alert ta-injection" role="alert"><b>⚠ Похоже на попытку управлять '
            "ассистентом (подмена инструкций).</b> Не выполняйте инструкции из сообщения; "
            f"черновик их не выполняет. {escape(quotes)}</div>"
        )
    if profile.public_pii:
        from assistant.pii import alert_message

        alerts.append(
            '<div class="ta-alert ta-public-pii" role="alert"><b>⚠ Личные данные в публичном '
            f"комментарии.</b> {escape(alert_message(profile.public_pii) or '')}</div>"
        )
    if profile.hidden_characters:
        alerts.append(
            '<div class="ta-alert ta-hidden" role="alert"><b>⚠ В сообщении скрытые символы '
            f"({len(profile.hidden_characters)}).</b> Текст может выглядеть не так, как написан "
            "(невидимые символы, смена направления письма): "
            f"{escape(_codepoints(profile.hidden_characters))}"
            "</div>"
        )
    g = profile.greeting
    badges = [
        _badge(f"приветствие: «{g.text}»", "ta-ok") if g.present else _badge("без приветствия"),
        _badge(_ADDRESS.get(profile.address, profile.address)),
    ]
    if profile.emoji.used:
        shown = " ".join(dict.fromkeys(i.text for i in profile.emoji.items))
        badges.append(_badge(f"эмодзи: {profile.emoji.count} {shown}"))
    else:
        badges.append(_badge("без эмодзи"))
    if profile.urgent:
        badges.append(_badge("СРОЧНО", "ta-urgent"))
    badges.append(_badge(_MOOD.get(profile.mood, profile.mood), f"ta-mood-{profile.mood}"))
    badges.append(_badge(_REGISTER.get(profile.register, profile.register)))
    badges.append(_badge(f"длина: {profile.habits.words} сл."))
    if profile.nickname:
        badges.append(_badge(f"имя: {profile.nickname}"))
    return (
        '<div class="ta-badges" data-testid="profile-badges">'
        + "".join(alerts)
        + "".join(badges)
        + "</div>"
    )


def banner_html(llm_configured: bool) -> str:
    """The banner shown when no LLM endpoint is configured (empty when one is)."""
    if llm_configured:
        return ""
    return (
        '<div class="ta-banner" role="status" data-testid="no-llm-banner">'
        "<b>Черновики через LLM выключены: модель не настроена.</b> Анализ сообщения и "
        "проверка ответа работают; в поле ответа — начало, подходящее клиенту. Чтобы "
        "включить черновики, задайте OpenAI-совместимый сервер: <code>OPENAI_BASE_URL</code> "
        "(например, http://localhost:8000/v1 для vLLM или http://localhost:11434/v1 для "
        "Ollama), <code>OPENAI_API_KEY</code> при необходимости и <code>ASSISTANT_MODEL</code>, "
        "затем перезапустите приложение.</div>"
    )


CSS = """
.ta-badges { display:flex; flex-wrap:wrap; gap:6px; align-items:center; }
.ta-badge { border-radius:12px; padding:2px 10px; font-size:0.9em;
  background:var(--background-fill-secondary); border:1px solid var(--border-color-primary); }
.ta-badge.ta-urgent, .ta-badge.ta-mood-angry { background:#c62828; color:#fff; font-weight:700; }
.ta-badge.ta-mood-negative { background:#ef6c00; color:#fff; }
.ta-badge.ta-ok { background:#e8f5e9; color:#1b5e20; }
.ta-alert { width:100%; padding:8px 12px; border-radius:6px; font-size:1em; }
.ta-injection, .ta-public-pii { background:#b71c1c; color:#fff; }
.ta-hidden { background:#6a1b9a; color:#fff; }
.ta-banner { padding:10px 14px; border-radius:6px; background:#fff8e1; color:#5d4037;
  border:1px solid #ffb300; }
.ta-status-error { padding:8px 12px; border-radius:6px; background:#ffebee; color:#b71c1c; }
.ta-status-ok { padding:8px 12px; border-radius:6px; background:#e8f5e9; color:#1b5e20; }
.ta-findings ul { margin:0; padding-left:1.2em; }
.ta-level-error { color:#c62828; font-weight:700; }
.ta-level-warning { color:#ef6c00; font-weight:700; }
.ta-level-suggestion { color:#1565c0; }
.ta-finding summary { cursor:pointer; white-space:nowrap; overflow:hidden; text-overflow:ellipsis; }
.ta-finding[open] summary { white-space:normal; }
.ta-why { padding:4px 0 6px 1.2em; font-size:0.92em; color:var(--body-text-color-subdued); }
.ta-fix { color:#2e7d32; }
.ta-hint { font-size:0.85em; color:var(--body-text-color-subdued); }
.ta-sent { padding:8px 12px; border-radius:6px; background:#e8f5e9; color:#1b5e20; }
.ta-sent-text { white-space:pre-wrap; margin-top:4px; color:var(--body-text-color); }
.ta-help { font-size:0.85em; color:var(--body-text-color-subdued); }
#header { align-items:center; }
"""

"""The supervisor's plots speak Russian: category names, legends, axes, period ticks."""

from __future__ import annotations

from assistant import analytics
from assistant.analytics import Analytics, Table


def _report(period: analytics.Period) -> Analytics:
    tone = Table(
        "tone_mix",
        ["period", "mood", "urgency", "count", "share"],
        [["2026-11-02", "angry", "urgent", 2, 1.0], ["2026-11-09", "neutral", "calm", 1, 1.0]],
    )
    cats = Table(
        "findings_by_category",
        ["period", "category", "count", "per_reply"],
        [["2026-11-02", "redirect", 1, 0.5], ["2026-11-02", "bureaucratic", 2, 1.0]],
    )
    ops = Table(
        "findings_by_operator",
        ["period", "operator", "replies", "findings", "per_reply", "categories"],
        [["2026-11-02", "anna", 2, 3, 1.5, "redirect: 1"]],
    )
    edits = Table(
        "edits",
        ["operator", "drafted", "unchanged_share", "mean_edit", "median_edit", "mean_chars"],
        [["anna", 2, 0.5, 0.1, 0.1, 4.0]],
    )
    overrides = Table(
        "overrides",
        ["period", "operator", "replies", "overrides", "share"],
        [["2026-11-02", "anna", 2, 1, 0.5]],
    )
    listing = Table("override_list", ["time", "operator", "errors", "reason", "text"], [])
    tables = {t.name: t for t in (tone, cats, ops, edits, overrides, listing)}
    return Analytics(period=period, total=3, first=None, last=None, tables=tables)  # fmt: skip


def _texts(fig: object) -> list[str]:
    layout = fig.layout  # type: ignore[attr-defined]
    out = [layout.title.text or "", layout.xaxis.title.text or "", layout.yaxis.title.text or ""]
    out += [layout.legend.title.text or ""]
    for trace in fig.data:  # type: ignore[attr-defined]
        out.append(str(trace.name or ""))
        out += [str(x) for x in (getattr(trace, "x", None) or [])]
        out += [str(x) for x in (getattr(trace, "labels", None) or [])]
    return out


def test_every_label_of_every_plot_is_russian_and_periods_are_categories() -> None:
    import re

    figures = analytics.figures(_report("week"))
    for name, fig in figures.items():
        words = {w for t in _texts(fig) for w in re.findall(r"[A-Za-z]{2,}", t)} - {"anna"}
        assert words == set(), f"{name}: {words}"
    cats = figures["findings_by_category"]
    assert {t.name for t in cats.data} == {"отправка в другой канал", "канцелярит"}
    assert cats.layout.xaxis.type == "category"  # never a continuous date axis
    assert list(cats.data[0].x) == ["с 02.11"]
    assert cats.layout.xaxis.title.text == "неделя (с понедельника)"


def test_period_labels() -> None:
    assert analytics.period_label("2026-11-02", "day") == "02.11"
    assert analytics.period_label("2026-11-02", "week") == "с 02.11"
    assert analytics.period_label("2026-05-01", "month") == "май 2026"
    assert analytics.column_name("per_reply") == "на ответ"

"""A self-contained HTML report: plotly figures with plotly.js inlined (opens offline).

Per suite: thresholds, metric bars, confusion matrices (analyzer), per-category
precision/recall/F1 with false positives and misses (lint), pass rates per assertion and
named metric mirrored vs without the style card, style-match histograms (drafting), and the
deltas against ``--baseline`` when given.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.evals.report import fmt, model_line, summary_metrics
from assistant.evals.results import EvalReport, SuiteResult

if TYPE_CHECKING:
    import plotly.graph_objects as go

MIRRORED = "#2b6cb0"
BASELINE = "#a0aec0"
CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;
color:#1a202c;background:#f7fafc}
h1{margin:0 0 4px}h2{margin-top:36px;border-bottom:2px solid #cbd5e0;padding-bottom:4px}
.meta{color:#4a5568}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));
gap:16px}.card{background:#fff;border-radius:8px;padding:8px;box-shadow:0 1px 3px #0002;
min-width:0;overflow:hidden}
table{border-collapse:collapse;background:#fff;margin:8px 0}td,th{padding:4px 10px;
border-bottom:1px solid #e2e8f0;text-align:left;vertical-align:top}
.pass{color:#276749;font-weight:600}.fail{color:#c53030;font-weight:600}
.badge{display:inline-block;padding:2px 10px;border-radius:12px;color:#fff}
.ok{background:#38a169}.bad{background:#e53e3e}small{color:#718096}
"""


def _fig_html(fig: go.Figure, height: int = 360) -> str:
    fig.update_layout(
        height=height,
        margin={"l": 50, "r": 20, "t": 80, "b": 60},
        template="plotly_white",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
    )
    body: str = fig.to_html(
        full_html=False,
        include_plotlyjs=False,
        default_width="100%",
        config={"displaylogo": False, "responsive": True},
    )
    return f'<div class="card">{body}</div>'


def _bars(title: str, names: list[str], series: dict[str, list[float]]) -> go.Figure:
    import plotly.graph_objects as go

    colours = [MIRRORED, BASELINE, "#dd6b20", "#38a169"]
    fig = go.Figure()
    for i, (label, values) in enumerate(series.items()):
        fig.add_bar(
            name=label,
            x=names,
            y=values,
            marker_color=colours[i % len(colours)],
            text=[f"{v:.2f}" for v in values],
            textposition="auto",
        )
    fig.update_layout(title=title, barmode="group", yaxis={"range": [0, 1.05]})
    return fig


def _confusion(label: str, labels: list[str], matrix: list[list[int]], acc: float) -> go.Figure:
    import plotly.graph_objects as go

    fig = go.Figure(
        go.Heatmap(
            z=matrix,
            x=labels,
            y=labels,
            colorscale="Blues",
            text=matrix,
            texttemplate="%{text}",
            showscale=False,
        )
    )
    fig.update_layout(
        title=f"{label}: точность {acc:.3f}",
        xaxis_title="предсказано",
        yaxis_title="эталон",
        yaxis={"autorange": "reversed"},
    )
    return fig


def _histogram(scores: dict[str, list[float]]) -> go.Figure:
    import plotly.graph_objects as go

    fig = go.Figure()
    names = {"mirrored": "с карточкой стиля", "baseline": "без карточки"}
    for variant, values in sorted(scores.items(), key=lambda kv: kv[0] != "mirrored"):
        fig.add_histogram(
            x=values,
            name=names.get(variant, variant),
            xbins={"start": 0, "end": 1.0001, "size": 0.05},
            marker_color=MIRRORED if variant == "mirrored" else BASELINE,
            opacity=0.75,
        )
    fig.update_layout(
        title="Совпадение стиля: распределение", barmode="overlay", xaxis={"range": [0, 1]}
    )
    return fig


def _deltas(suite: SuiteResult) -> go.Figure | None:
    import plotly.graph_objects as go

    keys = [
        k
        for k in summary_metrics(suite)
        if k in suite.deltas and not k.endswith(("_ms", ".total")) and k not in ("cases", "errors")
    ]
    if not keys:
        return None
    values = [suite.deltas[k] for k in keys]
    fig = go.Figure(
        go.Bar(
            x=keys,
            y=values,
            marker_color=["#38a169" if v >= 0 else "#e53e3e" for v in values],
            text=[f"{v:+.3f}" for v in values],
            textposition="auto",
        )
    )
    fig.update_layout(title="Изменение относительно базового прогона (--baseline)")
    return fig


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _thresholds(suite: SuiteResult) -> str:
    rows = []
    for t in suite.thresholds:
        cls = "pass" if t.passed else "fail"
        rows.append(
            [
                html.escape(t.metric),
                fmt(t.value, t.metric),
                html.escape(t.rule),
                "<small>не измерялось в этом прогоне</small>"
                if t.skipped
                else f'<span class="{cls}">{"выполнен" if t.passed else "НЕ выполнен"}</span>',
            ]
        )
    return _table(["метрика", "значение", "порог", ""], rows)


def _metrics(suite: SuiteResult) -> str:
    baseline = suite.variants.get("baseline")
    headers = ["метрика", "значение"]
    if baseline:
        headers.append("без карточки")
    headers.append("Δ к базовому прогону")
    rows = []
    for name in summary_metrics(suite):
        row = [html.escape(name), fmt(suite.metrics.get(name), name)]
        if baseline:
            row.append(fmt(baseline.get(name), name) if name in baseline else "")
        d = suite.deltas.get(name)
        row.append("" if d is None else f"{d:+.3f}")
        rows.append(row)
    return _table(headers, rows)


def _issues(suite: SuiteResult, limit: int = 200) -> str:
    issues = suite.errors + suite.issues
    if not issues:
        return ""
    rows = [
        [
            html.escape(i.kind),
            html.escape(i.what),
            html.escape(i.case),
            html.escape(i.detail),
            html.escape(i.text),
        ]
        for i in issues[:limit]
    ]
    more = f"<small>… и ещё {len(issues) - limit}</small>" if len(issues) > limit else ""
    return (
        f"<details><summary>Разобрать: {len(issues)}</summary>"
        + _table(["что", "где", "случай", "подробности", "текст"], rows)
        + more
        + "</details>"
    )


def _figures(suite: SuiteResult) -> list[str]:
    m = suite.metrics
    figs: list[str] = []
    if suite.kind == "analyzer":
        acc = sorted(k for k in m if k.endswith(".accuracy"))
        figs.append(
            _fig_html(
                _bars(
                    "Точность по признакам",
                    [k[:-9] for k in acc],
                    {"точность": [m[k] for k in acc]},
                )
            )
        )
        for label, c in suite.confusions.items():
            figs.append(_fig_html(_confusion(label, c.labels, c.matrix, c.accuracy), 340))
    elif suite.kind == "lint":
        cats = sorted(
            {k.rsplit(".", 1)[0] for k in m if k.endswith(".f1")} - {"macro"},
            key=lambda c: (c == "micro", c),
        )
        names = {"precision": "точность", "recall": "полнота", "f1": "F1"}
        series = {names[s]: [m.get(f"{c}.{s}", 0.0) for c in cats] for s in names}
        figs.append(_fig_html(_bars("Линтер по категориям", cats, series), 400))
    else:
        base = suite.variants.get("baseline", {})
        for prefix, title in (
            ("assert.", "Доля пройденных проверок по типам"),
            ("metric.", "Именованные метрики"),
            ("situation.", "По ситуациям"),
            ("lsm.", "LSM по категориям служебных слов"),
            ("dimension.", "Совпадение стиля по измерениям"),
        ):
            keys = sorted(k for k in m if k.startswith(prefix) and k != "lsm.mean")
            if not keys:
                continue
            series = {"с карточкой стиля": [m[k] for k in keys]}
            if base:
                series["без карточки"] = [base.get(k, 0.0) for k in keys]
            figs.append(_fig_html(_bars(title, [k[len(prefix) :] for k in keys], series), 400))
        if any(suite.style_scores.values()):
            figs.append(_fig_html(_histogram(suite.style_scores)))
        if base:
            keys = ["pass_rate", "style_match.mean", "lsm.mean", "first_attempt_clean"]
            keys = [k for k in keys if k in m and k in base]
            figs.append(
                _fig_html(
                    _bars(
                        "С карточкой стиля и без неё",
                        keys,
                        {"с карточкой стиля": [m[k] for k in keys],
                         "без карточки": [base[k] for k in keys]},
                    )
                )
            )  # fmt: skip
    delta = _deltas(suite)
    if delta is not None:
        figs.append(_fig_html(delta))
    return figs


def _local(moment: datetime) -> str:
    """A time in the team's zone (``ASSISTANT_TIMEZONE``), with the zone named."""
    from zoneinfo import ZoneInfo

    from assistant.config import get_settings

    zone = get_settings().timezone
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return f"{moment.astimezone(ZoneInfo(zone)):%d.%m.%Y %H:%M} ({zone})"


def render_html(report: EvalReport) -> str:
    """The report as one HTML document with plotly.js inlined."""
    from plotly.offline import get_plotlyjs

    verdict = (
        '<span class="badge ok">пороги выполнены</span>'
        if report.passed
        else '<span class="badge bad">пороги НЕ выполнены</span>'
    )
    parts = [
        "<!doctype html><html lang='ru'><head><meta charset='utf-8'>",
        "<title>Оценка стиля ответов</title>",
        f"<style>{CSS}</style><script>{get_plotlyjs()}</script></head><body>",
        f"<h1>Оценка стиля ответов {verdict}</h1>",
        f"<p class='meta'>{_local(report.started_at)} · "
        f"{html.escape(model_line(report))} · результаты: "
        f"{html.escape(report.run_dir)}"
        + (f" · сравнение с {html.escape(report.baseline)}" if report.baseline else "")
        + "</p>",
    ]
    if report.skipped:
        parts.append(f"<p class='meta'>Пропущены без модели: {', '.join(report.skipped)}</p>")
    for suite in report.suites:
        parts.append(
            f"<section id='suite-{html.escape(suite.name)}'><h2>{html.escape(suite.name)} "
            f"<small>{html.escape(suite.kind)} · {fmt(suite.metrics.get('cases'), 'cases')} "
            f"случаев</small></h2><p>{html.escape(suite.description)}</p>"
        )
        parts.append(_thresholds(suite))
        parts.append("<div class='grid'>" + "".join(_figures(suite)) + "</div>")
        parts.append(_metrics(suite))
        parts.append(_issues(suite))
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_html(report: EvalReport, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(report), encoding="utf-8")

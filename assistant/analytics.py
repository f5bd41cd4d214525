"""Analytics over sent replies (the outbox) for supervisors: data, plotly figures, CSV.

The monthly review the principles ask for (§11): what customers wrote (tone and urgency
mix), what the linter caught (per category and per operator over time), how much operators
edit the drafts, and which replies went out despite errors (overrides).

API (small on purpose; the app's supervisor tab calls exactly this)::

    from assistant.outbox import Outbox
    from assistant import analytics

    records = Outbox(url).records(since=None)          # list[SentReply]
    report = analytics.summarize(records, period="week")  # "day" | "week" | "month"
    report.tables["findings_by_operator"].rows          # plain rows for a Dataframe
    figures = analytics.figures(report)                 # dict[str, plotly Figure]
    paths = analytics.export_csv(report, folder)        # one CSV per table
    text = report.tables["edits"].to_csv()

Every table is a :class:`Table` (``name``, ``columns``, ``rows``). Records without a stored
profile count as mood/urgency ``unknown``; replies sent without a draft are left out of the
edit statistics. Periods are UTC: a day, an ISO week (its Monday), or a month.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from assistant.outbox.csvfile import csv_text, write_csv

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from assistant.outbox.models import SentReply

Period = Literal["day", "week", "month"]
Cell = str | int | float | None

#: Finding levels that count (suggestions are advice, not problems).
COUNTED_LEVELS: frozenset[str] = frozenset({"error", "warning"})


@dataclass(frozen=True)
class Table:
    """A small table: column names and rows (plain values, ready for a Dataframe or CSV)."""

    name: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)

    def to_csv(self) -> str:
        """The table as CSV text (BOM first, formulas neutralised: the one CSV writer)."""
        return csv_text(self.columns, self.rows)

    def records(self) -> list[dict[str, Cell]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class Analytics:
    """Everything the supervisor tab shows, computed once from the records."""

    period: Period
    total: int
    first: datetime | None
    last: datetime | None
    tables: dict[str, Table]


def period_start(moment: datetime, period: Period) -> str:
    """The label of the UTC period containing ``moment`` (ISO date of its first day)."""
    day = moment.date()
    if period == "week":
        day = day - timedelta(days=day.weekday())
    elif period == "month":
        day = day.replace(day=1)
    return day.isoformat()


def _profile_value(record: SentReply, key: str) -> Any:
    return (record.profile or {}).get(key)


def _mood(record: SentReply) -> str:
    value = _profile_value(record, "mood")
    return str(value) if value else "unknown"


def _urgency(record: SentReply) -> str:
    value = _profile_value(record, "urgent")
    if value is None:
        return "unknown"
    return "urgent" if value else "calm"


def _counted(record: SentReply) -> list[str]:
    return [f.category for f in record.findings if f.level in COUNTED_LEVELS]


def _operator(record: SentReply) -> str:
    return record.operator or "—"


def tone_mix(records: Sequence[SentReply], period: Period = "week") -> Table:
    """Incoming messages per period by mood and urgency (counts and shares)."""
    counts: dict[tuple[str, str, str], int] = Counter()
    totals: Counter[str] = Counter()
    for r in records:
        p = period_start(r.created_at, period)
        counts[(p, _mood(r), _urgency(r))] += 1
        totals[p] += 1
    rows: list[list[Cell]] = [
        [p, mood, urgency, n, round(n / totals[p], 4)]
        for (p, mood, urgency), n in sorted(counts.items())
    ]
    return Table("tone_mix", ["period", "mood", "urgency", "count", "share"], rows)


def findings_by_category(records: Sequence[SentReply], period: Period = "week") -> Table:
    """Error/warning findings left in sent replies, per period and category."""
    counts: Counter[tuple[str, str]] = Counter()
    sends: Counter[str] = Counter()
    for r in records:
        p = period_start(r.created_at, period)
        sends[p] += 1
        for cat in _counted(r):
            counts[(p, cat)] += 1
    rows: list[list[Cell]] = [
        [p, cat, n, round(n / sends[p], 4)] for (p, cat), n in sorted(counts.items())
    ]
    return Table("findings_by_category", ["period", "category", "count", "per_reply"], rows)


def findings_by_operator(records: Sequence[SentReply], period: Period = "week") -> Table:
    """Per period and operator: replies sent, findings per category and per reply."""
    sends: Counter[tuple[str, str]] = Counter()
    found: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for r in records:
        key = (period_start(r.created_at, period), _operator(r))
        sends[key] += 1
        found[key].update(_counted(r))
    rows: list[list[Cell]] = []
    for key in sorted(sends):
        cats = found[key]
        total = sum(cats.values())
        detail = ", ".join(f"{c}: {n}" for c, n in sorted(cats.items()))
        rows.append([*key, sends[key], total, round(total / sends[key], 4), detail])
    return Table(
        "findings_by_operator",
        ["period", "operator", "replies", "findings", "per_reply", "categories"],
        rows,
    )


def relative_edit(record: SentReply) -> float | None:
    """Edit distance draft → final over the longer text's length (0 = sent as drafted)."""
    if not record.first_draft or record.edit_distance is None:
        return None
    return record.edit_distance / max(len(record.first_draft), len(record.final_text), 1)


def edits(records: Sequence[SentReply]) -> Table:
    """Per operator: drafted replies, share sent unchanged, mean/median relative edit."""
    by_op: dict[str, list[float]] = defaultdict(list)
    distances: dict[str, list[int]] = defaultdict(list)
    for r in records:
        rel = relative_edit(r)
        if rel is None or r.edit_distance is None:
            continue
        by_op[_operator(r)].append(rel)
        distances[_operator(r)].append(r.edit_distance)
    rows: list[list[Cell]] = []
    for op in sorted(by_op):
        rels = by_op[op]
        rows.append(
            [
                op,
                len(rels),
                round(sum(1 for x in rels if x == 0) / len(rels), 4),
                round(statistics.fmean(rels), 4),
                round(statistics.median(rels), 4),
                round(statistics.fmean(distances[op]), 1),
            ]
        )
    return Table(
        "edits",
        ["operator", "drafted", "unchanged_share", "mean_edit", "median_edit", "mean_chars"],
        rows,
    )


def overrides(records: Sequence[SentReply], period: Period = "week") -> Table:
    """Per period and operator: replies sent, sent with an override, and the share."""
    sends: Counter[tuple[str, str]] = Counter()
    forced: Counter[tuple[str, str]] = Counter()
    for r in records:
        key = (period_start(r.created_at, period), _operator(r))
        sends[key] += 1
        forced[key] += int(r.override)
    rows: list[list[Cell]] = [
        [*key, sends[key], forced[key], round(forced[key] / sends[key], 4)] for key in sorted(sends)
    ]
    return Table("overrides", ["period", "operator", "replies", "overrides", "share"], rows)


def override_list(records: Sequence[SentReply]) -> Table:
    """Every reply sent despite errors: when, who, which errors and why."""
    rows: list[list[Cell]] = [
        [
            r.created_at.isoformat(timespec="minutes"),
            _operator(r),
            ", ".join(sorted({f.rule for f in r.findings if f.level == "error"})),
            r.override_reason or "",
            r.final_text,
        ]
        for r in records
        if r.override
    ]
    return Table("override_list", ["time", "operator", "errors", "reason", "text"], rows)


def summarize(records: Iterable[SentReply], period: Period = "week") -> Analytics:
    """All analytics tables for ``records`` (see the module docstring)."""
    items = sorted(records, key=lambda r: r.created_at)
    tables = [
        tone_mix(items, period),
        findings_by_category(items, period),
        findings_by_operator(items, period),
        edits(items),
        overrides(items, period),
        override_list(items),
    ]
    return Analytics(
        period=period,
        total=len(items),
        first=items[0].created_at if items else None,
        last=items[-1].created_at if items else None,
        tables={t.name: t for t in tables},
    )


def export_csv(report: Analytics, folder: Path, tag: str = "") -> list[Path]:
    """Write one CSV per table (UTF-8 with BOM) into ``folder``; return the paths.

    ``tag`` is added to every file name (``edits-<tag>.csv``), e.g. to make them unique.
    """
    folder.mkdir(parents=True, exist_ok=True)
    suffix = f"-{tag}" if tag else ""
    return [
        write_csv(folder / f"{table.name}{suffix}.csv", table.columns, table.rows)
        for table in report.tables.values()
    ]


# -- figures ------------------------------------------------------------------------------

MOOD_LABELS = {
    "positive": "позитив",
    "neutral": "нейтрально",
    "negative": "недовольство",
    "angry": "злость",
    "unknown": "нет профиля",
}


MOOD_COLOURS = {
    "positive": "#38a169",
    "neutral": "#a0aec0",
    "negative": "#dd6b20",
    "angry": "#e53e3e",
    "unknown": "#e2e8f0",
}


#: Russian names of the table columns (for table headers on screen).
COLUMN_NAMES = {
    "period": "период",
    "mood": "настроение",
    "urgency": "срочность",
    "count": "количество",
    "share": "доля",
    "category": "категория",
    "per_reply": "на ответ",
    "operator": "оператор",
    "replies": "ответов",
    "findings": "замечаний",
    "categories": "категории",
    "drafted": "с черновиком",
    "unchanged_share": "доля без правок",
    "mean_edit": "средняя правка",
    "median_edit": "медианная правка",
    "mean_chars": "символов правки в среднем",
    "overrides": "вопреки ошибкам",
    "time": "время",
    "errors": "ошибки",
    "reason": "причина",
    "text": "текст ответа",
}
_PERIOD_AXIS = {"day": "день", "week": "неделя (с понедельника)", "month": "месяц"}
_MONTHS = ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]


def column_name(column: str) -> str:
    return COLUMN_NAMES.get(column, column)


def period_label(value: str, period: Period) -> str:
    """A period label for an axis: «12.05» for a day or a week, «май 2025» for a month."""
    try:
        day = datetime.fromisoformat(value)
    except ValueError:
        return value
    if period == "month":
        return f"{_MONTHS[day.month - 1]} {day.year}"
    return f"{day:%d.%m}" if period == "day" else f"с {day:%d.%m}"


def category_label(category: str) -> str:
    """The Russian name of a rule category (as the operator screen shows it)."""
    from assistant.ui.findings import CATEGORY_LABELS

    return CATEGORY_LABELS.get(category, category)


def _bars(
    table: Table,
    x: str,
    colour: str,
    y: str,
    title: str,
    barmode: str = "stack",
    *,
    period: Period = "week",
) -> go.Figure:
    """Bars of ``y`` per ``x``, one trace per value of ``colour`` (stacked or grouped).

    Periods are categories with Russian labels (never a continuous date axis, whose ticks
    read «23:59:59.9996» over a short range).
    """
    import plotly.graph_objects as go

    idx = {c: i for i, c in enumerate(table.columns)}
    xs = sorted({str(r[idx[x]]) for r in table.rows})
    groups: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for r in table.rows:
        value = r[idx[y]]
        groups[str(r[idx[colour]])][str(r[idx[x]])] += float(value or 0)
    names = {"mood": MOOD_LABELS, "category": None}.get(colour, {})
    fig = go.Figure()
    for name in sorted(groups):
        shown = category_label(name) if names is None else names.get(name, name)
        fig.add_bar(
            name=shown,
            x=[period_label(v, period) for v in xs] if x == "period" else xs,
            y=[groups[name][v] for v in xs],
            marker_color=MOOD_COLOURS.get(name) if colour == "mood" else None,
        )
    fig.update_layout(
        title=title,
        barmode=barmode,
        template="plotly_white",
        legend_title_text=column_name(colour),
        xaxis={
            "type": "category",
            "title": _PERIOD_AXIS[period] if x == "period" else column_name(x),
        },
        yaxis={"title": column_name(y), "rangemode": "tozero"},
        separators=", ",
        showlegend=True,  # even one trace names its category / operator
    )
    return fig


def figures(report: Analytics) -> dict[str, go.Figure]:
    """Plotly figures for the tables: tone mix, findings per category and per operator,
    edits per operator, override share."""
    import plotly.graph_objects as go

    t = report.tables
    p = report.period
    out = {
        "tone_mix": _bars(
            t["tone_mix"], "period", "mood", "count", "Настроение входящих", period=p
        ),
        "findings_by_category": _bars(
            t["findings_by_category"],
            "period",
            "category",
            "count",
            "Замечания проверки при отправке",
            period=p,
        ),
        "findings_by_operator": _bars(
            t["findings_by_operator"],
            "period",
            "operator",
            "per_reply",
            "Замечаний на ответ по операторам",
            barmode="group",
            period=p,
        ),
    }
    urgency = Counter[str]()
    idx = {c: i for i, c in enumerate(t["tone_mix"].columns)}
    for r in t["tone_mix"].rows:
        urgency[str(r[idx["urgency"]])] += int(r[idx["count"]] or 0)
    names = {"urgent": "срочно", "calm": "не срочно", "unknown": "нет профиля"}
    out["urgency"] = go.Figure(
        go.Pie(labels=[names.get(k, k) for k in urgency], values=list(urgency.values()), hole=0.4)
    ).update_layout(
        title="Срочность входящих", template="plotly_white", legend_title_text="срочность"
    )
    e = t["edits"]
    ei = {c: i for i, c in enumerate(e.columns)}
    out["edits"] = go.Figure(
        [
            go.Bar(name="средняя правка", x=[r[ei["operator"]] for r in e.rows],
                   y=[r[ei["mean_edit"]] for r in e.rows]),
            go.Bar(name="без правок", x=[r[ei["operator"]] for r in e.rows],
                   y=[r[ei["unchanged_share"]] for r in e.rows]),
        ]
    ).update_layout(title="Насколько операторы правят черновики (доля символов)",
                    barmode="group", template="plotly_white", separators=", ",
                    legend_title_text="показатель", xaxis={"type": "category",
                    "title": "оператор"}, yaxis_title="доля")  # fmt: skip
    out["overrides"] = _bars(
        t["overrides"], "period", "operator", "overrides", "Отправки вопреки ошибкам", period=p
    )
    return out

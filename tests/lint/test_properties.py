"""Property tests: any string lints without crashing, and every span points into it."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.errors import EmptyTextError
from assistant.lint import lint
from assistant.lint.rules import RuleSet
from assistant.lint.text import LintText
from tests.support.invariants import assert_findings_point_into

WORDS = [
    "данный", "данной", "осуществляется", "Здравствуйте", "ты", "вы", "проверь", "проверьте",
    "Валентина", "позвоните", "горячую", "линию", "вернём", "1 500 ₽", "до 18:00", "[срок]",
    "4276 3800 1234 5679", "🙂", ")))", "\u200b", "\u00ad", "\u202e", "a", "д а н н ы й",
    ",", ".", "!", "\n", " ", "Ｄ", "ё", "\ud800", "\x00",
]  # fmt: skip

texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join),
    st.lists(st.sampled_from(WORDS), max_size=30).map("".join),
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=texts, incoming=st.one_of(st.none(), texts), public=st.booleans())
def test_any_text_lints_and_spans_point_into_it(
    text: str, incoming: str | None, public: bool, rules: RuleSet
) -> None:
    try:
        findings = lint(
            text,
            incoming=incoming,
            nickname="Валюшка лапочка",
            channel="public" if public else "private",
            notes="возврат 1500",
            rules=rules,
        )
    except EmptyTextError:
        assert not LintText(text).text.strip()
        return
    assert_findings_point_into(text, findings)


@given(st.text(max_size=120))
def test_lint_text_maps_every_span_inside_the_original(text: str) -> None:
    lt = LintText(text)
    assert len(lt.text) == len(lt.cased)
    for start in range(0, len(lt.text) + 1, 7):
        for end in (start, min(len(lt.text), start + 5)):
            s, e = lt.span(start, end)
            assert 0 <= s <= e <= len(text)

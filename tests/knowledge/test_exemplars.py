from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.knowledge.exemplars import exemplars_for, is_exemplar, mask_exemplar
from assistant.outbox import Outbox, SendRequest


def _send(box: Outbox, incoming: str, draft: str, final: str, **extra: object) -> None:
    box.send(
        SendRequest(text=final, incoming=incoming, first_draft=draft, **extra)  # type: ignore[arg-type]
    )


@pytest.fixture
def outbox_settings(tmp_path: Path) -> Settings:
    url = f"sqlite:///{tmp_path / 'outbox.sqlite3'}"
    box = Outbox(url)
    reply = "Ольга, карту перевыпустим за 5 дней, курьер привезёт бесплатно."
    _send(box, "Потеряла карту, что делать?", reply, reply, nickname="Оля")
    _send(box, "Сколько стоит роуминг в Турции?", "Пакет 1 ГБ стоит 590 ₽.", "Сами посмотрите.")
    _send(box, "Карту украли, помогите", reply, reply, override=True, override_reason="спешка")
    box.close()
    return Settings(db_url=url, knowledge_dir=None)


def test_only_sent_as_drafted_without_override_become_exemplars(outbox_settings: Settings) -> None:
    records = Outbox(outbox_settings.db_url).records()
    assert [is_exemplar(r) for r in records] == [True, False, False]


def test_the_closest_exemplar_is_masked(outbox_settings: Settings) -> None:
    [exemplar] = exemplars_for("потерял карточку вчера", outbox_settings)
    assert exemplar.startswith("Клиент: Потеряла карту")
    assert "Ольга" not in exemplar and "[имя]" in exemplar
    assert "5" not in exemplar and "за # дней" in exemplar
    assert exemplars_for("роуминг в Турции", outbox_settings) == []  # heavily edited reply


def test_exemplars_follow_new_replies(outbox_settings: Settings) -> None:
    assert exemplars_for("как сменить тариф", outbox_settings) == []
    reply = "Тариф меняется в приложении, это бесплатно."
    _send(Outbox(outbox_settings.db_url), "Как сменить тариф?", reply, reply)
    assert exemplars_for("как сменить тариф", outbox_settings)


def test_personal_data_names_and_digits_are_masked() -> None:
    text = "Анна Петрова, карта 4276 3800 1234 5679 и телефон +7 912 345-67-89, ждите 3 дня"
    masked = mask_exemplar(text, nickname="Анна")
    assert "Анна" not in masked and "Петрова" not in masked
    assert "4276" not in masked and "912" not in masked and "3" not in masked
    assert "[данные]" in masked and "ждите # дня" in masked

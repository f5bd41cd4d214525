"""assistant.errors: the typed hierarchy and the shared length check."""

from __future__ import annotations

import pytest

from assistant.errors import AssistantError, InputError, TextTooLongError


def test_length_check_passes_at_the_limit_and_refuses_one_more() -> None:
    TextTooLongError.check("а" * 10, 10)
    with pytest.raises(TextTooLongError) as caught:
        TextTooLongError.check("а" * 11, 10)
    assert (caught.value.length, caught.value.limit) == (11, 10)
    assert isinstance(caught.value, InputError) and isinstance(caught.value, AssistantError)
    assert "11 символов при пределе 10" in str(caught.value)

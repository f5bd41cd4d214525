"""A text that passed the boundary checks once: a string, within the length limit, normalised.

An entry point that hands a message on (the drafter to the analyzer) checks and normalises
it once with :meth:`CheckedText.check` and passes the result; whoever receives a
``CheckedText`` trusts it instead of checking and normalising the same text again.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.errors import InputError, TextTooLongError
from assistant.text.normalize import NormalizedText, normalize


@dataclass(frozen=True, slots=True)
class CheckedText:
    """``norm`` is the NFC normalisation of the original text (see :func:`normalize`)."""

    norm: NormalizedText

    @property
    def original(self) -> str:
        return self.norm.original

    @property
    def text(self) -> str:
        """The normalised text (hidden characters out, look-alikes folded)."""
        return self.norm.text

    @property
    def visible(self) -> bool:
        """Whether anything but whitespace and hidden characters is left."""
        return bool(self.norm.text.strip())

    @classmethod
    def check(cls, text: object, *, max_chars: int) -> CheckedText:
        """Refuse a non-string or a text over ``max_chars`` (typed errors); normalise once."""
        if not isinstance(text, str):
            raise InputError(f"Ожидался текст (str), получено: {type(text).__name__}.")
        TextTooLongError.check(text, max_chars)
        return cls(normalize(text, form="NFC"))

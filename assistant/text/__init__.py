"""Text utilities: normalisation with offset maps, tokens, morphology."""

from assistant.text.morph import Morphology, get_morphology
from assistant.text.normalize import NormalizedText, Removed, normalize
from assistant.text.tokens import Token, sentences, tokenize

__all__ = [
    "Morphology",
    "NormalizedText",
    "Removed",
    "Token",
    "get_morphology",
    "normalize",
    "sentences",
    "tokenize",
]

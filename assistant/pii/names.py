"""Full names and postal addresses: pymorphy3 grammemes, natasha's NER, a street grammar.

* ``name`` — two or three adjacent capitalised words that pymorphy3 reads as name parts
  (grammemes ``Name``/``Surn``/``Patr``) with a first name and a surname, plus every
  multi-word ``PER`` span of natasha's slovnet NER within one sentence that holds a
  surname. A first name with a patronymic («Анна Сергеевна») is the polite form of
  address, and a first name with an initial («Ирина К.») a nickname: neither is masked. The
  NER only reads around a capitalised name-like word whose neighbours may make a full name
  with it (most messages and replies have none: «Анна, здравствуйте», «Ирина Викторовна»), is
  loaded lazily, once per process, and never on ``import assistant``. A lone first name
  («Анна») is left alone: it is how the customer is addressed.
* ``address`` — a street (ул., проспект, пер., бульвар, шоссе, наб., пл., мкр…) with its
  name and a house number, then корпус/строение/квартира/офис; before it, optionally, a
  postcode, «г. X», «X обл.» and a city (a word pymorphy3 tags ``Geox`` or the NER tags
  ``LOC``); the street type may also follow its name («Красный проспект 20»).
"""

from __future__ import annotations

import re
import threading
from typing import Any

from assistant.pii.kinds import PiiKind
from assistant.text.morph import Morphology, get_morphology

Span = tuple[PiiKind, int, int]

_CAP = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
_CAP_RUN = re.compile(rf"(?<![\w-]){_CAP}(?: {_CAP})+(?![\w-])")
_CAP_WORD = re.compile(rf"(?<![\w-]){_CAP}(?![\w-])")
_NAME_TAGS = frozenset({"Name", "Surn", "Patr"})
_SENTENCE_BREAK = re.compile(r"[.!?,;:]\s+[А-ЯЁ][а-яё]{2,}|\n")
#: The word just after / just before a position, on the same line and in the same sentence
#: (spaces, brackets, quotes or an invisible character between).
_GAP = r"[^\w\n.!?,;:]{1,4}"
_NEXT_WORD = re.compile(rf"{_GAP}(?P<word>[^\W\d_][\w.-]*)")
_PREVIOUS_WORD = re.compile(rf"(?<![\w.-])(?P<word>[^\W\d_][\w.-]*){_GAP}$")

_STREET = (
    r"(?i:ул(?:ица|\.|(?=\s))|пр(?:оспект|-т|\.)|пер(?:еулок|\.)|бульвар|б-р|шоссе|ш\.|наб(?:ережная|\.)"
    r"|пл(?:ощадь|\.)|мкр(?:н|\.)?|микрорайон|проезд|тупик|аллея|тракт)"
)
_HOUSE = r"(?i:(?:д\.?|дом)\s*)?\d{1,4}[а-я]?(?:\s*[/-]\s*\d{1,4})?(?![\d.,]\d)"
_TAIL = (
    r"(?i:\s*,?\s*(?:корп(?:ус|\.)?|к\.|стр(?:оение|\.)?|кв(?:артира|\.)?|оф(?:ис|\.)?)"
    r"\s*\d{1,4}[а-я]?)*"
)
_PREFIX = (
    r"(?P<prefix>(?:\d{6},?\s*)?(?:(?i:г\.|город)\s*[А-ЯЁ][\w-]+,?\s*)?"
    r"(?:[А-ЯЁ][\w-]+\s+(?i:обл(?:асть|\.)?|кра[йя]|район|р-н),?\s*)?(?:(?i:г\.|город)\s*[А-ЯЁ][\w-]+,?\s*)?)"
    r"(?:(?P<city>[А-ЯЁ][\w-]+),?\s+)?"
)
_ADDRESS = re.compile(
    rf"{_PREFIX}(?P<street>{_STREET}\s*(?:[\w-]+\.?\s+){{0,2}}?[\w-]+,?\s*{_HOUSE}{_TAIL}"
    rf"|(?:[А-ЯЁ][\w-]+\s+){{1,2}}{_STREET}\s*,?\s*{_HOUSE}{_TAIL})"
)

#: Characters of context on each side of a possible full name given to the NER.
_CONTEXT = 30
#: The most characters of one text the NER reads (its cost grows with the text; beyond
#: this only the grammeme runs find names).
NER_BUDGET = 2_000

_lock = threading.Lock()
_ner: Any = None


def _tagger() -> Any:
    """natasha's slovnet NER over navec news embeddings, loaded on first use."""
    global _ner
    if _ner is None:
        with _lock:
            if _ner is None:
                from natasha import NewsEmbedding, NewsNERTagger

                _ner = NewsNERTagger(NewsEmbedding())
    return _ner


def ner_loaded() -> bool:
    """Whether the NER model is in memory (it loads on the first name-like message)."""
    return _ner is not None


def _name_like(word: str, morph: Morphology) -> frozenset[str]:
    return frozenset().union(*(p.tag.grammemes & _NAME_TAGS for p in morph.parses(word)))


def _full_name(words: list[str], morph: Morphology) -> bool:
    """Every word reads as a name part and one as a surname («Иванов Пётр», «Анна Орлова»)."""
    tags = [_name_like(w, morph) for w in words]
    return all(tags) and any("Surn" in t for t in tags) and any("Name" in t for t in tags)


def _has_surname(words: list[str], morph: Morphology) -> bool:
    """One word reads as a surname, not a first name, patronymic or initial.

    «Анна Сергеевна» is the polite form of address and «Ирина К.» a profile nickname: the
    customer is called so, and neither is a full name.
    """
    for word in words:
        letters = word.strip(".,")
        if len(letters) < 2 or word.endswith("."):
            continue
        tags = _name_like(letters, morph)
        if "Surn" in tags or not tags & {"Name", "Patr"}:
            return True
    return False


def find_names(source: str, morph: Morphology | None = None, *, ner: bool = True) -> list[Span]:
    """Full names in ``source``: grammeme runs, and the NER's multi-word ``PER`` spans."""
    morph = morph or get_morphology()
    found: list[Span] = []
    for group in _CAP_RUN.finditer(source):  # «Получатель Козлова Татьяна Михайловна»
        words = [(w.start(), w.end(), w.group()) for w in _CAP_WORD.finditer(group.group())]
        i = 0
        while i < len(words) - 1:
            for size in (3, 2):
                part = words[i : i + size]
                if len(part) == size and _full_name([w for _, _, w in part], morph):
                    found.append(("name", group.start() + part[0][0], group.start() + part[-1][1]))
                    i += size - 1
                    break
            i += 1
    if ner:
        found += _ner_names(source, morph)
    return found


#: How many neighbours on each side of a name-like word :func:`_full_name_run` reads.
_RUN_REACH = 3


def _full_name_run(source: str, word: re.Match[str], morph: Morphology) -> tuple[int, int] | None:
    """The run around a name-like word that a kept ``PER`` span could be, or ``None``.

    The run is the word and its neighbours in the same sentence on the same line, with no
    other word between, each capitalised or a lower-case name part («Иван петров»). A
    span is kept only with two parts or more and a surname (:func:`_has_surname`), so a
    lone «Анна, здравствуйте» or a polite «Ирина Викторовна» needs no NER.
    """

    def part(m: re.Match[str] | None) -> bool:
        return m is not None and (m["word"][0].isupper() or bool(_name_like(m["word"], morph)))

    run, start, end = [word.group()], word.start(), word.end()
    for _ in range(_RUN_REACH):
        after = _NEXT_WORD.match(source, end)
        if after is None or not part(after):
            break
        run.append(after["word"])
        end = after.end()
    for _ in range(_RUN_REACH):
        before = _PREVIOUS_WORD.search(source, max(0, start - _CONTEXT), start)
        if before is None or not part(before):
            break
        run.insert(0, before["word"])
        start = before.start()
    return (start, end) if len(run) > 1 and _has_surname(run, morph) else None


def _windows(source: str, morph: Morphology) -> list[tuple[int, int]]:
    """Stretches of ``source`` around the runs that may be a full name
    (:func:`_full_name_run`), at most :data:`NER_BUDGET` characters."""
    out: list[list[int]] = []
    for w in _CAP_WORD.finditer(source):
        if not _name_like(w.group(), morph) or not (run := _full_name_run(source, w, morph)):
            continue
        start, end = max(0, run[0] - _CONTEXT), min(len(source), run[1] + _CONTEXT)
        if out and start <= out[-1][1]:
            out[-1][1] = max(end, out[-1][1])
        else:
            out.append([start, end])
    kept, left = [], NER_BUDGET
    for start, end in out:
        if left <= 0:
            break
        kept.append((start, min(end, start + left)))
        left -= end - start
    return kept


def _ner_names(source: str, morph: Morphology) -> list[Span]:
    found: list[Span] = []
    spans: list[tuple[int, int]] = []
    for lo, hi in _windows(source, morph):
        spans += [
            (lo + s.start, lo + s.stop) for s in _tagger()(source[lo:hi]).spans if s.type == "PER"
        ]
    if spans:
        spans.sort()
        merged: list[list[int]] = []
        for start, stop in spans:  # «Кузнецов» «Дмитрий» tagged apart: one name
            if merged and source[merged[-1][1] : start].strip() == "":
                merged[-1][1] = stop
            else:
                merged.append([start, stop])
        for start, stop in merged:
            parts = source[start:stop].split()
            if (
                len(parts) > 1
                and not _SENTENCE_BREAK.search(source, start, stop)
                and _has_surname(parts, morph)
            ):
                found.append(("name", start, stop))
    return found


def find_addresses(source: str, morph: Morphology | None = None) -> list[Span]:
    """Postal addresses in ``source`` (a street with a house number, and what precedes it)."""
    morph = morph or get_morphology()
    found: list[Span] = []
    for m in _ADDRESS.finditer(source):
        start = m.start()
        city = m.group("city")
        # «Казань, ул. …» keeps the city; «Красный проспект» keeps its adjective;
        # «Здравствуйте, ул. …» starts at the street
        if (
            city is not None
            and not m.group("prefix")
            and not morph.has_tag(city, "Geox", any_parse=True)
            and not morph.has_tag(city, "ADJF")
        ):
            start = m.start("street")
        found.append(("address", start, m.end()))
    return found

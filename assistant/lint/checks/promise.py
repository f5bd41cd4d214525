"""Promises the operator's notes do not back: money, sums, dates, deadlines and links.

The drafter may only state facts given in ``notes`` (and the conversation). A refund, a
compensation, a bonus, a discount, «бесплатно», «навсегда», a sum (in digits or in words),
a deadline or a link that the notes do not contain is flagged, so an invented «вернём
пять тысяч рублей завтра» cannot be sent unnoticed. Who wrote the text matters: rules give
an ``operator_level`` for text the operator typed.

Not every mention is a promise. A clause with a condition («если завтра не придёт…», «чтобы
вернуть деньги, …») promises nothing; a deadline in the past («всё решили за час») or in a
statement about the world («отделения работают до 20:00») is not a commitment: a deadline
counts when its clause has a future or imperative verb, a present-tense verb in the first
person («возвращаем завтра»), or no verb at all. Visible placeholders («[срок]») are the
``promise/placeholder`` pattern rule.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from assistant.lint.checks import Params, register
from assistant.lint.context import Hit, LintContext
from assistant.text.morph import Morphology

_NUMBER = regex.compile(
    r"(?<![\w])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,](\d{1,2}))?(?:\s*(тыс\w*\.?|к)(?!\w))?"
)
_WORD = regex.compile(r"\p{L}+")
_CLAUSE_BREAK = regex.compile(r"[,;:.!?\n—–()]")
_SENTENCE_BREAK = regex.compile(r"[.!?\n]")

#: Number words (by lemma) as digits, so «двух часов» matches «2 часа» in the notes.
NUMBER_WORDS: dict[str, str] = {
    "один": "1", "два": "2", "три": "3", "четыре": "4", "пять": "5", "шесть": "6",
    "семь": "7", "восемь": "8", "девять": "9", "десять": "10", "пара": "2", "сутки": "24",
    "полчаса": "30", "час": "1",
}  # fmt: skip

#: Cardinal number words by lemma, for sums written in words («тысячу двести рублей»).
CARDINALS: dict[str, float] = {
    "ноль": 0, "один": 1, "два": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7,
    "восемь": 8, "девять": 9, "десять": 10, "одиннадцать": 11, "двенадцать": 12,
    "тринадцать": 13, "четырнадцать": 14, "пятнадцать": 15, "шестнадцать": 16,
    "семнадцать": 17, "восемнадцать": 18, "девятнадцать": 19, "двадцать": 20, "тридцать": 30,
    "сорок": 40, "пятьдесят": 50, "шестьдесят": 60, "семьдесят": 70, "восемьдесят": 80,
    "девяносто": 90, "сто": 100, "двести": 200, "триста": 300, "четыреста": 400,
    "пятьсот": 500, "шестьсот": 600, "семьсот": 700, "восемьсот": 800, "девятьсот": 900,
    "полтора": 1.5,
}  # fmt: skip
MULTIPLIERS: dict[str, int] = {"тысяча": 1000, "миллион": 1_000_000, "миллиард": 1_000_000_000}


@lru_cache(maxsize=64)
def _compile(patterns: tuple[str, ...]) -> regex.Pattern[str]:
    body = "|".join(f"(?:{p})" for p in patterns)
    return regex.compile(rf"(?<![\w])(?:{body})(?![\w])", regex.IGNORECASE | regex.VERSION1)


def amounts(text: str, morph: Morphology | None = None) -> set[float]:
    """Every number in ``text`` as a value («1 500», «1,5 тыс», «2к» → 1500.0, 1500.0, 2000.0);
    with ``morph`` also numbers written in words («тысяча двести» → 1200.0)."""
    out: set[float] = set()
    for m in _NUMBER.finditer(text):
        value = float(regex.sub(r"\D", "", m.group(1)) + ("." + m.group(2) if m.group(2) else ""))
        out.add(value)
        if m.group(3):
            out.add(value * 1000)
    if morph is not None:
        out |= {value for value, _, _ in number_words(text, morph)}
    return out


@lru_cache(maxsize=50_000)
def _cardinal(morph: Morphology, word: str) -> tuple[str, float] | None:
    """A number word as ``("unit", value)`` or ``("mult", value)`` (cached per form)."""
    for lemma in morph.lemmas(word):
        if lemma in CARDINALS:
            return "unit", CARDINALS[lemma]
        if lemma in MULTIPLIERS:
            return "mult", MULTIPLIERS[lemma]
    return None


def number_words(text: str, morph: Morphology) -> list[tuple[float, int, int]]:
    """Numbers written in words: (value, start, end) — «пять тысяч» → 5000.0."""
    out: list[tuple[float, int, int]] = []
    total = current = 0.0
    start = end = -1
    for m in _WORD.finditer(text):
        kind = _cardinal(morph, m.group().lower())
        if kind is None or (start >= 0 and text[end : m.start()].strip()):
            if start >= 0:
                out.append((total + current, start, end))
                total = current = 0.0
                start = -1
            if kind is None:
                continue
        if start < 0:
            start = m.start()
        end = m.end()
        if kind[0] == "unit":
            current += kind[1]
        else:
            total += (current or 1) * kind[1]
            current = 0.0
    if start >= 0:
        out.append((total + current, start, end))
    return out


def _facts(text: str, morph: Morphology) -> set[str]:
    """Digits groups and lemmas of words (number words as digits) of a text."""
    out = set(regex.findall(r"\d+", text))
    out |= {str(int(d)) for d in out}
    for word in _WORD.findall(text):
        for lemma in morph.lemmas(word):
            out.add(NUMBER_WORDS.get(lemma, lemma))
    return out


def _clause(text: str, start: int, end: int) -> str:
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)
    right = _CLAUSE_BREAK.search(text, end)
    return text[left : right.start() if right else len(text)]


def _sentence(text: str, start: int, end: int) -> str:
    left = max((m.end() for m in _SENTENCE_BREAK.finditer(text, 0, start)), default=0)
    right = _SENTENCE_BREAK.search(text, end)
    return text[left : right.start() if right else len(text)]


def _has_verb(morph: Morphology, clause: str) -> bool:
    return any(morph.best(w).tag.POS in ("VERB", "PRTS") for w in _WORD.findall(clause))


def _conditional(clause: str, markers: tuple[str, ...]) -> bool:
    joined = f" {' '.join(_WORD.findall(clause))} "
    return any(f" {m} " in joined for m in markers)


def _commitment(morph: Morphology, clause: str, *, verbless: bool) -> bool:
    """Whether a clause commits to something: a future, imperative or 1st-person present
    verb, or a decision in a short passive participle («одобрена», «начислен»). Past tense
    and 3rd-person present describe the world; a clause without a verb or with an
    infinitive only («как оформить возврат») counts as ``verbless``."""
    finite = False
    words = _WORD.findall(clause)
    for word in words:
        parse = morph.best(word)
        grammemes = parse.tag.grammemes
        if parse.tag.POS == "PRTS":
            return True
        if parse.tag.POS != "VERB":
            continue
        finite = True
        if (
            "2per" in grammemes
            and "вы" not in words
            and any("impr" in p.tag.grammemes for p in morph.parses(word))
        ):
            continue  # «оформите возврат»: an instruction, unless «вы оформите»
        if "futr" in grammemes or ("pres" in grammemes and "1per" in grammemes):
            return True
        if verbless and "impr" in grammemes:
            return True
    return verbless and not finite


def _negated(morph: Morphology, clause: str, word: str, negations: tuple[str, ...]) -> bool:
    """A negation right before ``word`` or before a predicate of the clause («не получится»,
    «не вернём»); a negated imperative («не расстраивайтесь») negates nothing promised."""
    words = _WORD.findall(clause)
    for i, w in enumerate(words[:-1]):
        if w not in negations:
            continue
        nxt = words[i + 1]
        tag = morph.best(nxt).tag
        if nxt == word or (
            tag.POS in ("VERB", "INFN", "PRED", "PRTS", "ADJS") and "impr" not in tag.grammemes
        ):
            return True
    return False


class PromiseParams(Params):
    #: Words that make the clause a condition or a purpose, not a promise.
    conditions: tuple[str, ...] = ("если", "ежели", "в случае", "при условии", "чтобы")
    negations: tuple[str, ...] = ("не", "нельзя", "невозможно", "никак")


class MoneyParams(PromiseParams):
    #: Groups of lemmas (refund, compensation, bonus …): a word of a group is backed when
    #: the notes contain a word of the same group.
    groups: dict[str, list[str]]
    #: Verbs of money arriving («деньги придут»): flagged with a money noun in the clause,
    #: backed by the notes like the ``refund`` group.
    arrivals: tuple[str, ...] = ()
    money_nouns: tuple[str, ...] = ()
    #: Notes words (lemmas) that back money arriving («зачисление в течение часа»).
    arrival_notes: tuple[str, ...] = ()


#: The groups, the arrival verbs, what backs an arrival, the money nouns, and every word of
#: the groups and arrivals together (a word outside it is skipped at once).
_Lemmas = tuple[list[set[str]], set[str], set[str], set[str], frozenset[str]]
_MONEY_CACHE: dict[int, tuple[MoneyParams, _Lemmas]] = {}


def _money_lemmas(morph: Morphology, params: MoneyParams) -> _Lemmas:
    """The parameter words as lemma sets, computed once per rule's parameters."""
    entry = _MONEY_CACHE.get(id(params))
    cached = entry[1] if entry is not None and entry[0] is params else None
    if cached is None:
        groups = [{morph.lemma(w) for w in v} | set(v) for v in params.groups.values()]
        arrivals = {morph.lemma(w) for w in params.arrivals}
        refund = groups[list(params.groups).index("refund")] if "refund" in params.groups else set()
        # money arriving is backed by notes about a refund or about the money arriving
        backing = arrivals | set(params.arrival_notes) | refund
        nouns = {morph.lemma(w) for w in params.money_nouns} | set(params.money_nouns)
        cached = (groups, arrivals, backing, nouns, frozenset(arrivals.union(*groups)))
        _MONEY_CACHE[id(params)] = (params, cached)
    return cached


def _lemma_set(morph: Morphology, text: str) -> set[str]:
    return {lemma for w in _WORD.findall(text) for lemma in morph.lemmas(w)}


@register("unsupported_money", MoneyParams)
def unsupported_money(ctx: LintContext, params: MoneyParams) -> list[Hit]:
    """A refund, compensation, bonus, discount, «бесплатно» or «навсегда» the notes lack."""
    morph = ctx.morph
    # the notes and the customer's own message back a word («где промокод?» → «пришлём»);
    # the message is read only when the notes do not back it
    in_notes: set[str] | None = None
    in_incoming: set[str] | None = None
    text = ctx.text.text
    hits = []
    groups, arrivals, arrival_backing, money_nouns, triggers = _money_lemmas(morph, params)
    for word in ctx.words:
        lemmas = morph.lemmas(word.text)
        if lemmas.isdisjoint(triggers):
            continue
        found = next((members for members in groups if lemmas & members), None)
        if found is None and not lemmas & arrivals:
            continue
        clause = _clause(text, word.start, word.end)
        if found is None and any(morph.lemmas(w) & money_nouns for w in _WORD.findall(clause)):
            found = arrival_backing
        if found is None:
            continue
        if in_notes is None:
            in_notes = _lemma_set(morph, ctx.notes_text)
        if in_notes & found:
            continue
        if in_incoming is None:
            in_incoming = _lemma_set(morph, ctx.incoming_text)
        if in_incoming & found:
            continue
        if (
            _conditional(clause, params.conditions)
            or _negated(morph, clause, word.text, params.negations)
            or not _commitment(morph, clause, verbless=False)
        ):
            continue
        hits.append(Hit(word.start, word.end))
    return hits


class SumParams(PromiseParams):
    #: What follows a number to make it a sum of money (regular expression).
    currency: str


@lru_cache(maxsize=16)
def _sum_patterns(currency: str) -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """A number followed by a currency, and a currency after a number written in words."""
    return (
        _compile((rf"{_NUMBER.pattern}\s*(?:{currency})",)),
        regex.compile(rf"\s*(?:{currency})(?![\w])", regex.IGNORECASE),
    )


@register("unsupported_sum", SumParams)
def unsupported_sum(ctx: LintContext, params: SumParams) -> list[Hit]:
    """A sum of money (digits or words) whose value does not occur in the notes."""
    pattern, currency = _sum_patterns(params.currency)
    text = ctx.text.text
    sums = [(m.start(), m.end(), amounts(m.group())) for m in pattern.finditer(text)]
    for value, start, end in number_words(text, ctx.morph):
        after = currency.match(text, end)
        if after is not None:
            sums.append((start, after.end(), {value}))
    if not sums:
        return []
    known = amounts(ctx.notes_text, ctx.morph) if ctx.notes_text else set()
    return [Hit(start, end) for start, end, values in sums if not values & known]


class DeadlineParams(PromiseParams):
    #: Dates, times and deadlines (regular expressions).
    patterns: list[str]
    #: Words that do not carry the fact («до», «в течение», «ближайший» …), by lemma.
    ignore: tuple[str, ...] = ()


@register("unsupported_deadline", DeadlineParams)
def unsupported_deadline(ctx: LintContext, params: DeadlineParams) -> list[Hit]:
    """A date, time or deadline of a commitment whose numbers and words are not in the notes."""
    known: set[str] | None = None  # the notes' facts, read at the first commitment
    ignore = set(params.ignore)
    text = ctx.text.text
    hits = []
    for m in _compile(tuple(params.patterns)).finditer(text):
        clause = _clause(text, m.start(), m.end())
        sentence = _sentence(text, m.start(), m.end())
        if _conditional(clause, params.conditions) or not _commitment(
            ctx.morph, clause if _has_verb(ctx.morph, clause) else sentence, verbless=True
        ):
            continue
        needed = _facts(m.group(), ctx.morph)
        # a word counts by any of its lemmas: keep only lemmas of words not ignored
        words_needed = [
            {NUMBER_WORDS.get(lemma, lemma) for lemma in ctx.morph.lemmas(w)}
            for w in _WORD.findall(m.group())
        ]
        digits = {d for d in needed if d.isdigit()}
        if known is None:
            known = _facts(ctx.notes_text, ctx.morph) if ctx.notes_text else set()
        missing = bool(digits - known) or any(
            not (forms & known) and not (forms & ignore) for forms in words_needed
        )
        if missing:
            hits.append(Hit(m.start(), m.end()))
    return hits


_URL = regex.compile(
    r"(?:https?://|www\.)[^\s<>«»\"]+|(?<![\w@.])(?:[a-z0-9-]+\.)+(?:ru|com|рф|net|org|me|io|su|info|biz|online|site|shop)(?:/[^\s<>«»\"]*)?(?![\w])",
    regex.IGNORECASE,
)


class LinkParams(Params):
    #: Domains of the company itself (links to them need no backing).
    company_domains: tuple[str, ...] = ()


def _domain(url: str) -> str:
    host = regex.sub(r"^(?:https?://)?(?:www\.)?", "", url.lower()).split("/")[0]
    return str(host).rstrip(".,;:!?)")


@register("unsupported_link", LinkParams)
def unsupported_link(ctx: LintContext, params: LinkParams) -> list[Hit]:
    """A link whose domain is neither in the notes nor the company's own."""
    notes = ctx.notes.lower()
    original = ctx.text.original
    hits = []
    for m in _URL.finditer(original):
        domain = _domain(m.group())
        if domain in notes or any(
            domain == d or domain.endswith("." + d) for d in params.company_domains
        ):
            continue
        end = m.end()
        while end > m.start() and original[end - 1] in ".,;:!?)":
            end -= 1
        hits.append(Hit(m.start(), end, original=True))
    return hits

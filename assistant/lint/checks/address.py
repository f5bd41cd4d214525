"""«Ты» and «вы»: pronouns, possessives, 2nd-person verbs and imperatives (pymorphy3).

pymorphy3 tags imperatives without person (``проверь`` is ``sing,impr``, ``проверьте``
``plur,impr``); indicative forms carry ``2per``. Inclusive imperatives («пойдёмте») are
not addressing the customer alone and are ignored.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from assistant.analyzer.models import Address
from assistant.lint.checks import Params, register
from assistant.lint.context import Hit, LintContext
from assistant.lint.text import Word
from assistant.text.morph import Morphology

Form = Literal["ty", "vy"]

_TY_LEMMAS = frozenset({"ты", "твой"})
_VY_LEMMAS = frozenset({"вы", "ваш"})


@lru_cache(maxsize=50_000)
def address_form(morph: Morphology, word: str) -> Form | None:
    """Whether a word addresses someone with «ты» or «вы» (by its most probable parse).

    Cached per word form: every reply asks it of every word."""
    if not word.isalpha():
        return None
    parse = morph.best(word)
    lemma = str(parse.normal_form)
    if lemma in _TY_LEMMAS:
        return "ty"
    if lemma in _VY_LEMMAS:
        return "vy"
    tag = parse.tag
    if tag.POS != "VERB":
        return None
    grammemes = tag.grammemes
    if "impr" in grammemes:
        if "incl" in grammemes:
            return None
        return "ty" if "sing" in grammemes else "vy"
    if "2per" in grammemes:
        return "ty" if "sing" in grammemes else "vy"
    return None


def address_forms(ctx: LintContext) -> list[tuple[Word, Form]]:
    """Every «ты»/«вы» form of the reply (computed once per lint call)."""
    cached = ctx.memo.get("address_forms")
    if cached is None:
        cached = ctx.memo["address_forms"] = [
            (word, form)
            for word in ctx.words
            if (form := address_form(ctx.morph, word.text)) is not None
        ]
    return cached  # type: ignore[return-value]


class TyParams(Params):
    #: The customer's own address (from the analyzer) at which «ты» is flagged.
    when_customer: tuple[Address, ...] = ("vy",)
    #: Also flag «ты» whenever the brand policy forbids it (``allow_ty: false``).
    policy: bool = True


@register("ty_address", TyParams)
def ty_address(ctx: LintContext, params: TyParams) -> list[Hit]:
    """«Ты»-forms when the customer did not use «ты» (or the policy forbids it)."""
    by_customer = ctx.profile is not None and ctx.profile.address in params.when_customer
    by_policy = params.policy and not ctx.policy.allow_ty
    if not (by_customer or by_policy):
        return []
    return [Hit(w.start, w.end) for w, form in address_forms(ctx) if form == "ty"]


class MixedParams(Params):
    pass


@register("mixed_address", MixedParams)
def mixed_address(ctx: LintContext, params: MixedParams) -> list[Hit]:
    """Both «ты» and «вы» in one reply: the less frequent form is flagged («ты» on a tie)."""
    forms = address_forms(ctx)
    ty = [w for w, f in forms if f == "ty"]
    vy = [w for w, f in forms if f == "vy"]
    if not ty or not vy:
        return []
    minority = vy if len(vy) < len(ty) else ty
    return [Hit(w.start, w.end) for w in minority]

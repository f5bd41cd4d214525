"""Instruction-like content aimed at the model rather than at the support team.

Each ``(regex, code)`` runs case-insensitively over the NFKC-normalised text (so fullwidth
letters and look-alikes do not hide a phrase). The drafter treats a message with any of
these as data, never as instructions.
"""

from __future__ import annotations

_TARGET = r"(?:инструкц\w*|указани\w*|правил\w*|команд\w*|промпт\w*|ограничени\w*|настройк\w*)"

INJECTION_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        r"(?:игнорир\w*|проигнорир\w*|не\s+обращай\s+внимани\w+\s+на|отбрось|отмени)[\s,]+"
        r"(?:\w+[\s,]+){0,3}" + _TARGET,
        "ignore_instructions",
    ),
    (r"забудь\w*[\s,]+(?:\w+[\s,]+){0,3}" + _TARGET, "forget_rules"),
    (
        r"(?:покажи|выведи|напечатай|распечатай|раскрой|повтори|процитируй|скажи|напиши|дай)\s+"
        r"(?:мне\s+)?(?:\w+\s+){0,2}(?:системн\w+\s+(?:промпт|инструкц|сообщени)\w*|промпт\w*"
        r"|prompt)",
        "reveal_prompt",
    ),
    (r"(?:системн\w+\s+промпт\w*|system\s+prompt)", "reveal_prompt"),
    (
        r"(?<![^\W\d_])(?:ты|вы)\s+теперь(?![^\W\d_])|отныне\s+ты|теперь\s+ты\s+(?:—\s*)?не\s+",
        "role_change",
    ),
    (
        r"представь(?:те)?\s*,?\s+что\s+(?:ты|вы)(?![^\W\d_])|притворись|веди\s+себя\s+как"
        r"|действуй\s+как|режим\s+разработчика",
        "role_play",
    ),
    (
        r"(?:ignore|disregard|forget)\s+(?:all\s+|any\s+|the\s+|your\s+)*(?:previous|prior|above"
        r"|earlier|preceding)?\s*(?:instructions|prompts?|rules|directions)",
        "ignore_instructions",
    ),
    (
        r"you\s+are\s+now|from\s+now\s+on\s+you|pretend\s+(?:to\s+be|you\s+are)|act\s+as\s+(?:an?\s+)?"
        r"(?:admin|developer|system|unrestricted)|developer\s+mode|jailbreak|(?<![^\W\d_])DAN(?![^\W\d_])",
        "role_change",
    ),
    (
        r"reveal\s+(?:your\s+)?(?:instructions|prompt)|print\s+(?:your\s+)?(?:instructions|prompt)",
        "reveal_prompt",
    ),
    (
        r"(?m)^\s*(?:system|assistant|developer|user|система|ассистент|системное\s+сообщение)\s*:",
        "role_marker",
    ),
    (
        r"<\|?(?:im_start|im_end|system|endoftext)\|?>|\[/?INST\]|<</?SYS>>|<\s*/?\s*system\s*>",
        "role_marker",
    ),
    (
        r"[\[(]\s*(?:заметка|примечание|комментарий|пометка|указание|инструкция|note|notice)\s+"
        r"(?:(?:для|for|to)\s+(?:the\s+)?)?(?:оператор\w*|администратор\w*|админ\w*|систем\w*|модел\w*|ии|бота|operator"
        r"|admin|system)[^\])]*[\])]",
        "fake_operator_note",
    ),
    (
        r"(?:заметка|примечание|указание)\s+(?:для\s+)?(?:оператор\w*|администрат\w*|модел\w*|бота)\s*:",
        "fake_operator_note",
    ),
    (r"\[(?:system|admin|operator|систем\w*|администратор|оператор)\]", "fake_operator_note"),
)

#: A candidate base64 blob; decoded and checked against the patterns above.
BASE64_BLOB = r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{24,}={0,2}(?![A-Za-z0-9+/=])"

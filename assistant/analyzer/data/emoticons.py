"""Text emoticons, laughter and the tone of pictographic emoji."""

from __future__ import annotations

#: Emoticons with "eyes" (unambiguous): ``(regex, kind, tone)``. Bare ``)``/``(`` runs are
#: handled separately because a bracket may close or open a parenthesis.
EYED: tuple[tuple[str, str, str], ...] = (
    # Each pattern matches its first character before any look-behind («[:;=](?<!\w=)» is
    # «:», «;», or «=» not glued to a word), so that ``re`` skips straight to candidates.
    (r":['’]-?\(+", "sad", "negative"),
    (r"[:;=](?<!\w=)-?\(+", "sad", "negative"),
    (r"[:=](?<![^\s\w][:=])-?[/\\](?![/\\\w])", "sad", "negative"),
    (r"[:;=](?<!\w=)-?[)\]]+", "smile", "positive"),
    (r"[:;=](?<!\w=)-?[DДPРpр]+(?![^\W\d_])", "smile", "positive"),
    (r"[xXхХ](?<![^\W\d_][xXхХ])[DДd]+(?![^\W\d_])", "laughter", "positive"),
    (r"\^_*\^", "smile", "positive"),
    (r"[TТ](?<![^\W\d_][TТ])_[TТ](?![^\W\d_])", "sad", "negative"),
    (r"<3+", "smile", "positive"),
    # faces with an underscore mouth: «-_-», «.__.», «>_<», «х_х», «;_;» (annoyed, sad) …
    (
        r"[-.>xXхХ;¬](?<![\w.][-.>xXхХ;¬])(?:(?<=-)_+-|(?<=\.)_+\.|(?<=>)_+<"
        r"|(?<=[xXхХ])_+[xXхХ]|(?<=;)_+;|(?<=¬)_+¬)(?![\w])",
        "sad",
        "negative",
    ),
    # … and «o_O», «O_o», «0_о», «@_@» (surprise)
    (
        r"[oOоО0@](?<![\w.][oOоО0@])(?:(?<=[oOоО0])_+[oOоО0]|(?<=@)_+@)(?![\w])",
        "smile",
        "neutral",
    ),
)

#: Laughter written as words (whole words, case-insensitive).
LAUGHTER = (
    r"а?(?:ха){2,}х?а*|а?хах[ах]*|(?:хе){2,}|хи(?:хи)+|аза(?:за)+|ахах[ах]*|"
    r"лол|ржу|ржака|ржунимагу|гы+|lol|lmao|a?(?:ha){2,}h?"
)

#: Pictographic emoji by tone; everything else is "neutral" unless listed.
ANGRY_EMOJI = frozenset("😡🤬👿💢😠😤🖕")
NEGATIVE_EMOJI = frozenset("😢😭😞😔☹🙁😟😩😫😥😓😿💔😒😕😣😖🤦😰😱🥺🙄")
POSITIVE_EMOJI = frozenset("🙂😊😀😁😃😄😆😂🤣😉😍🥰😘❤💖💕👍👌🙏🤗😎🥳🎉✨💪🌸🌷🔥😇☺😋")

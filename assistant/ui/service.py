"""What the operator screen does, without any UI: analyze, lint, send, search, export.

``app.py`` calls a :class:`Workspace` from its gradio handlers; tests call it directly.
The workspace holds the settings, the outbox and the users (if configured) and enforces
the rules that must hold whatever the client sends: replies are linted on the server
before they are stored, error-level findings need an explicit override, the operator's
name comes from the login when there is one, supervisor features check the role.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, Unpack

from pydantic import ValidationError

from assistant.analyzer.models import StyleProfile
from assistant.auth import Role, UserStore, require_role
from assistant.config import Settings
from assistant.errors import EmptyTextError, InputError, StorageError, TextTooLongError
from assistant.lint.models import Finding, Policy
from assistant.outbox.models import SendRequest, SentReply
from assistant.text.invisible import scrub_surrogates
from assistant.ui.conversation import Conversation, ScreenFields, split_history
from assistant.ui.conversation import channel_of as channel_of  # re-exported for the API
from assistant.ui.records import CHANNEL_NAMES as CHANNEL_NAMES
from assistant.ui.records import Records

_log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from assistant.drafter.models import Draft, Revising
    from assistant.knowledge.service import KnowledgeService
    from assistant.outbox.store import Outbox


class OverrideRequiredError(InputError):
    """The reply has error-level findings and the operator did not choose "send anyway"."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        from assistant.ui.findings import by_rule, finding_title

        self.findings = list(findings)
        listed = "; ".join(
            f"{finding_title(group[0])}: " + ", ".join(dict.fromkeys(f"«{f.text}»" for f in group))
            for group in by_rule(self.findings).values()
        )
        super().__init__(
            f"В ответе ошибки ({len(self.findings)}) — {listed}. Исправьте их или отметьте "
            "«Отправить несмотря на ошибки» и укажите причину."
        )


SENT_COLUMNS = [
    "№",
    "время",
    "оператор",
    "канал",
    "клиент",
    "ответ",
    "замечаний",
    "вопреки ошибкам",
]


def has_visible_text(text: str | None) -> bool:
    """Whether ``text`` holds anything but whitespace and invisible characters."""
    if not text or not text.strip():
        return False
    from assistant.text.normalize import normalize

    return bool(normalize(text).text.strip())


#: Lone surrogates (broken copy-paste) become U+FFFD so the text can be stored.
repair_unicode = scrub_surrogates

_FIELD_NAMES = {
    "key": "ключ отправки",
    "operator": "оператор",
    "nickname": "имя клиента",
    "model": "модель",
    "prompt_version": "версия промпта",
    "text": "ответ",
}


def _invalid_fields(exc: ValidationError) -> str:
    """A Russian message naming the fields a client sent too long or malformed."""
    fields = sorted({str(e["loc"][0]) for e in exc.errors() if e.get("loc")})
    named = ", ".join(f"«{_FIELD_NAMES.get(f, f)}»" for f in fields) or "запрос"
    return (
        f"Ответ не отправлен: неверное или слишком длинное поле {named}. "
        "Текст ответа остался в окне."
    )


class Workspace(Records):
    """The library calls behind the operator screen and the app's API endpoints."""

    def __init__(
        self,
        settings: Settings,
        outbox: Outbox,
        users: UserStore | None = None,
        policy: Policy | None = None,
    ) -> None:
        self.settings = settings
        self.outbox = outbox
        self.users = users
        self.policy = policy or Policy()
        self._exports: dict[str, str] = {}  # export file name -> the user who made it
        self._knowledge: KnowledgeService | None = None

    @property
    def knowledge(self) -> KnowledgeService:
        """The knowledge base of the drafts and its usage log (created on first use)."""
        if self._knowledge is None:
            from assistant.knowledge.service import KnowledgeService

            self._knowledge = KnowledgeService(self.settings)
        return self._knowledge

    # -- who ------------------------------------------------------------------------------

    @property
    def auth_enabled(self) -> bool:
        return self.users is not None

    def operator_name(self, username: str | None, typed: str | None) -> str:
        """The login name when users are configured (not spoofable), else what was typed."""
        if self.users is not None:
            return username or ""
        return (typed or "").strip()[:200]

    def role(self, username: str | None) -> Role | None:
        if self.users is None:
            return "supervisor"  # one person on localhost: every feature is theirs
        return self.users.role_of(username)

    def require(self, username: str | None, role: Role) -> None:
        require_role(self.users, username, role)

    # -- analysis and lint --------------------------------------------------------------

    def _check_length(self, text: str) -> None:
        TextTooLongError.check(text, self.settings.max_input_chars)

    def analyze(
        self, message: str, nickname: str | None = None, history: str | Sequence[str] = ()
    ) -> StyleProfile | None:
        """The style profile, or None when there is no message yet."""
        if not has_visible_text(message):
            return None
        self.check_limits(message=message, nickname=nickname, history=history)
        from assistant.analyzer import analyze

        try:
            return analyze(message, nickname=nickname or None, history=split_history(history))
        except EmptyTextError:
            return None

    def lint(
        self,
        reply: str,
        *,
        incoming: str | StyleProfile | None = None,
        nickname: str | None = None,
        channel: str | None = "private",
        notes: str = "",
    ) -> list[Finding]:
        """Findings in the reply (none for an empty reply)."""
        if not has_visible_text(reply):
            return []
        self.check_limits(
            reply=reply,
            incoming=incoming if isinstance(incoming, str) else None,
            nickname=nickname,
            channel=channel,
            notes=notes,
        )
        if isinstance(incoming, str) and not incoming.strip():
            incoming = None
        from assistant.lint.engine import lint

        try:
            return list(
                lint(
                    reply,
                    incoming=incoming,
                    nickname=nickname or None,
                    channel=channel_of(channel),
                    policy=self.policy,
                    notes=notes or "",
                )
            )
        except EmptyTextError:
            return []

    # -- one conversation ---------------------------------------------------------------

    def start(self) -> Conversation:
        """A fresh conversation: nothing of the previous customer is carried over."""
        return Conversation()

    def observe(self, conversation: Conversation, **fields: Unpack[ScreenFields]) -> Conversation:
        """The conversation with the screen's fields, analysed when its message changed."""
        conv = conversation.with_fields(**fields)
        if conv.profile is None and has_visible_text(conv.message):
            profile = self.analyze(conv.message, conv.nickname, conv.history)
            if profile is not None:  # personal data the customer posted in public: an alert
                from assistant.pii import with_channel

                profile = with_channel(profile, conv.channel)
            conv = conv.model_copy(update={"profile": profile})
        return conv

    def stream(
        self,
        conversation: Conversation,
        action: str,
        *,
        operator: str | None = None,
        reply: str = "",
        variants: int = 1,
    ) -> AsyncIterator[str | Revising | Draft]:
        """Stream a draft (``draft``, ``holding``) or a rewrite (``rewrite:shorter``…).

        The prompt sees only this conversation (:meth:`Conversation.draft_options`, with the
        articles the operator left out); a finished draft's sources go to the usage log.
        """
        from assistant.drafter import astream_draft, astream_rewrite

        kind, _, how = action.partition(":")
        options: dict[str, Any] = {
            **conversation.draft_options(operator),
            "settings": self.settings,
            "policy": self.policy,
        }
        if kind == "rewrite":  # a rewrite is not grounded again: no articles to leave out
            options.pop("exclude_sources", None)
            return astream_rewrite(reply, how, message=conversation.message, **options)
        mode: Literal["reply", "holding"] = "holding" if kind == "holding" else "reply"
        stream = astream_draft(
            conversation.message, mode=mode, variants=max(1, min(3, variants)), **options
        )
        return self._recorded(stream, conversation)

    async def _recorded(
        self, stream: AsyncIterator[str | Revising | Draft], conversation: Conversation
    ) -> AsyncIterator[str | Revising | Draft]:
        """Pass the stream on; log the finished draft's articles (a log failure is only
        logged: the draft reaches the operator either way)."""
        from assistant.drafter.models import Draft

        async for item in stream:
            if isinstance(item, Draft) and self.settings.knowledge_dir is not None:
                try:
                    self.knowledge.record(
                        conversation.message, item.sources, channel=conversation.channel
                    )
                except StorageError as exc:
                    _log.warning("%s", exc)
            yield item

    def send_conversation(
        self,
        conversation: Conversation,
        text: str,
        *,
        username: str | None = None,
        operator: str = "",
        override: bool = False,
        override_reason: str | None = None,
    ) -> SentReply:
        """Send the reply of this conversation (its key makes a repeat harmless)."""
        return self.send(
            text,
            key=conversation.key,
            username=username,
            operator=operator,
            channel=conversation.channel,
            incoming=conversation.message,
            nickname=conversation.nickname or None,
            notes=conversation.notes,
            profile=conversation.profile,
            first_draft=conversation.first_draft,
            override=override,
            override_reason=override_reason,
            model=conversation.model,
            prompt_version=conversation.prompt_version,
        )

    def repeated_send(self, conversation: Conversation, text: str) -> SentReply | None:
        """The record a send repeats when it was clicked before the last send reset the
        screen (a double click): the conversation has not started and the text is the same."""
        if conversation.after_sent is None or conversation.message:
            return None
        previous = self.outbox.get(conversation.after_sent)
        return previous if previous is not None and previous.final_text == text else None

    def local_time(self, moment: datetime) -> datetime:
        """A stored (UTC) time in the team's zone (``ASSISTANT_TIMEZONE``)."""
        from zoneinfo import ZoneInfo

        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(ZoneInfo(self.settings.timezone))

    # -- sending --------------------------------------------------------------------------

    def send(
        self,
        text: str,
        *,
        key: str,
        username: str | None = None,
        operator: str = "",
        channel: str | None = "private",
        incoming: str = "",
        nickname: str | None = None,
        notes: str = "",
        profile: StyleProfile | None = None,
        first_draft: str | None = None,
        override: bool = False,
        override_reason: str | None = None,
        model: str | None = None,
        prompt_version: str | None = None,
    ) -> SentReply:
        """Lint on the server, refuse unacknowledged errors, store once per ``key``.

        A key already stored returns its record without linting again, so a repeated
        request (a double click, a retry after a lost answer) is harmless.
        """
        if not key or not key.strip():
            raise InputError("Нет ключа отправки: обновите страницу и отправьте ещё раз.")
        self.check_limits(
            reply=text, key=key, operator=operator, channel=channel, incoming=incoming,
            nickname=nickname, notes=notes, first_draft=first_draft,
            override_reason=override_reason, model=model, prompt_version=prompt_version,
        )  # fmt: skip
        existing = self.outbox.get(key, operator=self.operator_name(username, operator))
        if existing is not None:
            return existing
        if not has_visible_text(text):
            raise EmptyTextError("Ответ пустой: нечего отправлять.")
        if repair_unicode(text) != text:
            raise InputError(
                "В ответе повреждённые символы (половинки эмодзи или битая кодировка): "
                "удалите их или вставьте текст заново."
            )
        incoming = repair_unicode(incoming)
        nickname = repair_unicode(nickname) if nickname else nickname
        first_draft = repair_unicode(first_draft) if first_draft else first_draft
        override_reason = repair_unicode(override_reason) if override_reason else override_reason
        self._check_length(text)
        if profile is None and incoming.strip():
            profile = self.analyze(incoming, nickname)
        findings = self.lint(
            text,
            incoming=profile if profile is not None else incoming,
            nickname=nickname,
            channel=channel,
            notes=notes,
        )
        errors = [f for f in findings if f.level == "error"]
        if errors and not override:
            raise OverrideRequiredError(errors)
        try:
            request = SendRequest(
                text=text,
                key=key,
                operator=self.operator_name(username, operator),
                channel=channel_of(channel),
                incoming=incoming,
                nickname=nickname or None,
                profile=profile.model_dump(mode="json") if profile is not None else None,
                first_draft=first_draft or None,
                findings=findings,
                override=bool(override and errors),
                override_reason=((override_reason or "").strip() or None) if errors else None,
                model=model or None,
                prompt_version=prompt_version or None,
            )
        except ValidationError as exc:
            raise InputError(_invalid_fields(exc)) from exc
        return self.outbox.send(request)

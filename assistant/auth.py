"""Who may use the app: a users file with argon2 password hashes and a role each.

The file is YAML (``settings.users_file`` / ``ASSISTANT_USERS_FILE``)::

    users:
      anna:
        role: operator
        password_hash: $argon2id$v=19$m=65536,t=3,p=4$...
      boris:
        role: supervisor
        password_hash: $argon2id$...

Add users with ``python -m assistant users add NAME --role supervisor`` (the password is
read from a prompt or from standard input). The file is re-read when it changes, so new
users can log in without a restart. Supervisor-only features call :func:`require_role`,
which fails closed: with users configured, an unknown or anonymous user is refused.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import threading
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Literal, get_args

import yaml
from argon2 import Parameters, PasswordHasher, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from argon2.low_level import ARGON2_VERSION
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.errors import AccessDeniedError, InputError

Role = Literal["operator", "supervisor"]
ROLES: tuple[str, ...] = get_args(Role)
_NAME_PATTERN = r"^[\w.@-]{1,64}$"

#: How new passwords are hashed: argon2-cffi's default, RFC 9106's low-memory profile
#: (argon2id, 64 MiB, 3 passes). A stored hash carries its own parameters, and a check uses
#: those, so a store given another hasher (``UserStore(path, hasher=...)``) only changes
#: what it writes.
DEFAULT_HASHER = PasswordHasher()
_DECOY_PASSWORD = "decoy-password-for-unknown-users"


#: Decoy hashes by their parameters (as a tuple): the parameters of a users file are few.
_DECOYS: dict[tuple[object, ...], str] = {}


def _decoy_hash(parameters: Parameters) -> str:
    """A hash of no one's password made with ``parameters`` (made once)."""
    key = dataclasses.astuple(parameters)
    if key not in _DECOYS:
        _DECOYS[key] = PasswordHasher.from_parameters(parameters).hash(_DECOY_PASSWORD)
    return _DECOYS[key]


def _parameters(stored: str) -> Parameters | None:
    try:
        return extract_parameters(stored)
    except (InvalidHashError, ValueError):
        return None


def normalize_username(name: str | None) -> str:
    """The one spelling of a user name: NFKC, surrounding spaces removed, case folded.

    «" Anna "», «ANNA» and «Ａｎｎａ» (full-width) are all ``anna``.
    """
    return unicodedata.normalize("NFKC", name or "").strip().casefold()


class User(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=_NAME_PATTERN)
    role: Role
    password_hash: str = Field(repr=False)


class UsersFileError(InputError):
    """The users file cannot be read or is malformed: the app refuses to start open."""


def hash_password(password: str, hasher: PasswordHasher = DEFAULT_HASHER) -> str:
    if not password:
        raise InputError("Пароль не может быть пустым.")
    return hasher.hash(password)


class UserStore:
    """The users of one users file; re-read whenever the file changes."""

    def __init__(self, path: Path | str, *, hasher: PasswordHasher = DEFAULT_HASHER) -> None:
        self.path = Path(path).expanduser()
        self._hasher = hasher
        self._lock = threading.Lock()
        self._mtime: float | None = None
        self._users: dict[str, User] = {}

    # -- reading ------------------------------------------------------------------------

    def users(self) -> dict[str, User]:
        with self._lock:
            try:
                mtime = self.path.stat().st_mtime
            except FileNotFoundError:
                self._mtime, self._users = None, {}
                return {}
            if mtime != self._mtime:
                self._users = _parse(self.path)
                self._mtime = mtime
            return dict(self._users)

    def get(self, name: str | None) -> User | None:
        return None if not name else self.users().get(normalize_username(name))

    def role_of(self, name: str | None) -> Role | None:
        user = self.get(name)
        return None if user is None else user.role

    def verify(self, name: str, password: str) -> bool:
        """Whether ``password`` is the password of ``name`` (argon2, constant-ish time)."""
        user = self.get(name)
        try:
            self._hasher.verify(user.password_hash if user else self.decoy_hash(), password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
        return user is not None

    def decoy_hash(self) -> str:
        """What the password of an unknown name is checked against, so that the check takes
        as long as for a known name (no timing tells which names exist): a hash with the
        parameters most stored hashes have, or, with none, those of the store's hasher."""
        stored = [p for u in self.users().values() if (p := _parameters(u.password_hash))]
        if stored:
            counts = Counter(dataclasses.astuple(p) for p in stored)
            return _decoy_hash(max(stored, key=lambda p: counts[dataclasses.astuple(p)]))
        h = self._hasher
        own = Parameters(h.type, ARGON2_VERSION, h.salt_len, h.hash_len, h.time_cost,
                         h.memory_cost, h.parallelism)  # fmt: skip
        return _decoy_hash(own)

    # -- writing ------------------------------------------------------------------------

    def add(self, name: str, password: str, role: Role, *, replace: bool = False) -> User:
        """Add (or with ``replace`` update) a user; the file is rewritten atomically."""
        name = normalize_username(name)
        user = _make_user(name, password, role, self._hasher)
        users = self.users()
        if name in users and not replace:
            raise InputError(f"Пользователь «{name}» уже есть (используйте --replace).")
        users[name] = user
        self._write(users)
        return user

    def remove(self, name: str) -> None:
        name = normalize_username(name)
        users = self.users()
        if users.pop(name, None) is None:
            raise InputError(f"Пользователя «{name}» нет.")
        self._write(users)

    def _write(self, users: dict[str, User]) -> None:
        data = {
            "users": {
                u.name: {"role": u.role, "password_hash": u.password_hash}
                for u in sorted(users.values(), key=lambda u: u.name)
            }
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".users-", suffix=".yaml")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                yaml.safe_dump(data, fh, allow_unicode=True, sort_keys=False)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        with self._lock:
            self._mtime = None


def _make_user(name: str, password: str, role: str, hasher: PasswordHasher) -> User:
    if role not in ROLES:
        raise InputError(f"Неизвестная роль «{role}»: допустимы {', '.join(ROLES)}.")
    try:
        return User(name=name, role=role, password_hash=hash_password(password, hasher))
    except ValidationError as exc:
        raise InputError(
            f"Недопустимое имя пользователя «{name}»: буквы, цифры, . _ @ -, до 64 символов."
        ) from exc


def _parse(path: Path) -> dict[str, User]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise UsersFileError(f"Не удаётся прочитать файл пользователей {path}: {exc}") from exc
    entries = raw.get("users") if isinstance(raw, dict) else None
    if not isinstance(entries, dict):
        raise UsersFileError(
            f"{path}: ожидается словарь «users: {{имя: {{role, password_hash}}}}»."
        )
    users: dict[str, User] = {}
    for raw, entry in entries.items():
        name = normalize_username(str(raw))
        try:
            users[name] = User(name=name, **(entry or {}))
        except (TypeError, ValidationError) as exc:
            raise UsersFileError(f"{path}: пользователь «{name}» описан неверно: {exc}") from exc
    return users


def load_store(path: Path | str | None) -> UserStore | None:
    """The store of a configured users file, or None when no users file is configured.

    A configured file that is missing or empty is an error: the app never starts open
    by accident.
    """
    if path is None or str(path) == "":
        return None
    store = UserStore(path)
    if not store.users():
        raise UsersFileError(
            f"Файл пользователей {store.path} не найден или пуст. Добавьте пользователя: "
            "python -m assistant users add ИМЯ --role supervisor — или уберите "
            "ASSISTANT_USERS_FILE, чтобы работать без входа (только на localhost)."
        )
    return store


def require_role(store: UserStore | None, username: str | None, role: Role) -> None:
    """Raise :class:`AccessDeniedError` unless ``username`` has ``role``.

    Without a users file the app runs for one person on localhost, who may do everything.
    With users configured this fails closed: anonymous, unknown or other roles are refused.
    """
    if store is None:
        return
    actual = store.role_of(username)
    if actual is None or (role == "supervisor" and actual != "supervisor"):
        raise AccessDeniedError("Доступ запрещён: эта функция доступна только руководителю.")

"""Users file, argon2 hashes, roles that fail closed, and the users command."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pytest
import yaml
from argon2 import Parameters, PasswordHasher, extract_parameters

from assistant.auth import UsersFileError, UserStore, load_store, require_role
from assistant.errors import AccessDeniedError, InputError
from tests.support.cli import run_assistant
from tests.support.users import CHEAP, user_store


@pytest.fixture
def store(tmp_path: Path) -> UserStore:
    s = UserStore(tmp_path / "users.yaml")
    s.add("anna", "пароль-анны", "operator")
    s.add("boris", "boris-secret", "supervisor")
    return s


@pytest.fixture
def cheap_store(tmp_path: Path) -> UserStore:
    """Anna and Boris with the cheapest hashes, for the tests of what comes after a check."""
    return user_store(tmp_path / "cheap-users.yaml", {"anna": "operator", "boris": "supervisor"})


def test_passwords_are_argon2_hashed_and_verified(store: UserStore) -> None:
    raw = store.path.read_text(encoding="utf-8")
    assert "пароль-анны" not in raw and "boris-secret" not in raw
    assert raw.count("$argon2id$") == 2
    assert store.path.stat().st_mode & 0o077 == 0  # not readable by others
    assert store.verify("anna", "пароль-анны")
    assert not store.verify("anna", "boris-secret")
    assert not store.verify("nobody", "пароль-анны")
    assert not store.verify("anna", "")


def test_new_hashes_are_strong_and_a_check_uses_the_parameters_of_the_stored_hash(
    store: UserStore, tmp_path: Path
) -> None:
    assert store.path.read_text(encoding="utf-8").count("$argon2id$v=19$m=65536,t=3,p=4$") == 2
    cheap = user_store(tmp_path / "cheap.yaml", {"vera": "operator"})  # as the tests write
    assert "$argon2id$v=19$m=8,t=1,p=1$" in cheap.path.read_text(encoding="utf-8")
    read_by_the_app = UserStore(cheap.path)
    assert read_by_the_app.verify("vera", "vera-pass")
    assert not read_by_the_app.verify("vera", "пароль-анны")
    read_by_the_app.add("oleg", "oleg-pass", "operator")  # the app's store writes strong ones
    assert "$argon2id$v=19$m=65536,t=3,p=4$" in read_by_the_app.path.read_text(encoding="utf-8")


class Recording(PasswordHasher):
    """The product's hasher, noting the parameters of every hash a check is made against."""

    def __init__(self, base: PasswordHasher) -> None:
        super().__init__(base.time_cost, base.memory_cost, base.parallelism, base.hash_len,
                         base.salt_len, type=base.type)  # fmt: skip
        self.checked: list[Parameters] = []

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        self.checked.append(extract_parameters(str(hash)))
        return super().verify(hash, password)


def test_an_unknown_name_is_checked_as_long_as_a_known_one(
    store: UserStore, tmp_path: Path
) -> None:
    """No timing tells which names exist: the password of an unknown name is checked against
    a decoy with the parameters of the stored hashes, whatever hasher the store writes with."""
    strong = extract_parameters(store.users()["anna"].password_hash)
    cheap_file = user_store(tmp_path / "cheap.yaml", {"vera": "operator", "ivan": "operator"})
    cheap = extract_parameters(cheap_file.users()["vera"].password_hash)
    assert cheap != strong
    for path, stored in ((store.path, strong), (cheap_file.path, cheap)):
        for writes_with in (CHEAP, PasswordHasher()):
            recording = Recording(writes_with)
            reader = UserStore(path, hasher=recording)
            assert not reader.verify("nobody", "x") and not reader.verify("vera", "x")
            assert recording.checked == [stored, stored]
    # mixed parameters: the most common ones; no users: the store's own
    cheap_file.add("oleg", "oleg-pass", "operator")  # its third cheap hash
    UserStore(cheap_file.path).add("pavel", "pavel-pass", "operator")  # and one strong
    assert extract_parameters(UserStore(cheap_file.path).decoy_hash()) == cheap
    empty = UserStore(tmp_path / "none.yaml", hasher=CHEAP)
    assert extract_parameters(empty.decoy_hash()) == extract_parameters(CHEAP.hash("x"))


def test_roles_fail_closed(store: UserStore) -> None:
    require_role(store, "boris", "supervisor")
    for who in ("anna", None, "", "nobody"):
        with pytest.raises(AccessDeniedError):
            require_role(store, who, "supervisor")
    require_role(None, None, "supervisor")  # no users file: one person on localhost


def test_file_changes_are_picked_up(store: UserStore) -> None:
    other = UserStore(store.path)
    assert other.role_of("anna") == "operator"
    store.add("anna", "новый", "supervisor", replace=True)
    assert other.role_of("anna") == "supervisor" and other.verify("anna", "новый")
    with pytest.raises(InputError):
        store.add("anna", "x", "operator")
    store.remove("anna")
    assert other.get("anna") is None


def test_bad_input_is_refused(store: UserStore) -> None:
    with pytest.raises(InputError):
        store.add("eve", "pw", "admin")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        store.add("../etc", "pw", "operator")
    with pytest.raises(InputError):
        store.add("eve", "", "operator")


def test_broken_or_missing_users_file_never_starts_open(tmp_path: Path) -> None:
    assert load_store(None) is None
    with pytest.raises(UsersFileError):
        load_store(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("users: [1, 2]", encoding="utf-8")
    with pytest.raises(UsersFileError):
        load_store(bad)
    bad.write_text(yaml.safe_dump({"users": {"x": {"role": "root", "password_hash": "h"}}}))
    with pytest.raises(UsersFileError):
        load_store(bad)


def test_users_cli_adds_from_stdin(tmp_path: Path) -> None:
    path = tmp_path / "u.yaml"
    done = run_assistant(
        "users", "add", "vera", "--role", "supervisor", "--file", str(path), stdin="секрет\n"
    )
    assert done.returncode == 0, done.stderr
    store = UserStore(path)
    assert store.role_of("vera") == "supervisor" and store.verify("vera", "секрет")
    listed = run_assistant("users", "list", "--file", str(path))
    assert "vera\tsupervisor" in listed.stdout and "argon2" not in listed.stdout


# -- names, login guard, sessions (issue 14) ---------------------------------------------------


def test_names_are_one_spelling(store: UserStore) -> None:
    from assistant.auth import normalize_username

    assert normalize_username(" ANNA ") == normalize_username("Ａｎｎａ") == "anna"
    assert store.verify(" Anna\t", "пароль-анны") and store.role_of("ANNA") == "operator"
    with pytest.raises(InputError, match="уже есть"):
        store.add(" Anna ", "x", "operator")


def _settings(tmp_path: Path, **kw: object) -> object:
    from assistant.config import Settings

    return Settings(db_url=f"sqlite:///{tmp_path / 'o.sqlite3'}", **kw)  # type: ignore[arg-type]


def test_guard_locks_a_name_and_an_address_with_growing_delays(
    cheap_store: UserStore, tmp_path: Path
) -> None:
    import asyncio

    from assistant.ui.login import LoginGuard

    guard = LoginGuard(cheap_store, _settings(tmp_path, login_failures=3))  # type: ignore[arg-type]

    async def run() -> list[tuple[str, float]]:
        out = []
        for password in ("a", "b", "c", "anna-pass"):
            result = await guard.attempt("anna", password, "10.0.0.1")
            out.append((result.outcome, result.delay))
        return out

    outcomes = asyncio.run(run())
    assert [o for o, _ in outcomes] == ["failed", "failed", "failed", "locked"]
    delays = [d for o, d in outcomes if o == "failed"]
    assert delays == sorted(delays) and delays[0] < delays[-1]
    ok = asyncio.run(guard.attempt("boris", "boris-pass", "10.0.0.2"))
    assert ok.outcome == "ok" and ok.user == "boris"

    async def spray() -> list[str]:  # many names from one address: the address locks
        return [(await guard.attempt(f"u{i}", "x", "10.0.0.9")).outcome for i in range(14)]

    sprayed = asyncio.run(spray())
    assert sprayed.count("failed") == 12 and sprayed[-1] == "locked"  # 4 x 3
    guard.close()


def test_sessions_expire_and_end_on_password_change_or_removal(
    cheap_store: UserStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import types

    from assistant.ui import login
    from assistant.ui.login import SessionBook

    now = [1_000_000.0]  # the book's clock, moved by hand
    monkeypatch.setattr(login, "time", types.SimpleNamespace(time=lambda: now[0]))
    book = SessionBook(cheap_store, _settings(tmp_path, session_hours=0.0005))  # type: ignore[arg-type]
    book.issue("t-old", "anna")
    book.issue("t-boris", "boris")
    now[0] += 1.7
    assert book.check("t-old") == "anna"  # 1.8 s lifetime
    now[0] += 0.2
    assert book.check("t-old") is None
    long = SessionBook(cheap_store, _settings(tmp_path))  # type: ignore[arg-type]
    long.issue("t1", "anna")
    long.issue("t2", "boris")
    cheap_store.add("anna", "новый-пароль", "operator", replace=True)
    cheap_store.remove("boris")
    assert long.check("t1") is None and long.check("t2") is None
    assert long.check("unknown") is None

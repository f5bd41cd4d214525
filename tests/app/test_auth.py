"""Users file, argon2 hashes, roles that fail closed, and the users command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from assistant.auth import UsersFileError, UserStore, load_store, require_role
from assistant.errors import AccessDeniedError, InputError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path: Path) -> UserStore:
    s = UserStore(tmp_path / "users.yaml")
    s.add("anna", "пароль-анны", "operator")
    s.add("boris", "boris-secret", "supervisor")
    return s


def test_passwords_are_argon2_hashed_and_verified(store: UserStore) -> None:
    raw = store.path.read_text(encoding="utf-8")
    assert "пароль-анны" not in raw and "boris-secret" not in raw
    assert raw.count("$argon2id$") == 2
    assert store.path.stat().st_mode & 0o077 == 0  # not readable by others
    assert store.verify("anna", "пароль-анны")
    assert not store.verify("anna", "boris-secret")
    assert not store.verify("nobody", "пароль-анны")
    assert not store.verify("anna", "")


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
    cmd = [sys.executable, "-m", "assistant", "users", "add", "vera", "--role", "supervisor"]
    done = subprocess.run(
        [*cmd, "--file", str(path)],
        input="секрет\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    store = UserStore(path)
    assert store.role_of("vera") == "supervisor" and store.verify("vera", "секрет")
    listed = subprocess.run(
        [sys.executable, "-m", "assistant", "users", "list", "--file", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert "vera\tsupervisor" in listed.stdout and "argon2" not in listed.stdout

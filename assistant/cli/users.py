"""``python -m assistant users add|list|remove``: manage who may log in to the app."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.app import Typer, app

users_app = Typer(help="Пользователи приложения: имена, роли, пароли (argon2).")
app.add_typer(users_app, name="users")

FileOption = Annotated[
    Path | None,
    typer.Option(
        "--file",
        help="Файл пользователей (по умолчанию ASSISTANT_USERS_FILE или data/users.yaml).",
    ),
]


def _path(file: Path | None) -> Path:
    if file is not None:
        return file
    from assistant.config import get_settings

    return get_settings().default_users_file


def _read_password() -> str:
    if sys.stdin.isatty():
        password: str = typer.prompt("Пароль", hide_input=True, confirmation_prompt=True)
        return password
    return sys.stdin.readline().rstrip("\r\n")


@users_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Имя для входа.")],
    role: Annotated[str, typer.Option(help="operator или supervisor.")] = "operator",
    file: FileOption = None,
    replace: Annotated[bool, typer.Option(help="Заменить пароль и роль.")] = False,
) -> None:
    """Добавить пользователя; пароль — из запроса (или одной строкой из stdin)."""
    from assistant.auth import UserStore
    from assistant.errors import InputError

    store = UserStore(_path(file))
    try:
        user = store.add(name, _read_password(), role, replace=replace)  # type: ignore[arg-type]
    except InputError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"{user.name}: {user.role} → {store.path}")


@users_app.command("list")
def list_users(file: FileOption = None) -> None:
    """Список пользователей и ролей (без хешей)."""
    from assistant.auth import UserStore

    for user in UserStore(_path(file)).users().values():
        typer.echo(f"{user.name}\t{user.role}")


@users_app.command("remove")
def remove(
    name: Annotated[str, typer.Argument(help="Имя пользователя.")],
    file: FileOption = None,
) -> None:
    """Удалить пользователя."""
    from assistant.auth import UserStore
    from assistant.errors import InputError

    try:
        UserStore(_path(file)).remove(name)
    except InputError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"удалён: {name}")

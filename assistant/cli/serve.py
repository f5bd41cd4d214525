"""``python -m assistant app``: start the operator workspace (the same options as ``app.py``).

The Gradio app is ``app.py`` at the top of the repository; an installed wheel carries a copy
(see ``setup.py``). This module holds the app's command-line options, so ``python app.py``
and ``python -m assistant app`` parse the same way (and gradio is imported only on start).
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Annotated

import typer

from assistant.cli.app import Typer, app

PortOption = Annotated[
    int | None,
    typer.Option(
        "--port",
        min=1,
        max=65535,
        help="Порт (по умолчанию ASSISTANT_PORT, GRADIO_SERVER_PORT или 7860).",
    ),
]
APP_HELP = "Запустить рабочее место оператора (Gradio) на http://127.0.0.1:ПОРТ."


def load_app_module() -> ModuleType:
    """``app.py`` of the checkout, or the copy inside the installed package."""
    if "app" in sys.modules and hasattr(sys.modules["app"], "serve"):
        return sys.modules["app"]
    from assistant.config import data_folder

    path = data_folder("app.py")
    spec = importlib.util.spec_from_file_location("app", path)
    if spec is None or spec.loader is None or not path.is_file():
        raise typer.BadParameter(f"нет файла приложения {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["app"] = module
    spec.loader.exec_module(module)
    return module


@app.command("app", help=APP_HELP)
def app_command(port: PortOption = None) -> None:
    load_app_module().serve(port)


def standalone(serve: Callable[[int | None], None]) -> Typer:
    """The command line of ``python app.py``: the same options, calling ``serve``."""
    cli = Typer()

    @cli.command(help=APP_HELP)
    def run(port: PortOption = None) -> None:
        serve(port)

    return cli

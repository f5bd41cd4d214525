"""Test processes import gradio without regenerating its ``.pyi`` stubs.

Every ``import gradio`` rewrites the type stubs of its components: for each of some 80
component classes, ``gradio.component_meta.create_or_modify_pyi`` parses the class's source
file and its ``.pyi`` file and rewrites the stub if they differ. That is about 1.3 s of the
3.5 s of CPU the import takes, and nothing at run time reads the stubs (editors do). The
pytest workers and the prefork servers (``tests/support/prefork.py``) import gradio once
each and skip it; the programs the tests run as fresh interpreters (the installed package,
``TESTS_PREFORK=0``) still do it, as a user's ``python app.py`` does.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Sequence
from types import ModuleType

MODULE = "gradio.component_meta"
FUNCTION = "create_or_modify_pyi"


def _no_stubs(*args: object, **kwargs: object) -> None:
    """Stands in for ``create_or_modify_pyi``: writes no stub."""


class _Finder(importlib.abc.MetaPathFinder):
    """Finds :data:`MODULE` as usual and replaces :data:`FUNCTION` once the module ran."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != MODULE:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        run = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run(module)
            if hasattr(module, FUNCTION):  # a gradio without it is left as it is
                setattr(module, FUNCTION, _no_stubs)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def skip_stub_regeneration() -> None:
    """Make the next ``import gradio`` of this process skip the stubs (before it is imported)."""
    if MODULE not in sys.modules and not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())

"""Build hook: copy the repository's data folders into the wheel as ``assistant/_data/<name>``.

The folders stay where authors edit them (``style_rules/``, ``prompts/``, ``eval/`` at the top
of the repository); a wheel or sdist build copies them into the package, where
:func:`assistant.config.data_folder` finds them with :mod:`importlib.resources`. An editable
install copies nothing: a source checkout reads the top-level folders directly.
To ship one more folder, add its name to :data:`DATA_FOLDERS`. Everything else is in
``pyproject.toml``.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.egg_info import egg_info

#: Top-level data folders (and files) shipped inside the package, one line each.
DATA_FOLDERS: tuple[str, ...] = (
    "style_rules",
    "prompts",
    "eval",
    "knowledge",
    "app.py",  # the Gradio app, for `tone-assistant app` after `pip install`
)
#: Where they land inside the package.
PACKAGE_DATA_DIR = Path("assistant") / "_data"
_SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")
#: Intermediate files go to a temporary folder, removed when the build ends: a build
#: (``pip install .``, ``python -m build``) leaves no ``build/`` folder in the tree.
BUILD_BASE = Path(tempfile.gettempdir()) / f"tone-assistant-build-{os.getpid()}"
atexit.register(shutil.rmtree, BUILD_BASE, ignore_errors=True)


class BuildPyWithData(build_py):
    """``build_py`` that also copies :data:`DATA_FOLDERS` into the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # a checkout reads the top-level folders itself
            return
        target = Path(self.build_lib) / PACKAGE_DATA_DIR
        target.mkdir(parents=True, exist_ok=True)
        for name in DATA_FOLDERS:
            source = Path(name)
            if source.is_file():
                shutil.copy2(source, target / name)
            elif source.is_dir():
                shutil.rmtree(target / name, ignore_errors=True)
                shutil.copytree(source, target / name, ignore=_SKIP)
            else:
                raise SystemExit(f"data folder {name!r} is missing: cannot build the package")


class EggInfoWithData(egg_info):
    """``egg_info`` that lists :data:`DATA_FOLDERS` in the sdist (no MANIFEST.in needed)."""

    def find_sources(self) -> None:
        super().find_sources()
        for name in DATA_FOLDERS:
            if Path(name).is_file():
                self.filelist.append(name)
            else:
                self.filelist.graft(name)
        self.filelist.global_exclude("*.py[co]")


setup(
    cmdclass={"build_py": BuildPyWithData, "egg_info": EggInfoWithData},
    options={"build": {"build_base": str(BUILD_BASE)}},
)

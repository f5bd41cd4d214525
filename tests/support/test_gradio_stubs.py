"""The test processes' gradio skips only the stub regeneration, and gradio still works."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support import gradio_stubs

SUPPORT = Path(__file__).parent

PROBE = """
import json, sys
sys.path.insert(0, sys.argv[1])
import gradio_stubs
installed_on_import = sum(isinstance(f, gradio_stubs._Finder) for f in sys.meta_path)
gradio_stubs.skip_stub_regeneration()
import gradio as gr
from gradio import blocks_events, component_meta
with gr.Blocks() as demo:
    box = gr.Textbox(value="привет", elem_id="box")
print(json.dumps({
    "function": component_meta.create_or_modify_pyi.__name__,
    "events": blocks_events.create_or_modify_pyi.__name__,
    "value": box.value,
    "finders": sum(isinstance(f, gradio_stubs._Finder) for f in sys.meta_path),
    "installed_on_import": installed_on_import,
}))
"""


def _probe() -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(SUPPORT)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.splitlines()[-1])  # type: ignore[no-any-return]


def test_the_stub_writer_is_replaced_and_components_still_work() -> None:
    """In a fresh interpreter: importing the helper changes nothing; after the call, gradio
    imports with both references to the stub writer replaced, the finder gone, and works."""
    assert _probe() == {
        "function": "_no_stubs",
        "events": "_no_stubs",
        "value": "привет",
        "finders": 0,
        "installed_on_import": 0,
    }


def test_this_worker_imports_gradio_without_writing_stubs() -> None:
    from gradio import component_meta

    assert component_meta.create_or_modify_pyi is gradio_stubs._no_stubs


def test_once_gradio_is_imported_nothing_is_installed() -> None:
    import gradio  # noqa: F401

    before = list(sys.meta_path)
    gradio_stubs.skip_stub_regeneration()
    assert sys.meta_path == before

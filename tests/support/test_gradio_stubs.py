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
if sys.argv[2] == "skip":
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
}))
"""


def _probe(mode: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(SUPPORT), mode],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.splitlines()[-1])  # type: ignore[no-any-return]


def test_the_stub_writer_is_replaced_and_components_still_work() -> None:
    skipped, plain = _probe("skip"), _probe("plain")
    assert skipped == {
        "function": "_no_stubs",
        "events": "_no_stubs",
        "value": "привет",
        "finders": 0,
    }
    assert plain["function"] == plain["events"] == "create_or_modify_pyi"
    assert plain["value"] == "привет"


def test_this_worker_imports_gradio_without_writing_stubs() -> None:
    from gradio import component_meta

    assert component_meta.create_or_modify_pyi is gradio_stubs._no_stubs


def test_once_gradio_is_imported_nothing_is_installed() -> None:
    import gradio  # noqa: F401

    before = list(sys.meta_path)
    gradio_stubs.skip_stub_regeneration()
    assert sys.meta_path == before

"""The operator screen's library side.

Re-exported here (no gradio import): profile badges as HTML, spans for
``gr.HighlightedText``, the findings list and one-click suggestions. The modules that import
gradio are imported directly by ``app.py``: :mod:`assistant.ui.handlers` (event handlers),
:mod:`assistant.ui.api` (the plain API endpoints), :mod:`assistant.ui.gate` (access and
CORS); :mod:`assistant.ui.service` is the workspace they call.
"""

from assistant.ui.badges import banner_html, profile_badges_html
from assistant.ui.findings import (
    SuggestionChoice,
    apply_suggestion,
    findings_html,
    suggestion_choices,
)
from assistant.ui.highlight import Span, highlighted

__all__ = [
    "Span",
    "SuggestionChoice",
    "apply_suggestion",
    "banner_html",
    "findings_html",
    "highlighted",
    "profile_badges_html",
    "suggestion_choices",
]

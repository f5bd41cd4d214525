"""Pure presentation helpers for the operator screen (no gradio import here).

``app.py`` wires gradio components to these functions: profile badges as HTML, spans for
``gr.HighlightedText``, the findings list and one-click suggestions.
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

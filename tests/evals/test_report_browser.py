"""The HTML report opens offline in headless Chromium with every plot rendered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.config import PROJECT_ROOT, Settings
from assistant.evals.html import write_html
from assistant.evals.runner import EvalOptions, evaluate
from assistant.testing.llm_server import FakeLLMServer
from tests.support.browser import open_page

DATA = Path(__file__).parent / "data"


@pytest.mark.browser
def test_report_renders_offline(
    routed: FakeLLMServer, llm_settings: Settings, tmp_path: Path, browser: Any
) -> None:
    from playwright.sync_api import Route

    report = evaluate(
        EvalOptions(
            suites=("analyzer_small", "lint_small", "drafting_small"),
            suites_dir=DATA,
            run_dir=tmp_path / "run",
            settings=llm_settings,
        )
    )
    page_path = tmp_path / "report.html"
    write_html(report, page_path)
    artifacts = PROJECT_ROOT / "artifacts"
    artifacts.mkdir(exist_ok=True)
    with open_page(browser, 1400, 1000) as page:
        # offline: any request leaving the file would fail the test
        outside: list[str] = []

        def offline(route: Route) -> None:
            if route.request.url.startswith("file:"):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        page.route("**/*", offline)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page_path.as_uri())
        plots = page.locator("div.plotly-graph-div")
        n = plots.count()
        assert n >= 8  # bars, 4+ confusion matrices, lint bars, drafting bars, histogram
        page.wait_for_function(
            "n => document.querySelectorAll('div.plotly-graph-div .main-svg').length >= n",
            arg=n,
            timeout=20_000,
        )
        # each plot drew something: bars, heatmap cells or histogram bins
        drawn = page.evaluate(
            """() => [...document.querySelectorAll('div.plotly-graph-div')].map(
                d => d.querySelectorAll('.point, .hm image, .heatmaplayer image').length)"""
        )
        assert all(count > 0 for count in drawn), drawn
        assert page.locator("text=пороги выполнены").count() >= 1
        assert page.locator("#suite-drafting_small").count() == 1
        assert not errors and not outside
        page.screenshot(path=str(artifacts / "eval-report.png"), full_page=False)
    assert (artifacts / "eval-report.png").stat().st_size > 10_000

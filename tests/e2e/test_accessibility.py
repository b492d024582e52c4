"""Automated accessibility checks (axe-core from npm, WCAG 2.x A and AA rules) on main pages.

axe cannot judge everything (the wording of labels, sensible focus order), but it catches
missing labels, contrast failures, bad ARIA, empty links and heading or landmark mistakes.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _first_action(server: str) -> str:
    with urllib.request.urlopen(server + "/api/search?q=safeguarding", timeout=10) as response:
        return json.load(response)["hits"][0]["id"]


def test_main_pages_have_no_axe_violations(server, page):
    if not AXE.is_file():
        pytest.fail(f"{AXE} not found: run `npm ci` (`make setup` does)")
    source = AXE.read_text(encoding="utf-8")
    paths = ["/", "/search?q=safeguarding&theme=safeguarding", f"/actions/{_first_action(server)}",
             "/themes", "/plans", "/repeats", "/about", "/actions/missing"]
    problems = []
    for path in paths:
        page.goto(server + path)
        page.evaluate(source)  # through DevTools, so the page's CSP does not block it
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", RULES)
        for violation in result["violations"]:
            targets = [node["target"] for node in violation["nodes"][:3]]
            problems.append(f"{path}: {violation['id']} ({violation['impact']}): {targets}")
    assert problems == []

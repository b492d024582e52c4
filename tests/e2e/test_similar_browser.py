"""Browser test: from an action to a similar action of another provider (needs index.similar)."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import api

pytestmark = pytest.mark.e2e


def test_follow_a_similar_action(server, page, shoot):
    hit = api(server, "/api/search?q=domestic+abuse+police")["hits"][0]
    similar = api(server, f"/api/actions/{hit['id']}/similar")["similar"]
    assert similar, "the sample plans hold similar actions for this one"
    page.goto(f"{server}/actions/{hit['id']}")
    section = page.locator(".app-similar")
    target = section.locator(".app-action__title a").first
    href = target.get_attribute("href")
    assert href == f"/actions/{similar[0]['id']}"
    target.click()
    page.wait_for_url(server + href)
    assert similar[0]["provider"] in page.locator(".govuk-caption-l").inner_text()
    assert similar[0]["provider"] != hit["provider"]
    shoot(page, "similar-action")

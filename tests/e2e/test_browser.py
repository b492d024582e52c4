"""Browser tests: what an inspector does, in headless Chromium against the real server."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.helpers import api

pytestmark = pytest.mark.e2e


def result_count(page) -> int:
    heading = page.locator("#results-heading").inner_text()
    return int(re.match(r"(\d+) actions? found", heading).group(1))


def test_search_from_the_home_page(server, page, shoot):
    page.goto(server + "/")
    shoot(page, "home")
    assert page.locator("h1").inner_text() == "Search probation action plans"
    page.get_by_label("Search probation action plans").fill("domestic abuse")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/search\?q=domestic\+abuse$"))
    expected = api(server, "/api/search?q=domestic+abuse")["total"]
    assert result_count(page) == expected > 0
    assert page.locator(".app-result mark").count() > 0
    shoot(page, "search-results")
    assert page.console_errors == []  # no CSP violations or script errors
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: menu collapses
    assert page.get_by_role("button", name="Menu").is_visible()
    assert page.get_by_role("link", name=re.compile(r"^Skip to \d+ results$")).is_visible()
    shoot(page, "search-results-phone")


def test_filter_by_theme(server, page, shoot):
    page.goto(server + "/search?q=training")
    theme_facet = page.get_by_role("navigation", name="Theme")
    link = theme_facet.get_by_role("link", name=re.compile(r"^safeguarding \(\d+\)$"))
    facet_count = int(re.search(r"\((\d+)\)", link.inner_text()).group(1))
    link.click()
    page.wait_for_url(re.compile(r"theme=safeguarding"))
    assert parse_qs(urlsplit(page.url).query) == {"q": ["training"], "theme": ["safeguarding"]}
    assert result_count(page) == facet_count
    tags = page.locator(".app-result").evaluate_all(
        "items => items.map(i => [...i.querySelectorAll('.app-theme-tag')]"
        ".map(t => t.firstChild.textContent.trim()))")
    assert tags and all("safeguarding" in item for item in tags)
    shoot(page, "search-filtered")
    page.get_by_role("link", name=re.compile("Remove filter")).click()
    page.wait_for_url(re.compile(r"/search\?q=training$"))


def test_open_an_action(server, page, shoot):
    page.goto(server + "/search?q=unpaid+work")
    first = page.locator(".app-result__title a").first
    href = first.get_attribute("href")
    first.click()
    page.wait_for_url(server + href)
    record = api(server, "/api" + href)
    assert record["text"][:40] in page.locator(".app-action-text").inner_text()
    assert page.get_by_role("heading", name=re.compile("^Recommendation")).count() == 1
    shoot(page, "action")


def test_export_csv_of_the_current_results(server, page):
    page.goto(server + "/search?q=staff&theme=training")
    total = result_count(page)
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("^CSV")).click()
    download = info.value
    assert download.suggested_filename == "actions.csv"
    rows = list(csv.DictReader(io.StringIO(
        open(download.path(), encoding="utf-8-sig").read())))
    assert len(rows) == total > 0
    assert all("training" in row["themes"] for row in rows)


def test_search_and_filters_work_without_javascript(server, page_without_js):
    page = page_without_js
    page.goto(server + "/")
    page.get_by_label("Search probation action plans").fill("safeguarding")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"q=safeguarding"))
    page.get_by_role("navigation", name="Agreement").get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"agreement="))
    page.get_by_label("Sort by").select_option("target")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"sort=target"))
    assert result_count(page) > 0


def test_keyboard_reaches_skip_link_and_search_box(server, page):
    page.goto(server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#main-content$"), timeout=5000)
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_main_pages_render_without_errors(server, page, shoot):
    source = api(server, "/api/plans")["plans"][0]["source"]
    for name, path, heading in [
        ("themes", "/themes", "Themes overview"),
        ("plan", f"/plans/{source}", None),
        ("plans", "/plans", "Action plans"),
        ("repeats", "/repeats", "Repeated commitments"),
        ("about", "/about", "About the data"),
    ]:
        response = page.goto(server + path)
        assert response.status == 200, path
        if heading:
            assert page.locator("h1").inner_text() == heading
        headings = page.locator("h1, h2, h3, h4").evaluate_all(
            "hs => hs.map(h => Number(h.tagName[1]))")
        assert headings[0] == 1 and all(b - a <= 1 for a, b in zip(headings, headings[1:],
                                                                     strict=False)), path
        shoot(page, name)
    assert page.console_errors == []


def test_not_found_is_a_friendly_page(server, page):
    response = page.goto(server + "/actions/does-not-exist")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"

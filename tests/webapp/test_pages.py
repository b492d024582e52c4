"""The HTML pages over the fake index: content, URL state, exports, degradation, errors."""

from __future__ import annotations

import csv
import io
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

ATTACK = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def links(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]+)"', html)]


def test_home_holds_the_search_form_and_browse_links(client):
    html = page(client, "/")
    assert re.search(r'<form action="/search" method="get"', html)
    assert '<label class="govuk-label govuk-label--l" for="q">' in html
    assert "/search?theme=safeguarding" in links(html)
    assert "/plans/a.txt" in links(html)


def test_home_with_a_query_redirects_to_the_results(client):
    response = client.get("/?q=police")
    assert response.status_code == 302 and response.location.endswith("/search?q=police")
    assert client.get("/search").location.endswith("/")


def test_results_show_highlights_facts_and_theme_confidence(client):
    html = page(client, "/search?q=police")
    assert "2 actions found" in html
    assert "<mark>police</mark>" in html
    assert "Beta Community Rehabilitation Company" in html and "SPO, HOO" in html
    assert "December 2020" in html
    assert 'title="Confidence 95%"' in html and "(confidence 95%)" in html


def test_facet_links_keep_the_query_and_toggle_the_filter(client):
    html = page(client, "/search?q=abuse&sort=target")
    theme_link = next(h for h in links(html) if "theme=training" in h)
    assert parse_qs(urlsplit(theme_link).query) == {
        "q": ["abuse"], "theme": ["training"], "sort": ["target"]}
    filtered = page(client, theme_link)
    assert "1 action found" in filtered
    remove = unescape(re.search(r'class="govuk-link app-remove-filter" href="([^"]+)"',
                                filtered).group(1))
    assert parse_qs(urlsplit(remove).query) == {"q": ["abuse"], "sort": ["target"]}
    assert 'aria-current="true"' in filtered


def test_provider_facet_shows_short_names_and_filters_by_full_name(client):
    html = page(client, "/search?q=abuse")
    assert "/search?q=abuse&provider=Beta+Community+Rehabilitation+Company" in links(html)
    assert re.search(r">\s*Beta CRC <span class=\"app-count\">\(1\)</span>", html)


def test_filters_alone_browse_without_a_query(client, index):
    html = page(client, "/search?theme=estates")
    assert "1 action found" in html and "Refurbish" in html
    assert index.calls[-1]["q"] == "" and index.calls[-1]["filters"] == {"theme": "estates"}


def test_did_you_mean_and_query_message(client):
    html = page(client, "/search?q=premisses")
    assert "Did you mean" in html and "/search?q=premises" in links(html)
    assert "Unbalanced quote" in page(client, '/search?q="police')


def test_pagination_links_carry_the_whole_state(client):
    html = page(client, "/search?q=a&per_page=2&page=2&theme=safeguarding")
    hrefs = links(html)
    assert "/search?q=a&theme=safeguarding&per_page=2" in hrefs  # previous = page 1
    assert 'aria-current="page"' in html
    assert page(client, "/search?q=a&per_page=2&page=1&theme=safeguarding").count(
        'rel="next"') == 1


def test_a_page_past_the_end_redirects_to_the_last(client):
    response = client.get("/search?q=abuse&per_page=2&page=9")
    assert response.status_code == 302 and "page=2" in response.location


def test_sort_form_works_without_javascript(client):
    html = page(client, "/search?q=abuse&theme=safeguarding")
    form = html[html.index('class="app-sort-form"'):]
    form = form[:form.index("</form>")]
    assert '<input type="hidden" name="q" value="abuse">' in form
    assert '<input type="hidden" name="theme" value="safeguarding">' in form
    assert '<button type="submit"' in form


def test_csv_export_holds_the_whole_result_set(client, index):
    response = client.get("/search/export.csv?q=a&per_page=1")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    total = client.get("/api/search?q=a").get_json()["total"]
    assert len(rows) == total > 1
    assert rows[0]["provider_short"] and rows[0]["id"]


def test_csv_export_neutralises_spreadsheet_formulas(client, index):
    index._records[0].text = "=HYPERLINK(\"http://evil\") safeguarding"
    body = client.get("/search/export.csv?q=safeguarding").get_data(as_text=True)
    row = next(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert row["text"].startswith("'=HYPERLINK")


def test_json_export(client):
    body = client.get("/search/export.json?theme=safeguarding").get_json()
    assert body["filters"] == {"theme": "safeguarding"} and body["total"] == 3
    assert {a["id"] for a in body["actions"]} == {"pa-r1", "pa-r2", "pb-r4"}


def test_action_page_shows_context_evidence_similar_and_group(client):
    html = page(client, "/actions/pa-r2")
    assert "Complete police domestic abuse checks at allocation." in html
    assert "Improve the quality of risk assessment." in html
    assert "All 2 responses to this recommendation" in html
    assert "safeguarding-term" in html  # evidence
    assert "/actions/pb-r4" in links(html) and "shared terms: domestic abuse, police" in html
    assert "one of 3 that make the same commitment within one plan" in html


def test_action_page_degrades_without_optional_parts(bare_client):
    html = page(bare_client, "/actions/pa-r2")
    assert "Similar actions are not available in this installation." in html
    assert "not part of a group of repeated commitments" in html


def test_plan_page_groups_actions_and_counts_themes(client):
    html = page(client, "/plans/a.txt")
    assert "Alpha Probation Service" in html
    assert html.count('class="app-recommendation"') == 2
    assert "Repeated from the previous inspection" in html
    assert "/search?theme=safeguarding&provider=Alpha+Probation+Service" in links(html)
    assert "March 2020" in html and "December 2020" in html  # timeline rows
    assert "completed 1" in html  # undated, by status
    page(client, "/plans/nothing.txt", 404)


def test_repeats_page_filters_by_theme_and_provider(client, bare_client):
    assert "2 of 2 groups" in page(client, "/repeats")
    html = page(client, "/repeats?theme=estates")
    assert "1 of 2 groups" in html and "Refurbish" in html
    assert "1 of 2 groups" in page(client, "/repeats?provider=Beta+Community+Rehabilitation+"
                                           "Company")
    assert "not available" in page(bare_client, "/repeats")


def test_themes_matrix_links_to_filtered_searches(client):
    html = page(client, "/themes")
    assert "/search?theme=safeguarding&provider=Alpha+Probation+Service" in links(html)
    assert re.search(r"app-shade-5\">\s*<a[^>]*>2</a>", html)  # the largest cell is darkest
    assert "app-shade-0\">0</td>" in html


def test_about_page_counts_and_model_card(client):
    html = page(client, "/about")
    assert "Records</dt><dd class=\"govuk-summary-list__value\">5" in html
    assert "Acronyms in the search glossary" in html


def test_injection_in_the_query_is_rendered_inert(client):
    response = client.get("/search", query_string={"q": ATTACK, "theme": ATTACK})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_hostile_record_text_is_escaped_everywhere(client):
    for url in ("/search?q=referrals", "/actions/pb-r5", "/plans/b.txt"):
        html = page(client, url)
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;" in html


def test_errors_are_friendly_pages(client, index, monkeypatch):
    html = page(client, "/actions/missing", 404)
    assert "Page not found" in html and "Traceback" not in html
    too_long = page(client, "/search?q=" + "x" * 600, 400)
    assert "use 500 characters or fewer" in too_long

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(index, "search", broken)
    html = page(client, "/search?q=x", 500)
    assert "Sorry, there is a problem with the service" in html
    assert "secret internal detail" not in html and "Traceback" not in html


def test_pages_are_read_only_and_send_a_csp(client):
    assert client.post("/search?q=x").status_code == 405
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "<script>" not in response.get_data(as_text=True)  # no inline script (CSP)


def test_plan_page_shows_the_accounting_and_warns_about_unplaced_text():
    from tests.webapp.fakes import FakeIndex, make_record, sample_records
    from webapp import create_app
    from webapp.backend import Backend

    records = sample_records() + [make_record(6, kind="unplaced", text="Director July 2019",
                                              owners=[], target=None, target_month=None)]
    client = create_app({"BACKEND": Backend(FakeIndex(records), load_optional=False)}
                        ).test_client()
    html = page(client, "/plans/a.txt")
    assert "app-unplaced-warning" in html and "3 words of this plan" in html
    assert "not placed</strong> <a" in html and "Director July 2019" in html
    assert "100: 87 placed in records, 10 recognised as page furniture" in html
    clean = page(client, "/plans/b.txt")
    assert "app-accounting" in clean and "app-unplaced-warning" not in clean
    about = page(client, "/about")
    assert "200: 177 placed in records, 20 page furniture, 3 not placed (in 1 plans" in about
    assert "Unplaced text (kept for review)" in about
    assert "Text not placed" in page(client, f"/actions/{records[-1].id}")

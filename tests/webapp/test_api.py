"""The JSON API over the fake index: every endpoint, its error codes, and inert injections."""

from __future__ import annotations

import json

import pytest

HIT_KEYS = {"id", "text", "provider", "provider_short", "rec_number", "kind", "owners",
            "target", "target_month", "themes", "score", "highlight"}


def test_health_counts_actions(client, index):
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "actions": index.count()}


def test_search_returns_the_documented_shape(client):
    body = client.get("/api/search?q=domestic+abuse").get_json()
    assert set(body) >= {"query", "total", "page", "per_page", "hits", "facets", "suggestion"}
    assert body["query"] == "domestic abuse"
    assert body["total"] == 3
    assert {h["id"] for h in body["hits"]} == {"pa-r1", "pa-r2", "pb-r4"}
    assert all(set(h) == HIT_KEYS for h in body["hits"])
    assert "<mark>domestic</mark>" in body["hits"][0]["highlight"].lower()
    themes = {f["value"]: f["count"] for f in body["facets"]["theme"]}
    assert themes == {"safeguarding": 3, "training": 1}


def test_search_passes_filters_paging_and_sort_to_the_index(client, index):
    body = client.get(
        "/api/search?q=abuse&theme=safeguarding&provider=Alpha+Probation+Service"
        "&page=2&per_page=1&sort=target").get_json()
    assert index.calls[-1] == {
        "q": "abuse", "filters": {"provider": "Alpha Probation Service",
                                  "theme": "safeguarding"},
        "page": 2, "per_page": 1, "sort": "target"}
    assert body["total"] == 2 and body["page"] == 2 and len(body["hits"]) == 1


def test_search_reports_suggestion_and_query_message(client):
    assert client.get("/api/search?q=premisses").get_json()["suggestion"] == "premises"
    assert "Unbalanced" in client.get('/api/search?q="police').get_json()["message"]


@pytest.mark.parametrize("query, fragment", [
    ("page=0", "'page'"),
    ("page=abc", "'page'"),
    ("per_page=101", "'per_page'"),
    ("sort=random", "'sort'"),
    ("year=20x0", "'year'"),
    ("q=" + "a" * 501, "500 characters"),
])
def test_search_rejects_bad_parameters_with_json_400(client, query, fragment):
    response = client.get(f"/api/search?{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["status"] == 400 and fragment in body["message"]


def test_html_and_script_in_a_query_come_back_inert(client):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = client.get("/api/search", query_string={"q": attack})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    raw = response.get_data(as_text=True)
    assert "<script>" not in raw and "<img" not in raw  # JSON escapes < as \u003c
    assert response.get_json()["query"] == attack  # echoed as data, not markup


def test_highlights_keep_only_mark_tags(client):
    hits = client.get("/api/search?q=referrals").get_json()["hits"]
    assert len(hits) == 1
    highlight = hits[0]["highlight"]
    assert "&lt;script&gt;" in highlight and "<script>" not in highlight
    assert "<mark>referrals</mark>" in highlight


def test_action_returns_the_full_record(client):
    body = client.get("/api/actions/pa-r2").get_json()
    assert body["id"] == "pa-r2" and body["owners"] == ["SPO", "HOO"]
    assert body["theme_scores"] == {"safeguarding": 0.95}


def test_unknown_action_is_a_json_404(client):
    for url in ("/api/actions/nope", "/api/actions/nope/similar"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.get_json()["message"] == "no action with id 'nope'"


def test_similar_lists_other_providers_with_shared_terms(client):
    body = client.get("/api/actions/pa-r2/similar?limit=5").get_json()
    assert body == {"id": "pa-r2", "similar": [{
        "id": "pb-r4", "score": 0.81, "provider": "Beta Community Rehabilitation Company",
        "provider_short": "Beta CRC",
        "text": "Ensure domestic abuse enquiries to the police are completed.",
        "shared_terms": ["domestic abuse", "police"]}]}
    assert client.get("/api/actions/pa-r2/similar?limit=0").status_code == 400


def test_similar_and_repeats_say_503_when_not_installed(bare_client):
    for url in ("/api/actions/pa-r2/similar", "/api/repeats"):
        response = bare_client.get(url)
        assert response.status_code == 503
        assert "not available" in response.get_json()["message"]


def test_repeats_are_largest_first_and_filterable(client):
    groups = client.get("/api/repeats").get_json()["groups"]
    assert [g["size"] for g in groups] == [3, 2]
    assert groups[0]["kind"] == "within" and groups[0]["repeated_recommendation"] is True
    only_beta = client.get("/api/repeats?provider=Beta+CRC").get_json()["groups"]
    assert [g["ids"] for g in only_beta] == [["pa-r2", "pb-r4"]]
    estates = client.get("/api/repeats?theme=estates").get_json()["groups"]
    assert [len(g["ids"]) for g in estates] == [3]


def test_plans_list_recommendations(client):
    plans = client.get("/api/plans").get_json()["plans"]
    assert [p["source"] for p in plans] == ["a.txt", "b.txt"]
    assert plans[0]["n_actions"] == 3
    assert {r["number"] for r in plans[0]["recommendations"]} == {"1", "2"}


def test_themes_count_per_provider(client):
    themes = {t["name"]: t for t in client.get("/api/themes").get_json()["themes"]}
    assert themes["safeguarding"]["count"] == 3
    assert themes["safeguarding"]["by_provider"] == {
        "Alpha Probation Service": 2, "Beta Community Rehabilitation Company": 1}
    assert themes["training"]["definition"].startswith("Developing the knowledge")


def test_openapi_describes_every_api_route(client, app):
    doc = client.get("/api/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    routes = {str(rule).replace("<record_id>", "{id}") for rule in app.url_map.iter_rules()
              if str(rule).startswith("/api/")}
    assert routes == set(doc["paths"]) - {"/api/corrections"}  # that one: review mode only
    json.dumps(doc)  # serialisable


def test_unknown_route_and_write_methods_are_json_errors(client):
    assert client.get("/api/nothing").get_json()["status"] == 404
    response = client.post("/api/search?q=x")
    assert response.status_code == 405 and response.get_json()["status"] == 405


def test_an_index_failure_is_a_json_500_without_a_traceback(client, index, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(index, "search", broken)
    response = client.get("/api/search?q=x")
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert "secret internal detail" not in text and "Traceback" not in text
    assert response.get_json()["status"] == 500


def test_every_response_carries_the_security_headers(client):
    response = client.get("/api/health")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("url", [
    "/api/search?q=risk&per_page=5", "/api/search?q=%3Cb%3E&theme=training&sort=target",
    "/api/search", "/api/search?q=x&page=abc", "/api/search?q=x&per_page=0",
    # the query string as werkzeug reads it: first of a repeated name, "+", bad UTF-8, blanks
    "/api/search?q=risk+management&q=second&per_page=3&per_page=abc",
    "/api/search?q=%FF%FEcaf%C3%A9&theme=&provider", "/api/search?q=%3Cmark%3E%26&=x&&sort=",
])
def test_the_lean_search_path_answers_as_the_flask_view(app, url):
    """``JsonSearchPath`` answers a good search itself and hands the rest to Flask: either
    way the status, headers and body are those of the Flask view."""
    lean_path = app.wsgi_app
    flask_alone = lean_path.wsgi_app
    calls = []
    lean_path.wsgi_app = lambda *args: calls.append(1) or flask_alone(*args)
    lean = app.test_client().get(url)
    assert bool(calls) == (lean.status_code != 200)  # only errors went through Flask
    app.wsgi_app = flask_alone
    flask = app.test_client().get(url)
    assert lean.status == flask.status
    assert lean.get_data() == flask.get_data()
    assert sorted(lean.headers.items()) == sorted(flask.headers.items())


def test_hits_keep_their_key_order(client):
    """The API's byte layout: a hit's keys in ``HIT_FIELDS`` order, then score, highlight."""
    from webapp.serialize import HIT_FIELDS

    hits = json.loads(client.get("/api/search?q=domestic").get_data())["hits"]
    assert hits and all(list(h) == [*HIT_FIELDS, "score", "highlight"] for h in hits)

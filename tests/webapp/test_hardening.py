"""Hardening: parameters, the error path itself, API redirects and export escaping."""

from __future__ import annotations

import pytest

from tests.webapp.fakes import FakeIndex
from webapp import create_app
from webapp.backend import Backend

BAD_NUMBERS = ["²", "①", "١", "٣", "0", "-1", "1.5", "1e3", " 2 x", "9" * 5000, "0x10", "\u00a0"]


@pytest.mark.parametrize("value", BAD_NUMBERS)
@pytest.mark.parametrize("name", ["page", "per_page"])
def test_numeric_search_parameters_are_ascii_digits_or_400(client, name, value):
    response = client.get("/api/search", query_string={"q": "a", name: value})
    if value.strip() == "":  # blank means the default
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert response.get_json()["message"].startswith(f"'{name}' must be")
    page = client.get("/search", query_string={"q": "a", name: value})
    assert page.status_code == 400 and f"{name}" in page.get_data(as_text=True)


@pytest.mark.parametrize("value", BAD_NUMBERS[:4] + ["9" * 5000])
def test_similar_limit_is_ascii_digits_or_400(client, value):
    response = client.get("/api/actions/pa-r1/similar", query_string={"limit": value})
    assert response.status_code == 400
    assert response.get_json()["message"].startswith("'limit' must be")


def test_leading_zeros_are_still_a_number(client):
    assert client.get("/api/search?q=a&page=0001").get_json()["page"] == 1


def test_year_is_four_ascii_digits(client):
    assert client.get("/api/search?year=２０２０").status_code == 400
    assert client.get("/api/search?year=2020").status_code == 200


@pytest.fixture
def raising_app():
    """The real app with two routes that raise on purpose, as a bug would."""
    app = create_app({"BACKEND": Backend(FakeIndex(), load_optional=False)})

    def boom():
        raise RuntimeError("a bug")

    app.add_url_rule("/boom", "boom", boom)
    app.add_url_rule("/api/boom", "api_boom", boom)
    return app


def test_the_html_500_page_is_the_apps_own(raising_app):
    response = raising_app.test_client().get("/boom")
    body = response.get_data(as_text=True)
    assert response.status_code == 500 and response.mimetype == "text/html"
    assert "<title>Internal Server Error" in body
    assert "Sorry, there is a problem with the service" in body
    assert "property object" not in body and "a bug" not in body and "Traceback" not in body
    assert "Content-Security-Policy" in response.headers


def test_the_json_500_body_is_the_apps_own(raising_app):
    response = raising_app.test_client().get("/api/boom")
    assert response.status_code == 500 and response.is_json
    assert response.get_json() == {
        "status": 500, "error": "Internal Server Error",
        "message": "Something went wrong on our side. Please try again later."}


def test_an_error_page_that_cannot_render_falls_back_to_plain_html(raising_app, monkeypatch):
    import webapp

    def broken(*args, **kwargs):
        raise RuntimeError("template broken")

    monkeypatch.setattr(webapp, "render_template", broken)
    response = raising_app.test_client().get("/boom")
    body = response.get_data(as_text=True)
    assert response.status_code == 500 and "<h1>Internal Server Error</h1>" in body
    assert "template broken" not in body


@pytest.mark.parametrize("path", ["/api/actions/%2F%2F", "/api/actions//", "/api//search",
                                  "/api/actions/%2F%2F/similar", "/api//"])
def test_no_redirect_with_an_html_body_under_api(client, path):
    response = client.get(path)
    assert response.is_json, (path, response.status_code, response.get_data(as_text=True))
    assert "<" not in response.get_data(as_text=True)
    assert not 300 <= response.status_code < 400 or response.get_json()["status"] >= 300


def test_json_export_is_escaped_like_the_api(client):
    response = client.get("/search/export.json?q=ETE")
    raw = response.get_data(as_text=True)
    assert "<script>" not in raw and "\\u003cscript\\u003e" in raw
    assert any("<script>" in a["text"] for a in response.get_json()["actions"])  # same data
    api = client.get("/api/search?q=ETE").get_data(as_text=True)
    assert "<script>" not in api and "\\u003cscript\\u003e" in api

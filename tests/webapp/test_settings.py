"""Web settings come from one place: app.config defaults, ACTIONPLANS_* variables, config."""

from __future__ import annotations

from tests.webapp.fakes import FakeIndex
from webapp import DEFAULTS, create_app
from webapp.backend import Backend


def _app(config=None):
    return create_app({"BACKEND": Backend(FakeIndex(), load_optional=False), **(config or {})})


def test_defaults_then_environment_then_config(monkeypatch):
    assert _app().config["EXPORT_LIMIT"] == DEFAULTS["EXPORT_LIMIT"]
    monkeypatch.setenv("ACTIONPLANS_EXPORT_LIMIT", "7")
    monkeypatch.setenv("ACTIONPLANS_SERVICE_NAME", "Plans (test)")
    app = _app()
    assert app.config["EXPORT_LIMIT"] == 7  # read as JSON: a number
    assert app.config["SERVICE_NAME"] == "Plans (test)"
    assert _app({"EXPORT_LIMIT": 3}).config["EXPORT_LIMIT"] == 3


def test_a_limit_from_the_environment_is_applied(monkeypatch):
    monkeypatch.setenv("ACTIONPLANS_MAX_QUERY_CHARS", "10")
    response = _app().test_client().get("/api/search?q=" + "a" * 11)
    assert response.status_code == 400
    assert "10 characters or fewer" in response.get_json()["message"]


def test_debug_cannot_be_switched_on_from_the_environment(monkeypatch):
    monkeypatch.setenv("ACTIONPLANS_DEBUG", "true")
    monkeypatch.setenv("ACTIONPLANS_PROPAGATE_EXCEPTIONS", "true")
    app = _app()
    assert app.config["DEBUG"] is False and app.config["PROPAGATE_EXCEPTIONS"] is False

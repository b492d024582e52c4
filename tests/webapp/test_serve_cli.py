"""`actionplans serve`: waitress on the given address, the default index built on first run."""

from __future__ import annotations

import waitress

import webapp
from actionplans import cli, pipeline


def test_serve_builds_the_default_index_and_runs_waitress(tmp_path, monkeypatch, capsys):
    built, served = [], {}
    monkeypatch.setenv("ACTIONPLANS_DATA", str(tmp_path))
    monkeypatch.setattr(pipeline, "ensure_index", lambda data_dir: built.append(data_dir))
    monkeypatch.setattr(webapp, "create_app", lambda config: ("app", config))
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: served.update(app=app, **kw))
    assert cli.main(["serve", "--port", "8123"]) == 0
    assert built == [tmp_path]
    app, config = served["app"]
    assert app == "app" and config["INDEX_DIR"] == tmp_path and "REVIEW" not in config
    assert callable(config["REVIEW_REINDEX"]) and callable(config["REVIEW_RETRAIN"])
    assert (served["host"], served["port"]) == ("127.0.0.1", 8123)
    assert "http://127.0.0.1:8123/" in capsys.readouterr().err
    assert cli.main(["serve", "--port", "8123", "--review"]) == 0
    assert served["app"][1]["REVIEW"] is True


def test_serve_with_a_missing_index_is_a_one_line_error(tmp_path, capsys):
    assert cli.main(["serve", "--index", str(tmp_path / "none")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "no index here" in err and "\n" not in err


def test_serve_reports_a_busy_port(tmp_path, monkeypatch, capsys):
    def busy(app, **kw):
        raise OSError(98, "Address already in use")

    monkeypatch.setattr(pipeline, "ensure_index", lambda data_dir: None)
    monkeypatch.setattr(webapp, "create_app", lambda config: "app")
    monkeypatch.setattr(waitress, "serve", busy)
    assert cli.main(["serve", "--index", str(tmp_path), "--port", "80"]) == 1
    assert "cannot listen on 127.0.0.1:80 (Address already in use)" in capsys.readouterr().err

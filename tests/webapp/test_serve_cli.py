"""`actionplans serve`: granian (or waitress) on the given address, the default index built on
first run."""

from __future__ import annotations

import waitress

import webapp
from actionplans import cli, pipeline, serving
from index import layout


def test_serve_builds_the_default_index_and_runs_granian(tmp_path, monkeypatch, capsys):
    built, served = [], {}
    monkeypatch.setenv("ACTIONPLANS_DATA", str(tmp_path))
    monkeypatch.setattr(pipeline, "ensure_index", lambda data_dir: built.append(data_dir))
    monkeypatch.setattr(layout, "resolve_generation", lambda data_dir: data_dir)
    monkeypatch.setattr(webapp, "create_app", lambda config: ("app", config))

    def granian(make_app, host, port, workers, threads):
        served.update(app=make_app(), host=host, port=port, workers=workers, threads=threads)
        return 0

    monkeypatch.setattr(serving, "serve_granian", granian)
    assert cli.main(["serve", "--port", "8123", "--workers", "2"]) == 0
    assert built == [tmp_path]
    app, config = served["app"]
    assert app == "app" and config["INDEX_DIR"] == tmp_path and "REVIEW" not in config
    assert (served["host"], served["port"], served["workers"], served["threads"]) == (
        "127.0.0.1", 8123, 2, 1)
    assert "http://127.0.0.1:8123/, 2 worker processes" in capsys.readouterr().err


def test_serve_with_waitress_and_review_mode_run_waitress(tmp_path, monkeypatch, capsys):
    built, served = [], {}
    monkeypatch.setenv("ACTIONPLANS_DATA", str(tmp_path))
    monkeypatch.setattr(pipeline, "ensure_index", lambda data_dir: built.append(data_dir))
    monkeypatch.setattr(webapp, "create_app", lambda config: ("app", config))
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: served.update(app=app, **kw))
    monkeypatch.setattr(serving, "serve_granian", lambda *a: 1 / 0)
    assert cli.main(["serve", "--port", "8123", "--server", "waitress"]) == 0
    assert built == [tmp_path]
    app, config = served["app"]
    assert app == "app" and config["INDEX_DIR"] == tmp_path and "REVIEW" not in config
    assert callable(config["REVIEW_REINDEX"]) and callable(config["REVIEW_RETRAIN"])
    assert (served["host"], served["port"]) == ("127.0.0.1", 8123)
    assert served["threads"] == 8
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
    assert cli.main(["serve", "--index", str(tmp_path), "--port", "80", "--server",
                     "waitress"]) == 1
    assert "cannot listen on 127.0.0.1:80 (Address already in use)" in capsys.readouterr().err


def test_granian_serve_reports_a_port_in_use(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(layout, "resolve_generation", lambda data_dir: data_dir)
    monkeypatch.setattr(serving, "serve_granian", lambda *a: 1 / 0)  # never reached
    with serving.listening_socket("127.0.0.1", 0) as taken:
        port = taken.getsockname()[1]
        assert cli.main(["serve", "--index", str(tmp_path), "--port", str(port)]) == 1
    assert f"cannot listen on 127.0.0.1:{port} (Address already in use)" in (
        capsys.readouterr().err)

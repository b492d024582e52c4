"""Review mode over a real (small) data directory: who may write, how, and what it changes."""

from __future__ import annotations

import re
import time

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from actionplans.retrain import reindex, retrain
from index.build import build_index
from review.store import ReviewStore
from tests.index.sample_records import plans, west_yorkshire
from webapp import create_app
from webapp.openapi import openapi_document

PASSWORD = "a long enough secret"
TARGET = west_yorkshire().records[1]  # no themes, owner "Estates Manager"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("review-data")
    build_index(plans(), data_dir)
    return data_dir


@pytest.fixture
def data_dir(built, tmp_path):
    """A fresh copy per test (corrections change it)."""
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(built, copy, symlinks=True)
    ReviewStore(copy).add_reviewer("ann", PASSWORD)
    return copy


def app_for(data_dir, **config):
    return create_app({"INDEX_DIR": data_dir, "WARM_UP": False, "REVIEW": True,
                       "REVIEW_FAST_RETRAIN": True, "REVIEW_REINDEX": reindex,
                       "REVIEW_RETRAIN": retrain, **config})


def token(response) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)


def sign_in(client, password=PASSWORD):
    page = client.get("/review/sign-in")
    return client.post("/review/sign-in", data={"name": "ann", "password": password,
                                                "csrf_token": token(page)})


def wait_for_jobs(app, seconds=60):
    jobs = app.extensions["review"]["jobs"]
    deadline = time.monotonic() + seconds
    while jobs.busy() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not jobs.busy()


def write_routes(app):
    """Every (url, method) that is not a plain read, with sample arguments filled in."""
    out = []
    for rule in app.url_map.iter_rules():
        for method in rule.methods - {"GET", "HEAD", "OPTIONS"}:
            url = rule.rule.replace("<record_id>", TARGET.id).replace("<job_id>", "x")
            out.append((url, method))
    return out


def test_read_only_server_has_no_write_route(data_dir, monkeypatch):
    monkeypatch.delenv("ACTIONPLANS_REVIEW", raising=False)
    routes = write_routes(app_for(data_dir))
    assert len(routes) >= 10 and ("/review/sign-in", "POST") in routes
    read_only = create_app({"INDEX_DIR": data_dir, "WARM_UP": False}).test_client()
    for url, method in routes:
        assert read_only.open(url, method=method).status_code in (404, 405), url
    assert write_routes(read_only.application) == []
    for url in ("/review/", "/review/sign-in", "/api/corrections"):
        assert read_only.get(url).status_code == 404


def test_signed_out_and_csrf_less_posts_are_refused(data_dir):
    app = app_for(data_dir)
    client = app.test_client()
    page = client.get("/review/sign-in")
    for url, method in write_routes(app):
        if url != "/review/sign-in":
            assert client.open(url, method=method, data={"csrf_token": token(page)}
                               ).status_code == 403, url
    assert client.post("/review/sign-in", data={"name": "ann", "password": PASSWORD}
                       ).status_code == 400  # no token
    assert sign_in(client).status_code == 302
    for url, method in write_routes(app):
        response = client.open(url, method=method, data={"theme": "ETE"})
        assert response.status_code == 400, url
        response = client.open(url, method=method, data={"csrf_token": "forged", "theme": "ETE"})
        assert response.status_code == 400, url
    assert ReviewStore(data_dir).corrections() == []


def test_wrong_password_is_refused_and_logged(data_dir):
    client = app_for(data_dir).test_client()
    assert sign_in(client, "wrong password!").status_code == 401
    assert client.get("/review/").status_code == 302
    assert ReviewStore(data_dir).events()[0]["event"] == "sign-in refused"


def test_sessions_expire_and_end_when_the_account_is_revoked(data_dir, monkeypatch):
    client = app_for(data_dir, REVIEW_SESSION_MINUTES=30).test_client()
    sign_in(client)
    assert client.get("/review/").status_code == 200
    later = time.time() + 31 * 60
    monkeypatch.setattr("webapp.review.time.time", lambda: later)
    assert client.get("/review/").status_code == 302
    monkeypatch.undo()
    sign_in(client)
    ReviewStore(data_dir).revoke_reviewer("ann")
    assert client.get("/review/").status_code == 302
    assert sign_in(client).status_code == 401


def test_theme_correction_changes_search_and_shows_history(data_dir):
    app = app_for(data_dir)
    client = app.test_client()
    sign_in(client)
    page = client.get(f"/actions/{TARGET.id}")
    assert "Review this record" in page.text and "No corrections yet" in page.text
    response = client.post(f"/review/actions/{TARGET.id}/themes",
                           data={"csrf_token": token(page), "theme": ["estates"],
                                 "note": "premises security"})
    assert response.status_code == 302
    wait_for_jobs(app)
    app.extensions["actionplans"]._checked_at = 0  # let the backend see the new generation
    found = client.get("/api/search?q=theme:estates").json
    assert TARGET.id in [h["id"] for h in found["hits"]]
    page = client.get(f"/actions/{TARGET.id}")
    assert "Corrected by a reviewer" in page.text
    assert re.search(r"themes: \[\] → \[\"estates\"\].*premises security.*applied",
                     page.text, re.S)
    exported = client.get("/api/corrections").json
    assert exported["count"] == 1 and exported["corrections"][0]["reviewer"] == "ann"
    schema = {"$ref": "urn:api#/components/schemas/Corrections"}
    registry = Registry().with_resource("urn:api", Resource.from_contents(
        openapi_document(), default_specification=DRAFT202012))
    assert list(Draft202012Validator(schema, registry=registry).iter_errors(exported)) == []
    assert app.test_client().get("/api/corrections").status_code == 401
    routes = {str(r).replace("<record_id>", "{id}") for r in app.url_map.iter_rules()
              if str(r).startswith("/api/")}
    assert routes == set(openapi_document()["paths"])
    # Read-only visitors see the effect and the mark, not the history or the forms.
    reader = create_app({"INDEX_DIR": data_dir, "WARM_UP": False}).test_client()
    page = reader.get(f"/actions/{TARGET.id}")
    assert "Corrected by a reviewer" in page.text and "Review this record" not in page.text


def test_queue_screen_accept_and_skip(data_dir):
    client = app_for(data_dir).test_client()
    sign_in(client)
    page = client.get("/review/")
    left = int(re.search(r"(\d+) items? left", page.text).group(1))
    first = re.search(r"/review/actions/([^/]+)/accept", page.text).group(1)
    client.post("/review/skip", data={"csrf_token": token(page), "record": first})
    page = client.get("/review/")
    assert re.search(r"/review/actions/([^/]+)/accept", page.text).group(1) != first
    client.post(f"/review/actions/{first}/accept", data={"csrf_token": token(page),
                                                         "from": "queue"})
    page = client.get("/review/")
    assert f"{left - 1} item" in page.text
    [accepted] = ReviewStore(data_dir).corrections()
    assert (accepted.record_id, accepted.field) == (first, "accept")


def test_review_pages_keep_the_strict_policy(data_dir):
    client = app_for(data_dir).test_client()
    sign_in(client)
    for url in ("/review/", f"/actions/{TARGET.id}"):
        response = client.get(url)
        assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
        assert not re.search(r"<script(?![^>]*\bsrc=)|\sstyle=|\son\w+=", response.text), url


def with_unplaced():
    """The sample plans plus a record of unplaced text (the parser's ``unplaced`` kind)."""
    import dataclasses

    wy, *others = plans()
    stray = dataclasses.replace(wy.records[0], id="wy-u1", kind="unplaced", text="and report "
                                "progress to the board monthly.", themes=[], theme_scores={},
                                position=len(wy.records))
    wy.records.append(stray)
    return [wy, *others], stray


def test_unplaced_text_heads_the_queue_and_moves_into_a_record(tmp_path):
    all_plans, stray = with_unplaced()
    build_index(all_plans, tmp_path)
    ReviewStore(tmp_path).add_reviewer("ann", PASSWORD)
    app = app_for(tmp_path)
    client = app.test_client()
    sign_in(client)
    page = client.get("/review/")
    assert "Unplaced: 7 unplaced words" in page.text and stray.text in page.text
    into = west_yorkshire().records[2]
    page = client.get(f"/actions/{stray.id}")
    assert f'<option value="{into.id}">' in page.text
    client.post(f"/review/actions/{stray.id}/move", data={"csrf_token": token(page),
                                                        "into": into.id})
    wait_for_jobs(app)
    app.extensions["actionplans"]._checked_at = 0
    assert client.get(f"/api/actions/{stray.id}").status_code == 404
    assert client.get(f"/api/actions/{into.id}").json["text"] == f"{into.text} {stray.text}"
    assert "Unplaced: " not in client.get("/review/").text


def test_split_then_merge_back_from_the_action_page(data_dir):
    app = app_for(data_dir)
    client = app.test_client()
    sign_in(client)
    target = plans()[1].records[0]  # durham: one sentence; give it a second by merging
    page = client.get(f"/actions/{target.id}")
    following = plans()[1].records[1]
    client.post(f"/review/actions/{target.id}/merge", data={"csrf_token": token(page),
                                                            "other": following.id})
    wait_for_jobs(app)
    app.extensions["actionplans"]._checked_at = 0
    merged = client.get(f"/api/actions/{target.id}").json["text"]
    assert merged == f"{target.text} {following.text}"
    assert client.get(f"/api/actions/{following.id}").status_code == 404
    page = client.get(f"/actions/{target.id}")
    assert 'name="at" type="radio" value="1"' in page.text
    client.post(f"/review/actions/{target.id}/split", data={"csrf_token": token(page), "at": "1"})
    wait_for_jobs(app)
    app.extensions["actionplans"]._checked_at = 0
    assert client.get(f"/api/actions/{target.id}").json["text"] == target.text
    ids = [h["id"] for h in client.get("/api/search?q=SPOC+review+DA+cases").json["hits"]]
    assert any(i.startswith(target.id + "-s") for i in ids)
    assert client.post(f"/review/actions/{target.id}/split",
                       data={"csrf_token": token(page), "at": "9"}).status_code == 400

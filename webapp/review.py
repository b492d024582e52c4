"""Review mode: reviewers sign in, correct records, work through the queue and retrain.

Registered only when the app is started in review mode (``serve --review``, config ``REVIEW``
or ``ACTIONPLANS_REVIEW=1``): without it none of these routes exists, so a read-only server
answers 404 or 405 to every write. Every write is a POST carrying the session's CSRF token and
made by a signed-in, still active reviewer; sessions expire. Corrections are appended to the
data directory's ``review.sqlite`` and the index is rebuilt in the background (corrections are
replayed on every build), so search and facets show them a few seconds later.

The read-only side (the "corrected" mark) is the context processor :func:`review_state`,
registered in every mode.
"""

from __future__ import annotations

import hmac
import os
import re
import secrets
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from webapp import integrations
from webapp.context import backend
from webapp.review_jobs import Jobs

review = Blueprint("review", __name__)
review_api = Blueprint("review_api", __name__)

SESSION_MINUTES = 8 * 60
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=\S)")
EDITABLE = ("kind", "owners", "target", "rec_number")
MAX_FIELD_CHARS = 2000


# --- set-up --------------------------------------------------------------------------------

def review_enabled(config: dict[str, Any]) -> bool:
    """Review mode from the app's config, or the ``ACTIONPLANS_REVIEW`` environment variable."""
    value = config.get("REVIEW", os.environ.get("ACTIONPLANS_REVIEW", ""))
    return str(value).lower() in ("1", "true", "yes", "on")


def register(app: Flask, data_dir: Path | None) -> None:
    """Add the "corrected" mark everywhere and, in review mode, the review routes."""
    app.context_processor(lambda: {"review_state": review_state,
                                   "csrf_token": csrf_token})
    if not review_enabled(app.config):
        return
    if data_dir is None:
        raise ValueError("review mode needs a data directory (INDEX_DIR)")
    store = integrations.ReviewStore(data_dir)
    app.config["REVIEW"] = True
    app.secret_key = app.config.get("SECRET_KEY") or store.secret_key()
    minutes = int(app.config.get("REVIEW_SESSION_MINUTES", SESSION_MINUTES))
    app.config.update(PERMANENT_SESSION_LIFETIME=timedelta(minutes=minutes),
                      SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Strict",
                      SESSION_COOKIE_NAME="actionplans_review")
    app.extensions["review"] = {"store": store, "data_dir": Path(data_dir),
                                "jobs": Jobs(), "minutes": minutes,
                                "reindex": app.config.get("REVIEW_REINDEX"),
                                "retrain": app.config.get("REVIEW_RETRAIN")}
    app.register_blueprint(review, url_prefix="/review")
    app.register_blueprint(review_api, url_prefix="/api")


def _ext() -> dict[str, Any]:
    return current_app.extensions["review"]


# --- sessions and CSRF ---------------------------------------------------------------------

def csrf_token() -> str:
    """This session's CSRF token (made on first use); every form posts it back."""
    if not current_app.config.get("REVIEW"):
        return ""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def signed_in() -> str | None:
    """The signed-in reviewer, or ``None`` (also once the session expired or was revoked)."""
    name = session.get("reviewer")
    if not name:
        return None
    if time.time() - float(session.get("since", 0)) > _ext()["minutes"] * 60:
        session.clear()
        return None
    if not _ext()["store"].is_active(name):
        session.clear()
        return None
    return name


@review.before_request
def guard():
    """POSTs need the CSRF token; everything but the sign-in page needs a reviewer."""
    if request.method == "POST":
        sent = request.form.get("csrf_token", "")
        expected = session.get("csrf", "")
        if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
            abort(400, description="The form has expired or did not come from this service. "
                                   "Go back, reload the page and try again.")
    if request.endpoint != "review.sign_in" and signed_in() is None:
        if request.method == "POST":
            abort(403, description="Sign in as a reviewer to make changes.")
        return redirect(url_for("review.sign_in", next=request.path))
    return None


@review_api.before_request
def api_guard():
    if signed_in() is None:
        abort(401, description="sign in as a reviewer (/review/sign-in) to read corrections")


@review.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    error = None
    target = request.values.get("next", "")
    if not target.startswith("/review") or target.startswith("//"):
        target = url_for("review.queue")
    if request.method == "POST":
        name = request.form.get("name", "")[:64]
        store = _ext()["store"]
        if store.check_password(name, request.form.get("password", "")[:1000]):
            session.clear()
            session.permanent = True
            session.update(reviewer=name, since=time.time(), csrf=secrets.token_urlsafe(32))
            store.log(name, "signed in", request.remote_addr or "")
            return redirect(target)
        store.log(name or "-", "sign-in refused", request.remote_addr or "")
        error = "The name or password is not right."
    return render_template("review/sign_in.html", error=error, next=target), \
        (401 if error else 200)


@review.post("/sign-out")
def sign_out():
    _ext()["store"].log(session.get("reviewer", "-"), "signed out")
    session.clear()
    return redirect(url_for("pages.home"))


# --- the read-only side ----------------------------------------------------------------------

def _report() -> dict[str, Any]:
    """The live generation's corrections report, read once per generation."""
    index = backend().index
    generation = getattr(index, "generation", None)
    if generation is None:
        return {"corrections": [], "corrected_ids": []}
    cache = current_app.extensions.setdefault("review_reports", {})
    if generation not in cache:
        cache.clear()
        cache[generation] = integrations.corrections_report(generation)
    return cache[generation]


def review_state(record: Any) -> dict[str, Any]:
    """What templates show about a record's corrections (the mark; the history in review)."""
    corrected = record.id in set(_report().get("corrected_ids", []))
    state: dict[str, Any] = {"corrected": corrected, "enabled": False}
    if current_app.config.get("REVIEW") and signed_in():
        history = integrations.corrections_with_status(_ext()["store"], _report(), record.id)
        state.update(enabled=True, history=history, sentences=sentences(record.text),
                     themes=_theme_names(), next_record=_next_record(record),
                     targets=_move_targets(record))
    return state


def sentences(text: str) -> list[str]:
    """The record's sentences, where a reviewer may split it."""
    return [s for s in SENTENCE_END.split(text) if s.strip()]


def _theme_names() -> list[str]:
    return [t.name for t in backend().theme_summaries()]


def _next_record(record: Any) -> Any | None:
    records = backend().records(record.source)
    at = next((i for i, r in enumerate(records) if r.id == record.id), None)
    return records[at + 1] if at is not None and at + 1 < len(records) else None


def _move_targets(record: Any) -> list[Any]:
    """For unplaced text: the plan's records it could be moved into, its own
    recommendation's first."""
    if record.kind != "unplaced":
        return []
    others = [r for r in backend().records(record.source)
              if r.id != record.id and r.kind != "unplaced"]
    return sorted(others, key=lambda r: r.rec_number != record.rec_number)


# --- corrections -----------------------------------------------------------------------------

def _record_or_404(record_id: str) -> Any:
    record = backend().get(record_id)
    if record is None:
        abort(404, description="There is no action with this reference.")
    return record


def _add(record: Any, field: str, old: Any, new: Any) -> None:
    store = _ext()["store"]
    note = request.form.get("note", "").strip()[:MAX_FIELD_CHARS]
    try:
        correction = store.add(record_id=record.id, source=record.source, field=field,
                               old_value=old, new_value=new, anchor=record.text,
                               reviewer=session["reviewer"], note=note)
    except integrations.ReviewError as exc:
        abort(400, description=str(exc))
    store.log(session["reviewer"], "correction", f"#{correction.id} {record.id} {field}")
    _schedule_reindex()


def _schedule_reindex() -> None:
    """Rebuild the index in the background so search and facets show the correction."""
    data_dir, reindex = _ext()["data_dir"], _ext()["reindex"]
    if reindex is None:  # an app made without the CLI's rebuild: the next build applies it
        return
    _ext()["jobs"].submit("re-index", lambda progress: reindex(data_dir), coalesce=True)


def _back(record: Any):
    """Back where the form was posted from: the queue, or the record's page."""
    if request.form.get("from") == "queue":
        return redirect(url_for("review.queue"))
    return redirect(url_for("pages.action", record_id=record.id) + "#review")


@review.post("/actions/<record_id>/themes")
def correct_themes(record_id: str):
    record = _record_or_404(record_id)
    known = set(_theme_names())
    chosen = [t for t in request.form.getlist("theme") if t in known]
    if sorted(chosen) == sorted(record.themes):
        _add(record, "accept", list(record.themes), list(record.themes))
        flash("Themes confirmed.")
    else:
        _add(record, "themes", list(record.themes), chosen)
        flash("Themes corrected. Search will show the change in a few seconds.")
    return _back(record)


@review.post("/actions/<record_id>/accept")
def accept(record_id: str):
    record = _record_or_404(record_id)
    _add(record, "accept", list(record.themes), list(record.themes))
    flash("Accepted as it is.")
    return _back(record)


@review.post("/actions/<record_id>/field")
def correct_field(record_id: str):
    record = _record_or_404(record_id)
    name = request.form.get("field", "")
    if name not in EDITABLE:
        abort(400, description=f"field must be one of {', '.join(EDITABLE)}")
    raw = request.form.get("value", "").strip()[:MAX_FIELD_CHARS]
    value: Any
    if name == "owners":
        value = [o.strip() for o in raw.split(";") if o.strip()]
    elif name == "kind":
        if raw not in integrations.RECORD_KINDS:
            abort(400, description=f"kind must be one of {', '.join(integrations.RECORD_KINDS)}")
        value = raw
    else:
        value = raw or None
    old = getattr(record, name)
    if value == old:
        flash(f"The {name.replace('_', ' ')} is unchanged.")
        return _back(record)
    _add(record, name, old, value)
    flash(f"The {name.replace('_', ' ')} was corrected.")
    return _back(record)


@review.post("/actions/<record_id>/split")
def split(record_id: str):
    record = _record_or_404(record_id)
    parts = sentences(record.text)
    try:
        at = int(request.form.get("at", ""))
    except ValueError:
        abort(400, description="choose the sentence the second record starts with")
    if not 0 < at < len(parts):
        abort(400, description="choose the sentence the second record starts with")
    _add(record, "split", record.text, [" ".join(parts[:at]), " ".join(parts[at:])])
    flash("The record was split in two. The index is being rebuilt.")
    return _back(record)


@review.post("/actions/<record_id>/merge")
def merge(record_id: str):
    record = _record_or_404(record_id)
    following = _next_record(record)
    if following is None or following.id != request.form.get("other", ""):
        abort(400, description="this record is not followed by that one any more")
    _add(record, "merge", {"other_id": following.id, "other_text": following.text},
         f"{record.text} {following.text}")
    flash("The record was merged with the next one. The index is being rebuilt.")
    return _back(record)


@review.post("/actions/<record_id>/move")
def move(record_id: str):
    """Move this unplaced text into the record the reviewer chose."""
    unplaced = _record_or_404(record_id)
    if unplaced.kind != "unplaced":
        abort(400, description="only unplaced text can be moved into a record")
    target = _record_or_404(request.form.get("into", ""))
    if target.source != unplaced.source or target.id == unplaced.id:
        abort(400, description="unplaced text can only move into another record of its plan")
    _add(target, "move", {"other_id": unplaced.id, "other_text": unplaced.text},
         f"{target.text} {unplaced.text}")
    flash(f"The text was moved into {target.id}.")
    if request.form.get("from") == "queue":
        return redirect(url_for("review.queue"))
    return redirect(url_for("pages.action", record_id=target.id) + "#review")


# --- the queue -------------------------------------------------------------------------------

@review.get("/")
def queue():
    items, counts = integrations.queue(backend().records(), _ext()["data_dir"], _ext()["store"],
                                       session.get("skipped", []))
    item = items[0] if items else None
    record = backend().get(item.record_id) if item else None
    attention = [o for o in _report().get("corrections", []) if o["status"] == "attention"]
    return render_template("review/queue.html", item=item, record=record,
                           counts=counts, left=len(items),
                           themes=_theme_names(), attention=attention,
                           job=_ext()["jobs"].latest())


@review.post("/skip")
def skip():
    record_id = request.form.get("record", "")[:200]
    skipped = [s for s in session.get("skipped", []) if s != record_id][-500:]
    session["skipped"] = [*skipped, record_id]
    return redirect(url_for("review.queue"))


# --- retraining ----------------------------------------------------------------------------

@review.post("/retrain")
def retrain():
    data_dir, run = _ext()["data_dir"], _ext()["retrain"]
    if run is None:
        abort(503, description="Retraining is not available in this installation.")
    fast = bool(current_app.config.get("REVIEW_FAST_RETRAIN")
                or os.environ.get("ACTIONPLANS_REVIEW_FAST_RETRAIN") == "1")
    job = _ext()["jobs"].submit(
        "retrain", lambda progress: run(data_dir, progress, fast=fast).to_dict())
    _ext()["store"].log(session["reviewer"], "retrain started", job.id)
    return redirect(url_for("review.job", job_id=job.id))


@review.get("/jobs/<job_id>")
def job(job_id: str):
    found = _ext()["jobs"].get(job_id)
    if found is None:
        abort(404, description="There is no such job (jobs are forgotten on restart).")
    return render_template("review/job.html", job=found)


# --- read-only JSON export -------------------------------------------------------------------

@review_api.get("/corrections")
def corrections_json():
    rows = integrations.corrections_with_status(_ext()["store"], _report())
    return jsonify({"corrections": rows, "count": len(rows)})

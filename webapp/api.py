"""The JSON API: the same searches and records as the pages, for scripts and other services.

Every response is JSON, errors included (``{"status", "error", "message"}``); the OpenAPI
document at ``/api/openapi.json`` describes each endpoint.
"""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from webapp import params, serialize
from webapp.backend import Unavailable
from webapp.context import backend, search_request
from webapp.openapi import openapi_document

api = Blueprint("api", __name__)


def _record_or_404(record_id: str):
    record = backend().get(record_id)
    if record is None:
        abort(404, description=f"no action with id '{record_id}'")
    return record


@api.get("/health")
def health():
    return jsonify({"status": "ok", "actions": backend().count()})


@api.get("/search")
def search():
    result = backend().search(search_request())
    return jsonify(serialize.search_json(result))


@api.get("/actions/<record_id>")
def action(record_id: str):
    return jsonify(_record_or_404(record_id).to_dict())


@api.get("/actions/<record_id>/similar")
def similar(record_id: str):
    _record_or_404(record_id)
    limit = params.parse_limit(request.args)
    all_providers = request.args.get("all_providers", "").lower() in ("1", "true", "yes")
    try:
        items = backend().similar(record_id, limit=limit, all_providers=all_providers)
    except Unavailable as exc:
        abort(503, description=str(exc))
    return jsonify({
        "id": record_id,
        "similar": [
            {
                "id": item.record.id,
                "score": round(item.score, 4),
                "provider": item.record.provider,
                "provider_short": item.record.provider_short,
                "text": item.record.text,
                "shared_terms": item.shared_terms,
            }
            for item in items
        ],
    })


@api.get("/repeats")
def repeats():
    theme = params.clean_text(request.args.get("theme"))
    provider = params.clean_text(request.args.get("provider"))
    try:
        groups = backend().repeat_groups(theme=theme, provider=provider)
    except Unavailable as exc:
        abort(503, description=str(exc))
    return jsonify({"groups": [g.to_json() for g in groups]})


@api.get("/plans")
def plans():
    return jsonify({"plans": [serialize.plan_json(p) for p in backend().plans()]})


@api.get("/themes")
def themes():
    return jsonify({
        "themes": [
            {"name": t.name, "definition": t.definition, "count": t.count,
             "by_provider": t.by_provider}
            for t in backend().theme_summaries()
        ]
    })


@api.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())

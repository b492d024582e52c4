"""The OpenAPI 3.1 description of the JSON API, served at ``/api/openapi.json``."""

from __future__ import annotations

from typing import Any

from webapp import params
from webapp.integrations import version


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema}


_ID_PATH = {"name": "id", "in": "path", "required": True, "description": "Action record id",
            "schema": {"type": "string"}}
_NULLABLE_STR = {"type": ["string", "null"]}
_STR_LIST = {"type": "array", "items": {"type": "string"}}


def _json(ref: str, description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


def _error(description: str) -> dict[str, Any]:
    return _json("Error", description)


def openapi_document() -> dict[str, Any]:
    """The whole document (built on demand; small)."""
    facet_params = [
        _query(name, f"Only actions whose {label.lower()} is this value (one value).",
               {"type": "string", "maxLength": params.MAX_FILTER_CHARS,
                **({"pattern": "^[0-9]{4}$"} if name == "year" else {})})
        for name, label in params.FACET_LABELS.items()
    ]
    search_params = [
        _query("q", "Search words: phrases in quotes, AND/OR/NOT, field filters such as "
               "theme:ETE.", {"type": "string", "maxLength": params.MAX_QUERY_CHARS}),
        *facet_params,
        _query("page", "Page number, from 1.",
               {"type": "integer", "minimum": 1, "maximum": params.MAX_PAGE, "default": 1}),
        _query("per_page", "Hits per page.",
               {"type": "integer", "minimum": 1, "maximum": params.MAX_PER_PAGE,
                "default": params.DEFAULT_PER_PAGE}),
        _query("sort", "Order of hits.",
               {"type": "string", "enum": list(params.SORTS), "default": "relevance"}),
    ]
    record_props = {
        "id": {"type": "string"}, "source": {"type": "string"}, "provider": {"type": "string"},
        "provider_short": {"type": "string"}, "submitted": _NULLABLE_STR,
        "published": _NULLABLE_STR, "rec_number": _NULLABLE_STR, "rec_text": {"type": "string"},
        "addressee": _NULLABLE_STR, "agreement": _NULLABLE_STR, "repeated": {"type": "boolean"},
        "kind": {"type": "string", "enum": ["action", "measure", "context", "unplaced"]},
        "text": {"type": "string"}, "owners": _STR_LIST, "target": _NULLABLE_STR,
        "target_month": _NULLABLE_STR, "status": _NULLABLE_STR, "themes": _STR_LIST,
        "theme_scores": {"type": "object", "additionalProperties": {"type": "number"}},
        "step": _NULLABLE_STR, "position": {"type": "integer"},
        "pages": {"type": "array", "items": {"type": "integer", "minimum": 1},
                  "description": "Pages of the original PDF or Word file the action is on "
                                 "(empty when unknown); the original is at "
                                 "/plans/{source}/original#page=N."},
    }
    hit_fields = ("id", "text", "provider", "provider_short", "rec_number", "kind", "owners",
                  "target", "target_month", "themes")
    hit_props = {name: record_props[name] for name in hit_fields}
    hit_props["score"] = {"type": "number"}
    hit_props["highlight"] = {"type": "string",
                              "description": "HTML-escaped text; only <mark> tags are added."}
    schemas: dict[str, Any] = {
        "Error": {
            "type": "object", "required": ["status", "error", "message"],
            "properties": {"status": {"type": "integer"}, "error": {"type": "string"},
                           "message": {"type": "string"}},
        },
        "Health": {
            "type": "object", "required": ["status", "actions"],
            "properties": {"status": {"type": "string", "const": "ok"},
                           "actions": {"type": "integer", "minimum": 0}},
        },
        "ActionRecord": {"type": "object", "required": list(record_props),
                         "properties": record_props},
        "Hit": {"type": "object", "required": list(hit_props), "properties": hit_props},
        "FacetValue": {"type": "object", "required": ["value", "count"],
                       "properties": {"value": {"type": "string"},
                                      "count": {"type": "integer", "minimum": 0}}},
        "SearchResult": {
            "type": "object",
            "required": ["query", "total", "page", "per_page", "hits", "facets", "suggestion"],
            "properties": {
                "query": {"type": "string"}, "total": {"type": "integer", "minimum": 0},
                "page": {"type": "integer"}, "per_page": {"type": "integer"},
                "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                "facets": {
                    "type": "object",
                    "description": "provider, theme, agreement, status, year: values with counts",
                    "additionalProperties": {
                        "type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}},
                },
                "suggestion": {**_NULLABLE_STR, "description": "Did you mean"},
                "message": {**_NULLABLE_STR,
                            "description": "How an unusual query was read, if it was"},
            },
        },
        "SimilarList": {
            "type": "object", "required": ["id", "similar"],
            "properties": {
                "id": {"type": "string"},
                "similar": {"type": "array", "items": {
                    "type": "object",
                    "required": ["id", "score", "provider", "text", "shared_terms"],
                    "properties": {"id": {"type": "string"}, "score": {"type": "number"},
                                   "provider": {"type": "string"},
                                   "provider_short": {"type": "string"},
                                   "text": {"type": "string"}, "shared_terms": _STR_LIST},
                }},
            },
        },
        "RepeatGroups": {
            "type": "object", "required": ["groups"],
            "properties": {"groups": {"type": "array", "items": {
                "type": "object", "required": ["kind", "ids", "providers", "representative"],
                "properties": {
                    "kind": {"type": "string", "enum": ["within", "across"]},
                    "ids": _STR_LIST, "providers": _STR_LIST,
                    "representative": {"type": "string"}, "size": {"type": "integer"},
                    "repeated_recommendation": {"type": "boolean"}, "themes": _STR_LIST,
                },
            }}},
        },
        "Plans": {
            "type": "object", "required": ["plans"],
            "properties": {"plans": {"type": "array", "items": {
                "type": "object",
                "required": ["source", "provider", "provider_short", "n_actions"],
                "properties": {
                    "source": {"type": "string"}, "provider": {"type": "string"},
                    "provider_short": {"type": "string"}, "submitted": _NULLABLE_STR,
                    "published": _NULLABLE_STR, "n_actions": {"type": "integer"},
                    "recommendations": {"type": "array", "items": {"type": "object"}},
                },
            }}},
        },
        "Themes": {
            "type": "object", "required": ["themes"],
            "properties": {"themes": {"type": "array", "items": {
                "type": "object", "required": ["name", "definition", "count", "by_provider"],
                "properties": {
                    "name": {"type": "string"}, "definition": {"type": "string"},
                    "count": {"type": "integer"},
                    "by_provider": {"type": "object",
                                    "additionalProperties": {"type": "integer"}},
                },
            }}},
        },
        "Corrections": {
            "type": "object", "required": ["corrections", "count"],
            "properties": {"count": {"type": "integer", "minimum": 0},
                           "corrections": {"type": "array", "items": {
                "type": "object",
                "required": ["id", "record_id", "source", "field", "old_value", "new_value",
                             "anchor", "reviewer", "created_at", "note", "status", "reason"],
                "properties": {
                    "id": {"type": "integer"}, "record_id": {"type": "string"},
                    "source": {"type": "string"},
                    "field": {"type": "string", "enum": [
                        "themes", "kind", "owners", "target", "rec_number", "split", "merge",
                        "move", "accept"]},
                    "old_value": {"description": "JSON value before (merge/move: the record "
                                                 "merged in, {other_id, other_text})"},
                    "new_value": {"description": "JSON value after (split: [first, second])"},
                    "anchor": {"type": "string",
                               "description": "The record's text when it was corrected"},
                    "reviewer": {"type": "string"}, "created_at": {"type": "string"},
                    "note": {"type": "string"},
                    "status": {"type": "string", "enum": ["applied", "attention", "pending"],
                               "description": "What the live index made of it (pending: made "
                                              "since the last build)"},
                    "reason": {"type": "string"},
                },
            }}},
        },
    }
    bad = _error("A parameter is invalid; the message names it.")
    missing = _error("No action with this id.")
    unavailable = _error("The feature is not available in this installation.")
    paths = {
        "/api/health": {"get": {"summary": "Service health and the number of actions",
                                "operationId": "health",
                                "responses": {"200": _json("Health", "Healthy")}}},
        "/api/search": {"get": {"summary": "Search actions with facets and highlighting",
                                "operationId": "search", "parameters": search_params,
                                "responses": {"200": _json("SearchResult", "One page of hits"),
                                              "400": bad}}},
        "/api/actions/{id}": {"get": {"summary": "One action record", "operationId": "action",
                                      "parameters": [_ID_PATH],
                                      "responses": {"200": _json("ActionRecord", "The record"),
                                                    "404": missing}}},
        "/api/actions/{id}/similar": {"get": {
            "summary": "Actions making the same commitment, by default from other providers",
            "operationId": "similar",
            "parameters": [
                _ID_PATH,
                _query("limit", "How many.", {"type": "integer", "minimum": 1, "maximum": 50,
                                              "default": 10}),
                _query("all_providers", "Include the same provider's actions.",
                       {"type": "string", "enum": ["0", "1", "true", "false"]}),
            ],
            "responses": {"200": _json("SimilarList", "Ranked similar actions"), "400": bad,
                          "404": missing, "503": unavailable}}},
        "/api/repeats": {"get": {
            "summary": "Repeated commitments, largest group first", "operationId": "repeats",
            "parameters": [_query("theme", "Groups with an action of this theme.",
                                  {"type": "string"}),
                           _query("provider", "Groups with an action from this provider.",
                                  {"type": "string"})],
            "responses": {"200": _json("RepeatGroups", "The groups"), "503": unavailable}}},
        "/api/plans": {"get": {"summary": "The indexed plans with their recommendations",
                               "operationId": "plans",
                               "responses": {"200": _json("Plans", "The plans")}}},
        "/api/themes": {"get": {"summary": "Themes with definitions and counts per provider",
                                "operationId": "themes",
                                "responses": {"200": _json("Themes", "The themes")}}},
        "/api/corrections": {"get": {
            "summary": "Every reviewer correction, oldest first, with its status (review mode "
                       "only; a signed-in reviewer's session)",
            "operationId": "corrections",
            "responses": {"200": _json("Corrections", "The corrections"),
                          "401": _error("Not signed in as a reviewer."),
                          "404": _error("The server is not in review mode.")}}},
        "/api/openapi.json": {"get": {"summary": "This document", "operationId": "openapi",
                                      "responses": {"200": {"description": "OpenAPI 3.1"}}}},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "actionplans API", "version": version(),
                 "description": "Read-only search over probation inspection action plans."},
        "paths": paths,
        "components": {"schemas": schemas},
    }

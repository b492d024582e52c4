"""Every API response matches the schema the OpenAPI document gives for it."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from webapp.openapi import openapi_document

CASES = [
    ("/api/health", 200, "Health"),
    ("/api/search?q=abuse&theme=safeguarding", 200, "SearchResult"),
    ("/api/search?q=premisses", 200, "SearchResult"),
    ("/api/actions/pa-r2", 200, "ActionRecord"),
    ("/api/actions/pa-r2/similar", 200, "SimilarList"),
    ("/api/repeats", 200, "RepeatGroups"),
    ("/api/plans", 200, "Plans"),
    ("/api/themes", 200, "Themes"),
    ("/api/actions/missing", 404, "Error"),
    ("/api/search?per_page=0", 400, "Error"),
]


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry().with_resource(
        "urn:api", Resource.from_contents(openapi_document(), default_specification=DRAFT202012))


@pytest.mark.parametrize("url, status, schema", CASES)
def test_response_matches_its_schema(client, registry, url, status, schema):
    response = client.get(url)
    assert response.status_code == status
    validator = Draft202012Validator({"$ref": f"urn:api#/components/schemas/{schema}"},
                                     registry=registry)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(
        response.get_json())]
    assert errors == []


def test_documented_statuses_cover_each_case():
    paths = openapi_document()["paths"]
    for url, status, _ in CASES:
        route = url.split("?")[0].replace("pa-r2", "{id}").replace("missing", "{id}")
        assert str(status) in paths[route]["get"]["responses"], (url, status)

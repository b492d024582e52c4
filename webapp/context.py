"""Request helpers shared by the page and API blueprints."""

from __future__ import annotations

from flask import current_app, request

from webapp import params
from webapp.backend import Backend


def backend() -> Backend:
    """The current app's :class:`~webapp.backend.Backend`."""
    return current_app.extensions["actionplans"]


def search_request() -> params.SearchRequest:
    """The search described by the current URL, within the app's configured limits."""
    return params.parse_search(
        request.args,
        max_query_chars=current_app.config["MAX_QUERY_CHARS"],
        max_per_page=current_app.config["MAX_PER_PAGE"],
    )

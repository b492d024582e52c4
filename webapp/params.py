"""Reading a search from the URL: the query string holds the whole state of a search.

Pages, exports and the JSON API all read their parameters here, so the limits (query length,
page size) and the error messages are the same everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from webapp.integrations import FACETS, MAX_PER_PAGE, MAX_QUERY_CHARS, ActionPlansError

FACET_LABELS = {
    "provider": "Provider",
    "theme": "Theme",
    "agreement": "Agreement",
    "status": "Status",
    "year": "Target year",
}
SORTS = {"relevance": "Relevance", "target": "Target date"}
DEFAULT_PER_PAGE = 20
MAX_PAGE = 1000
MAX_FILTER_CHARS = 200

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_YEAR = re.compile(r"[0-9]{4}")
_DIGITS = re.compile(r"[0-9]+")  # ASCII only: int() also reads "²" or "١" (or fails on them)


class BadRequest(ActionPlansError, ValueError):
    """A request parameter that cannot be used; the message names the parameter."""


@dataclass(frozen=True)
class SearchRequest:
    """One search as the URL describes it: query, facet filters, page, page size and sort."""

    q: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    sort: str = "relevance"

    @property
    def is_blank(self) -> bool:
        """Nothing asked yet: no words and no filters (the home page)."""
        return not self.q and not self.filters

    def args(self, **changes: Any) -> dict[str, Any]:
        """URL parameters for this search with ``changes`` applied, leaving defaults out.

        A filter set to ``None`` is removed; changing anything but the page goes back to page 1.
        """
        resets_page = any(name != "page" for name in changes)
        q = changes.pop("q", self.q)
        filters = dict(self.filters)
        for name in FACETS:
            if name in changes:
                value = changes.pop(name)
                if value is None:
                    filters.pop(name, None)
                else:
                    filters[name] = value
        page = changes.pop("page", 1 if resets_page else self.page)
        per_page = changes.pop("per_page", self.per_page)
        sort = changes.pop("sort", self.sort)
        if changes:
            raise TypeError(f"unknown search parameters: {sorted(changes)}")
        out: dict[str, Any] = {}
        if q:
            out["q"] = q
        out.update({name: filters[name] for name in FACETS if name in filters})
        if sort != "relevance":
            out["sort"] = sort
        if per_page != DEFAULT_PER_PAGE:
            out["per_page"] = per_page
        if page != 1:
            out["page"] = page
        return out


def _positive_int(args: Mapping[str, str], name: str, default: int, maximum: int) -> int:
    raw = (args.get(name) or "").strip()
    if not raw:
        return default
    if not _DIGITS.fullmatch(raw) or not raw.strip("0"):
        raise BadRequest(f"'{name}' must be a whole number from 1 to {maximum}")
    digits = raw.lstrip("0")
    if len(digits) > len(str(maximum)):  # before int(): 5 000 digits would fail in int()
        raise BadRequest(f"'{name}' must be at most {maximum}")
    value = int(digits)
    if value > maximum:
        raise BadRequest(f"'{name}' must be at most {maximum}")
    return value


def clean_text(raw: str | None) -> str:
    """Trim, drop control characters and collapse runs of spaces."""
    return " ".join(_CONTROL_CHARS.sub(" ", raw or "").split())


def parse_search(
    args: Mapping[str, str],
    *,
    max_query_chars: int = MAX_QUERY_CHARS,
    max_per_page: int = MAX_PER_PAGE,
) -> SearchRequest:
    """Validate the URL parameters of a search; raise :class:`BadRequest` naming the culprit."""
    q = clean_text(args.get("q"))
    if len(q) > max_query_chars:
        raise BadRequest(
            f"the search is {len(q)} characters long; use {max_query_chars} characters or fewer"
        )
    filters: dict[str, str] = {}
    for name in FACETS:
        value = clean_text(args.get(name))
        if not value:
            continue
        if len(value) > MAX_FILTER_CHARS:
            raise BadRequest(f"'{name}' must be at most {MAX_FILTER_CHARS} characters")
        if name == "year" and not _YEAR.fullmatch(value):
            raise BadRequest("'year' must be a four-digit year, such as 2020")
        filters[name] = value
    sort = (args.get("sort") or "relevance").strip()
    if sort not in SORTS:
        raise BadRequest(f"'sort' must be one of: {', '.join(SORTS)}")
    return SearchRequest(
        q=q,
        filters=filters,
        page=_positive_int(args, "page", 1, MAX_PAGE),
        per_page=_positive_int(args, "per_page", DEFAULT_PER_PAGE, max_per_page),
        sort=sort,
    )


def parse_limit(args: Mapping[str, str], default: int = 10, maximum: int = 50) -> int:
    """The ``limit`` parameter of list endpoints."""
    return _positive_int(args, "limit", default, maximum)

"""Limits and names that the index, the web app and the CLI share, defined once.

No imports: the CLI reads these to build its argument parser without loading Whoosh.
"""

from __future__ import annotations

MAX_QUERY_CHARS = 500  # longer queries are cut (index) or refused with a message (web)
MAX_PER_PAGE = 100  # hits per page at most
# Filters a search takes (``theme=...``), and the facets counted for every result.
FILTER_KEYS = ("theme", "provider", "agreement", "status", "year", "kind", "owner")
FACETS = ("provider", "theme", "agreement", "status", "year")

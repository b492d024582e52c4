"""Which page of the original each record came from, found after parsing.

Independent of how the parser cut and repaired the table: each record's text is looked up in
the document's per-page text (letters and digits only, lower-cased, so line breaks, hyphens,
spacing and tags do not matter). The start of the text gives its first page, the end its last;
records are searched in order from where the previous one started, so a sentence repeated in
two places is given to the right one. A record whose text cannot be found keeps no pages
rather than a guess.
"""

from __future__ import annotations

import bisect
import re

from nlp.records import Plan

_KEYS = (40, 20)  # characters of a record's start or end looked for, longest first
_MAX_SPAN = 3  # a table cell runs over a page break or two, not more
_NOT_KEY = re.compile(r"[^0-9a-z]+")


def _squash(text: str) -> str:
    return _NOT_KEY.sub("", text.lower())


def assign_pages(plan: Plan, pages: list[str]) -> None:
    """Set ``pages`` (1-based) on every record of ``plan`` found in ``pages``' texts."""
    if not pages:
        return
    squashed = [_squash(page) for page in pages]
    stream = "".join(squashed)
    ends: list[int] = []  # the offset where each page ends in ``stream``
    total = 0
    for page in squashed:
        total += len(page)
        ends.append(total)
    cursor = 0
    for record in plan.records:
        text = _squash(record.text)
        if not text:
            continue
        # The whole start first; a shorter one where a page break cuts the text (the rest of
        # the cell is on the next page, after other cells and the repeated header).
        start, head = -1, ""
        for size in _KEYS:
            head = text[:size]
            start = stream.find(head, cursor)
            if start < 0:
                start = stream.find(head)
            if start >= 0:
                break
        if start < 0:
            continue
        end = -1
        for size in _KEYS:
            tail = text[-size:]
            end = stream.find(tail, start)
            if end >= 0:
                end += len(tail)
                break
        if end < 0:
            end = start + len(head)
        first = bisect.bisect_right(ends, start)
        last = bisect.bisect_right(ends, max(start, end - 1))
        if last - first >= _MAX_SPAN:  # the end found far away is another passage's
            last = first
        record.pages = list(range(first + 1, last + 2))
        cursor = start + 1

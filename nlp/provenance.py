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

_KEY = 40  # characters of a record's start or end that must be found
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
        head, tail = text[:_KEY], text[-_KEY:]
        start = stream.find(head, cursor)
        if start < 0:
            start = stream.find(head)
        if start < 0:
            continue
        end = stream.find(tail, start)
        end = start + len(head) if end < 0 else end + len(tail)
        first = bisect.bisect_right(ends, start)
        last = bisect.bisect_right(ends, max(start, end - 1))
        record.pages = list(range(first + 1, last + 2))
        cursor = start + 1

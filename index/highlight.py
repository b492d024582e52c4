"""Highlighted fragments: HTML-escaped text with only ``<mark>`` added around query words."""

from __future__ import annotations

import html
import re
from bisect import bisect_left

from index.glossary import stem_word

TOKEN = re.compile(r"\w+(?:\.?\w+)*")
# Characters ``html.escape`` changes: a window without them is its own escape (most are).
_ESCAPED = re.compile(r"[&<>\"']")
FRAGMENT_CHARS = 280
Token = tuple[int, int, str]  # start, end, stem


def tokens(text: str) -> list[Token]:
    """Every word of ``text`` with its place and stem (computed once per record and reused
    by the highlight and the proximity re-ranking)."""
    return [(m.start(), m.end(), stem_word(m.group(0))) for m in TOKEN.finditer(text)]


def highlight(text: str, stems: set[str], limit: int = FRAGMENT_CHARS,
              words: list[Token] | None = None) -> str:
    """``text`` (or its best window) HTML-escaped, with words whose stem is wanted in <mark>.

    ``words``: ``tokens(text)`` if the caller already has them.
    """
    spans = [(a, b) for a, b, stem in (tokens(text) if words is None else words)
             if stem in stems]
    start, end = 0, len(text)
    if len(text) > limit:
        best, best_start = -1, 0
        starts = [a for a, _ in spans]  # ascending: words in text order
        for s in starts or [0]:
            lo = max(0, s - limit // 4)
            count = bisect_left(starts, lo + limit) - bisect_left(starts, lo)
            if count > best:
                best, best_start = count, lo
        start = best_start
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < start + 30 else start
        end = min(len(text), start + limit)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start + limit // 2 else end
    escape = html.escape if _ESCAPED.search(text, start, end) else str
    out = ["…" if start else ""]
    pos = start
    for a, b in spans:
        if a < start or b > end:
            continue
        out.append(escape(text[pos:a]))
        out.append(f"<mark>{escape(text[a:b])}</mark>")
        pos = b
    out.append(escape(text[pos:end]))
    out.append("…" if end < len(text) else "")
    return "".join(out)

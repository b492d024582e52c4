"""Highlights arrive as HTML; only ``<mark>`` may survive, everything else is shown as text.

The index already escapes its fragments, but the web app does not take that on trust: each
piece between ``<mark>`` tags is unescaped and escaped again, so any other tag (or an entity
that decodes to one) is rendered inert.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup, escape

_MARK_TAG = re.compile(r"(<mark>|</mark>)", re.IGNORECASE)
# A piece without these characters is the same unescaped and escaped again: kept as it is.
_SPECIAL = re.compile(r"[&<>\"']")
# A piece whose only specials are these entities (as ``html.escape`` writes them): unescaping
# and escaping again only respells the quotes, done here without decoding (a search page's
# twenty highlights went through ``html.unescape`` piece by piece).
_OTHER_THAN_ENTITIES = re.compile(r"[<>\"']|&(?!(?:amp|lt|gt|quot|#x27|#34|#39);)")
# A whole fragment as the index writes it: text without specials but those entities, with
# lowercase <mark>..</mark> pairs, never nested. The loop below would keep each piece and tag
# as it is and only respell the quotes; one match says so (a search page has twenty of them).
_TEXT = r"(?:[^&<>\"']++|&(?:amp|lt|gt|quot|#x27|#34|#39);)*+"  # possessive: linear
_AS_WRITTEN = re.compile(f"{_TEXT}(?:<mark>{_TEXT}</mark>{_TEXT})*")


def safe_highlight(fragment: str | None) -> Markup:
    """HTML with every tag but balanced ``<mark>``/``</mark>`` escaped."""
    return Markup(safe_highlight_text(fragment))


def safe_highlight_text(fragment: str | None) -> str:
    """``safe_highlight`` as a plain string, for JSON (no ``Markup`` made and copied back)."""
    if not fragment:
        return ""
    if _AS_WRITTEN.fullmatch(fragment):
        return fragment.replace("&quot;", "&#34;").replace("&#x27;", "&#39;")
    out: list[str] = []
    open_marks = 0
    for piece in _MARK_TAG.split(fragment):
        lowered = piece.lower()
        if lowered == "<mark>" and open_marks == 0:
            out.append("<mark>")
            open_marks = 1
        elif lowered == "</mark>" and open_marks == 1:
            out.append("</mark>")
            open_marks = 0
        elif lowered in ("<mark>", "</mark>"):
            continue  # a nested or stray tag: drop it rather than unbalance the page
        elif not _SPECIAL.search(piece):
            out.append(piece)
        elif not _OTHER_THAN_ENTITIES.search(piece):
            out.append(piece.replace("&quot;", "&#34;").replace("&#x27;", "&#39;"))
        else:
            out.append(str(escape(html.unescape(piece))))
    if open_marks:
        out.append("</mark>")
    return "".join(out)

"""The Whoosh schema and the document built for each action record.

One document per action; its number in the index equals the record's row in the store
(``row``), which is what lets facets, filters and scores be arrays indexed by row.
"""

from __future__ import annotations

import re

from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.lang.porter2 import stem as porter2_stem

from nlp.records import ActionRecord

# Field weights are applied at query time (index.scoring.FIELD_WEIGHTS, one BM25F over the
# fields): the postings hold plain term counts.
PAIRED_FIELDS = ("text", "rec", "owner", "provider")
# Snowball English (porter2): Whoosh's porter leaves "planning" as "plann", apart from "plan".
_ANALYZER = StemmingAnalyzer(stemfn=porter2_stem, cachesize=-1)


def pair_token(field: str, first: str, second: str) -> str:
    """The ``pairs`` token for two adjacent analysed words of a field."""
    return f"{field}.{first}_{second}"


def field_pairs(field: str, value: str) -> list[str]:
    words = [token.text for token in _ANALYZER(value)]
    return [pair_token(field, a, b) for a, b in zip(words, words[1:], strict=False)]


def make_schema() -> Schema:
    """One document per action; ``row`` ties it to the store.

    ``pairs`` holds each adjacent pair of analysed words of the free-text fields, so a phrase is
    an AND of pair terms (index.scoring) instead of a walk over positions.
    """
    words = _ANALYZER
    return Schema(
        pairs=KEYWORD(scorable=False),
        row=STORED,
        id=ID(stored=True, unique=True),
        source=ID,
        text=TEXT(analyzer=words),
        rec=TEXT(analyzer=words),
        owner=TEXT(analyzer=words),
        provider=TEXT(analyzer=words),
        theme=KEYWORD(lowercase=True, commas=True, scorable=True),
        agreement=ID,
        status=ID,
        kind=ID,
        year=ID,
        target=ID,
        rec_number=ID,
    )


def year_of(target_month: str | None, submitted: str | None) -> str | None:
    """The year facet: the target year, else the year the plan was submitted."""
    for value in (target_month, submitted):
        found = re.search(r"\b(19|20)\d\d\b", value or "")
        if found:
            return found.group(0)
    return None


def record_year(record: ActionRecord) -> str | None:
    return year_of(record.target_month, record.submitted)


def _exact(value: str | None) -> str:
    return (value or "").strip().lower()


def document_for(row: int, record: ActionRecord) -> dict:
    """The Whoosh document for one record (acronyms are expanded at query time, not here)."""
    doc = {
        "row": row,
        "id": record.id,
        "source": record.source,
        "text": record.text,
        "rec": record.rec_text,
        "owner": " ; ".join(record.owners),
        "provider": f"{record.provider} ; {record.provider_short}",
        "theme": ",".join(t.replace(",", " ") for t in record.themes),
    }
    for name, value in (("agreement", record.agreement), ("status", record.status),
                        ("kind", record.kind), ("year", record_year(record)),
                        ("target", record.target_month), ("rec_number", record.rec_number)):
        if value:
            doc[name] = _exact(value)
    doc["pairs"] = " ".join(pair for field in PAIRED_FIELDS
                            for pair in field_pairs(field, doc.get(field, "")))
    return {k: v for k, v in doc.items() if v != ""}

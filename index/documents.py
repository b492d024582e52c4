"""The Whoosh schema and the document built for each action record.

One document per action; its number in the index equals the record's row in the store
(``row``), which is what lets facets, filters and scores be arrays indexed by row.
"""

from __future__ import annotations

import re
from functools import lru_cache

from whoosh.analysis import STOP_WORDS, StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.formats import Positions

from index.stemming import stem as index_stem
from nlp.records import ActionRecord

# Field weights are applied at query time (index.scoring.FIELD_WEIGHTS, one BM25F over the
# fields): the postings hold plain term counts.
PAIRED_FIELDS = ("text", "rec", "owner", "provider")
# Fields whose values recur across a plan's actions: indexing records each distinct value once.
REPEATED_FIELDS = ("source", "rec", "owner", "provider", "theme", "agreement", "status", "kind",
                   "year", "target", "rec_number")
# Snowball English (porter2): Whoosh's porter leaves "planning" as "plann", apart from "plan";
# agent nouns keep their own stem ("officers" is not "offices": index.stemming).
_ANALYZER = StemmingAnalyzer(stemfn=index_stem, cachesize=-1)
# What _ANALYZER does to a text in index mode (its default token pattern, lower case, stop
# words and one-letter words out, porter2), without a Token object per stage: the ``pairs``
# of every action's text are read with it (indexing speed; tests check it against _ANALYZER).
_INDEX_TOKEN = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*")
_STEMS: dict[str, str] = {}
MEMO_VALUES = 20_000  # distinct values of a repeated field analysed once per build


def analysed_words(value: str) -> list[str]:
    """``[t.text for t in _ANALYZER(value)]``, faster."""
    return _analyse(value)[0]


def _analyse(value: str) -> tuple[list[str], int]:
    """The analysed words and the position of the first (stop words before it still count:
    Whoosh's StopFilter renumbers the words after the first one kept). The last text's
    analysis is kept: indexing asks for each action's text twice (its words, its pairs)."""
    last = _LAST_ANALYSIS
    if last[0] == value:
        return last[1]
    found = _analyse_anew(value)
    globals()["_LAST_ANALYSIS"] = (value, found)
    return found


def _analyse_anew(value: str) -> tuple[list[str], int]:
    out: list[str] = []
    first = 0
    for position, word in enumerate(_INDEX_TOKEN.findall(value)):
        word = word.lower()
        if len(word) >= 2 and word not in STOP_WORDS:
            stemmed = _STEMS.get(word)
            if stemmed is None:
                stemmed = _STEMS[word] = index_stem(word)
            if not out:
                first = position
            out.append(stemmed)
    return out, first


_LAST_ANALYSIS: tuple[str | None, tuple[list[str], int]] = (None, ([], 0))


class AnalysedText(TEXT):
    """A TEXT field with the index's analyzer whose postings (words, counts, positions) are
    made by ``_analyse`` instead of a Token object per stage: what ``TEXT(analyzer=_ANALYZER)``
    gives (tests check it), in a third of the time. Queries use the analyzer as usual."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(analyzer=_ANALYZER, **kwargs)

    def index(self, value, **kwargs):  # noqa: ANN001, ANN201 - Whoosh's FieldType.index
        if kwargs or not isinstance(value, str) or type(self.format) is not Positions:
            return super().index(value, **kwargs)
        words, first = _analyse(value)
        positions: dict[str, list[int]] = {}
        for position, word in enumerate(words, first):
            positions.setdefault(word, []).append(position)
        boost = self.format.field_boost
        return iter([(_utf8(word), len(found), float(len(found)) * boost, _positions(found))
                     for word, found in positions.items()])


def _utf8(word: str) -> bytes:
    found = _BYTES.get(word)
    if found is None:
        found = _BYTES[word] = word.encode("utf-8")
    return found


def _positions(found: list[int]) -> bytes:
    """``Positions().encode(found)`` (a pickle), once per distinct list: most words of a text
    occur once, at one of its first few hundred positions."""
    key = found[0] if len(found) == 1 else tuple(found)
    encoded = _ENCODED.get(key)
    if encoded is None:
        if len(_ENCODED) >= MEMO_VALUES:
            _ENCODED.clear()
        encoded = _ENCODED[key] = _POSITIONS.encode(found)
    return encoded


_BYTES: dict[str, bytes] = {}
_ENCODED: dict[int | tuple[int, ...], bytes] = {}
_POSITIONS = Positions()


class RepeatedText(AnalysedText):
    """An AnalysedText field whose values recur across documents (a recommendation shared by
    each of its actions, a plan's owners and provider): each distinct value is analysed once
    per process, and Whoosh gets the same postings for it every time (indexing speed)."""

    def index(self, value, **kwargs):  # noqa: ANN001, ANN201 - Whoosh's FieldType.index
        if kwargs or not isinstance(value, str):
            return super().index(value, **kwargs)
        key = (id(self), value)
        found = _MEMO.get(key)
        if found is None:
            if len(_MEMO) >= MEMO_VALUES:
                _MEMO.clear()
            found = _MEMO[key] = list(super().index(value))
        return iter(found)


_MEMO: dict[tuple[int, str], list] = {}


def pair_token(field: str, first: str, second: str) -> str:
    """The ``pairs`` token for two adjacent analysed words of a field."""
    return f"{field}.{first}_{second}"


@lru_cache(maxsize=4096)
def _repeated_field_pairs(field: str, value: str) -> tuple[str, ...]:
    return tuple(field_pairs(field, value))


def field_pairs(field: str, value: str) -> list[str]:
    words = analysed_words(value)
    return [pair_token(field, a, b) for a, b in zip(words, words[1:], strict=False)]


def document_pairs(doc: dict) -> list[str]:
    """The ``pairs`` of every paired field; the recommendation, owners and provider recur
    across a plan's actions, so their pairs are computed once (indexing speed)."""
    out: list[str] = []
    for field in PAIRED_FIELDS:
        out.extend(paired_terms(field, doc.get(field, "")))
    return out


def paired_terms(field: str, value: str) -> list[str] | tuple[str, ...]:
    """The ``pairs`` of one field's value (those of a recurring field memoised)."""
    return field_pairs(field, value) if field == "text" else _repeated_field_pairs(field, value)


def make_schema() -> Schema:
    """One document per action; ``row`` ties it to the store.

    ``pairs`` holds each adjacent pair of analysed words of the free-text fields, so a phrase is
    an AND of pair terms (index.scoring) instead of a walk over positions. Only the saved
    postings hold them (``document_pairs``, index.postings): nothing reads them from Whoosh,
    and they were half of Whoosh's postings, so half its writing time. The field stays in
    the schema so that queries naming it read as before.
    """
    return Schema(
        pairs=KEYWORD(scorable=False),
        row=STORED,
        id=ID(stored=True, unique=True),
        source=ID,
        text=AnalysedText(),
        rec=RepeatedText(),
        owner=RepeatedText(),
        provider=RepeatedText(),
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
    return {k: v for k, v in doc.items() if v != ""}

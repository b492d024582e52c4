"""Evaluating parsed Whoosh queries with numpy over the index's own postings.

Whoosh's matchers walk postings one document at a time in Python; with a query of three words
over five fields (fifteen term matchers) that cost ~100-400 ms per query at 10 000 actions,
mostly in counting every match for the facets. Here each term's postings are read once, whole
blocks at a time, into arrays (kept in a bounded cache), and a query is a few vector operations
over one score and one match array per node: the same match set and the same BM25F formula
(``whoosh.scoring.bm25`` with the posting weights, which already carry the field boosts), in
a few milliseconds. Query types without a vector form fall back to Whoosh's own matching.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from math import log

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

B = 0.75
K1 = 1.2
CACHE_TERMS = 20_000

_BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)


class Postings:
    """Per-term (docnums, weights) arrays and per-field lengths of one open Whoosh reader."""

    def __init__(self, reader, scored_fields: tuple[str, ...],  # noqa: ANN001
                 lengths: dict[str, np.ndarray] | None = None) -> None:
        """``lengths``: per-field document lengths saved at build time (else read here)."""
        self.reader = reader
        self.n = reader.doc_count_all()
        self.lengths: dict[str, np.ndarray] = {}
        self.avg_length: dict[str, float] = {}
        for field in scored_fields:
            saved = (lengths or {}).get(field)
            self.lengths[field] = saved if saved is not None else self.field_lengths(field)
            self.avg_length[field] = (reader.field_length(field) / self.n) if self.n else 1.0
        self._cache: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._lock = threading.Lock()
        self.lock = threading.RLock()  # guards every use of the shared Whoosh reader

    def field_lengths(self, field: str) -> np.ndarray:
        segments = getattr(self.reader, "readers", None)
        if segments is None and hasattr(self.reader, "_perdoc"):
            perdoc = self.reader._perdoc
            if perdoc.has_column(_lenfield(field)):
                column = perdoc.column_reader(_lenfield(field), LENGTHS_COLUMN)
                raw = np.frombuffer(bytes(column[i] for i in range(self.n)), dtype=np.uint8)
                return np.maximum(_BYTE_TO_LENGTH[raw], 1.0)
        return np.array([self.reader.doc_field_length(d, field, 1) or 1 for d in range(self.n)],
                        dtype=np.float32)

    def get(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        key = (field, text)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        with self.lock:  # one shared Whoosh reader: its file reads must not interleave
            found = self._read(field, text)
        with self._lock:
            self._cache[key] = found
            if len(self._cache) > CACHE_TERMS:
                self._cache.popitem(last=False)
        return found

    def _read(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
        if (field, text) not in self.reader:
            return empty
        matcher = self.reader.postings(field, text)
        ids: list = []
        weights: list = []
        if hasattr(matcher, "_read_ids") and hasattr(matcher, "_next_block"):
            # Whole blocks at a time (whoosh3 leaf matcher): arrays, not one call per posting.
            while matcher.is_active():
                matcher._read_ids()
                matcher._read_weights()
                ids.append(np.asarray(matcher._ids[:matcher._blocklength], dtype=np.int64))
                weights.append(np.asarray(matcher._weights[:matcher._blocklength],
                                          dtype=np.float32))
                matcher._next_block()
            return np.concatenate(ids), np.concatenate(weights)
        for docnum in matcher.all_ids():
            ids.append(docnum)
        matcher = self.reader.postings(field, text)
        while matcher.is_active():
            weights.append(matcher.weight())
            matcher.next()
        return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float32)

    def idf(self, field: str, text: str) -> float:
        with self.lock:
            df = self.reader.doc_frequency(field, text)
        return log(self.n / (df + 1)) + 1


class VectorEvaluator:
    """Match set and BM25F score of every document for a query, as two dense arrays."""

    def __init__(self, postings: Postings, searcher_for, scored_fields: tuple[str, ...],  # noqa: ANN001
                 paired_fields: tuple[str, ...] = (), pair_token=None) -> None:  # noqa: ANN001
        self.paired = set(paired_fields)
        self.pair_token = pair_token
        self.postings = postings
        self.n = postings.n
        self.searcher_for = searcher_for
        self.scored = set(scored_fields)

    def run(self, node: wq.Query) -> tuple[np.ndarray, np.ndarray]:
        """(matched: bool[n], score: float64[n])."""
        matched, score = self._eval(node)
        return matched, score

    def _none(self) -> tuple[np.ndarray, np.ndarray]:
        return np.zeros(self.n, dtype=bool), np.zeros(self.n)

    def _term(self, field: str, text: str, boost: float) -> tuple[np.ndarray, np.ndarray]:
        matched, score = self._none()
        ids, weights = self.postings.get(field, text)
        if not len(ids):
            return matched, score
        matched[ids] = True
        if field in self.scored:
            lengths = self.postings.lengths[field][ids]
            avg = self.postings.avg_length[field] or 1.0
            idf = self.postings.idf(field, text)
            score[ids] = boost * idf * (weights * (K1 + 1)) / (
                weights + K1 * ((1 - B) + B * lengths / avg))
        return matched, score

    def _eval(self, node: wq.Query) -> tuple[np.ndarray, np.ndarray]:
        boost = getattr(node, "boost", 1.0)
        if node is wq.NullQuery or isinstance(node, wq.qcore._NullQuery):
            return self._none()
        if isinstance(node, wq.Every):
            return np.ones(self.n, dtype=bool), np.zeros(self.n)
        if isinstance(node, wq.Term):
            return self._term(node.fieldname, str(node.text), boost)
        if isinstance(node, wq.Or):
            matched, score = self._none()
            for child in node.subqueries:
                m, s = self._eval(child)
                if isinstance(child, wq.Not):
                    continue
                matched |= m
                score += s
            return matched, score * boost
        if isinstance(node, wq.And):
            matched = np.ones(self.n, dtype=bool)
            score = np.zeros(self.n)
            for child in node.subqueries:
                m, s = self._eval(child)
                matched &= m
                score += s
            return matched, np.where(matched, score * boost, 0.0)
        if isinstance(node, wq.Not):
            m, _ = self._eval(node.query)
            return ~m, np.zeros(self.n)
        if isinstance(node, wq.AndNot):
            m, s = self._eval(node.a)
            excluded, _ = self._eval(node.b)
            keep = m & ~excluded
            return keep, np.where(keep, s, 0.0)
        if isinstance(node, wq.Phrase):
            return self._phrase(node, boost)
        if isinstance(node, wq.MultiTerm):
            matched, score = self._none()
            reader = self.postings.reader
            field = node.field()
            for _, btext in node.expanded_terms(reader):
                text = reader.schema[field].from_bytes(btext) if isinstance(btext, bytes) else btext
                m, s = self._term(field, text, boost)
                matched |= m
                score += s
            return matched, score
        return self._whoosh_docs(node)

    def _phrase(self, node: wq.Phrase, boost: float) -> tuple[np.ndarray, np.ndarray]:
        """Adjacent words: an AND of the ``pairs`` terms; score = the words' term scores there.

        Phrases with slop, or on fields without pairs, use Whoosh's positional match.
        """
        words = [str(w) for w in node.words]
        if node.fieldname in self.paired and node.slop <= 1 and len(words) >= 2:
            matched = np.ones(self.n, dtype=bool)
            for first, second in zip(words, words[1:], strict=False):
                m, _ = self._term("pairs", self.pair_token(node.fieldname, first, second), 0.0)
                matched &= m
        elif len(words) == 1:
            matched, _ = self._term(node.fieldname, words[0], boost)
        else:
            matched, _ = self._whoosh_docs(node)
        score = np.zeros(self.n)
        for word in node.words:
            _, s = self._term(node.fieldname, str(word), boost)
            score += s
        return matched, np.where(matched, score, 0.0)

    def _whoosh_docs(self, node: wq.Query) -> tuple[np.ndarray, np.ndarray]:
        matched, score = self._none()
        with self.postings.lock:
            docs = np.fromiter(self.searcher_for().docs_for_query(node), dtype=np.int64)
        matched[docs] = True
        return matched, score

"""BM25F ranking with numpy over the Whoosh index's own postings.

Whoosh's matchers walk postings one document at a time in Python, and its BM25F is really a
sum of per-field BM25s (each field its own IDF, boosts inside each field's saturation), so the
weight of the action text mostly vanished and a sparse field got an inflated IDF. Here each
term's postings are read once, whole blocks at a time, into arrays (kept in a bounded cache),
and a query is a few vector operations over one match and one score array per node, with one
true BM25F (Robertson & Zaragoza) per query word:

    tf~(d)  = sum over fields f of  w_f * tf_f(d)          (field-weighted counts, combined)
    norm(d) = (1 - b) + b * L(d) / avg L,   L(d) = sum of w_f * len_f(d)   (one normalisation)
    score   = idf * tf~ (k1 + 1) / (tf~ + k1 * norm(d))    (one saturation)
    idf     = log(1 + (N - df + 0.5) / (df + 0.5)),   df = documents holding the word anywhere

A phrase is scored as one pseudo-word (tf_f = 1 in each field holding it). An ``Or`` with a
``scale`` (the free words of a query) gives a coordination factor, so an action holding more
of the words ranks higher: ``(1 - scale) + scale * matched / words`` (words no document holds
are not counted). An acronym OR-ed with its expansion (``Synonyms``) scores by its best form,
not the sum of both. A phrase of two or more words found in the owner field names a role and
weighs like the action's text (``PHRASE_WEIGHTS``). Query types without a vector form fall back
to Whoosh's own matching.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from math import log

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

from index.postings import SavedPostings

B = 0.75
K1 = 2.0
CACHE_TERMS = 20_000
# Weights of the fields in one BM25F document: the action's own words dominate; the
# recommendation (shared by every action under it) breaks ties; owner and provider mostly
# serve as filters (``owner:``, ``provider:``). Measured on the dev queries (bench/QUERIES.md).
FIELD_WEIGHTS = {"text": 1.0, "rec": 0.15, "owner": 0.2, "provider": 0.1, "theme": 0.3}
# A phrase (two or more words side by side) found in the owner field names a role ("Director
# of Operations"): it weighs like the action's text, where one word of it ("operations") is
# mostly a filter.
PHRASE_WEIGHTS = {"owner": 1.0}



class Synonyms(wq.Or):
    """A word (or words) as typed OR-ed with its other form (an acronym or its expansion):
    one concept of the query, counted once by the coordination factor."""


class Adjacent(wq.Or):
    """Two neighbouring query words found side by side (a bonus, not a word of the query:
    it widens nothing, since both words already match, and is not counted by coordination)."""


class Scoped(wq.WrappingQuery):
    """A clause that holds only in some plans (a plan's own meaning of an acronym).

    ``only``: the plans (sources) it holds in, None for all; ``besides``: plans it does not.
    """

    def __init__(self, child: wq.Query, only: frozenset[str] | None,
                 besides: frozenset[str]) -> None:
        super().__init__(child)
        self.only = only
        self.besides = besides

    def _rewrap(self, child: wq.Query) -> Scoped:
        return self.__class__(child, self.only, self.besides)


_BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)


def idf(n: int, df: int) -> float:
    """BM25's IDF, never negative (a word in most documents counts almost nothing)."""
    return log(1 + (n - df + 0.5) / (df + 0.5))


def bm25f(tf: np.ndarray, norm: np.ndarray, weight: float) -> np.ndarray:
    """Saturated score of combined field-weighted counts ``tf`` (one value per document)."""
    return weight * tf * (K1 + 1) / (tf + K1 * norm)


class Postings:
    """Per-term (docnums, counts) arrays and per-field lengths of one open Whoosh reader."""

    def __init__(self, reader, scored_fields: tuple[str, ...],  # noqa: ANN001
                 lengths: dict[str, np.ndarray] | None = None,
                 saved: SavedPostings | None = None) -> None:
        """``lengths``: per-field document lengths saved at build time (else read here);
        ``saved``: the postings saved at build time (fields it lacks are read from Whoosh)."""
        self.reader = reader
        self.saved = saved
        self.n = reader.doc_count_all()
        self.lengths: dict[str, np.ndarray] = {}
        for field in scored_fields:
            saved = (lengths or {}).get(field)
            self.lengths[field] = saved if saved is not None else self.field_lengths(field)
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
                return _BYTE_TO_LENGTH[raw].astype(np.float32)
        return np.array([self.reader.doc_field_length(d, field, 0) or 0 for d in range(self.n)],
                        dtype=np.float32)

    def get(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        if self.saved is not None:
            found = self.saved.get(field, text)
            if found is not None:
                return found
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


Hits = tuple[np.ndarray, np.ndarray]  # (document numbers ascending and unique, their scores)


class VectorEvaluator:
    """Matching documents and their BM25F scores for a query.

    Every node is evaluated sparsely, as the documents it matches (ascending) and their
    scores, so a query's cost follows its matches rather than the collection: at 100 000
    actions a dense match and score array per node and per word was most of a search's time.
    Where parts are combined (a word over several fields, an OR, a synonym set) they are
    accumulated into one scratch array at their own documents, in the same order and with the
    same arithmetic as a dense sum, so every score is the same to the last bit.
    """

    def __init__(self, postings: Postings, searcher_for, scored_fields: tuple[str, ...],  # noqa: ANN001
                 paired_fields: tuple[str, ...] = (), pair_token=None,  # noqa: ANN001
                 field_weights: dict[str, float] | None = None,
                 row_sources: tuple[np.ndarray, list[str]] | None = None) -> None:
        """``row_sources``: each row's plan as a code, and the plans those codes stand for."""
        self.row_sources = row_sources
        self.paired = set(paired_fields)
        self.pair_token = pair_token
        self.postings = postings
        self.n = postings.n
        self.searcher_for = searcher_for
        self.scored = set(scored_fields)
        self.weights = {f: w for f, w in (field_weights or FIELD_WEIGHTS).items()
                        if f in self.scored}
        weighted = np.zeros(self.n, dtype=np.float64)
        for field, weight in self.weights.items():
            weighted += weight * postings.lengths[field]
        avg = float(weighted.mean()) if self.n else 1.0
        self.norm = (1 - B) + B * weighted / (avg or 1.0)
        self._local = threading.local()

    def run(self, node: wq.Query) -> tuple[np.ndarray, np.ndarray]:
        """(matched: bool[n], score: float64[n])."""
        ids, scores = self.run_sparse(node)
        matched, score = np.zeros(self.n, dtype=bool), np.zeros(self.n)
        matched[ids] = True
        score[ids] = scores
        return matched, score

    def run_sparse(self, node: wq.Query) -> Hits:
        """(matching document numbers, ascending; their scores)."""
        return self._eval(node)

    @staticmethod
    def _empty() -> Hits:
        return np.zeros(0, dtype=np.int64), np.zeros(0)

    def _unscored(self, ids: np.ndarray) -> Hits:
        return ids, np.zeros(len(ids))

    def _combine(self, parts: list[Hits], best: bool = False) -> Hits:
        """The union of ``parts``, each document's values summed (``best``: the largest),
        as a dense ``0.0 + v1 + v2 ...`` (or ``max``) would give them."""
        parts = [p for p in parts if len(p[0])]
        if not parts:
            return self._empty()
        if len(parts) == 1:
            ids, values = parts[0]
            values = np.asarray(values, dtype=np.float64)
            return ids, np.maximum(values, 0.0) if best else values + 0.0
        present, total, _ = self._scratch()
        try:
            for ids, values in parts:
                present[ids] = True
                if best:
                    total[ids] = np.maximum(total[ids], values)
                else:
                    total[ids] += values
            ids = np.flatnonzero(present)
            return ids, total[ids]
        finally:  # clean for the next use, at the parts' own documents only
            for ids, _ in parts:
                present[ids] = False
                total[ids] = 0.0

    def _scratch(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """This thread's zeroed arrays over all documents (presence, sums, counts), reused:
        allocating and faulting in fresh ones cost more than the sums at 100 000 actions.
        Whoever uses them sets back to zero what they touched."""
        local = self._local
        if getattr(local, "arrays", None) is None:
            local.arrays = (np.zeros(self.n, dtype=bool), np.zeros(self.n),
                            np.zeros(self.n, dtype=np.int32))
        return local.arrays

    def _complement(self, ids: np.ndarray) -> np.ndarray:
        keep = np.ones(self.n, dtype=bool)
        keep[ids] = False
        return np.flatnonzero(keep)

    # --- BM25F of one word or phrase over several fields ---

    def word(self, text: str, fields: list[str], boost: float = 1.0) -> Hits:
        """One query word over ``fields``: field-weighted counts, one IDF, one saturation."""
        parts = []
        for field in fields:
            ids, counts = self.postings.get(field, text)
            if len(ids):
                parts.append((ids, self.weights.get(field, 0.0) * counts))
        return self._saturate(*self._combine(parts), boost)

    def _saturate(self, ids: np.ndarray, tf: np.ndarray, boost: float) -> Hits:
        df = len(ids)
        score = np.zeros(df)
        scoring = np.flatnonzero(tf)
        if df and len(scoring):
            score[scoring] = bm25f(tf[scoring], self.norm[ids[scoring]],
                                   boost * idf(self.n, df))
        return ids, score

    def phrase(self, words: list[str], fields: list[str], boost: float = 1.0) -> Hits:
        """Adjacent words as one pseudo-word: tf_f = 1 in each field holding the phrase."""
        parts = []
        for field in fields:
            ids = self._phrase_docs(field, words)
            weight = PHRASE_WEIGHTS.get(field) if len(words) > 1 else None
            weight = weight if weight is not None else self.weights.get(field, 0.0)
            parts.append((ids, np.full(len(ids), weight, dtype=np.float64)))
        return self._saturate(*self._combine(parts), boost)

    def _phrase_docs(self, field: str, words: list[str]) -> np.ndarray:
        if len(words) == 1:
            return self.postings.get(field, words[0])[0]
        if field in self.paired:
            found: np.ndarray | None = None
            for first, second in zip(words, words[1:], strict=False):
                ids = self.postings.get("pairs", self.pair_token(field, first, second))[0]
                found = ids if found is None else np.intersect1d(found, ids,
                                                                  assume_unique=True)
            return found if found is not None else np.zeros(0, dtype=np.int64)
        return self._whoosh_docs(wq.Phrase(field, words))[0]

    # --- query nodes ---

    def _eval(self, node: wq.Query) -> Hits:
        boost = getattr(node, "boost", 1.0)
        if node is wq.NullQuery or isinstance(node, wq.qcore._NullQuery):
            return self._empty()
        if isinstance(node, wq.Every):
            return self._unscored(np.arange(self.n))
        if isinstance(node, Scoped):
            ids, score = self._eval(node.child)
            keep = self.scope_codes(node.only, node.besides)
            if keep is None:
                return ids, score
            if not len(keep):
                return self._empty()
            inside = keep[self.row_sources[0][ids]]
            return ids[inside], score[inside]
        if isinstance(node, wq.Term):
            if node.fieldname in self.scored:
                return self.word(str(node.text), [node.fieldname], boost)
            return self._plain_term(node.fieldname, str(node.text))
        if isinstance(node, Synonyms):
            return self._synonyms(node, boost)
        if isinstance(node, wq.Or):
            return self._or(node, boost)
        if isinstance(node, wq.And):
            return self._and(node, boost)
        if isinstance(node, wq.Not):
            return self._unscored(self._complement(self._eval(node.query)[0]))
        if isinstance(node, wq.AndNot):
            ids, score = self._eval(node.a)
            excluded = np.zeros(self.n, dtype=bool)
            excluded[self._eval(node.b)[0]] = True
            keep = ~excluded[ids]
            return ids[keep], score[keep]
        if isinstance(node, wq.Phrase):
            return self._phrase_node(node, boost)
        if isinstance(node, wq.MultiTerm):
            reader = self.postings.reader
            field = node.field()
            with self.postings.lock:  # the shared reader: no interleaved file reads
                texts = [reader.schema[field].from_bytes(b) if isinstance(b, bytes) else b
                         for _, b in node.expanded_terms(reader)]
            return self._combine([self.word(text, [field], boost) if field in self.scored
                                  else self._plain_term(field, text) for text in texts])
        return self._whoosh_docs(node)

    def _and(self, node: wq.And, boost: float) -> Hits:
        """Documents every child matches (a ``Not`` child excludes), the children's scores
        summed."""
        positive: list[Hits] = []
        excluded: list[np.ndarray] = []
        for child in node.subqueries:
            if isinstance(child, wq.Not):
                excluded.append(self._eval(child.query)[0])
            else:
                positive.append(self._eval(child))
        if positive:
            ids = positive[0][0]
            for other, _ in positive[1:]:
                ids = np.intersect1d(ids, other, assume_unique=True)
        else:
            ids = np.arange(self.n)
        if excluded:
            drop = np.zeros(self.n, dtype=bool)
            for other in excluded:
                drop[other] = True
            ids = ids[~drop[ids]]
        score = np.zeros(len(ids))
        for child_ids, child_scores in positive:
            score += take(ids, child_ids, child_scores)
        return ids, score * boost

    def _phrase_node(self, node: wq.Phrase, boost: float) -> Hits:
        """Adjacent words through ``pairs``; with a slop, Whoosh's positions where the field
        keeps them, else all the words anywhere in the field."""
        field, words = node.fieldname, [str(w) for w in node.words]
        if node.slop <= 1 and (field in self.paired or len(words) == 1):
            return self.phrase(words, [field], boost)
        if self.postings.reader.schema[field].format.supports("positions"):
            ids = self._whoosh_docs(node)[0]
        else:
            ids = np.arange(self.n)
            for word in words:
                ids = np.intersect1d(ids, self._plain_term(field, word)[0], assume_unique=True)
        score = np.zeros(len(ids))
        if field in self.scored:
            for word in words:
                score += take(ids, *self.word(word, [field], boost))
        return ids, score

    def _synonyms(self, node: Synonyms, boost: float) -> Hits:
        """One concept in its forms: an action scores by its best form, not by their sum (an
        action saying "Domestic Abuse (DA)" is not about domestic abuse twice over)."""
        ids, score = self._combine([self._eval(child) for child in node.subqueries], best=True)
        return ids, score * boost

    def _or(self, node: wq.Or, boost: float) -> Hits:
        """Sum of the children; one word (or phrase) in several fields is one BM25F term."""
        words: dict[str, list[str]] = {}
        phrases: dict[tuple[str, ...], list[str]] = {}
        others: list[wq.Query] = []
        for child in node.subqueries:
            if isinstance(child, wq.Not):
                continue
            if type(child) is wq.Term and child.boost == 1.0 and child.fieldname in self.scored:
                words.setdefault(str(child.text), []).append(child.fieldname)
            elif (type(child) is wq.Phrase and child.boost == 1.0 and child.slop <= 1
                  and child.fieldname in self.scored):
                phrases.setdefault(tuple(str(w) for w in child.words), []).append(
                    child.fieldname)
            else:
                others.append(child)
        parts = ([(self.word(text, fields), 1) for text, fields in words.items()]
                 + [(self.phrase(list(w), fields), 1) for w, fields in phrases.items()]
                 + [(self._eval(child), query_width(child)) for child in others])
        ids, score = self._combine([hits for hits, _ in parts])
        scale = getattr(node, "scale", None)
        counted = sum(width for (part_ids, _), width in parts if len(part_ids))
        if scale and counted > 1:
            hits = self._scratch()[2]
            try:
                for (part_ids, _), width in parts:
                    if len(part_ids):
                        hits[part_ids] += width
                score *= (1 - scale) + scale * hits[ids] / counted
            finally:
                for (part_ids, _), _ in parts:
                    hits[part_ids] = 0
        return ids, score * boost

    def scope_codes(self, only: frozenset[str] | None, besides: frozenset[str]
                    ) -> np.ndarray | None:
        """Per plan code: whether its rows are in ``only`` (all if None) and not in
        ``besides``; None when rows have no plans recorded (every row is in scope)."""
        if self.row_sources is None:
            return None
        _, labels = self.row_sources
        inside = np.ones(len(labels), dtype=bool) if only is None else np.array(
            [label in only for label in labels], dtype=bool)
        inside &= np.array([label not in besides for label in labels], dtype=bool)
        return inside

    def scope_mask(self, only: frozenset[str] | None, besides: frozenset[str]) -> np.ndarray:
        """Rows of the plans in ``only`` (all if None) and not in ``besides``."""
        inside = self.scope_codes(only, besides)
        if inside is None:
            return np.ones(self.n, dtype=bool)
        return inside[self.row_sources[0]] if len(inside) else np.zeros(self.n, dtype=bool)

    def _plain_term(self, field: str, text: str) -> Hits:
        return self._unscored(self.postings.get(field, text)[0])

    def _whoosh_docs(self, node: wq.Query) -> Hits:
        with self.postings.lock:
            docs = np.fromiter(self.searcher_for().docs_for_query(node), dtype=np.int64)
        return self._unscored(np.unique(docs))


def take(ids: np.ndarray, found: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``values`` at ``ids`` (both id arrays ascending), 0.0 where ``found`` lacks an id."""
    if not len(found) or not len(ids):
        return np.zeros(len(ids))
    at = np.minimum(np.searchsorted(found, ids), len(found) - 1)
    return np.where(found[at] == ids, values[at], 0.0)


def query_width(node: wq.Query) -> int:
    """How many of the query's words a node stands for (for the coordination factor): a word
    or a phrase over several fields is one; an acronym OR-ed with its expansion counts as the
    words typed."""
    if isinstance(node, Adjacent):
        return 0
    if isinstance(node, Synonyms):
        return query_width(node.subqueries[0]) if node.subqueries else 1
    if isinstance(node, wq.Or) and node.subqueries:
        leaves = node.subqueries
        if all(type(c) is wq.Term for c in leaves) and len({str(c.text) for c in leaves}) == 1:
            return 1
        if all(type(c) is wq.Phrase for c in leaves) and len(
                {tuple(map(str, c.words)) for c in leaves}) == 1:
            return 1
        return sum(query_width(c) for c in leaves)
    return 1

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

import json
import threading
from collections import OrderedDict
from math import log
from pathlib import Path

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

from index.postings import SavedPostings

B = 0.75
K1 = 2.0
CACHE_TERMS = 20_000
WORD_SCORES = "bm25f"  # the words' combined counts saved at build time, beside the postings
# Parts holding at least 1/DENSE_SHARE as many documents as the collection may be combined
# with ``bincount`` over all documents, smaller ones by scatters into a scratch array. Off (0):
# at 100 000 actions the bincount's arrays over every document, allocated anew each time, kept
# about 10 MB more in each server worker (the allocator holds on to them), for a small gain.
DENSE_SHARE = 0
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
            if found is not None:  # as intp: numpy indexes with intp, converting anything else
                return found[0].astype(np.intp), found[1]  # on every use of the array
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
                 row_sources: tuple[np.ndarray, list[str]] | None = None,
                 word_scores: Path | None = None) -> None:
        """``row_sources``: each row's plan as a code, and the plans those codes stand for;
        ``word_scores``: the directory of the words' combined counts saved at build time
        (``save_word_scores``), used if they were computed as this evaluator computes."""
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
        self._saved_words: tuple[tuple[str, ...], SavedPostings] | None = None
        if word_scores is not None:
            self._saved_words = self._load_word_scores(word_scores)

    def run(self, node: wq.Query) -> tuple[np.ndarray, np.ndarray]:
        """(matched: bool[n], score: float64[n])."""
        ids, scores = self.run_sparse(node)
        matched, score = np.zeros(self.n, dtype=bool), np.zeros(self.n)
        matched[ids] = True
        score[ids] = scores
        return matched, score

    def run_sparse(self, node: wq.Query, within: np.ndarray | None = None) -> Hits:
        """(matching document numbers, ascending; their scores); ``within``: only the
        documents it marks (one bool a document: the search's filters). The free words' OR
        leaves the others out before summing its parts (a filter keeping a few actions of
        many matches costs what those few cost); the scores are the same."""
        if within is None:
            return self._eval(node)
        if isinstance(node, wq.Or) and not isinstance(node, Synonyms):
            return self._or(node, getattr(node, "boost", 1.0), within)
        ids, scores = self._eval(node)
        keep = within[ids]
        return ids[keep], scores[keep]

    @staticmethod
    def _empty() -> Hits:
        return np.zeros(0, dtype=np.int64), np.zeros(0)

    def _unscored(self, ids: np.ndarray) -> Hits:
        return ids, np.zeros(len(ids))

    def _combine(self, parts: list[Hits], best: bool = False,
                 widths: list[int] | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The union of ``parts``, each document's values summed (``best``: the largest),
        as a dense ``0.0 + v1 + v2 ...`` (or ``max``) would give them; and with ``widths``
        (one per part), the sum of the widths of the parts holding each document.

        Small parts: one pass of scatters into this thread's scratch arrays, then one gather
        at the union and one reset there; large ones: ``_combine_dense``."""
        kept = [(part, width) for part, width in zip(parts, widths or [0] * len(parts),
                                                      strict=True) if len(part[0])]
        if not kept:
            ids, values = self._empty()
            return ids, values, np.zeros(0, dtype=np.int32)
        if len(kept) == 1:
            (ids, values), width = kept[0]
            values = np.asarray(values, dtype=np.float64)
            values = np.maximum(values, 0.0) if best else values + 0.0
            return ids, values, np.full(len(ids), width, dtype=np.int32)
        if DENSE_SHARE and not best and sum(len(part[0]) for part, _ in kept
                                            ) * DENSE_SHARE >= self.n:
            return self._combine_dense(kept, widths is not None)
        present, total, counts = self._scratch()
        ids = None
        try:
            for (part_ids, values), width in kept:
                present[part_ids] = True
                if best:
                    total[part_ids] = np.maximum(total[part_ids], values)
                else:
                    total[part_ids] += values
                if widths is not None:
                    counts[part_ids] += width
            ids = np.flatnonzero(present)
            return ids, total[ids], counts[ids] if widths is not None else counts[:0]
        finally:  # clean for the next use, at the union's documents only
            if ids is None:  # interrupted: every part's documents
                ids = np.concatenate([part_ids for (part_ids, _), _ in kept])
            present[ids] = False
            total[ids] = 0.0
            if widths is not None:
                counts[ids] = 0

    def _combine_dense(self, kept: list[tuple[Hits, int]], widths: bool
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``_combine`` of parts holding many documents: ``bincount`` adds each document's
        values in the order given, from 0.0 (the same sums as the scratch array's), in one
        C loop where the scatters cost several passes over the parts."""
        ids = np.concatenate([part_ids for (part_ids, _), _ in kept])
        sizes = [len(part_ids) for (part_ids, _), _ in kept]
        found = np.bincount(ids, minlength=self.n)
        union = np.flatnonzero(found != 0)
        total = np.bincount(ids, weights=np.concatenate(
            [values for (_, values), _ in kept]), minlength=self.n)[union]
        if not widths:
            return union, total, found[:0]
        each = [width for _, width in kept]
        if all(width == 1 for width in each):  # a document is once in a part at most
            hits = found[union]
        else:
            hits = np.bincount(ids, weights=np.repeat(each, sizes), minlength=self.n)[union]
        return union, total, hits

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
        """One query word over ``fields``: field-weighted counts, one IDF, one saturation
        (from the combined counts saved at build time when they hold these fields)."""
        saved = self._saved_words
        if saved is not None and boost == 1.0 and tuple(fields) == saved[0]:
            terms, offsets, low, codes = saved[1].fields[WORD_SCORES]
            key = text.encode("utf-8")
            at = int(np.searchsorted(terms, key))
            if at >= len(terms) or terms[at] != key or not key:
                return self._saved_word(np.zeros(0, dtype=np.intp), codes[:0])
            start, end = int(offsets[at]), int(offsets[at + 1])
            ids = low[start:end].astype(np.intp)
            for first in self._saved_high[at].tolist():  # documents from 65 536 x (h + 1) on
                ids[first:] += 1 << 16
            return self._saved_word(ids, codes[start:end])
        parts = []
        for field in fields:
            ids, counts = self.postings.get(field, text)
            if len(ids):
                parts.append((ids, self.weights.get(field, 0.0) * counts))
        return self._saturate(*self._combine(parts)[:2], boost)

    # --- the words' combined counts computed once, at build time ---

    def _saved_word(self, ids: np.ndarray, codes: np.ndarray) -> Hits:
        """A word's BM25F from its documents (intp) and combined counts (codes into the
        table of the collection's distinct values): ``_saturate``'s arithmetic, operand for
        operand, without the scatters that combine the fields."""
        if not len(ids):
            return ids, np.zeros(0)
        tf, k1_norm = self._saved_tf
        numerator = 1.0 * idf(self.n, len(ids)) * tf * (K1 + 1)  # weight * tf * (K1 + 1)
        codes = codes.astype(np.intp)  # once, not at each of the two look-ups
        return ids, numerator[codes] / (tf[codes] + k1_norm[ids])

    def _signature(self, fields: tuple[str, ...]) -> dict:
        """What the saved scores depend on besides the postings and the field lengths."""
        return {"fields": list(fields), "weights": self.weights, "k1": K1, "b": B, "n": self.n,
                "format": 3}

    def save_word_scores(self, directory: Path, saved: SavedPostings,
                         fields: tuple[str, ...], chunk: int = 1 << 21) -> None:
        """Every word's combined field-weighted counts over ``fields``, saved as postings in
        ``directory``: its documents and, for each, a code into the table of the distinct
        combined counts (``tf``: they depend on the fields' counts only, so a few thousand
        at most). A query word over these fields, most of a query's cost at 100 000
        actions, is then two slices of a memory map and one saturation (``_saved_word``),
        without combining the fields' postings; 3 bytes a posting (a document's low 16 bits
        and a one-byte code while the table has at most 256 values), where the scores
        themselves (float64) and the document numbers took 12 and doubled the server's
        mapped pages.

        The arithmetic is ``word``'s, element by element and in the same order (each
        document's field-weighted counts summed from 0.0 in the order of ``fields``, then
        the same saturation with the same IDF), so the scores are the same to the last bit
        (``tests/index/test_scoring.py``). Words are taken in batches of about ``chunk``
        postings, so memory stays bounded."""
        vocabulary = np.unique(np.concatenate(
            [saved.fields[f][0][:len(saved.fields[f][1]) - 1] for f in fields]
            + [np.zeros(0, dtype=bytes)]))
        out_docs: list[np.ndarray] = []
        out_tf: list[np.ndarray] = []
        counts = np.zeros(len(vocabulary), dtype=np.int64)
        start = 0
        sizes = np.zeros(len(vocabulary), dtype=np.int64)  # postings a word has, over fields
        for field in fields:
            terms, offsets = saved.fields[field][0], saved.fields[field][1]
            at = np.searchsorted(vocabulary, terms[:len(offsets) - 1])
            np.add.at(sizes, at, np.diff(offsets))
        ends = np.cumsum(sizes)
        while start < len(vocabulary):
            stop = max(start + 1, int(np.searchsorted(ends, (ends[start - 1] if start else 0)
                                                      + chunk, side="right")))
            docs, tf, df = self._word_counts_of(saved, fields, vocabulary, start, stop)
            out_docs.append(docs)
            out_tf.append(tf)
            counts[start:stop] = df
            start = stop
        offsets = np.zeros(len(vocabulary) + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        docs = np.concatenate(out_docs or [np.zeros(0, np.int32)])
        # A document number as its low 16 bits, and for each word where its documents from
        # 65 536 x h on start (h = 1, 2, ...): 2 bytes a posting instead of 4.
        high = np.zeros((len(vocabulary), max(self.n - 1, 0) >> 16), dtype=np.int64)
        for h in range(high.shape[1]):
            below = np.concatenate([[0], np.cumsum(docs < (h + 1) << 16)])
            high[:, h] = below[offsets[1:]] - below[offsets[:-1]]
        # A combined count depends on the fields' counts only: few distinct values.
        table, codes = np.unique(np.concatenate(out_tf or [np.zeros(0)]), return_inverse=True)
        directory.mkdir(parents=True, exist_ok=True)
        for part, array in (("terms", vocabulary if len(vocabulary) else np.array([b""])),
                            ("offsets", offsets),
                            ("docs", (docs & 0xFFFF).astype(np.uint16)), ("high", high),
                            ("weights", codes.reshape(-1).astype(
                                np.uint8 if len(table) <= 1 << 8 else
                                np.uint16 if len(table) <= 1 << 16 else np.uint32)),
                            ("tf", table)):
            np.save(directory / f"{WORD_SCORES}.{part}.npy", array)
        (directory / f"{WORD_SCORES}.json").write_text(json.dumps(self._signature(fields)))

    def _word_counts_of(self, saved: SavedPostings, fields: tuple[str, ...],
                        vocabulary: np.ndarray, start: int, stop: int
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Documents, combined counts and document frequencies of ``vocabulary[start:stop]``
        (each word's documents ascending)."""
        words, docs, values = [], [], []
        for field in fields:  # in field order: the sums below add them in this order
            terms, offsets, field_docs, field_weights = saved.fields[field]
            terms = terms[:len(offsets) - 1]
            low = int(np.searchsorted(terms, vocabulary[start]))
            high = int(np.searchsorted(terms, vocabulary[stop - 1], side="right"))
            if high <= low:
                continue
            at = np.searchsorted(vocabulary, terms[low:high]) - start
            words.append(np.repeat(at, np.diff(offsets[low:high + 1])))
            span = slice(int(offsets[low]), int(offsets[high]))
            docs.append(field_docs[span].astype(np.int64))
            values.append((self.weights.get(field, 0.0) * field_weights[span]
                           ).astype(np.float64))
        if not words:
            return np.zeros(0, np.int32), np.zeros(0), np.zeros(stop - start, np.int64)
        keys = np.concatenate(words) * max(self.n, 1) + np.concatenate(docs)
        order = np.argsort(keys, kind="stable")  # a document's fields stay in field order
        keys, values_sorted = keys[order], np.concatenate(values)[order]
        first = np.ones(len(keys), dtype=bool)
        first[1:] = keys[1:] != keys[:-1]
        group = np.cumsum(first) - 1
        rank = np.arange(len(keys)) - np.flatnonzero(first)[group]
        tf = np.zeros(int(group[-1]) + 1)
        for r in range(int(rank.max()) + 1):  # 0.0 + first field + second ...: as ``_combine``
            taken = rank == r
            tf[group[taken]] += values_sorted[taken]
        unique = keys[first]
        word_of, doc_of = unique // max(self.n, 1), unique % max(self.n, 1)
        return doc_of.astype(np.int32), tf, np.bincount(word_of, minlength=stop - start)

    def _load_word_scores(self, directory: Path
                          ) -> tuple[tuple[str, ...], SavedPostings] | None:
        """The saved combined counts, if present and computed with this evaluator's fields,
        weights, constants and collection size."""
        signature = directory / f"{WORD_SCORES}.json"
        if (not signature.is_file() or not SavedPostings.present(directory, (WORD_SCORES,))
                or not (directory / f"{WORD_SCORES}.tf.npy").is_file()
                or not (directory / f"{WORD_SCORES}.high.npy").is_file()):
            return None
        fields = tuple(json.loads(signature.read_text()).get("fields", ()))
        if json.loads(signature.read_text()) != json.loads(json.dumps(
                self._signature(fields))):
            return None
        self._saved_tf = (np.load(directory / f"{WORD_SCORES}.tf.npy"), K1 * self.norm)
        self._saved_high = np.load(directory / f"{WORD_SCORES}.high.npy")
        return fields, SavedPostings(directory, (WORD_SCORES,))

    def _saturate(self, ids: np.ndarray, tf: np.ndarray, boost: float) -> Hits:
        """BM25F of the combined counts; 0.0 where they are 0 (a field weighted 0)."""
        df = len(ids)
        if not df:
            return ids, np.zeros(0)
        score = bm25f(tf, self.norm[ids], boost * idf(self.n, df))
        zero = tf == 0  # each element's arithmetic is its own: the others are unchanged
        if zero.any():
            score[zero] = 0.0
        return ids, score

    def phrase(self, words: list[str], fields: list[str], boost: float = 1.0) -> Hits:
        """Adjacent words as one pseudo-word: tf_f = 1 in each field holding the phrase."""
        parts = []
        for field in fields:
            ids = self._phrase_docs(field, words)
            weight = PHRASE_WEIGHTS.get(field) if len(words) > 1 else None
            weight = weight if weight is not None else self.weights.get(field, 0.0)
            parts.append((ids, np.full(len(ids), weight, dtype=np.float64)))
        return self._saturate(*self._combine(parts)[:2], boost)

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
                                  else self._plain_term(field, text) for text in texts])[:2]
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
        ids, score, _ = self._combine([self._eval(child) for child in node.subqueries],
                                      best=True)
        return ids, score * boost

    def _or(self, node: wq.Or, boost: float, within: np.ndarray | None = None) -> Hits:
        """Sum of the children; one word (or phrase) in several fields is one BM25F term
        (``within``: see ``run_sparse``)."""
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
        scale = getattr(node, "scale", None)
        counted = sum(width for (part_ids, _), width in parts if len(part_ids))
        coordinate = bool(scale) and counted > 1
        if within is not None:  # after counting the words the collection holds
            parts = [((part_ids[keep], values[keep]), width) for ((part_ids, values), width), keep
                     in zip(parts, [within[part_ids] for (part_ids, _), _ in parts], strict=True)]
        ids, score, hits = self._combine([hits for hits, _ in parts], widths=[
            width for _, width in parts] if coordinate else None)
        if coordinate:
            score *= (1 - scale) + scale * hits / counted
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

"""Full-text search over action records: ``ActionIndex``, the read side of a data directory.

The Whoosh index holds one document per action, document number == the record's row in the
store, so facet counts and filters are numpy operations over per-row codes loaded once when the
index is opened, instead of Whoosh's per-document grouping. Queries are read by Whoosh's parser
(phrases, AND/OR/NOT, field:value) after a light rewrite for the forms people type
(``target:2019-01..2019-12``), then refined for ranking (index.query: question words dropped,
acronyms OR-ed with their expansions from the glossary, coordination) and scored by one BM25F
(index.scoring). Narrative ``context`` (and ``unplaced``) records rank below actions. Nothing
here raises on a bad query: it is read as plain words with a message.
"""

from __future__ import annotations

import functools
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.analysis import STOP_WORDS
from whoosh.scoring import BM25F

from index.documents import PAIRED_FIELDS, pair_token
from index.english import is_english_word
from index.facets import FacetTable
from index.glossary import Glossary, QueryGlossary
from index.highlight import WORDS_DIR, SavedWords, Token, highlight_spans, save_words, tokens
from index.layout import (  # noqa: F401 - CURRENT_LINK, resolve_generation: re-exported
    ARRAYS_FILE,
    CURRENT_LINK,
    ORIGINALS_DIR,
    STORE_FILE,
    WHOOSH_DIR,
    IndexMissing,
    resolve_generation,
)
from index.limits import MAX_PER_PAGE
from index.postings import POSTINGS_DIR, SavedPostings
from index.query import (
    EXPANSION_FIELDS,
    FREE_TEXT_FIELDS,
    MAX_QUERY_CHARS,
    QUESTION_WORDS,
    SPELL_MAX_CHARS,
    SPELLING_FIELDS,
    WORDS,
    QueryReader,
    positive_terms,
    proximity_words,
    rewrite_ranges,
    spelled_terms,
    unrewrite_ranges,
    window_holds,
)
from index.scoring import Postings, VectorEvaluator
from index.store import PlanSummary, Store
from nlp.records import ActionRecord

__all__ = ["ActionIndex", "IndexMissing", "PlanSummary", "SearchHit", "SearchResult"]


# Bump when the schema, analyzer or saved arrays change: older indexes are then rebuilt from
# their store (actionplans.pipeline.ensure_index, `actionplans index` with no paths).
SEARCH_FORMAT = 5
SCORED_FIELDS = ("text", "rec", "owner", "provider", "theme")
SAVED_POSTINGS = (*SCORED_FIELDS, "pairs")  # read by memory map (index.postings)
# Records that commit to nothing (narrative context, text the parser could not place) stay
# findable but rank below actions: their score is multiplied by this (measured on the dev set).
DEMOTED_KINDS = {"context": 0.5, "unplaced": 0.5}
# "Did you mean": only when the query finds fewer than SUGGEST_BELOW actions, for a word found
# in at most 1/SUGGEST_RATIO as many actions as the suggestion, within a spelling distance of
# 1 (words of 5+ letters) or 2 (8+ letters).
SUGGEST_BELOW = 3
SUGGEST_RATIO = 10
READ_CACHE = 1024  # queries kept as read
ROW_CACHE = 2048  # decoded records (with their words) kept, the most recently used
# Actions holding all the free words within (words + slop) tokens of each other in their text
# have their score multiplied by (1 + PROXIMITY_BONUS) among the top candidates. Off: on the 72
# dev queries 0.25 measured nDCG@10 0.858 against 0.859 without (the side-by-side pairs of
# index.query already reward nearness), and it reads and tokenises every candidate's text,
# about 2 ms a query at 10 000 actions.
PROXIMITY_BONUS = 0.0
PROXIMITY_SLOP = 3
RERANK_EXTRA = 30


# --- results ---------------------------------------------------------------------------------

@dataclass
class SearchHit:
    record: ActionRecord
    score: float
    highlight: str  # HTML-escaped text with only <mark>..</mark> added


@dataclass
class SearchResult:
    query: str
    total: int
    page: int
    per_page: int
    hits: list[SearchHit]
    facets: dict[str, list[tuple[str, int]]]
    suggestion: str | None
    message: str | None


# --- the index -------------------------------------------------------------------------------

class RowCache:
    """Records decoded from the store by row, the most recently used kept (with their words,
    for the proximity bonus when on; the highlight reads the words saved at build time).

    Decoding a record (JSON) was most of a warm search's time: a page, the proximity
    candidates around it and the next page share them. Bounded, so memory does not grow with
    the collection.
    """

    def __init__(self, store: Store, size: int = ROW_CACHE) -> None:
        self.store = store
        self.size = size
        # row -> [record, its words (index.highlight.tokens) or None, its saved words or None]
        self._cache: OrderedDict[int, list] = OrderedDict()
        self._lock = threading.Lock()

    def records(self, rows: list[int]) -> dict[int, ActionRecord]:
        found: dict[int, ActionRecord] = {}
        missing: list[int] = []
        with self._lock:
            for row in rows:
                entry = self._cache.get(row)
                if entry is None:
                    missing.append(row)
                else:
                    self._cache.move_to_end(row)
                    found[row] = entry[0]
        if missing:
            loaded = self.store.by_rows(missing)
            with self._lock:
                for row, record in loaded.items():
                    self._cache[row] = [record, None, None]
                    found[row] = record
                while len(self._cache) > self.size:
                    self._cache.popitem(last=False)
        return found

    def saved_words(self, rows: list[int], saved: SavedWords) -> list[np.ndarray]:
        """The rows' words as saved at build time (``SavedWords.row``), kept with the rows."""
        out = []
        for row in rows:
            entry = self._cache.get(row)
            found = entry[2] if entry is not None else None
            if found is None:
                found = saved.row(row)
                if entry is not None:
                    entry[2] = found
            out.append(found)
        return out

    def words(self, row: int, record: ActionRecord) -> list[Token]:
        """The record's words with their places and stems (``index.highlight.tokens``)."""
        entry = self._cache.get(row)
        if entry is not None and entry[1] is not None:
            return entry[1]
        found = tokens(record.text)
        if entry is not None:
            entry[1] = found
        return found


def save_search_arrays(store: Store, generation: Path) -> None:
    """Facet codes and field lengths as one ``.npz`` beside the Whoosh index (build time)."""
    ix = whoosh_index.open_dir(str(generation / WHOOSH_DIR), readonly=True)
    with ix.reader() as reader:
        postings = Postings(reader, SCORED_FIELDS)
        arrays = FacetTable.from_rows(store.iter_fields(FacetTable.FIELDS),
                                      store.count()).to_arrays()
        arrays.update({f"length.{f}": postings.lengths[f] for f in SCORED_FIELDS})
        sources: dict[str, int] = {}
        codes = np.zeros(store.count(), dtype=np.int32)
        for row, (source,) in store.iter_fields(("source",)):
            codes[row] = sources.setdefault(source, len(sources))
        arrays["source_codes"] = codes
        arrays["source_labels"] = np.array(list(sources), dtype=str)
        # The free words' scores, computed once here rather than in every query.
        postings_dir = generation / WHOOSH_DIR / POSTINGS_DIR
        VectorEvaluator(postings, None, SCORED_FIELDS).save_word_scores(
            postings_dir, SavedPostings(postings_dir, FREE_TEXT_FIELDS), FREE_TEXT_FIELDS)
    save_words((text for _, (text,) in store.iter_fields(("text",))),
               generation / WHOOSH_DIR / WORDS_DIR)
    np.savez(generation / WHOOSH_DIR / ARRAYS_FILE, format=np.array(SEARCH_FORMAT), **arrays)


def load_search_arrays(generation: Path, n: int | None = None) -> dict[str, np.ndarray] | None:
    """The saved arrays, or None if absent, of another format, or not for ``n`` records."""
    path = generation / WHOOSH_DIR / ARRAYS_FILE
    if not path.is_file():
        return None
    with np.load(path, allow_pickle=False) as data:
        arrays = {key: data[key] for key in data.files}
    if int(arrays.get("format", -1)) != SEARCH_FORMAT:
        return None
    return arrays if n is None or int(arrays.get("n", -1)) == n else None


def search_index_current(generation: Path) -> bool:
    """False for a search index built by an older version (rebuild it from its store)."""
    return load_search_arrays(generation) is not None and SavedPostings.present(
        generation / WHOOSH_DIR / POSTINGS_DIR, SAVED_POSTINGS) and SavedWords.present(
        generation / WHOOSH_DIR / WORDS_DIR)


def _as_int(value: object, default: int) -> int:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        return default


class ActionIndex:
    """A read-only view of one data directory: the store plus its Whoosh index."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.generation = resolve_generation(self.data_dir)
        self.store = Store(self.generation / STORE_FILE)
        self.rows = RowCache(self.store)
        self.whoosh = whoosh_index.open_dir(str(self.generation / WHOOSH_DIR), readonly=True)
        self._shared_searcher = None
        self._glossary_map = self.store.glossary()
        self.glossary_lookup = Glossary(self._glossary_map)
        self.spelling_words = self.store.spelling()
        # spelling look-ups by query and kind (under postings.lock)
        self._corrections: OrderedDict[tuple[str, str], str | None] = OrderedDict()
        self.reader = QueryReader(self.whoosh.schema, QueryGlossary(
            self._glossary_map, self.store.acronyms_by_source()))
        # The query as read, remembered for the next page or facet click (Whoosh's parser is a
        # third of a search's time); read queries are never changed afterwards.
        self._read = functools.lru_cache(maxsize=READ_CACHE)(self.reader.read)
        # The stems a query highlights, with the query as read (``q`` as typed, ``read_as``
        # the words searched: ``q``, or its spelling suggestion or correction).
        self._marked = functools.lru_cache(maxsize=READ_CACHE)(
            lambda q, read_as: self._highlight_stems(self._read(read_as)[0], q))
        self.n = self.store.count()
        arrays = load_search_arrays(self.generation, self.n)
        postings_dir = self.generation / WHOOSH_DIR / POSTINGS_DIR
        words_dir = self.generation / WHOOSH_DIR / WORDS_DIR
        if arrays is None or not SavedPostings.present(postings_dir, SAVED_POSTINGS) or \
                not SavedWords.present(words_dir):
            raise IndexMissing(f"{self.data_dir}: the search index was built by another version "
                               f"of actionplans; rebuild it from its store with `actionplans "
                               f"index --index {self.data_dir}`")
        self.facet_table = FacetTable.from_arrays(arrays)
        self.words = SavedWords(words_dir)
        targets = np.array([t or "9999-99" for t in self.facet_table.target_months] or
                           ["9999-99"])
        self.target_order = np.argsort(np.argsort(targets, kind="stable"), kind="stable")
        self._check_alignment()
        lengths = {key.split(".", 1)[1]: arrays[key] for key in arrays
                   if key.startswith("length.")}
        self.postings = Postings(self._searcher().reader(), SCORED_FIELDS, lengths,
                                 SavedPostings(postings_dir, SAVED_POSTINGS))
        self.reader.known_term = self._known_term
        self.evaluator = VectorEvaluator(
            self.postings, self._searcher, SCORED_FIELDS, paired_fields=PAIRED_FIELDS,
            pair_token=pair_token,
            row_sources=(arrays["source_codes"], arrays["source_labels"].tolist()),
            word_scores=postings_dir)
        kinds = self.facet_table.labels["kind"]
        weights = np.array([DEMOTED_KINDS.get(k, 1.0) for k in kinds] + [1.0])
        self.kind_weight = weights[self.facet_table.codes["kind"]]  # code -1 (none) -> 1.0

    def _known_term(self, words: tuple[str, ...]) -> bool:
        """Whether some action's text or recommendation holds the analysed word (two words:
        side by side)."""
        saved = self.postings.saved
        if saved is None:
            return False
        if len(words) == 1:
            return any(saved.doc_frequency(f, words[0]) for f in EXPANSION_FIELDS)
        return any(saved.doc_frequency("pairs", pair_token(f, *words)) for f in EXPANSION_FIELDS)

    def _check_alignment(self) -> None:
        """Whoosh document numbers must be store rows (the build writes them in row order)."""
        searcher = self._searcher()
        ends = [0, self.n - 1] if self.n else []
        if searcher.doc_count_all() != self.n or any(
                searcher.stored_fields(d).get("row") != d for d in ends):
            raise IndexMissing(f"{self.generation}: search index does not match the store; "
                               "rebuild with `actionplans index --rebuild`")

    def is_current(self) -> bool:
        """False once a newer build has been swapped in (reopen to see it)."""
        try:
            return resolve_generation(self.data_dir) == self.generation
        except FileNotFoundError:
            return False

    def _searcher(self):  # noqa: ANN202 - whoosh.searching.Searcher
        """The one Whoosh searcher (one reader: its memory is not repeated per thread).

        Whoosh readers are not safe across threads, so every use holds ``postings.lock``.
        """
        if self._shared_searcher is None:
            self._shared_searcher = self.whoosh.searcher(weighting=BM25F())
        return self._shared_searcher

    # --- look-ups ---

    def get(self, record_id: str) -> ActionRecord | None:
        return self.store.get(record_id)

    def records(self, source: str | None = None) -> list[ActionRecord]:
        return self.store.records(source)

    def plans(self) -> list[PlanSummary]:
        return self.store.plans()

    def original(self, source: str) -> Path | None:
        """The copy of the file plan ``source`` was read from, if the index kept one."""
        path = self.generation / ORIGINALS_DIR / source
        if Path(source).name != source or source.startswith(".") or not path.is_file():
            return None
        return path

    def glossary(self) -> dict[str, str]:
        return dict(self._glossary_map)

    def theme_counts(self) -> dict[str, Counter[str]]:
        """How many records carry each theme, by provider, from the facet arrays (no record
        is decoded: at 100 000 actions, decoding them all took hundreds of MB)."""
        table = self.facet_table
        pair_rows, pair_codes = table.multi["theme"]
        providers = table.codes["provider"][pair_rows]
        themes, provider_labels = table.labels["theme"], table.labels["provider"]
        width = len(provider_labels) + 1  # code -1: no provider
        counts = np.bincount(pair_codes * width + providers + 1,
                             minlength=len(themes) * width).reshape(-1, width)
        out: dict[str, Counter[str]] = {}
        for t, p in zip(*np.nonzero(counts), strict=True):
            provider = provider_labels[p - 1] if p else ""
            out.setdefault(themes[t], Counter())[provider] = int(counts[t, p])
        return out

    def count(self) -> int:
        return self.n

    def warm_up(self) -> None:
        """Build what the first searches would otherwise build while a user waits: the facet
        combinations and value orders, the scoring tables and scratch arrays, the parser's
        first use. Searches a few words of the first record, unfiltered, filtered and by
        target date (results are not kept: only those parts)."""
        first = self.rows.records([0]).get(0) if self.n else None
        words = " ".join(WORDS.findall(first.text)[:3]) if first is not None else ""
        year = next((y for y in self.facet_table.labels.get("year", [])), None)
        self.search(words)
        self.search(words, filters={"year": year} if year else None)
        self.search(words, sort="target")
        self.search("")

    # --- search ---

    def search(self, q: str, *, filters: dict[str, str] | None = None, page: int = 1,
               per_page: int = 20, sort: str = "relevance") -> SearchResult:
        """Ranked, faceted, highlighted results; a bad query gives a message, never an error."""
        q = q if isinstance(q, str) else ""
        page = max(1, _as_int(page, 1))
        per_page = min(MAX_PER_PAGE, max(1, _as_int(per_page, 20)))
        query, message = self._read(q) if q.strip() else (wq.Every(), None)
        read_as = q
        mask = self.facet_table.mask(dict(filters or {}))
        rows, scores = self._match(query, mask)
        suggestion = self._suggest(q, query, len(rows)) if q.strip() else None
        if not len(rows) and suggestion:
            fixed, _ = self.reader.read(suggestion)
            fixed_rows, fixed_scores = self._match(fixed, mask)
            if len(fixed_rows):
                message = f'No results for "{q.strip()}"; showing results for "{suggestion}".'
                query, rows, scores, read_as = fixed, fixed_rows, fixed_scores, suggestion
        elif q.strip():
            corrected = self._corrected(q, query)
            if corrected:
                fixed, _ = self._read(corrected)
                fixed_rows, fixed_scores = self._match(fixed, mask)
                if len(fixed_rows):
                    note = f'No action holds a word of "{q.strip()}"; searched "{corrected}".'
                    message = f"{message} {note}" if message else note
                    query, rows, scores, read_as = fixed, fixed_rows, fixed_scores, corrected
        facets = self.facet_table.count(rows)
        start = (page - 1) * per_page
        if sort == "target":
            order = first_by(self.target_order[rows], start + per_page)[start:]
            page_rows, page_scores = rows[order], scores[order]
            records = self.rows.records([int(r) for r in page_rows])
        elif isinstance(query, wq.Every):
            page_rows, page_scores = rows[start:start + per_page], scores[start:start + per_page]
            records = self.rows.records([int(r) for r in page_rows])
        else:
            page_rows, page_scores, records = self._ranked_page(query, rows, scores, start,
                                                                per_page)
        page_rows = page_rows.tolist()
        stems = self._marked(q, read_as) if q.strip() else self._highlight_stems(query, q)
        shown = [row for row in page_rows if row in records]
        marked = dict(zip(shown, self.words.spans(
            shown, stems, lambda: self.rows.saved_words(shown, self.words)), strict=True))
        hits = [SearchHit(records[row], float(score),
                          highlight_spans(records[row].text, marked[row]))
                for row, score in zip(page_rows, page_scores.tolist(), strict=True)
                if row in records]
        return SearchResult(q, int(len(rows)), page, per_page, hits, facets, suggestion, message)

    def _match(self, query: wq.Query, mask: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """Matching rows (ascending) and their scores."""
        if isinstance(query, wq.Every):
            rows = np.arange(self.n) if mask is None else np.flatnonzero(mask)
            return rows, np.zeros(len(rows))
        rows, scores = self.evaluator.run_sparse(query, within=mask)
        return rows, scores * self.kind_weight[rows]

    def _ranked_page(self, query: wq.Query, rows: np.ndarray, row_scores: np.ndarray,
                     start: int, per_page: int
                     ) -> tuple[np.ndarray, np.ndarray, dict[int, ActionRecord]]:
        """One page by score (ties by plan order), proximity re-ranking the top candidates:
        its rows, their scores and records."""
        if start >= len(rows):
            return np.zeros(0, dtype=np.int64), np.zeros(0), {}
        wanted = min(len(rows), start + per_page + RERANK_EXTRA)
        if wanted < len(rows):
            top = np.argpartition(-row_scores, wanted - 1)[:wanted]
            candidates, candidate_scores = rows[top], row_scores[top]
        else:
            candidates, candidate_scores = rows, row_scores
        words = proximity_words(query) if PROXIMITY_BONUS else []
        records = self.rows.records([int(r) for r in candidates]) if words else {}
        if words:
            width = len(words) + PROXIMITY_SLOP
            near = np.array([window_holds([stem for _, _, stem in self.rows.words(
                row, records[row])], words, width) for row in map(int, candidates)],
                dtype=bool)
            candidate_scores = candidate_scores * np.where(near, 1 + PROXIMITY_BONUS, 1.0)
        order = np.lexsort((candidates, -candidate_scores))[start:start + per_page]
        page_rows = candidates[order]
        if not words:
            records = self.rows.records([int(r) for r in page_rows])
        return page_rows, candidate_scores[order], records

    def _highlight_stems(self, query: wq.Query, q: str) -> set[str]:
        stems = {text for field, text in positive_terms(query)
                 if field in FREE_TEXT_FIELDS and field != "theme"}
        stems |= self.glossary_lookup.related_stems(WORDS.findall(q))
        return stems

    def _suggest(self, q: str, query: wq.Query, found: int) -> str | None:
        """"Did you mean": only when the query finds little, for words far rarer than a word
        spelt almost the same (``SUGGEST_BELOW``, ``SUGGEST_RATIO``), else None."""
        if found >= SUGGEST_BELOW:
            return None
        with self.postings.lock:
            return self._spelled((q, "suggest"), lambda: self._suggest_locked(
                q, query, self._searcher().reader()))

    def _corrected(self, q: str, query: wq.Query) -> str | None:
        """``q`` with each free word that no action holds (in any field, and not an acronym
        of the glossary) spelt as the close, frequent word the index holds; None if none is.

        A typo in a longer query ("dashbord monitoring") finds enough through the other
        words for "did you mean", but the typed word itself matches nothing: searching the
        correction instead loses nothing and finds what was meant."""
        def correct() -> str | None:
            reader = self._searcher().reader()
            counts = self._frequencies(FREE_TEXT_FIELDS, reader)
            unknown = {term.startchar for term in spelled_terms(query)
                       if not any(counts.doc_frequency(f, str(term.text))
                                  for f in FREE_TEXT_FIELDS)}
            return self._suggest_locked(q, query, reader, only=unknown) if unknown else None

        with self.postings.lock:
            return self._spelled((q, "correct"), correct)

    def _spelled(self, key: tuple[str, str], look_up: Callable[[], str | None]
                 ) -> str | None:
        """``look_up()`` once per query and kind (under ``postings.lock``): the spelling
        look-up is slow (milliseconds a word), and its answer depends on the query alone."""
        if key not in self._corrections:
            self._corrections[key] = look_up()
            if len(self._corrections) > READ_CACHE:
                self._corrections.popitem(last=False)
        return self._corrections[key]

    def _suggest_locked(self, q: str, query: wq.Query, reader,  # noqa: ANN001
                        only: set[int] | None = None) -> str | None:
        """``q`` with its rare words spelt as close frequent ones (``only``: the words starting
        at these characters), or None."""
        rewritten = rewrite_ranges(q[:MAX_QUERY_CHARS])
        fixes: list[tuple[int, int, str]] = []
        seen: set[int] = set()
        glossary = self.reader.glossary
        for term in spelled_terms(query):
            typed = rewritten[term.startchar:term.endchar].lower()
            if term.startchar in seen or not typed.isalpha() or not 5 <= len(typed) <= \
                    SPELL_MAX_CHARS:
                continue
            if only is not None and (term.startchar not in only
                                     or (glossary and glossary.meanings(typed))):
                continue
            seen.add(term.startchar)
            best = self._closest(reader, typed, str(term.text))
            if best:
                fixes.append((term.startchar, term.endchar, best))
        if not fixes:
            return None
        for start, end, word in sorted(fixes, reverse=True):
            rewritten = rewritten[:start] + word + rewritten[end:]
        return unrewrite_ranges(rewritten)

    def _frequencies(self, fields: tuple[str, ...], reader):  # noqa: ANN001, ANN202
        """The saved postings if they hold ``fields`` (a binary search a word, not Whoosh's
        term file), else the Whoosh reader: both answer ``doc_frequency``, ``terms_within``."""
        saved = self.postings.saved
        if saved is not None and all(f in saved.fields for f in fields):
            return saved
        return reader

    def _closest(self, reader, typed: str, stem: str) -> str | None:  # noqa: ANN001
        """The indexed word closest in spelling to ``typed`` and far more frequent, or None.

        The words and their frequencies come from the saved postings (Whoosh's automaton over
        its term file took 30 ms a word), else from Whoosh.
        """
        reader = self._frequencies(SPELLING_FIELDS, reader)
        frequency = max(reader.doc_frequency(f, stem) for f in SPELLING_FIELDS)
        if frequency >= SUGGEST_BELOW:  # a word this many actions hold is not a misspelling
            return None
        allowed = 2 if len(typed) >= 8 else 1
        # A real English word is no typo ("promised" is not "premises"); it may only become
        # the form of its own word the plans hold ("telephone" -> "telephony").
        real_word = is_english_word(typed)
        best: tuple[int, int, str] | None = None
        for field in SPELLING_FIELDS:
            for candidate in reader.terms_within(field, stem, 2, prefix=1):
                df = max(reader.doc_frequency(f, candidate) for f in SPELLING_FIELDS)
                word = self.spelling_words.get(candidate, candidate)
                if (candidate == stem or df < SUGGEST_RATIO * frequency or df == 0
                        or word in QUESTION_WORDS or word in STOP_WORDS):
                    continue
                distance = edit_distance(typed, word)
                if real_word and not same_family(typed, word):
                    continue
                if distance <= allowed and (best is None or (distance, -df) < best[:2]):
                    best = (distance, -df, word)
        return best[2] if best else None


def first_by(keys: np.ndarray, k: int) -> np.ndarray:
    """The places of the ``k`` smallest of ``keys`` (all different), in their order: what
    ``np.argsort(keys)[:k]`` gives, without sorting every match for one page."""
    if k >= len(keys):
        return np.argsort(keys, kind="stable")
    top = np.argpartition(keys, k - 1)[:k] if k > 0 else np.zeros(0, dtype=np.intp)
    return top[np.argsort(keys[top], kind="stable")]


def same_family(typed: str, word: str) -> bool:
    """True if ``word`` is ``typed`` with another ending (all but its last two letters kept)."""
    keep = max(4, len(typed) - 2)
    return len(word) >= keep and typed[:keep] == word[:keep]


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance counting a swap of two neighbouring letters as one edit."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1,
                             previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]

"""Full-text search over action records: the Whoosh schema, query reading, facets, highlights.

The Whoosh index holds one document per action, document number == the record's row in the
store, so facet counts and filters are numpy operations over per-row codes loaded once when the
index is opened, instead of Whoosh's per-document grouping. Queries are read by Whoosh's parser
(BM25F over several fields, phrases, AND/OR/NOT, field:value) after a light rewrite for the
forms people type (``target:2019-01..2019-12``); acronyms match their expansions because the
build stores the glossary's other form of each in an ``aliases`` field. Nothing here raises on
a bad query: it is read as plain words with a message.
"""

from __future__ import annotations

import html
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.qparser import FieldAliasPlugin, MultifieldParser, OrGroup
from whoosh.scoring import BM25F

from index.glossary import Glossary, stem_word
from index.scoring import Postings, VectorEvaluator
from index.store import STORE_FILE, PlanSummary, Store
from nlp.records import ActionRecord

__all__ = ["ActionIndex", "IndexMissing", "PlanSummary", "SearchHit", "SearchResult"]

WHOOSH_DIR = "whoosh"
CURRENT_LINK = "current"
MAX_QUERY_CHARS = 500
MAX_PER_PAGE = 100
FACETS = ("provider", "theme", "agreement", "status", "year")
FILTER_KEYS = ("theme", "provider", "agreement", "status", "year", "kind", "owner")

# BM25F field weights: the action's own words count most; the recommendation it answers, the
# glossary's other forms, owners and provider help recall but must not outrank the text.
FIELD_BOOSTS = {"text": 4.0, "aliases": 1.5, "rec": 0.5, "owner": 0.5, "provider": 1.0,
                "theme": 1.0}
# Actions holding all the free words within (words + slop) tokens of each other in their text
# have their score multiplied by (1 + PROXIMITY_BONUS) among the top candidates (measured by
# bench/search_quality.py).
PROXIMITY_BONUS = 0.5
PROXIMITY_SLOP = 3
RERANK_EXTRA = 30
FREE_TEXT_FIELDS = ("text", "aliases", "rec", "owner", "provider")
SCORED_FIELDS = ("text", "aliases", "rec", "owner", "provider", "theme")
SPELLING_FIELDS = ("text", "aliases", "rec")
EXACT_FIELDS = ("agreement", "status", "kind", "year", "target", "source", "id", "rec_number")
FIELD_ALIASES = {"owner": ["owners", "who"], "theme": ["themes"], "rec": ["recommendation"],
                 "target": ["due", "date"], "id": [], "provider": ["by"]}


PAIRED_FIELDS = ("text", "aliases", "rec", "owner", "provider")
_ANALYZER = StemmingAnalyzer(cachesize=-1)


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
        row=NUMERIC(int, bits=32, stored=True, sortable=True),
        id=ID(stored=True, unique=True),
        source=ID,
        text=TEXT(analyzer=words, field_boost=FIELD_BOOSTS["text"]),
        aliases=TEXT(analyzer=words, field_boost=FIELD_BOOSTS["aliases"]),
        rec=TEXT(analyzer=words, field_boost=FIELD_BOOSTS["rec"]),
        owner=TEXT(analyzer=words, field_boost=FIELD_BOOSTS["owner"]),
        provider=TEXT(analyzer=words, field_boost=FIELD_BOOSTS["provider"]),
        theme=KEYWORD(lowercase=True, commas=True, scorable=True,
                      field_boost=FIELD_BOOSTS["theme"]),
        agreement=ID,
        status=ID,
        kind=ID,
        year=ID,
        target=ID,
        rec_number=ID,
    )


def record_year(record: ActionRecord) -> str | None:
    """The year facet: the target year, else the year the plan was submitted."""
    for value in (record.target_month, record.submitted):
        found = re.search(r"\b(19|20)\d\d\b", value or "")
        if found:
            return found.group(0)
    return None


def _exact(value: str | None) -> str:
    return (value or "").strip().lower()


def document_for(row: int, record: ActionRecord, glossary: Glossary) -> dict:
    """The Whoosh document for one record (``aliases`` holds the glossary's other forms)."""
    doc = {
        "row": row,
        "id": record.id,
        "source": record.source,
        "text": record.text,
        "aliases": " ; ".join(glossary.aliases(f"{record.text}\n{record.rec_text}")),
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


class IndexMissing(FileNotFoundError):
    """No built index in the data directory; the message says how to build one."""


def resolve_generation(data_dir: Path) -> Path:
    """The directory holding the live ``actions.sqlite`` and ``whoosh/`` of ``data_dir``."""
    data_dir = Path(data_dir)
    link = data_dir / CURRENT_LINK
    if link.exists():
        return link.resolve()
    if (data_dir / STORE_FILE).is_file():
        return data_dir
    raise IndexMissing(f"{data_dir}: no index here; build one with `actionplans index PATH`")


# --- query reading ---------------------------------------------------------------------------

_RANGE = re.compile(r"\b(\w+):([\w-]*)\.\.([\w-]*)")
_FIELD_PREFIX = re.compile(r"(?<![\w\"])(\w+):(?=\S)")
_WORDS = re.compile(r"\w+(?:\.?\w+)*")
_BOOLEAN_ONLY = re.compile(r"^\s*(AND|OR|NOT|ANDNOT|ANDMAYBE)?\s*$")
_DANGLING = re.compile(r"^\s*(AND|OR)\s+|\s+(AND|OR|NOT)\s*$")
_MINUS = re.compile(r"(^|\s)-(?=[\w\"])")
_SPELL_MAX_CHARS = 30
_CLAUSE = re.compile(r'(NOT\s+)?\b(\w+):("[^"]*"|\[[^\]]*\]|[^\s()]+)')


def _range_bound(value: str, *, upper: bool) -> str:
    if re.fullmatch(r"\d{4}", value):
        return f"{value}-12" if upper else f"{value}-01"
    return value


def _rewrite_ranges(q: str) -> str:
    """``field:a..b`` -> Whoosh's ``field:[a TO b]``; a bare year stands for its months."""
    def repl(m: re.Match[str]) -> str:
        lo = _range_bound(m.group(2), upper=False)
        hi = _range_bound(m.group(3), upper=True)
        return f"{m.group(1)}:[{lo} TO {hi}]"
    return _RANGE.sub(repl, q)


def _unrewrite_ranges(q: str) -> str:
    return re.sub(r"\b(\w+):\[(\S*) TO (\S*)\]", r"\1:\2..\3", q)


class QueryReader:
    """Turns what a person typed into a Whoosh query plus an optional note for them."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.parser = MultifieldParser(
            list(FREE_TEXT_FIELDS), schema, group=OrGroup.factory(0.9)
        )
        self.parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
        self.known_fields = set(schema.names()) | {
            a for aliases in FIELD_ALIASES.values() for a in aliases
        }

    def read(self, q: str) -> tuple[wq.Query, str | None]:
        notes: list[str] = []
        if len(q) > MAX_QUERY_CHARS:
            q = q[:MAX_QUERY_CHARS]
            notes.append(f"The query was cut to its first {MAX_QUERY_CHARS} characters.")
        if q.count('"') % 2:
            q = q.replace('"', " ")
            notes.append("Unbalanced quote: the words were searched without the phrase.")
        unknown = sorted({m.group(1) for m in _FIELD_PREFIX.finditer(q)
                          if m.group(1) not in self.known_fields})
        if unknown:
            q = _FIELD_PREFIX.sub(lambda m: m.group(0) if m.group(1) in self.known_fields
                                  else f"{m.group(1)} ", q)
            notes.append(f"Unknown field {', '.join(unknown)}: searched as words. Fields: "
                         f"{', '.join(FILTER_KEYS + ('target', 'rec'))}.")
        q = _MINUS.sub(r"\1NOT ", q)
        if _DANGLING.search(q) and not _BOOLEAN_ONLY.match(q):
            q = _DANGLING.sub(" ", q)
            notes.append("An AND/OR/NOT with nothing on one side was ignored.")
        if _BOOLEAN_ONLY.match(q) and q.strip():
            notes.append(f"'{q.strip()}' alone is not a search: showing all actions.")
            return wq.Every(), " ".join(notes)
        try:
            parsed = self._parse(_rewrite_ranges(q))
        except Exception:  # noqa: BLE001 - the parser must never fail a search
            words = " ".join(_WORDS.findall(q))
            parsed = self._normalise(self.parser.parse(words)) if words else wq.NullQuery
            notes.append("The query could not be read as search syntax: searched its words.")
        if _has_error(parsed):
            notes.append("Part of the query was not understood and was searched as words.")
        return parsed, " ".join(notes) or None

    def _parse(self, q: str) -> wq.Query:
        """Field clauses narrow the free words ("checks target:..2019-06" means both).

        Unless the person wrote an explicit OR, each ``field:value`` clause is taken out of the
        string (blanked, so word positions still match ``q`` for spelling suggestions), parsed
        on its own, and ANDed with the rest.
        """
        if re.search(r"\bOR\b", q):
            return self._normalise(self.parser.parse(q))
        clauses: list[tuple[bool, str]] = []

        def take(m: re.Match[str]) -> str:
            if m.group(2) not in self.known_fields:
                return m.group(0)
            clauses.append((bool(m.group(1)), m.group(0)[len(m.group(1) or ""):]))
            return " " * len(m.group(0))

        free_q = _CLAUSE.sub(take, q)
        parts = ([self._normalise(self.parser.parse(free_q, normalize=False))]
                 if free_q.strip() else [])
        for negated, clause in clauses:
            parsed = self._normalise(self.parser.parse(clause))
            parts.append(wq.Not(parsed) if negated else parsed)
        parts = [p for p in parts if p is not wq.NullQuery]
        if not parts:
            return wq.NullQuery
        return parts[0] if len(parts) == 1 else wq.And(parts)

    def _normalise(self, node: wq.Query) -> wq.Query:
        """Exact-value fields match their whole lower-cased value ("partly agreed")."""
        if isinstance(node, wq.Phrase | wq.Term) and node.field() in EXACT_FIELDS:
            words = node.words if isinstance(node, wq.Phrase) else [node.text]
            return wq.Term(node.field(), " ".join(str(w) for w in words).lower())
        if isinstance(node, wq.TermRange):
            return wq.TermRange(node.fieldname, node.start or None, node.end or None,
                                startexcl=False, endexcl=False)
        if node.is_leaf():
            return node
        node = node.apply(self._normalise)
        if isinstance(node, wq.Or):
            # "upw NOT women" in an OR group: the NOT must narrow the group, not add to it.
            negatives = [c.query for c in node.subqueries if isinstance(c, wq.Not)]
            if negatives:
                positives = [c for c in node.subqueries if not isinstance(c, wq.Not)]
                base = wq.Or(positives, boost=node.boost) if positives else wq.Every()
                return wq.AndNot(base, wq.Or(negatives))
        return node


def proximity_words(node: wq.Query) -> list[str]:
    """The free words' text-field terms, in query order, when there are two or more."""
    if isinstance(node, wq.AndNot):
        return proximity_words(node.a)
    if isinstance(node, wq.And):
        return proximity_words(node.subqueries[0]) if node.subqueries else []
    if not isinstance(node, wq.Or) or len(node.subqueries) < 2:
        return []
    words = [next((str(t.text) for t in g.subqueries if isinstance(t, wq.Term)
                   and t.fieldname == "text"), None)
             if isinstance(g, wq.Or) else None for g in node.subqueries]
    return [w for w in words if w] if all(words) else []


def _window_holds(stems: list[str], words: list[str], width: int) -> bool:
    """True if every word occurs within some run of ``width`` consecutive stems."""
    wanted = set(words)
    last: dict[str, int] = {}
    for i, token in enumerate(stems):
        if token in wanted:
            last[token] = i
            if len(last) == len(wanted) and i - min(last.values()) < width:
                return True
    return False


def _has_error(node: wq.Query) -> bool:
    if isinstance(node, wq.qcore._NullQuery):
        return False
    if type(node).__name__ == "ErrorQuery":
        return True
    return any(_has_error(child) for child in node.children())


def positive_terms(node: wq.Query) -> list[tuple[str, str]]:
    """(field, text) of the terms a hit should show, skipping anything under NOT."""
    if isinstance(node, wq.Not):
        return []
    if isinstance(node, wq.AndNot):
        return positive_terms(node.a)
    if isinstance(node, wq.Term):
        return [(node.fieldname, str(node.text))]
    if isinstance(node, wq.Phrase):
        return [(node.fieldname, str(w)) for w in node.words]
    out: list[tuple[str, str]] = []
    for child in node.children():
        out.extend(positive_terms(child))
    return out


def _spelled_terms(node: wq.Query) -> list[wq.Term]:
    """Free-text Term nodes (with their place in the query string) that spelling may fix."""
    if isinstance(node, wq.Not):
        return []
    if isinstance(node, wq.Term):
        ok = node.fieldname in SPELLING_FIELDS and getattr(node, "startchar", None) is not None
        return [node] if ok else []
    out: list[wq.Term] = []
    for child in node.children():
        out.extend(_spelled_terms(child))
    return out


# --- highlighting ----------------------------------------------------------------------------

_TOKEN = re.compile(r"\w+(?:\.?\w+)*")
FRAGMENT_CHARS = 280


def highlight(text: str, stems: set[str], limit: int = FRAGMENT_CHARS) -> str:
    """``text`` (or its best window) HTML-escaped, with words whose stem is wanted in <mark>."""
    spans = [(m.start(), m.end()) for m in _TOKEN.finditer(text)
             if stem_word(m.group(0)) in stems]
    start, end = 0, len(text)
    if len(text) > limit:
        best, best_start = -1, 0
        for s, _ in spans or [(0, 0)]:
            lo = max(0, s - limit // 4)
            count = sum(1 for a, _ in spans if lo <= a < lo + limit)
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
    out = ["…" if start else ""]
    pos = start
    for a, b in spans:
        if a < start or b > end:
            continue
        out.append(html.escape(text[pos:a]))
        out.append(f"<mark>{html.escape(text[a:b])}</mark>")
        pos = b
    out.append(html.escape(text[pos:end]))
    out.append("…" if end < len(text) else "")
    return "".join(out)


# --- the index -------------------------------------------------------------------------------

def scores_at(scores: np.ndarray, rows: np.ndarray, row: int) -> float:
    return float(scores[int(row)])


class _Facets:
    """Per-row facet codes, loaded once, for counting and filtering with numpy."""

    def __init__(self, records: list[tuple[int, ActionRecord]], n: int) -> None:
        self.labels: dict[str, list[str]] = {}
        self.codes: dict[str, np.ndarray] = {}
        singles = {
            "provider": lambda r: r.provider,
            "agreement": lambda r: r.agreement,
            "status": lambda r: r.status,
            "year": record_year,
            "kind": lambda r: r.kind,
        }
        for name, value_of in singles.items():
            index: dict[str, int] = {}
            codes = np.full(n, -1, dtype=np.int32)
            for row, record in records:
                value = value_of(record)
                if value:
                    codes[row] = index.setdefault(value, len(index))
            self.labels[name] = list(index)
            self.codes[name] = codes
        # Multi-valued facets as (row, code) pairs: memory grows with the values, not rows x codes.
        self.multi: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for name, values_of in (("theme", lambda r: r.themes), ("owner", lambda r: r.owners)):
            index = {}
            pairs = [(row, index.setdefault(v, len(index)))
                     for row, record in records for v in dict.fromkeys(values_of(record)) if v]
            pair_rows = np.array([p[0] for p in pairs], dtype=np.int64)
            pair_codes = np.array([p[1] for p in pairs], dtype=np.int64)
            self.labels[name] = list(index)
            self.multi[name] = (pair_rows, pair_codes)
        self.n = n

    def mask(self, filters: dict[str, str]) -> np.ndarray | None:
        """Rows passing every filter (values compared without case), or None for no filter."""
        mask: np.ndarray | None = None
        for key, wanted in filters.items():
            if key not in self.labels or wanted is None or str(wanted).strip() == "":
                continue
            wanted_l = str(wanted).strip().lower()
            codes = [i for i, label in enumerate(self.labels[key]) if label.lower() == wanted_l]
            if key in self.multi:
                pair_rows, pair_codes = self.multi[key]
                keep = np.zeros(self.n, dtype=bool)
                keep[pair_rows[np.isin(pair_codes, codes)]] = True
            else:
                keep = np.isin(self.codes[key], codes)
            mask = keep if mask is None else mask & keep
        return mask

    def count(self, rows: np.ndarray) -> dict[str, list[tuple[str, int]]]:
        out: dict[str, list[tuple[str, int]]] = {}
        for name in FACETS:
            labels = self.labels[name]
            if name in self.multi:
                pair_rows, pair_codes = self.multi[name]
                selected = np.zeros(self.n, dtype=bool)
                selected[rows] = True
                counts = np.bincount(pair_codes[selected[pair_rows]], minlength=len(labels))
            else:
                codes = self.codes[name][rows]
                counts = np.bincount(codes[codes >= 0], minlength=len(labels))
            pairs = [(labels[i], int(c)) for i, c in enumerate(counts) if c and i < len(labels)]
            key = (lambda p: p[0]) if name == "year" else (lambda p: (-p[1], p[0]))
            out[name] = sorted(pairs, key=key)
        return out


class ActionIndex:
    """A read-only view of one data directory: the store plus its Whoosh index."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.generation = resolve_generation(self.data_dir)
        self.store = Store(self.generation / STORE_FILE)
        self.whoosh = whoosh_index.open_dir(str(self.generation / WHOOSH_DIR), readonly=True)
        self._local = threading.local()
        self._glossary_map = self.store.glossary()
        self.glossary_lookup = Glossary(self._glossary_map)
        self.spelling_words = self.store.spelling()
        self.reader = QueryReader(self.whoosh.schema)
        rows = list(self.store.iter_rows())
        self.n = len(rows)
        self.facet_table = _Facets(rows, self.n)
        targets = np.array([r.target_month or "9999-99" for _, r in rows] or ["9999-99"])
        self.target_order = np.argsort(np.argsort(targets, kind="stable"), kind="stable")
        self._check_alignment()
        self.postings = Postings(self.whoosh.reader(), SCORED_FIELDS)
        self.evaluator = VectorEvaluator(self.postings, self._searcher, SCORED_FIELDS,
                                         paired_fields=PAIRED_FIELDS, pair_token=pair_token)

    def _check_alignment(self) -> None:
        searcher = self._searcher()
        if searcher.doc_count_all() != self.n:
            raise IndexMissing(f"{self.generation}: search index does not match the store; "
                               "rebuild with `actionplans index --rebuild`")

    def is_current(self) -> bool:
        """False once a newer build has been swapped in (reopen to see it)."""
        try:
            return resolve_generation(self.data_dir) == self.generation
        except FileNotFoundError:
            return False

    def _searcher(self):  # noqa: ANN202 - whoosh.searching.Searcher, one per thread
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self.whoosh.searcher(weighting=BM25F())
            self._local.searcher = searcher
        return searcher

    # --- look-ups ---

    def get(self, record_id: str) -> ActionRecord | None:
        return self.store.get(record_id)

    def records(self, source: str | None = None) -> list[ActionRecord]:
        return self.store.records(source)

    def plans(self) -> list[PlanSummary]:
        return self.store.plans()

    def glossary(self) -> dict[str, str]:
        return dict(self._glossary_map)

    def count(self) -> int:
        return self.n

    # --- search ---

    def search(self, q: str, *, filters: dict[str, str] | None = None, page: int = 1,
               per_page: int = 20, sort: str = "relevance") -> SearchResult:
        """Ranked, faceted, highlighted results; a bad query gives a message, never an error."""
        q = q if isinstance(q, str) else ""
        page = max(1, int(page or 1))
        per_page = min(MAX_PER_PAGE, max(1, int(per_page or 20)))
        query, message = self.reader.read(q) if q.strip() else (wq.Every(), None)
        mask = self.facet_table.mask(dict(filters or {}))
        rows, scores = self._match(query, mask)
        suggestion = self._suggest(q, query) if q.strip() else None
        if not len(rows) and suggestion:
            fixed, _ = self.reader.read(suggestion)
            fixed_rows, fixed_scores = self._match(fixed, mask)
            if len(fixed_rows):
                message = f'No results for "{q.strip()}"; showing results for "{suggestion}".'
                query, rows, scores = fixed, fixed_rows, fixed_scores
        facets = self.facet_table.count(rows)
        start = (page - 1) * per_page
        if sort == "target":
            order = rows[np.argsort(self.target_order[rows], kind="stable")]
            page_rows = order[start:start + per_page]
            records = self.store.by_rows([int(r) for r in page_rows])
        elif isinstance(query, wq.Every):
            page_rows = rows[start:start + per_page]
            records = self.store.by_rows([int(r) for r in page_rows])
        else:
            page_rows, records = self._ranked_page(query, rows, scores, start, per_page)
        stems = self._highlight_stems(query, q)
        hits = [SearchHit(records[int(r)], float(scores_at(scores, rows, r)),
                          highlight(records[int(r)].text, stems))
                for r in page_rows if int(r) in records]
        return SearchResult(q, int(len(rows)), page, per_page, hits, facets, suggestion, message)

    def _match(self, query: wq.Query, mask: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """Matching rows (ascending) and a dense score array over all rows."""
        if isinstance(query, wq.Every):
            matched, score = np.ones(self.n, dtype=bool), np.zeros(self.n)
        else:
            matched, score = self.evaluator.run(query)
        if mask is not None:
            matched &= mask
        return np.flatnonzero(matched), score

    def _ranked_page(self, query: wq.Query, rows: np.ndarray, scores: np.ndarray, start: int,
                     per_page: int) -> tuple[np.ndarray, dict[int, ActionRecord]]:
        """One page by score (ties by plan order), proximity re-ranking the top candidates."""
        if start >= len(rows):
            return np.zeros(0, dtype=np.int64), {}
        wanted = min(len(rows), start + per_page + RERANK_EXTRA)
        row_scores = scores[rows]
        if wanted < len(rows):
            top = np.argpartition(-row_scores, wanted - 1)[:wanted]
            candidates, candidate_scores = rows[top], row_scores[top]
        else:
            candidates, candidate_scores = rows, row_scores
        words = proximity_words(query)
        records = self.store.by_rows([int(r) for r in candidates]) if words else {}
        if words:
            width = len(words) + PROXIMITY_SLOP
            near = np.array([_window_holds([stem_word(t) for t in _TOKEN.findall(
                records[int(r)].text)], words, width) for r in candidates], dtype=bool)
            candidate_scores = candidate_scores * np.where(near, 1 + PROXIMITY_BONUS, 1.0)
            scores[candidates] = candidate_scores
        order = np.lexsort((candidates, -candidate_scores))
        page_rows = candidates[order][start:start + per_page]
        if not words:
            records = self.store.by_rows([int(r) for r in page_rows])
        return page_rows, records

    def _highlight_stems(self, query: wq.Query, q: str) -> set[str]:
        stems = {text for field, text in positive_terms(query)
                 if field in FREE_TEXT_FIELDS and field != "theme"}
        stems |= self.glossary_lookup.related_stems(_WORDS.findall(q))
        return stems

    def _suggest(self, q: str, query: wq.Query) -> str | None:
        """"Did you mean": unknown words replaced by the closest indexed word, or None."""
        reader = self._searcher().reader()
        fixes: list[tuple[int, int, str]] = []
        seen: set[int] = set()
        for term in _spelled_terms(query):
            text = str(term.text)
            if term.startchar in seen or not 4 <= len(text) <= _SPELL_MAX_CHARS:
                continue
            seen.add(term.startchar)
            if any(reader.doc_frequency(f, text) for f in SPELLING_FIELDS):
                continue
            best = self._closest(reader, text)
            if best:
                fixes.append((term.startchar, term.endchar, best))
        if not fixes:
            return None
        rewritten = _rewrite_ranges(q[:MAX_QUERY_CHARS])
        for start, end, word in sorted(fixes, reverse=True):
            rewritten = rewritten[:start] + word + rewritten[end:]
        return _unrewrite_ranges(rewritten)

    def _closest(self, reader, stem: str) -> str | None:  # noqa: ANN001
        best: tuple[int, int, str] | None = None
        for maxdist in (1, 2):
            for field in SPELLING_FIELDS:
                for candidate in reader.terms_within(field, stem, maxdist, prefix=1):
                    df = reader.doc_frequency(field, candidate)
                    if df and (best is None or (maxdist, -df) < (best[0], -best[1])):
                        best = (maxdist, df, candidate)
            if best:
                return self.spelling_words.get(best[2], best[2])
        return None

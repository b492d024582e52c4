"""Reading a query as people type it into a Whoosh query, and what a result should show.

Whoosh's parser does the syntax (words, "phrases", AND/OR/NOT, field:value, ranges) over the
free-text fields; around it: ``target:2019-01..2019-12`` ranges, ``-word``, field clauses that
narrow rather than widen, exact-value fields, and every kind of malformed input read as words
with a note for the person instead of an error.
"""

from __future__ import annotations

import re

from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.qparser import FieldAliasPlugin, MultifieldParser, OrGroup

from index.limits import FILTER_KEYS, MAX_QUERY_CHARS

FREE_TEXT_FIELDS = ("text", "aliases", "rec", "owner", "provider")
SPELLING_FIELDS = ("text", "aliases", "rec")
EXACT_FIELDS = ("agreement", "status", "kind", "year", "target", "source", "id", "rec_number")
FIELD_ALIASES = {"owner": ["owners", "who"], "theme": ["themes"], "rec": ["recommendation"],
                 "target": ["due", "date"], "id": [], "provider": ["by"]}


_RANGE = re.compile(r"\b(\w+):([\w-]*)\.\.([\w-]*)")
_FIELD_PREFIX = re.compile(r"(?<![\w\"])(\w+):(?=\S)")
WORDS = re.compile(r"\w+(?:\.?\w+)*")
_BOOLEAN_ONLY = re.compile(r"^\s*(AND|OR|NOT|ANDNOT|ANDMAYBE)?\s*$")
_DANGLING = re.compile(r"^\s*(AND|OR)\s+|\s+(AND|OR|NOT)\s*$")
_MINUS = re.compile(r"(^|\s)-(?=[\w\"])")
SPELL_MAX_CHARS = 30
_CLAUSE = re.compile(r'(NOT\s+)?\b(\w+):("[^"]*"|\[[^\]]*\]|[^\s()]+)')


def _range_bound(value: str, *, upper: bool) -> str:
    if re.fullmatch(r"\d{4}", value):
        return f"{value}-12" if upper else f"{value}-01"
    return value


def rewrite_ranges(q: str) -> str:
    """``field:a..b`` -> Whoosh's ``field:[a TO b]``; a bare year stands for its months."""
    def repl(m: re.Match[str]) -> str:
        lo = _range_bound(m.group(2), upper=False)
        hi = _range_bound(m.group(3), upper=True)
        return f"{m.group(1)}:[{lo} TO {hi}]"
    return _RANGE.sub(repl, q)


def unrewrite_ranges(q: str) -> str:
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
            parsed = self._parse(rewrite_ranges(q))
        except Exception:  # noqa: BLE001 - the parser must never fail a search
            words = " ".join(WORDS.findall(q))
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


def window_holds(stems: list[str], words: list[str], width: int) -> bool:
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


def spelled_terms(node: wq.Query) -> list[wq.Term]:
    """Free-text Term nodes (with their place in the query string) that spelling may fix."""
    if isinstance(node, wq.Not):
        return []
    if isinstance(node, wq.Term):
        ok = node.fieldname in SPELLING_FIELDS and getattr(node, "startchar", None) is not None
        return [node] if ok else []
    out: list[wq.Term] = []
    for child in node.children():
        out.extend(spelled_terms(child))
    return out

"""Reading a query as people type it into a Whoosh query, and what a result should show.

Whoosh's parser does the syntax (words, "phrases", AND/OR/NOT, field:value, ranges) over the
free-text fields; around it: ``target:2019-01..2019-12`` ranges, ``-word``, field clauses that
narrow rather than widen, exact-value fields, and every kind of malformed input read as words
with a note for the person instead of an error.
"""

from __future__ import annotations

import re
import threading
import tomllib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.qparser import FieldAliasPlugin, MultifieldParser, OrGroup

from index.documents import analysed_words
from index.glossary import QueryGlossary
from index.limits import FILTER_KEYS, MAX_QUERY_CHARS
from index.scoring import Adjacent, Scoped, Synonyms
from index.stemming import family

FREE_TEXT_FIELDS = ("text", "rec", "owner", "provider")
SPELLING_FIELDS = ("text", "rec")
# Where an acronym's expansion (or an expansion's acronym) is looked for: the action's words.
EXPANSION_FIELDS = ("text", "rec")
# Words of a question ("what are they doing about ...", "has anyone ...") that say nothing
# about the subject: dropped from the free words unless nothing else is left. With them the
# verbs of an inspector's question ("has anyone promised / committed / pledged to ..."): every
# action is a commitment, so the verb names none; an action that happens to say "committed"
# ("HMPPS is committed to retaining staff") is no answer to "did anyone commit to ...".
QUESTION_WORDS = frozenset("""
    how what which who whom whose where why when do does did doing done has have had having
    is are was were been being about anyone anybody someone somebody everyone they them their
    there any ever i me my our please provider providers
    promise promised promises commit commits committed pledge pledged pledges
""".split())
# Weight of the other form of an acronym (its expansion, or the acronym of an expansion)
# against the form typed; coordination scale of the free words (index.scoring). Measured on
# the dev queries (bench/QUERIES.md).
OTHER_FORM_WEIGHT = 1.0
COORD_SCALE = 0.5
# Weight of two neighbouring query words found side by side in an action (a bigram bonus, the
# "sequential dependence" idea): "reflective practice" as a pair means more than either word.
ADJACENT_WEIGHT = 0.5
# Where the pair is looked for: the owner field too, so that a role typed as words ("Director
# of Operations") finds the actions it owns (index.scoring.PHRASE_WEIGHTS).
ADJACENT_FIELDS = ("text", "rec", "owner")
# Weight of a word's other Porter form when the index keeps them apart (index.stemming): a
# query for "prisoners" still finds "prison", and "offices" finds "officers", below the word
# typed. Measured on the dev queries (bench/QUERIES.md).
FAMILY_WEIGHT = 0.2
# Weight of a word's other spelling as one word or two ("score card" / "scorecard",
# "re offending" / "reoffending", "data-set" / "dataset"): plans spell compounds both ways.
COMPOUND_WEIGHT = 1.0
COMPOUND_MIN_PART = 3
# Weight of a thesaurus synonym (index/thesaurus.toml) against the words typed.
THESAURUS_FILE = Path(__file__).resolve().parent / "thesaurus.toml"
SYNONYM_WEIGHT = 0.5
# An acronym typed in one number also finds it in the other ("SPO" / "SPOs"), as the same word.
ACRONYM_NUMBERS = True
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


@lru_cache(maxsize=1)
def thesaurus_groups() -> tuple[tuple[str, ...], ...]:
    """The groups of the shipped thesaurus (words or phrases meaning one thing)."""
    groups = tomllib.loads(THESAURUS_FILE.read_text(encoding="utf-8")).get("groups", [])
    return tuple(tuple(str(term) for term in group) for group in groups)


@lru_cache(maxsize=20_000)
def _one_word(text: str) -> str | None:
    words = analysed_words(text)
    return words[0] if len(words) == 1 else None


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

    def __init__(self, schema: Schema, glossary: QueryGlossary | None = None) -> None:
        self.schema = schema
        self.glossary = glossary
        self.analyzer = schema["text"].analyzer
        self.question_stems = {t.text for w in QUESTION_WORDS
                               for t in self.analyzer(w, removestops=False)}
        self.parser = MultifieldParser(list(FREE_TEXT_FIELDS), schema, group=OrGroup)
        self._local = threading.local()  # the string being parsed, per thread
        self._analysed: dict[str, tuple[str, ...]] = {}
        # Every multi-word expansion by its first analysed word, longest first.
        self._by_first_word: dict[str, list[tuple[tuple[str, ...], object]]] = {}
        for meaning in glossary.all_meanings() if glossary else ():
            expansion = self._words(meaning.expansion)
            if len(expansion) >= 2:
                self._by_first_word.setdefault(expansion[0], []).append((expansion, meaning))
        for entries in self._by_first_word.values():
            entries.sort(key=lambda e: -len(e[0]))
        # Each thesaurus phrase (analysed) by its first word, longest first, with its group.
        self._synonyms: dict[str, list[tuple[tuple[str, ...], list[tuple[str, ...]]]]] = {}
        for group in thesaurus_groups() if SYNONYM_WEIGHT else ():
            forms = list(dict.fromkeys(w for w in map(self._words, group) if w))
            for form in forms:
                others = [f for f in forms if f != form]
                self._synonyms.setdefault(form[0], []).append((form, others))
        for entries in self._synonyms.values():
            entries.sort(key=lambda e: -len(e[0]))
        # Whether the index holds analysed words side by side (one word: anywhere), set by the
        # index that owns this reader (None: compounds are not looked for).
        self.known_term: Callable[[tuple[str, ...]], bool] | None = None
        self.parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
        self.known_fields = set(schema.names()) | {
            a for aliases in FIELD_ALIASES.values() for a in aliases
        }

    def read(self, q: str) -> tuple[wq.Query, str | None]:
        """The query and a note for the person; never raises (see :func:`make_safe`)."""
        notes: list[str] = []
        q = collapse_operators(q)
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
            parsed = self._words_only(q)
            notes.append("The query could not be read as search syntax: searched its words.")
        if _has_error(parsed):
            notes.append("Part of the query was not understood and was searched as words.")
        parsed, repaired = make_safe(parsed, self.schema)
        notes.extend(repaired)
        return parsed, " ".join(notes) or None

    def _words_only(self, q: str) -> wq.Query:
        """The fallback: the words alone, operator words lower-cased so that they are plain
        words; it cannot fail the way the full syntax did (and if it fails, nothing)."""
        words = " ".join(w.lower() if w in _OPERATORS else w for w in WORDS.findall(q))
        if not words:
            return wq.NullQuery
        try:
            return self._normalise(self.parser.parse(words))
        except Exception:  # noqa: BLE001 - the fallback must not fail either
            return wq.NullQuery

    def _parse(self, q: str) -> wq.Query:
        """Field clauses narrow the free words ("checks target:..2019-06" means both).

        Unless the person wrote an explicit OR, each ``field:value`` clause is taken out of the
        string (blanked, so word positions still match ``q`` for spelling suggestions), parsed
        on its own, and ANDed with the rest.
        """
        self._local.typed = q
        if re.search(r"\bOR\b", q):
            return self.refine(self._normalise(self.parser.parse(q)))
        clauses: list[tuple[bool, str]] = []

        def take(m: re.Match[str]) -> str:
            if m.group(2) not in self.known_fields:
                return m.group(0)
            clauses.append((bool(m.group(1)), m.group(0)[len(m.group(1) or ""):]))
            return " " * len(m.group(0))

        free_q = _CLAUSE.sub(take, q)
        parts = ([self.refine(self._normalise(self.parser.parse(free_q, normalize=False)))]
                 if free_q.strip() else [])
        for negated, clause in clauses:
            parsed = self._normalise(self.parser.parse(clause))
            parts.append(wq.Not(parsed) if negated else parsed)
        parts = [p for p in parts if p is not wq.NullQuery]
        if not parts:
            return wq.NullQuery
        return parts[0] if len(parts) == 1 else wq.And(parts)

    # --- ranking: question words, acronyms both ways, coordination ---

    def refine(self, node: wq.Query, whole: bool = True) -> wq.Query:
        """The free words as ranked: question words dropped, each acronym OR-ed with its
        expansion and each written-out expansion with its acronym, coordination on."""
        if self._word_of(node) is not None:
            if not whole:  # one word of several: its group's pass looks at compounds, synonyms
                return self._acronym_to_expansion(node)
            return self._with_synonyms(self._compounds([self._acronym_to_expansion(node)]))[0]
        if self._phrase_of(node) is not None:
            return self._expansions_to_acronyms([node])[0]
        if isinstance(node, wq.Or) and not isinstance(node, Synonyms):
            groups = [g for g in _regroup(node.subqueries)
                      if not (isinstance(g, wq.Or) and not g.subqueries)
                      and g is not wq.NullQuery]
            groups = self._drop_question_words(groups)
            groups = self._with_synonyms(self._compounds(
                self._expansions_to_acronyms([self.refine(g, whole=False) for g in groups])))
            if not groups:
                return wq.NullQuery
            groups += self._adjacent_pairs(groups)
            out: wq.Query = wq.Or(groups, boost=node.boost) if len(groups) > 1 else groups[0]
            if isinstance(out, wq.Or) and not isinstance(out, Synonyms):
                out.scale = COORD_SCALE
            return self._acronym_to_expansion(out)
        if isinstance(node, wq.And | wq.AndNot | wq.Not):
            return node.apply(self.refine)
        return self._acronym_to_expansion(node)

    def _word_of(self, node: wq.Query) -> str | None:
        """The analysed word a free-word group stands for (one word over the fields)."""
        if isinstance(node, wq.Term) and node.fieldname in FREE_TEXT_FIELDS:
            return str(node.text)
        if type(node) is wq.Or and node.subqueries and all(
                isinstance(c, wq.Term) for c in node.subqueries):
            texts = {str(c.text) for c in node.subqueries}
            return texts.pop() if len(texts) == 1 else None
        return None

    def _phrase_of(self, node: wq.Query) -> tuple[str, ...] | None:
        if type(node) is wq.Or and node.subqueries and all(
                isinstance(c, wq.Phrase) for c in node.subqueries):
            words = {tuple(str(w) for w in c.words) for c in node.subqueries}
            return words.pop() if len(words) == 1 else None
        return None

    def _surface(self, node: wq.Query) -> str | None:
        """The word as typed (its place in the query string), for the acronym look-up."""
        typed = getattr(self._local, "typed", "")
        for term in node.subqueries if isinstance(node, wq.Or) else [node]:
            start, end = getattr(term, "startchar", None), getattr(term, "endchar", None)
            if start is not None and end is not None and typed[start:end].strip():
                return typed[start:end]
        return None

    def _adjacent_pairs(self, groups: list[wq.Query]) -> list[wq.Query]:
        """A bonus for each two neighbouring typed words found side by side."""
        if not ADJACENT_WEIGHT:
            return []
        words = [w for g in groups for w in self._typed_words(g)]
        return [Adjacent([wq.Phrase(f, [a, b]) for f in ADJACENT_FIELDS],
                         boost=ADJACENT_WEIGHT)
                for a, b in zip(words, words[1:], strict=False) if a and b]

    def _typed_words(self, group: wq.Query) -> list[str | None]:
        """The analysed words a group was typed as, in order (a phrase of the glossary or the
        thesaurus typed out: each of its words; None for what is not a typed word)."""
        if isinstance(group, Synonyms):
            group = group.subqueries[0]
            if isinstance(group, Synonyms):  # a compound's other spelling around a synonym
                group = group.subqueries[0]
        word = self._word_of(group)
        if word is not None:
            return [word]
        if type(group) is wq.Or and group.subqueries and all(
                self._word_of(c) is not None for c in group.subqueries):
            return [self._word_of(c) for c in group.subqueries]
        return [None]

    @staticmethod
    def _one_word(text: str) -> str | None:
        """``text`` as one analysed word, or None (bounded cache: the text is what was typed)."""
        return _one_word(text)

    def _compounds(self, groups: list[wq.Query]) -> list[wq.Query]:
        """A typed word the index also holds as two words side by side, or two typed words it
        also holds as one, OR-ed with that other spelling (one concept of the query)."""
        known = self.known_term
        if known is None or not COMPOUND_WEIGHT:
            return groups
        bases = [g.subqueries[0] if isinstance(g, Synonyms) else g for g in groups]
        surfaces = [self._surface(b) if self._word_of(b) else None for b in bases]
        out: list[wq.Query] = []
        i = 0
        while i < len(groups):
            typed = surfaces[i]
            nxt = surfaces[i + 1] if i + 1 < len(groups) else None
            joined = self._one_word(typed + nxt) if typed and nxt and typed.isalpha() \
                and nxt.isalpha() else None
            if joined and known((joined,)):
                pair = wq.Or(groups[i:i + 2])
                pair.scale = COORD_SCALE
                out.append(Synonyms([pair, self._other_spelling((joined,))]))
                i += 2
                continue
            split = self._split(typed, known) if typed and typed.isalpha() else None
            out.append(Synonyms([groups[i], self._other_spelling(split)]) if split
                       else groups[i])
            i += 1
        return out

    def _split(self, typed: str, known: Callable[[tuple[str, ...]], bool]
               ) -> tuple[str, str] | None:
        """The two words ``typed`` is made of, where the plans write them side by side."""
        for cut in range(COMPOUND_MIN_PART, len(typed) - COMPOUND_MIN_PART + 1):
            first, second = self._one_word(typed[:cut]), self._one_word(typed[cut:])
            if first and second and known((first, second)):
                return first, second
        return None

    def _other_spelling(self, words: tuple[str, ...]) -> wq.Query:
        node = self._expansion_node(words)
        node.boost = COMPOUND_WEIGHT
        return node

    def _with_synonyms(self, groups: list[wq.Query]) -> list[wq.Query]:
        """Consecutive words spelling a thesaurus term -> those words OR its synonyms, each
        synonym weighing ``SYNONYM_WEIGHT`` (one concept for the coordination factor)."""
        if not self._synonyms:
            return groups
        words = [self._word_of(g) for g in groups]
        out: list[wq.Query] = []
        i = 0
        while i < len(groups):
            found = next(((form, others) for form, others in self._synonyms.get(words[i], ())
                          if tuple(words[i:i + len(form)]) == form), None)
            if found is None:
                out.append(groups[i])
                i += 1
                continue
            form, others = found
            typed = groups[i] if len(form) == 1 else wq.Or(groups[i:i + len(form)])
            if isinstance(typed, wq.Or) and len(form) > 1:
                typed.scale = COORD_SCALE
            alternatives = []
            for other in others:
                node = self._expansion_node(other)
                node.boost = SYNONYM_WEIGHT
                alternatives.append(node)
            out.append(Synonyms([typed, *alternatives]))
            i += len(form)
        return out

    def _drop_question_words(self, groups: list[wq.Query]) -> list[wq.Query]:
        kept = [g for g in groups if self._word_of(g) not in self.question_stems]
        return kept or groups

    def _words(self, text: str) -> tuple[str, ...]:
        """``text`` as the index analyses it (cached: glossary expansions recur)."""
        words = self._analysed.get(text)
        if words is None:
            words = self._analysed[text] = tuple(t.text for t in self.analyzer(text))
        return words

    def _alternative(self, node: wq.Query, meaning) -> wq.Query:  # noqa: ANN001
        node.boost = OTHER_FORM_WEIGHT
        if meaning.only is None and not meaning.besides:
            return node
        return Scoped(node, meaning.only, meaning.besides)

    def _acronym_node(self, acronym: str) -> wq.Query:
        """An acronym as the other form of its expansion, in both numbers ("SPO", "SPOs")."""
        node = self._expansion_node(self._words(acronym))
        other_number = self._other_number(acronym)
        if other_number is None:
            return node
        return Synonyms([node, self._expansion_node((other_number[1],))])

    def _expansion_node(self, words: tuple[str, ...]) -> wq.Query:
        if len(words) == 1:
            return wq.Or([wq.Term(f, words[0]) for f in EXPANSION_FIELDS])
        return wq.Or([wq.Phrase(f, list(words)) for f in EXPANSION_FIELDS])

    def _acronym_to_expansion(self, node: wq.Query) -> wq.Query:
        """A word that is an acronym -> the acronym OR its whole expansion (each meaning)."""
        word = self._word_of(node)
        if word is None:
            return node
        surface = self._surface(node)
        others = []
        related = family(word) if FAMILY_WEIGHT else ()
        if related:
            fields = sorted({t.fieldname for t in (node.subqueries if isinstance(node, wq.Or)
                                                   else [node])})
            others.append(wq.Or([wq.Term(f, r) for r in related for f in fields],
                                boost=FAMILY_WEIGHT))
        other_number = self._other_number(surface)
        if other_number is not None:
            fields = sorted({t.fieldname for t in (node.subqueries if isinstance(node, wq.Or)
                                                   else [node])})
            others.append(wq.Or([wq.Term(f, other_number[1]) for f in fields]))
        meanings = self.glossary.meanings(surface or word) if self.glossary else []
        if not meanings and other_number is not None and self.glossary:
            meanings = self.glossary.meanings(other_number[0])
        for meaning in meanings:
            words = self._words(meaning.expansion)
            if len(words) >= 2:
                others.append(self._alternative(self._expansion_node(words), meaning))
        return Synonyms([node, *others]) if others else node

    def _is_acronym(self, text: str) -> bool:
        return len(text) >= 2 and text.isalpha() and (
            text.isupper() or bool(self.glossary and self.glossary.meanings(text)))

    def _other_number(self, surface: str | None) -> tuple[str, str] | None:
        """An acronym typed in one number, in the other, as typed and as the index holds it:
        Porter2 keeps an acronym's plural apart ("SPOs" is "spos", "PDMs" "pdms"), and plans
        write acronyms in both numbers ("Senior Probation Officers (SPOs)"). None for a word
        that is not an acronym, or whose other number the index reads as the same word."""
        if not surface or not ACRONYM_NUMBERS:
            return None
        if len(surface) >= 3 and surface[-1] == "s" and self._is_acronym(surface[:-1]):
            other = surface[:-1]
        elif self._is_acronym(surface) and surface[-1] not in "sS":
            other = surface + "s"
        else:
            return None
        words, typed = self._words(other), self._words(surface)
        return (other, words[0]) if len(words) == 1 and words != typed else None

    def _expansions_to_acronyms(self, groups: list[wq.Query]) -> list[wq.Query]:
        """Consecutive words (or a phrase) spelling an expansion -> those words OR the acronym."""
        if self.glossary is None:
            return groups
        words = [self._word_of(g) for g in groups]
        out: list[wq.Query] = []
        i = 0
        while i < len(groups):
            phrase = self._phrase_of(groups[i])
            first = phrase[0] if phrase else words[i]
            found = None
            for expansion, meaning in self._by_first_word.get(first, ()):
                if phrase == expansion:
                    found = (meaning, 1)
                elif tuple(words[i:i + len(expansion)]) == expansion:
                    found = (meaning, len(expansion))
                if found:
                    break
            if not found:
                out.append(groups[i])
                i += 1
                continue
            meaning, width = found
            typed = groups[i] if width == 1 else wq.Or(groups[i:i + width])
            if isinstance(typed, wq.Or) and width > 1:
                typed.scale = COORD_SCALE
            acronym = self._words(meaning.acronym)
            alternatives = [self._alternative(self._acronym_node(meaning.acronym), m)
                            for m in self.glossary.meanings(meaning.acronym)
                            if self._words(m.expansion) == self._words(meaning.expansion)]
            out.append(Synonyms([typed, *alternatives]) if acronym else typed)
            i += width
        return out

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


def _regroup(children: list[wq.Query]) -> list[wq.Query]:
    """Bare free-text terms of a flattened Or ("a OR b") back into one group per word."""
    out: list[wq.Query] = []
    for child in children:
        if isinstance(child, wq.Term) and child.fieldname in FREE_TEXT_FIELDS:
            last = out[-1] if out else None
            if (type(last) is wq.Or and last.subqueries
                    and all(isinstance(t, wq.Term) and t.text == child.text
                            for t in last.subqueries)):
                last.subqueries.append(child)
                continue
            out.append(wq.Or([child]))
        else:
            out.append(child)
    return [g.subqueries[0] if type(g) is wq.Or and len(g.subqueries) == 1 else g
            for g in out]


# --- making any parsed query safe to run ------------------------------------------------------

_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
_OPERATOR_RUN = re.compile(r"(?<!\S)(?:ANDNOT|ANDMAYBE|AND|OR)((?:\s+(?:ANDNOT|ANDMAYBE|AND|OR))+)"
                           r"(?!\S)")


def collapse_operators(q: str) -> str:
    """``a ANDNOT ANDNOT b`` -> ``a ANDNOT b``: a run of binary operators keeps its first (the
    others are blanked, so character positions in ``q`` still hold for spelling)."""
    return _OPERATOR_RUN.sub(lambda m: m.group(0)[:m.start(1) - m.start(0)]
                             + " " * len(m.group(1)), q)


def make_safe(node: wq.Query, schema: Schema) -> tuple[wq.Query, list[str]]:
    """``node`` rewritten so that running it cannot fail, and notes on what changed.

    A phrase with no indexable words (``""``, ``"the of"``) is dropped; a one-word phrase is its
    word; a phrase on a field that stores no positions matches all of its words; a term on a
    field that is not indexed matches nothing. When nothing is left, the note says so.
    """
    notes: set[str] = set()

    def fix(n: wq.Query) -> wq.Query:
        if isinstance(n, wq.Phrase):
            field = schema[n.fieldname] if n.fieldname in schema else None
            words = [str(w) for w in n.words]
            if not words:
                notes.add("A phrase with no searchable words (only short or common words) "
                          "was left out.")
                return wq.NullQuery
            if len(words) == 1:
                return wq.Term(n.fieldname, words[0], boost=n.boost)
            if field is None or field.format is None or not field.format.supports("positions"):
                notes.add(f"'{n.fieldname}' has no word positions: the phrase's words were "
                          "searched.")
                return wq.And([wq.Term(n.fieldname, w) for w in words], boost=n.boost)
            return n
        if isinstance(n, wq.Term | wq.TermRange | wq.Prefix | wq.Wildcard):
            field = schema[n.fieldname] if n.fieldname in schema else None
            if field is None or field.format is None:
                return wq.NullQuery
            return n
        if n.is_leaf():
            return n
        fixed_node = n.apply(fix)
        if all(a is b for a, b in zip(fixed_node.children(), n.children(), strict=True)):
            return n  # untouched: keep its exact shape (ranking reads it)
        return _without_nothing(n, fixed_node)

    fixed = fix(node)
    if fixed is wq.NullQuery and node is not wq.NullQuery and notes:
        notes.add("Nothing searchable was left in the query.")
    return fixed, sorted(notes, key=lambda note: note.startswith("Nothing"))


_CHILD_ATTRIBUTES = {"subqueries", "a", "b", "query", "child"}


def _without_nothing(original: wq.Query, node: wq.Query) -> wq.Query:
    """``node`` (``original`` with repaired children) with the children that became nothing
    taken out, keeping the ranking attributes ``apply`` does not copy (coordination scale,
    the node's own class)."""
    for name, value in vars(original).items():
        if name not in _CHILD_ATTRIBUTES:
            setattr(node, name, value)
    if isinstance(node, wq.Not):
        return wq.NullQuery if node.query is wq.NullQuery else node
    if isinstance(node, wq.AndNot | wq.AndMaybe):
        if node.a is wq.NullQuery:
            return wq.NullQuery
        return node.a if node.b is wq.NullQuery else node
    if isinstance(node, wq.compound.CompoundQuery):
        node.subqueries = [c for c in node.subqueries if c is not wq.NullQuery]
        return node if node.subqueries else wq.NullQuery
    return node


def proximity_words(node: wq.Query) -> list[str]:
    """The free words' text-field terms, in query order, when there are two or more."""
    if isinstance(node, wq.AndNot):
        return proximity_words(node.a)
    if isinstance(node, wq.And):
        return proximity_words(node.subqueries[0]) if node.subqueries else []
    if not isinstance(node, wq.Or) or isinstance(node, Synonyms) or len(node.subqueries) < 2:
        return []
    words: list[str] = []
    for group in node.subqueries:
        if isinstance(group, Adjacent):  # a bonus beside the words, not a word
            continue
        if isinstance(group, Synonyms):
            group = group.subqueries[0]
        inner = group.subqueries if isinstance(group, wq.Or) else [group]
        if inner and all(isinstance(g, wq.Or) for g in inner):  # an expansion typed out
            inner = [t for g in inner for t in g.subqueries]
        found = [str(t.text) for t in inner if isinstance(t, wq.Term) and t.fieldname == "text"]
        if not found:
            return []
        words.extend(dict.fromkeys(found))
    return words if len(words) >= 2 else []


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

"""The acronym glossary: definitions found in the plans plus the curated domain file.

Plans are acronym-heavy ("UPW", "ETE", "OASys") and inconsistent about spelling things out, so
search treats an acronym and its expansion as the same thing. :class:`Glossary` finds, in a
piece of text, the acronyms used and the expansions written out, and returns the *other* form
of each (similar-actions vectors use it); :class:`QueryGlossary` gives search the meanings of
an acronym typed in a query, each with the plans it holds in, so the query is expanded instead
of the index.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from whoosh.analysis import STOP_WORDS

from index.stemming import stem
from nlp.errors import ActionPlansError

CURATED_FILE = Path(__file__).resolve().parent / "glossary.toml"
CURATED = "curated"
CORPUS = "corpus"

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")


@lru_cache(maxsize=100_000)
def stem_word(word: str) -> str:
    """Lower-case stem, as the index's analyzer makes it (index.stemming)."""
    return stem(word.lower())


def content_stems(text: str) -> list[str]:
    """Stems of the non-stop words of ``text``, in order (punctuation and hyphens split)."""
    return [stem_word(w) for w in _WORD.findall(text) if w.lower() not in STOP_WORDS]


class GlossaryError(ActionPlansError, ValueError):
    """The curated glossary file cannot be read; the message names it."""


def load_curated(path: Path = CURATED_FILE) -> dict[str, str]:
    """The curated ``{acronym: expansion}`` file; a clear error names a bad file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise GlossaryError(f"{path}: cannot read glossary ({exc})") from exc
    table = data.get("acronyms", {})
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise GlossaryError(f"{path}: [acronyms] must map ACRONYM = \"expansion\"")
    return dict(table)


def merge_glossary(curated: dict[str, str], corpus: dict[str, str]) -> dict[str, tuple[str, str]]:
    """``{acronym: (expansion, origin)}``: the curated entry wins over the plans' definition."""
    merged = {a: (e, CORPUS) for a, e in corpus.items() if usable_definition(a, e)}
    merged.update({a: (e, CURATED) for a, e in curated.items()})
    return merged


def usable_definition(acronym: str, expansion: str) -> bool:
    return len(acronym) >= 2 and len(content_stems(expansion)) >= 2


@dataclass(frozen=True)
class _Entry:
    acronym: str
    expansion: str
    stems: tuple[str, ...]


class Glossary:
    """Acronym <-> expansion look-ups over one merged glossary.

    ``fallback`` entries are looked up when ``entries`` has no meaning for an acronym, and
    their expansions are recognised in text too: a plan defining "ETE" as "Employment,
    Training, Education" still has "education, training and employment" tagged as ETE.
    """

    def __init__(self, entries: dict[str, str], fallback: dict[str, str] | None = None) -> None:
        self.entries = {**(fallback or {}), **entries}
        self._by_upper: dict[str, _Entry] = {}
        self._by_first_stem: dict[str, list[_Entry]] = {}
        for table in (fallback or {}, entries):
            for acronym, expansion in table.items():
                entry = _Entry(acronym, expansion, tuple(content_stems(expansion)))
                if not entry.stems:
                    continue
                self._by_upper[acronym.upper()] = entry
                if entry not in self._by_first_stem.get(entry.stems[0], []):
                    self._by_first_stem.setdefault(entry.stems[0], []).append(entry)

    def _acronym_in_text(self, token: str) -> _Entry | None:
        """The entry a text token spells, matching case so "mash" or "po" in prose do not count."""
        for candidate in (token, token[:-1] if token.endswith("s") else None):
            if not candidate:
                continue
            entry = self._by_upper.get(candidate.upper())
            if entry and (candidate == entry.acronym or candidate.isupper()):
                return entry
        return None

    def _expansions_in(self, stems: list[str]) -> list[_Entry]:
        found = []
        for i, first in enumerate(stems):
            for entry in self._by_first_stem.get(first, ()):
                if tuple(stems[i:i + len(entry.stems)]) == entry.stems:
                    found.append(entry)
        return found

    def aliases(self, text: str) -> list[str]:
        """The other form of every acronym or expansion in ``text`` (each once, in order)."""
        out: dict[str, None] = {}
        for token in _WORD.findall(text):
            entry = self._acronym_in_text(token)
            if entry:
                out.setdefault(entry.expansion)
        for entry in self._expansions_in(content_stems(text)):
            out.setdefault(entry.acronym)
        return list(out)

    def related_stems(self, words: list[str]) -> set[str]:
        """Stems a query's words stand for through the glossary (for highlighting).

        Query words are matched without regard to case: people type "upw" too.
        """
        related: set[str] = set()
        for word in words:
            entry = self._by_upper.get(word.upper())
            if entry:
                related.update(entry.stems)
        stems = [stem_word(w) for w in words if w.lower() not in STOP_WORDS]
        for entry in self._expansions_in(stems):
            related.add(stem_word(entry.acronym))
        return related


@dataclass(frozen=True)
class Meaning:
    """One meaning of an acronym and the plans it holds in, for reading queries.

    ``only``: the plans that define the acronym this way themselves (None: every plan);
    ``besides``: plans that give the acronym another meaning of their own (it does not hold there).
    """

    acronym: str
    expansion: str
    only: frozenset[str] | None = None
    besides: frozenset[str] = frozenset()


class QueryGlossary:
    """Acronym meanings for query-time expansion: the merged glossary, and each plan's own.

    A plan's own definition wins inside that plan ("CSC" is "Customer Service Centre" in most
    plans and "Child Safeguarding checks" in one), so each meaning carries where it holds.
    """

    def __init__(self, merged: dict[str, str], own_by_source: dict[str, dict[str, str]]) -> None:
        own: dict[str, dict[tuple[str, ...], tuple[str, set[str]]]] = {}
        for source, table in own_by_source.items():
            for acronym, expansion in table.items():
                if usable_definition(acronym, expansion):
                    key = tuple(content_stems(expansion))
                    entry = own.setdefault(acronym.upper(), {}).setdefault(key, (expansion, set()))
                    entry[1].add(source)
        self.meanings_by_upper: dict[str, list[Meaning]] = {}
        for acronym, expansion in merged.items():
            upper = acronym.upper()
            stems = tuple(content_stems(expansion))
            differ = {s for key, (_, sources) in own.get(upper, {}).items() if key != stems
                      for s in sources}
            self.meanings_by_upper.setdefault(upper, []).append(
                Meaning(acronym, expansion, None, frozenset(differ)))
        for upper, variants in own.items():
            merged_stems = {tuple(content_stems(m.expansion))
                            for m in self.meanings_by_upper.get(upper, [])}
            for stems, (expansion, sources) in variants.items():
                if stems not in merged_stems:
                    acronym = next((a for t in own_by_source.values() for a in t
                                    if a.upper() == upper), upper)
                    self.meanings_by_upper.setdefault(upper, []).append(
                        Meaning(acronym, expansion, frozenset(sources)))

    def meanings(self, word: str) -> list[Meaning]:
        """The meanings of ``word`` read as an acronym, whatever its case (people type "upw")."""
        return self.meanings_by_upper.get(word.upper(), [])

    def all_meanings(self) -> list[Meaning]:
        return [m for ms in self.meanings_by_upper.values() for m in ms]

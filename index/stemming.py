"""The index's stemmer: Porter2, except that a person is not what they do.

Porter2 strips "-er" as a suffix, so "officers" and "offices" are one word ("offic"), as are
"managers" and "management" ("manag"), "providers" and "provided", "sentencers" and
"sentence": a search for probation officers found office buildings, and one for middle
managers found management systems. Here an agent noun (a noun in "-er"/"-or" naming who does
something) keeps its own stem: the singular. A word in "-er"/"-or" is taken for a verb, and
stemmed as Porter2 stems it, when spaCy's English lemma table (``spacy-lookups-data``) has
an "-ed" or "-ing" form of it ("deliver", "monitor", "register", "offer"); otherwise it is a
noun ("officer", "manager", "provider", "sentencer", "newsletter").
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path

import spacy_lookups_data
from whoosh.lang.porter2 import stem as porter2_stem

_AGENT_ENDINGS = ("er", "or")


def _lemma_table() -> tuple[dict[str, str], frozenset[str]]:
    """spaCy's English lookup lemmas, and the lemmas that have a verb form (-ed, -ing)."""
    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        table: dict[str, str] = json.load(handle)
    verbs = frozenset(lemma for form, lemma in table.items() if form.endswith(("ed", "ing")))
    return table, verbs


_LEMMAS, _VERBS = _lemma_table()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The index term of a lower-case word: its singular if it is an agent noun, else Porter2."""
    lemma = _LEMMAS.get(word)
    if lemma is None and word.endswith(("ers", "ors")):
        lemma = word[:-1]  # a plural the table does not hold ("sentencers")
    lemma = lemma or word
    if (len(lemma) > 4 and lemma.endswith(_AGENT_ENDINGS) and lemma not in _VERBS
            and porter2_stem(lemma) != lemma):
        return lemma
    return porter2_stem(word)


def _agents_by_porter_stem() -> dict[str, tuple[str, ...]]:
    found: dict[str, set[str]] = {}
    for lemma in set(_LEMMAS.values()):
        if lemma.isalpha() and stem(lemma) == lemma and porter2_stem(lemma) != lemma:
            found.setdefault(porter2_stem(lemma), set()).add(lemma)
    return {p: tuple(sorted(agents)) for p, agents in found.items()}


_AGENTS = _agents_by_porter_stem()


def family(term: str) -> tuple[str, ...]:
    """The other index terms of a term's Porter family: an agent noun's Porter stem
    ("officer" -> "offic"), or the agent nouns of a Porter stem ("prison" -> "prisoner")."""
    if term.endswith(_AGENT_ENDINGS) and porter2_stem(term) != term and stem(term) == term:
        return (porter2_stem(term),)
    return _AGENTS.get(term, ())

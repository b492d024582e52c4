"""Acronym expansion before featurising, so "ETE", "UPW" and their long forms meet.

Plans write the same thing as an acronym in one place and in full in another. Each use of an
acronym from the short curated list in ``themes.toml`` (``[acronyms]``) is followed by its
long form, unless the text already writes that long form or defines the acronym itself
(``nlp.language.acronym_definitions``: "Unpaid Work (UPW)"), where the two already meet and
the text's own meaning wins. So the model sees "education training employment" wherever only
"ETE" is written, and the evidence maps the added words back to the acronym as written.
"""

from __future__ import annotations

import re
from functools import lru_cache

AcronymTable = tuple[tuple[str, str], ...]
# Whole tokens only, and not where the text defines the acronym: "(UPW)", "MARAC (Multi-...)".
_BEFORE = r"(?<![\w&(])"
_AFTER = r"(?![\w&])(?!\))(?!\s*\()"


def as_table(acronyms: dict[str, str] | None) -> AcronymTable:
    """A hashable, ordered form of an acronym dictionary (for caching)."""
    return tuple(sorted((acronyms or {}).items()))


@lru_cache(maxsize=256)
def _pattern(acronym: str) -> re.Pattern[str]:
    return re.compile(rf"{_BEFORE}{re.escape(acronym)}{_AFTER}")


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


@lru_cache(maxsize=20_000)
def _expansions(text: str, table: AcronymTable) -> tuple[tuple[str, str], ...]:
    """The curated acronyms used in ``text`` whose long form it does not already write.

    An acronym the text defines itself ("Unpaid Work (UPW)") is left alone: its long form is
    already there, so the two meet without repeating it (and the text's own meaning wins
    over the curated one).
    """
    used = [(acronym, long) for acronym, long in sorted(table, key=lambda e: -len(e[0]))
            if acronym and acronym in text and _pattern(acronym).search(text)]
    if not used:
        return ()
    # lazy: spaCy takes seconds to import; only when text is analysed
    from nlp.language import acronym_definitions

    own = acronym_definitions(text) if "(" in text else {}
    written = f" {_words(text)} "
    return tuple((acronym, long) for acronym, long in used
                 if acronym not in own and f" {_words(long)} " not in written)


def expand_acronyms(text: str, table: AcronymTable = ()) -> str:
    """``text`` with each acronym use followed by its long form: "ETE" -> "ETE (education
    training and employment)". Acronyms match case-sensitively, as whole tokens."""
    found = _expansions(text, table)
    if not found:
        return text
    lookup = dict(found)
    alternatives = "|".join(re.escape(a) for a, _ in found)
    pattern = re.compile(rf"{_BEFORE}(?:{alternatives}){_AFTER}")
    return pattern.sub(lambda m: f"{m.group(0)} ({lookup[m.group(0)]})", text)


def expansion_words(text: str, table: AcronymTable = ()) -> dict[str, str]:
    """Each lower-cased word the expansion adds to ``text``, mapped to its acronym, so
    evidence can show "ETE" rather than a word the text does not contain."""
    written = set(re.findall(r"\w+", text.lower()))
    words: dict[str, str] = {}
    for acronym, long_form in _expansions(text, table):
        for word in re.findall(r"\w+", long_form.lower()):
            if word not in written:
                words.setdefault(word, acronym)
    return words

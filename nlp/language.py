"""The spaCy pipeline: sentences, lemmas and acronym definitions.

A blank English pipeline with the lookup lemmatizer (tables from ``spacy-lookups-data``) and
a rule-based sentencizer: no model download. If ``en_core_web_sm`` happens to be installed it
is used instead. Loaded once, lazily, so importing ``nlp`` stays cheap.
"""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language

_STOP_LINKERS = {"and", "of", "the", "for", "in", "to", "&", "on", "with", "a"}


@lru_cache(maxsize=1)
def language() -> Language:
    """The shared spaCy pipeline (built on first use)."""
    try:
        return spacy.load("en_core_web_sm", exclude=["ner", "parser"])
    except OSError:
        pass
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentencizer")
    pipeline.add_pipe("lemmatizer", config={"mode": "lookup"})
    pipeline.initialize()
    return pipeline


def pieces(text: str, limit: int | None = None) -> list[str]:
    """``text`` cut at line breaks (else spaces) into pieces spaCy can take (its
    ``max_length``), so no input, however long, makes it raise; usually one piece."""
    limit = limit or language().max_length
    out: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut <= 0:
            cut = text.rfind(" ", 0, limit)
        cut = cut + 1 if cut > 0 else limit
        out.append(text[:cut])
        text = text[cut:]
    out.append(text)
    return out


def lemmas(text: str) -> list[str]:
    """Lower-cased lemmas of the word tokens of ``text`` (punctuation and spaces dropped).

    The text is lower-cased first: the lookup tables only hold lower-case forms.
    """
    out: list[str] = []
    for piece in pieces(text.lower()):
        doc = language().make_doc(piece)
        for _, proc in language().pipeline:
            doc = proc(doc)
        out.extend((tok.lemma_ or tok.text).lower() for tok in doc
                   if not (tok.is_punct or tok.is_space))
    return out


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, stripped."""
    return [s.text.strip() for piece in pieces(text) for s in language()(piece).sents
            if s.text.strip()]


def _spells(letters: str, words: list[str]) -> bool:
    """True if each content word, in order, starts with the next letter and may add inner ones.

    "UPW" is spelled by "Unpaid Work", "OASys" by "Offender Assessment System"; linking
    words ("of", "and") may be skipped.
    """
    if not words:
        return not letters
    word, rest = words[0].lower(), words[1:]
    if word in _STOP_LINKERS and _spells(letters, rest):
        return True
    if not letters or word[0] != letters[0]:
        return False
    remaining = letters[1:]
    # Try taking 0, 1, 2... further letters from inside this word, in order.
    taken, pos = 0, 1
    while True:
        if _spells(remaining[taken:], rest):
            return True
        if taken >= len(remaining):
            return False
        found = word.find(remaining[taken], pos)
        if found == -1:
            return False
        taken, pos = taken + 1, found + 1


def _initials_match(acronym: str, words: list[str]) -> int:
    """How many trailing ``words`` spell out the acronym (0 if none); the shortest wins."""
    letters = "".join(c.lower() for c in acronym if c.isalpha())
    if len(letters) < 2:
        return 0
    for n in range(1, min(len(words), 2 * len(letters) + 2) + 1):
        span = words[-n:]
        if span[0].lower() not in _STOP_LINKERS and _spells(letters, span):
            return n
    return 0


def acronym_definitions(text: str) -> dict[str, str]:
    """Acronyms the text defines, as ``{"UPW": "Unpaid Work"}``.

    Runs the spaCy tokenizer and looks for "Long Form (LF)": a parenthesised token with at
    least two capitals whose letters are spelled by the words just before it.
    """
    found: dict[str, str] = {}
    for piece in pieces(text):
        for acronym, expansion in _definitions(language().make_doc(piece)).items():
            found.setdefault(acronym, expansion)
    return found


def _definitions(doc) -> dict[str, str]:  # noqa: ANN001 - a spacy Doc
    found: dict[str, str] = {}
    for i in range(1, len(doc) - 2):
        if doc[i].text != "(":
            continue
        close = i + 3 if doc[i + 2].text in {"'s", "’s", "s"} and i + 3 < len(doc) else i + 2
        if not doc[close].text.startswith(")"):
            continue
        acronym = re.sub(r"(?<=[A-Z])(?:['’]s|s)$", "", doc[i + 1].text)
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9&]{1,11}", acronym) or \
                sum(c.isupper() for c in acronym) < 2:
            continue
        words = [t.text for t in doc[max(0, i - 16): i] if re.match(r"[A-Za-z]", t.text)]
        n = _initials_match(acronym, words)
        if n:
            found.setdefault(acronym, re.sub(r"['’]s?$", "", " ".join(words[-n:])))
    return found

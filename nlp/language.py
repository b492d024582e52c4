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


def lemmas(text: str) -> list[str]:
    """Lower-cased lemmas of the word tokens of ``text`` (punctuation and spaces dropped)."""
    doc = language().make_doc(text)
    for _, proc in language().pipeline:
        doc = proc(doc)
    return [
        (tok.lemma_ or tok.text).lower()
        for tok in doc
        if not (tok.is_punct or tok.is_space)
    ]


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, stripped."""
    return [s.text.strip() for s in language()(text).sents if s.text.strip()]


_PAREN = re.compile(r"\(([^()]{2,12})\)")


def _initials_match(acronym: str, words: list[str]) -> int:
    """How many trailing ``words`` the acronym's letters spell out (0 if none).

    Letters may match word initials, or further letters inside a word ("OASys" from
    "Offender Assessment System", "PQiP" from "Professional Qualification in Probation").
    """
    letters = [c.lower() for c in acronym if c.isalpha()]
    if len(letters) < 2:
        return 0
    best = 0
    for start in range(len(words) - 1, max(-1, len(words) - 2 * len(letters) - 3), -1):
        span = words[start:]
        if not span or span[0].lower() in _STOP_LINKERS:
            continue
        if span[0][0].lower() != letters[0]:
            continue
        # Greedy: walk letters through the words, each content word must contribute a letter.
        li = 0
        ok = True
        for word in span:
            lower = word.lower()
            if lower in _STOP_LINKERS and (li >= len(letters) or lower[0] != letters[li]):
                continue
            if li >= len(letters) or lower[0] != letters[li]:
                ok = False
                break
            li += 1
            pos = 1
            while li < len(letters) and pos < len(lower):
                found = lower.find(letters[li], pos)
                if found == -1 or li >= len(letters):
                    break
                # Only take inner letters that are capitalised in the word (OASys, PQiP).
                if word[found].isupper() or acronym[li].islower():
                    li += 1
                    pos = found + 1
                else:
                    break
        if ok and li == len(letters):
            best = len(span)
    return best


def acronym_definitions(text: str) -> dict[str, str]:
    """Acronyms the text defines, as ``{"UPW": "Unpaid Work"}``.

    Finds the pattern "Long Form (LF)": a parenthesised token with at least two capitals,
    whose letters are spelled by the words just before it.
    """
    found: dict[str, str] = {}
    for match in _PAREN.finditer(text):
        acronym = match.group(1).strip()
        if " " in acronym or sum(c.isupper() for c in acronym) < 2:
            continue
        acronym = re.sub(r"['’]s$|s$", "", acronym) if acronym.endswith(("'s", "’s")) else acronym
        before = text[: match.start()]
        words = re.findall(r"[A-Za-z][A-Za-z&'’-]*", before[-200:])
        n = _initials_match(acronym.rstrip("s") if acronym.endswith("s") and
                            acronym[:-1].isupper() else acronym, words)
        if n:
            key = acronym[:-1] if acronym.endswith("s") and acronym[:-1].isupper() else acronym
            found.setdefault(key, re.sub(r"['’]s?$", "", " ".join(words[-n:])))
    return found

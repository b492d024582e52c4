"""Which words are ordinary English words: a real word is never "corrected" as a typo.

An inspector types "has anyone promised ..."; no plan holds "promised", and it is one letter
pair away from "premises", which many do. A word the plans do not hold is not a typo when it
is a common English word, so spelling leaves it alone. The list is the words of spaCy's English
lexeme probability table (``spacy-lookups-data``) at or above ``MIN_LOG_PROB``: about 37 000
words, where common typos ("benifits", "liason", "premisses") fall below. It is shipped, made
once by :func:`build_word_list` (``.venv/bin/python -m index.english``; a test checks that the
shipped file is what it makes), so no server loads the million-entry table.
"""

from __future__ import annotations

import gzip
import json
import sys
from functools import lru_cache
from pathlib import Path

WORDS_FILE = Path(__file__).resolve().parent / "english_words.txt.gz"
MIN_LOG_PROB = -15.0


def build_word_list(min_log_prob: float = MIN_LOG_PROB) -> list[str]:
    """The sorted lower-case alphabetic words of spaCy's English lexeme table this common."""
    import spacy_lookups_data  # lazy: only to rebuild the shipped list (1 M entries)

    table = Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
    with gzip.open(table, "rt", encoding="utf-8") as handle:
        probabilities = json.load(handle)
    return sorted({w.lower() for w, p in probabilities.items()
                   if p >= min_log_prob and w.isalpha() and w.isascii()})


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    with gzip.open(WORDS_FILE, "rt", encoding="utf-8") as handle:
        return frozenset(handle.read().split())


def is_english_word(word: str) -> bool:
    """True for a common English word (any case), which a spelling fix must leave alone."""
    return word.lower() in known_words()


def main() -> int:
    words = build_word_list()
    with gzip.GzipFile(WORDS_FILE, "wb", mtime=0) as handle:
        handle.write(("\n".join(words) + "\n").encode("utf-8"))
    print(f"{WORDS_FILE}: {len(words)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Highlighted fragments: HTML-escaped text with only ``<mark>`` added around query words.

Every record's words (places and stems) are found once, at build time, and saved as arrays
(``save_words``, ``SavedWords``, memory-mapped like the postings): highlighting a page is then
one look-up of the query's stems and a gather over the page's words, not tokenising and
stemming twenty texts (a third of a search's CPU the first time a page is shown).
"""

from __future__ import annotations

import html
import os
import re
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from index.glossary import stem_word

TOKEN = re.compile(r"\w+(?:\.?\w+)*")
# Characters ``html.escape`` changes: a window without them is its own escape (most are).
_ESCAPED = re.compile(r"[&<>\"']")
FRAGMENT_CHARS = 280
Token = tuple[int, int, str]  # start, end, stem


def tokens(text: str) -> list[Token]:
    """Every word of ``text`` with its place and stem (computed once per record and reused
    by the highlight and the proximity re-ranking)."""
    return [(m.start(), m.end(), stem_word(m.group(0))) for m in TOKEN.finditer(text)]


def highlight(text: str, stems: set[str], limit: int = FRAGMENT_CHARS,
              words: list[Token] | None = None) -> str:
    """``text`` (or its best window) HTML-escaped, with words whose stem is wanted in <mark>.

    ``words``: ``tokens(text)`` if the caller already has them.
    """
    return highlight_spans(text, [(a, b) for a, b, stem in (
        tokens(text) if words is None else words) if stem in stems], limit)


def highlight_spans(text: str, spans: list[tuple[int, int]], limit: int = FRAGMENT_CHARS
                    ) -> str:
    """``highlight`` given the places of the wanted words (in text order)."""
    start, end = 0, len(text)
    if len(text) > limit:
        best, best_start = -1, 0
        starts = [a for a, _ in spans]  # ascending: words in text order
        for s in starts or [0]:
            lo = max(0, s - limit // 4)
            count = bisect_left(starts, lo + limit) - bisect_left(starts, lo)
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
    escape = html.escape if _ESCAPED.search(text, start, end) else str
    out = ["…" if start else ""]
    pos = start
    for a, b in spans:
        if a < start or b > end:
            continue
        out.append(escape(text[pos:a]))
        out.append(f"<mark>{escape(text[a:b])}</mark>")
        pos = b
    out.append(escape(text[pos:end]))
    out.append("…" if end < len(text) else "")
    return "".join(out)


WORDS_DIR = "words"  # in whoosh/: every record's words, for the highlight
_WORD_ARRAYS = ("offsets", "words", "vocabulary")
MEMO_WORDS = 200_000  # distinct words remembered with their stem while saving (build time)


def save_words(texts: Iterable[str], directory: Path) -> None:
    """``tokens`` of every text (in row order) as arrays: row ``r``'s words are
    ``words[offsets[r]:offsets[r + 1]]``, each (start, end, stem number), the numbers into
    ``vocabulary`` (the sorted UTF-8 stems)."""
    offsets, words = array("q", [0]), array("I")
    numbered: dict[str, int] = {}  # stem -> its number
    by_word: dict[str, int] = {}  # word as written -> its stem's number
    for text in texts:
        for match in TOKEN.finditer(text or ""):
            word = match.group()
            number = by_word.get(word)
            if number is None:
                number = numbered.setdefault(stem_word(word), len(numbered))
                if len(by_word) < MEMO_WORDS:
                    by_word[word] = number
            words.extend((*match.span(), number))
        offsets.append(len(words) // 3)
    encoded = [stem.encode("utf-8") for stem in numbered]
    order = sorted(range(len(encoded)), key=encoded.__getitem__)
    renumber = np.empty(len(order), dtype=np.uint32)
    renumber[order] = np.arange(len(order), dtype=np.uint32)
    triples = np.frombuffer(words, dtype=np.uint32).reshape(-1, 3).copy()
    triples[:, 2] = renumber[triples[:, 2]]
    vocabulary = np.array([encoded[i] for i in order] or [b""], dtype=bytes)[:len(order)]
    directory.mkdir(parents=True, exist_ok=True)
    arrays = {"offsets": np.frombuffer(offsets, dtype=np.int64), "words": triples,
              "vocabulary": vocabulary}
    for name, values in arrays.items():
        np.save(directory / f"{name}.npy", values, allow_pickle=False)


class SavedWords:
    """The words ``save_words`` saved, read a row at a time (``pread``), not memory-mapped:
    the kernel maps a file's cached pages in large blocks, so the few hundred rows a server
    shows brought the whole file into each worker's resident memory (about 60 MB a worker at
    100 000 actions). The caller keeps the rows it reads (``index.search.RowCache``)."""

    def __init__(self, directory: Path) -> None:
        self.offsets = np.load(directory / "offsets.npy", allow_pickle=False)
        self.vocabulary = np.asarray(np.load(directory / "vocabulary.npy", mmap_mode="r",
                                             allow_pickle=False))
        layout = np.load(directory / "words.npy", mmap_mode="r", allow_pickle=False)
        self._at, self._dtype = layout.offset, layout.dtype  # where the values start
        del layout
        self._file = (directory / "words.npy").open("rb", buffering=0)

    @staticmethod
    def present(directory: Path) -> bool:
        return all((directory / f"{name}.npy").is_file() for name in _WORD_ARRAYS)

    def row(self, row: int) -> np.ndarray:
        """Row ``row``'s words: one (start, end, stem number) a word, in text order."""
        first, last = int(self.offsets[row]), int(self.offsets[row + 1])
        width = 3 * self._dtype.itemsize
        return np.frombuffer(os.pread(self._file.fileno(), (last - first) * width,
                                      self._at + first * width), dtype=self._dtype
                             ).reshape(-1, 3)

    def wanted(self, stems: set[str]) -> np.ndarray | None:
        """Whether each stem number is one of ``stems`` (None: none of them is a word of the
        collection)."""
        vocabulary = self.vocabulary
        found = []
        for stem in stems:
            key = stem.encode("utf-8")
            at = int(np.searchsorted(vocabulary, key))
            if key and at < len(vocabulary) and vocabulary[at] == key:
                found.append(at)
        if not found:
            return None
        wanted = np.zeros(len(vocabulary), dtype=bool)
        wanted[found] = True
        return wanted

    def spans(self, rows: list[int], stems: set[str],
              words: Callable[[], list[np.ndarray]] | None = None
              ) -> list[list[tuple[int, int]]]:
        """For each of ``rows``, the places of its words whose stem is in ``stems`` (what
        ``highlight`` marks), in text order; ``words()``: the rows' ``row()``, if the caller
        keeps them (asked only when some stem is a word of the collection)."""
        wanted = self.wanted(stems) if rows else None
        if wanted is None:
            return [[] for _ in rows]
        each = words() if words is not None else [self.row(row) for row in rows]
        every = np.concatenate(each)
        owner = np.repeat(np.arange(len(rows)), [len(w) for w in each])
        held = wanted[every[:, 2]]
        out: list[list[tuple[int, int]]] = [[] for _ in rows]
        for i, a, b in zip(owner[held].tolist(), every[held, 0].tolist(),
                           every[held, 1].tolist(), strict=True):
            out[i].append((a, b))
        return out

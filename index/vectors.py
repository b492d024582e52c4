"""Text normalisation and TF-IDF vectors shared by similar actions and repeat detection.

Two plans rarely say a commitment in the same words: one writes "DA enquiries", another
"domestic abuse checks with the police"; long actions hold several commitments in separate
sentences; and every plan repeats its own provider's name. So an action becomes sentences of
content lemmas (spaCy lookup lemmas, stop words and provider-name words dropped), each sentence
carrying the words of the glossary's other form of any acronym or expansion it holds (the same
merged and per-plan glossaries search uses), optionally with adjacent-lemma bigrams. From these
we fit one TF-IDF vocabulary, down-weight plan-speak by its IDF over recommendations, mix in the
text of the recommendation each action answers, and keep two L2-normalised sparse matrices: one
row per action and one row per sentence (the sentence rows give shared terms from an action's
own text, and a best-matching-sentence score that ``bench/similar_quality.py`` measures)."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import sparse

from index.glossary import Glossary, usable_definition
from index.layout import VECTORS_META
from nlp.records import ActionRecord

DOCS_FILE = "docs.npz"
SENTENCES_FILE = "sentences.npz"
OFFSETS_FILE = "offsets.npy"
MASS_FILE = "mass.npy"

_TERM = re.compile(r"^[a-z][a-z0-9]*$")


@dataclass
class VectorOptions:
    """The choices measured by ``bench/similar_quality.py``; the defaults are what won."""

    expand_acronyms: bool = True
    # "both": each form adds the other's words (measured best); "acronym": only an expansion
    # written out adds its acronym, so both forms share one token.
    acronym_mode: str = "both"
    bigrams: bool = False  # lemma bigrams measured slightly worse
    drop_provider_words: bool = True
    sublinear_tf: bool = True
    group_idf: bool = True
    context_weight: float = 0.3
    # Terms found in one action only can match nothing and would only dilute the cosine.
    min_df: int = 2


@dataclass
class Sentence:
    """One sentence of an action: its content lemmas in order, and each glossary alias's."""

    terms: list[str]
    aliases: list[list[str]] = field(default_factory=list)


@lru_cache(maxsize=1)
def _lemma_table():  # noqa: ANN202 - a spacy.lookups.Table, or None
    from nlp.language import language  # lazy: spaCy only when text is analysed

    try:
        return language().get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    except (KeyError, ValueError):  # no lookup table: fall back to the lower-cased word
        return None


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The lower-case lookup lemma of one word ("Workshops" -> "workshop")."""
    lower = word.lower()
    table = _lemma_table()
    return table.get(lower, lower).lower() if table is not None else lower


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from nlp.language import language  # lazy: spaCy only when text is analysed

    words = {w.lower() for w in language().Defaults.stop_words}
    return frozenset(words | {lemma(w) for w in words})


def content_lemmas(words: Iterable[str], drop: frozenset[str] | set[str] = frozenset()
                   ) -> list[str]:
    """Lemmas of the content words among ``words`` (no stop words, numbers or ``drop`` words)."""
    stop = _stop_words()
    out = []
    for word in words:
        term = lemma(word)
        if len(term) > 1 and _TERM.match(term) and term not in stop and term not in drop:
            out.append(term)
    return out


_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")


@lru_cache(maxsize=50_000)
def _alias_lemmas(alias: str) -> tuple[str, ...]:
    return tuple(content_lemmas(_WORD.findall(alias)))


def provider_words(records: Sequence[ActionRecord]) -> frozenset[str]:
    """Words that name a provider ("dlnr", "yorkshire") and say nothing about the commitment.

    A word of a provider's name is dropped only if most of its uses are in that provider's own
    plans, so shared words such as "probation" or "service" stay.
    """
    by_provider: dict[str, Counter[str]] = {}
    for record in records:
        by_provider.setdefault(record.provider, Counter()).update(
            lemma(w) for w in _WORD.findall(record.text))
    total: Counter[str] = Counter()
    for counts in by_provider.values():
        total.update(counts)
    names = {record.provider: f"{record.provider} {record.provider_short}" for record in records}
    drop = set()
    for provider, name in names.items():
        for word in _WORD.findall(name):
            term = lemma(word)
            own = by_provider[provider][term]
            if total[term] == 0 or own / total[term] >= 0.8:
                drop.add(term)
    return frozenset(drop)


def glossaries_by_source(merged: dict[str, str],
                         plan_acronyms: dict[str, dict[str, str]]) -> dict[str, Glossary]:
    """One glossary per plan: the plan's own usable definitions win over the merged glossary."""
    return {source: Glossary({**merged, **{a: e for a, e in own.items()
                                           if usable_definition(a, e)}})
            for source, own in plan_acronyms.items()}


def analyse(records: Sequence[ActionRecord], glossaries: dict[str, Glossary],
            fallback: Glossary, drop: frozenset[str], *,
            options: VectorOptions | None = None) -> list[list[Sentence]]:
    """Each record's text as sentences of content lemmas (with glossary aliases)."""
    from spacy.pipeline import Sentencizer  # lazy: spaCy only when text is analysed

    from nlp.language import language  # lazy: spaCy only when text is analysed

    options = options or VectorOptions()
    tokenizer = language().tokenizer
    sentencizer = Sentencizer()  # rule-based, whichever pipeline nlp.language loaded
    drop = drop if options.drop_provider_words else frozenset()
    out: list[list[Sentence]] = []
    by_expansion: dict[int, dict[str, str]] = {}  # per glossary: expansion -> acronym
    for record, doc in zip(records, tokenizer.pipe(r.text for r in records), strict=True):
        doc = sentencizer(doc)
        glossary = glossaries.get(record.source, fallback)
        if id(glossary) not in by_expansion:
            by_expansion[id(glossary)] = {e: a for a, e in glossary.entries.items()}
        acronyms = by_expansion[id(glossary)]
        sentences = []
        for span in doc.sents:
            terms = content_lemmas((t.text for t in span), drop)
            aliases: list[list[str]] = []
            if options.expand_acronyms:
                for alias in glossary.aliases(span.text):
                    acronym = alias if alias in glossary.entries else acronyms.get(alias, "")
                    if (options.acronym_mode == "acronym" and alias != acronym) or \
                            drop.intersection(_alias_lemmas(acronym)):
                        continue  # e.g. "CRC": a provider-name word, not a commitment
                    found = [t for t in _alias_lemmas(alias) if t not in drop]
                    if found:
                        aliases.append(found)
            if terms or aliases:
                sentences.append(Sentence(terms, aliases))
        out.append(sentences or [Sentence([], [])])
    return out


def sentence_features(sentence: Sentence, options: VectorOptions) -> list[str]:
    """The features one sentence contributes: lemmas, alias lemmas and adjacent-lemma bigrams."""
    features = list(sentence.terms)
    for alias in sentence.aliases:
        features += alias
    if options.bigrams:
        for words in (sentence.terms, *sentence.aliases):
            features += [f"{a} {b}" for a, b in zip(words, words[1:], strict=False) if a != b]
    return features


@dataclass
class VectorSpace:
    """The fitted vectors: one row per action (``docs``) and per sentence (``sentences``).

    ``offsets[i]:offsets[i+1]`` are action ``i``'s sentence rows; ``mass`` is each sentence's
    IDF mass (how much it says), used to weigh sentence matches.
    """

    docs: sparse.csr_matrix
    sentences: sparse.csr_matrix
    offsets: np.ndarray
    mass: np.ndarray
    terms: list[str]
    content: sparse.csr_matrix | None = None  # action rows without context (not saved)

    def save(self, directory: Path, meta: dict) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        sparse.save_npz(directory / DOCS_FILE, self.docs)
        sparse.save_npz(directory / SENTENCES_FILE, self.sentences)
        np.save(directory / OFFSETS_FILE, self.offsets)
        np.save(directory / MASS_FILE, self.mass)
        (directory / VECTORS_META).write_text(
            json.dumps({**meta, "terms": self.terms}, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> tuple[VectorSpace, dict]:
        meta = json.loads((directory / VECTORS_META).read_text(encoding="utf-8"))
        space = cls(sparse.load_npz(directory / DOCS_FILE).tocsr(),
                    sparse.load_npz(directory / SENTENCES_FILE).tocsr(),
                    np.load(directory / OFFSETS_FILE), np.load(directory / MASS_FILE),
                    meta.pop("terms"))
        return space, meta


def fit_space(analysed: Sequence[list[Sentence]], options: VectorOptions | None = None, *,
              groups: Sequence[object] | None = None,
              context: Sequence[list[Sentence]] | None = None) -> VectorSpace:
    """Fit the TF-IDF vocabulary on whole actions and vectorise actions and sentences.

    ``groups`` (one key per action, e.g. its recommendation) turns on domain term weighting:
    each term's weight is further multiplied by its IDF over groups, so plan-speak spread
    through every recommendation ("ensure", "monitor") counts less than the words of one topic.
    ``context`` (e.g. each action's recommendation text, analysed) is added to the action
    vector at ``options.context_weight``.
    """
    # lazy: scikit-learn only when vectors are fitted (build time), not when they are read
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    options = options or VectorOptions()
    per_sentence = [[sentence_features(s, options) for s in doc] for doc in analysed]
    per_doc = [[f for feats in doc for f in feats] for doc in per_sentence]
    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=options.sublinear_tf,
                                 dtype=np.float32, norm=None,
                                 min_df=options.min_df if len(per_doc) > options.min_df else 1)
    flat = [feats for doc in per_sentence for feats in doc]
    offsets = np.zeros(len(per_sentence) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(doc) for doc in per_sentence])
    try:
        docs = vectorizer.fit_transform(per_doc).tocsr()
    except ValueError:  # no term to compare by (no actions, or only stop words): all zeros
        empty = sparse.csr_matrix((len(per_doc), 0), dtype=np.float32)
        return VectorSpace(empty, sparse.csr_matrix((len(flat), 0), dtype=np.float32),
                           offsets, np.zeros(len(flat), dtype=np.float32), [], empty)
    sentences = vectorizer.transform(flat).tocsr()
    weight = vectorizer.idf_.astype(np.float32)
    if groups is not None and options.group_idf:
        group_weight = _group_idf(docs, groups)
        weight = weight * group_weight
        scale = sparse.diags(group_weight)
        docs, sentences = docs @ scale, sentences @ scale
    content = normalize(docs).astype(np.float32).tocsr()
    if context is not None and options.context_weight:
        extra = vectorizer.transform([[f for s in doc for f in sentence_features(s, options)]
                                      for doc in context])
        if groups is not None and options.group_idf:
            extra = extra @ scale
        docs = normalize(docs) + options.context_weight * normalize(extra)
    docs = normalize(docs).astype(np.float32).tocsr()
    sentences = normalize(sentences).astype(np.float32).tocsr()
    mass = np.asarray((sentences > 0).astype(np.float32) @ weight).ravel().astype(np.float32)
    return VectorSpace(docs, sentences, offsets, mass,
                       list(vectorizer.get_feature_names_out()), content)


def _group_idf(docs: sparse.csr_matrix, groups: Sequence[object]) -> np.ndarray:
    """Smoothed IDF of each term over groups of actions (1 + log((1 + G) / (1 + df)))."""
    keys = {g: i for i, g in enumerate(dict.fromkeys(groups))}
    member = sparse.csr_matrix((np.ones(len(groups), dtype=np.float32),
                                ([keys[g] for g in groups], range(len(groups)))),
                               shape=(len(keys), len(groups)))
    df = np.asarray(((member @ (docs > 0).astype(np.float32)) > 0).sum(axis=0)).ravel()
    return (1.0 + np.log((1.0 + len(keys)) / (1.0 + df))).astype(np.float32)


def _identity(features: list[str]) -> list[str]:
    return features


def recommendation_context(records: Sequence[ActionRecord], glossaries: dict[str, Glossary],
                           fallback: Glossary, drop: frozenset[str],
                           options: VectorOptions | None = None) -> list[list[Sentence]]:
    """Each record's recommendation text, analysed once per recommendation."""
    keys = [(r.source, r.rec_number, r.rec_text) for r in records]
    unique = {key: i for i, key in reversed(list(enumerate(keys)))}
    order = sorted(unique.values())
    analysed = analyse([replace(records[i], text=records[i].rec_text) for i in order],
                       glossaries, fallback, drop, options=options)
    by_key = {keys[i]: a for i, a in zip(order, analysed, strict=True)}
    return [by_key[key] for key in keys]


def glossary_concepts(glossary: dict[str, str]) -> dict[str, tuple[str, list[str]]]:
    """``{acronym lemma: (display, expansion lemmas)}``: a shared acronym shown spelled out."""
    out = {}
    for acronym, expansion in glossary.items():
        key = _alias_lemmas(acronym)
        words = list(_alias_lemmas(expansion))
        if len(key) == 1 and words:
            out[key[0]] = (f"{expansion.lower()} ({acronym})", words)
    return out


def surface_forms(records: Sequence[ActionRecord], terms: set[str]
                  ) -> dict[str, tuple[str, list[str]]]:
    """``{lemma: (its commonest written form, [])}`` where that differs ("premise": "premises")."""
    counts: dict[str, Counter[str]] = {}
    for record in records:
        for word in _WORD.findall(record.text):
            term = lemma(word)
            if term in terms:
                counts.setdefault(term, Counter())[word.lower()] += 1
    return {term: (seen.most_common(1)[0][0], []) for term, seen in counts.items()
            if seen.most_common(1)[0][0] != term}

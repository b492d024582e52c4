"""Building a data directory: store the plans, derive the search artefacts, swap in atomically.

Every build writes a complete new generation directory (``gen-*``: ``actions.sqlite``,
``whoosh/``, ``vectors/``, ``originals/``: a copy of each plan's original file) and then
repoints the ``current`` symlink at it with one ``os.replace``, so a reader sees either the old
index or the new one, never half of either, and a build that is killed or fails leaves the old
one in place. The previous generation is kept for readers that still have it open; older ones
and abandoned partial builds are removed by the next build. One build at a time per data
directory (a lock file).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index

from index import embeddings
from index.corrections import parsed_store_of, write_corrected
from index.documents import PAIRED_FIELDS, REPEATED_FIELDS, document_for, make_schema, paired_terms
from index.glossary import (
    Glossary,
    content_stems,
    load_curated,
    merge_glossary,
)
from index.layout import (
    CURRENT_LINK,
    GENERATION_PREFIX,
    LOCK_FILE,
    ORIGINALS_DIR,
    PARSED_FILE,
    VECTORS_DIR,
    WHOOSH_DIR,
    resolve_generation,
)
from index.postings import POSTINGS_DIR, PostingsRecorder
from index.repeats import group_records, repeat_vectors, save_groups, shingles
from index.search import SAVED_POSTINGS, save_search_arrays
from index.store import Store
from index.vectors import (
    VectorOptions,
    analyse,
    fit_space,
    glossaries_by_source,
    glossary_concepts,
    provider_words,
    recommendation_context,
    surface_forms,
)
from index.writer import RecordedWriter
from nlp.errors import ActionPlansError
from nlp.records import Plan


@dataclass
class BuildReport:
    """What a build did, for the CLI's summary line."""

    path: Path
    plans_added: int = 0
    plans_replaced: int = 0
    n_plans: int = 0
    n_actions: int = 0
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)


# A derived-artefact builder reads the finished store and writes into the new generation
# directory. Builders run in this order, after the store is written and before the swap; if one
# raises, the build is abandoned and the old index stays live.
DerivedBuilder = Callable[[Store, Path, bool], None]


def build_glossary(store: Store, generation: Path, progress: bool) -> None:
    """Merge the curated glossary with the plans' own acronym definitions into the store."""
    store.set_glossary(merge_glossary(load_curated(), store.plan_acronyms()))


def build_whoosh(store: Store, generation: Path, progress: bool) -> None:
    """The Whoosh index: every record, one writer, one commit, docnum == store row."""
    target = generation / WHOOSH_DIR
    target.mkdir()
    ix = whoosh_index.create_in(str(target), make_schema())
    # Every posting recorded once, as arrays: Whoosh's segment is written from them
    # (index.writer) and saved as they are for reading (the pairs only there: nothing reads
    # them from Whoosh). Not a compound file: Whoosh copies a compound segment's postings into
    # memory when it opens it; separate files are read from disk (bench/search_bench.py: index
    # memory at 10 000 actions went from 50 to 8 MB).
    recorder = PostingsRecorder(("pairs",))
    writer = RecordedWriter(ix, recorder, repeated=REPEATED_FIELDS, compound=False)
    tokens: Counter[str] = Counter()  # every text's lower-cased words, in order of first use
    rows = store.iter_rows()
    if progress:
        from tqdm import tqdm  # lazy: only for a progress bar on a terminal

        rows = tqdm(rows, total=store.count(), desc="indexing", unit="action")
    for row, record in rows:
        doc = document_for(row, record)
        writer.add_document(**doc)
        for name in PAIRED_FIELDS:  # a recurring value's pairs recorded once
            value = doc.get(name, "")
            recorder.add_terms("pairs", row, paired_terms(name, value),
                               key=None if name == "text" else (name, value))
        tokens.update(record.text.lower().split())
    writer.commit(optimize=True)
    recorder.save(target / POSTINGS_DIR, SAVED_POSTINGS)
    store.set_spelling(spelling_words(tokens))


def build_search_arrays(store: Store, generation: Path, progress: bool) -> None:
    """Facet codes and field lengths saved for a fast open (``index.search``)."""
    save_search_arrays(store, generation)


def spelling_words(tokens: Counter[str]) -> dict[str, str]:
    """For each stem, the surface word it comes from most often in the texts (the first seen
    on a tie), to spell suggestions as words. ``tokens``: the texts' lower-cased
    whitespace-separated words and their counts, in order of first use."""
    spelling: dict[str, dict[str, int]] = {}
    for token, count in tokens.items():
        word = token.strip(".,;:()[]\"'!?")
        if word.isalpha():
            for stem in content_stems(word):
                counts = spelling.setdefault(stem, {})
                counts[word] = counts.get(word, 0) + count
    return {s: max(words, key=words.__getitem__) for s, words in spelling.items()}


def build_vectors(store: Store, generation: Path, progress: bool) -> None:
    """Derived-artefact builder: similarity vectors and repeat groups into ``vectors/``."""
    records = []
    for row, record in store.iter_rows():
        if row != len(records):
            raise ValueError(f"{store.path}: action rows are not dense (row {row})")
        records.append(record)
    merged = store.glossary()
    by_source = glossaries_by_source(merged, store.acronyms_by_source())
    fallback = Glossary(merged)
    drop = provider_words(records)
    options = VectorOptions()
    analysed = analyse(records, by_source, fallback, drop, options=options)
    context = recommendation_context(records, by_source, fallback, drop, options)
    space = fit_space(analysed, options, groups=[(r.source, r.rec_number) for r in records],
                      context=context)
    directory = generation / VECTORS_DIR
    space.save(directory, {"ids": [r.id for r in records],
                           "providers": [r.provider for r in records],
                           "texts": [r.text for r in records],
                           "display": {**surface_forms(records, set(space.terms)),
                                       **glossary_concepts(merged)},
                           "options": asdict(options)})
    embedded = None
    if embeddings.available():  # the optional MiniLM extra
        embedded, with_context = embeddings.record_embeddings(records, by_source, fallback, drop)
        embeddings.save_embeddings(directory, embedded, with_context)
    content = repeat_vectors(analysed, [(r.source, r.rec_number) for r in records])
    groups = group_records(records, [shingles(a) for a in analysed], content, embedded=embedded)
    save_groups(groups, directory)


def build_vectors_placeholder(store: Store, generation: Path, progress: bool) -> None:
    """Reserve ``vectors/`` (the similar-actions builder fills it)."""
    (generation / VECTORS_DIR).mkdir(exist_ok=True)


DERIVED_BUILDERS: list[DerivedBuilder] = [
    build_glossary,
    build_whoosh,
    build_search_arrays,
    build_vectors_placeholder,
    build_vectors,  # similar-actions vectors and repeat groups
]


@contextmanager
def _build_lock(data_dir: Path) -> Iterator[None]:
    with open(data_dir / LOCK_FILE, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _live_generation(data_dir: Path) -> Path | None:
    try:
        return resolve_generation(data_dir)
    except FileNotFoundError:
        return None


def _swap_in(data_dir: Path, generation: Path) -> None:
    """Point ``current`` at ``generation`` atomically (symlink written aside, then renamed)."""
    temporary = data_dir / f".{CURRENT_LINK}.{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    os.symlink(generation.name, temporary)
    os.replace(temporary, data_dir / CURRENT_LINK)
    fd = os.open(data_dir, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_stale(data_dir: Path, keep: set[Path]) -> None:
    for path in data_dir.glob(f"{GENERATION_PREFIX}*"):
        if path.resolve() not in keep:
            shutil.rmtree(path, ignore_errors=True)


def keep_originals(store: Store, generation: Path, previous: Path | None, new: set[str],
                   originals: Mapping[str, Path]) -> None:
    """Copy each new plan's original file into the generation, and carry over (hard-linked:
    files are never changed in place) the originals of the plans kept from ``previous``; a
    plan read again (in ``new``) keeps only the original it was read from this time."""
    target = generation / ORIGINALS_DIR
    target.mkdir()
    kept = {p.source for p in store.plans()}
    old = previous / ORIGINALS_DIR if previous is not None else None
    if old is not None and old.is_dir():
        for path in old.iterdir():
            if path.name in kept and path.name not in new:
                try:
                    os.link(path, target / path.name)
                except OSError:
                    shutil.copy2(path, target / path.name)
    for source, path in originals.items():
        if source in kept and Path(source).name == source:
            shutil.copy2(path, target / source)


class IndexWriteError(ActionPlansError, OSError):
    """The data directory cannot be written (permissions, disk full); the old index stays."""


def build_index(plans: list[Plan], data_dir: Path, *, rebuild: bool = False,
                progress: bool = False, originals: Mapping[str, Path] | None = None
                ) -> BuildReport:
    """Add or replace ``plans`` (by source) in the index at ``data_dir``, atomically.

    With ``rebuild`` the new index holds only ``plans``; otherwise it holds the live index's
    plans with these added or replaced. ``originals`` maps a plan's source to the file it was
    read from, kept in the index for the web app to serve. A system error becomes
    :class:`IndexWriteError` naming the directory.
    """
    try:
        return _build_index(plans, Path(data_dir), rebuild=rebuild, progress=progress,
                            originals=originals or {})
    except ActionPlansError:
        raise
    except OSError as exc:
        raise IndexWriteError(f"{data_dir}: cannot write the index ({exc.strerror or exc})"
                              ) from exc


def _build_index(plans: list[Plan], data_dir: Path, *, rebuild: bool,
                 progress: bool, originals: Mapping[str, Path]) -> BuildReport:
    started = time.perf_counter()
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    report = BuildReport(path=data_dir)
    with _build_lock(data_dir):
        previous = _live_generation(data_dir)
        if previous == data_dir:
            previous = None  # a bare (non-generation) store: not ours to carry over
        stamp = time.strftime("%Y%m%dT%H%M%S")
        generation = data_dir / f"{GENERATION_PREFIX}{stamp}-{os.getpid()}-{time.time_ns()}"
        generation.mkdir()
        try:
            # The parsed plans are kept as parsed; the served store is them plus corrections.
            if previous is not None and not rebuild:
                old = Store(parsed_store_of(previous))
                parsed = old.copy_to(generation / PARSED_FILE)
                old.close()
            else:
                parsed = Store(generation / PARSED_FILE, writable=True)
            report.plans_added, report.plans_replaced = parsed.put_plans(plans)
            store = write_corrected(parsed, generation, data_dir)
            parsed.close()
            store.compact()
            keep_originals(store, generation, None if rebuild else previous,
                           {p.source for p in plans}, originals)
            report.stages["store"] = time.perf_counter() - started
            for builder in DERIVED_BUILDERS:
                stage_start = time.perf_counter()
                builder(store, generation, progress)
                report.stages[builder.__name__] = time.perf_counter() - stage_start
            report.n_plans = len(store.plans())
            report.n_actions = store.count()
            store.close()
        except BaseException:
            shutil.rmtree(generation, ignore_errors=True)
            raise
        _swap_in(data_dir, generation)
        _remove_stale(data_dir, {generation.resolve()} | ({previous} if previous else set()))
    report.seconds = time.perf_counter() - started
    return report

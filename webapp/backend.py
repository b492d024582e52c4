"""Everything the web app reads, behind one object: search index, similar actions, repeat
groups, theme definitions and the classifier's model card.

The index is required. The other parts are optional: each is loaded once, and if its module is
missing or fails, the pages say the feature is unavailable instead of failing. Summaries that
need a pass over every record (theme matrix, plan timelines) are computed once per process: the
served index is read-only.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from webapp import integrations
from webapp.integrations import ActionPlansError, EvidenceFn, RepeatsFn, SimilarFn

log = logging.getLogger(__name__)


class Unavailable(ActionPlansError, RuntimeError):
    """An optional feature (similar actions, repeat groups) that this installation lacks."""


@dataclass
class SimilarAction:
    """A similar action resolved to its record."""

    record: Any
    score: float
    shared_terms: list[str]


@dataclass
class RepeatGroup:
    """A group of actions making the same commitment, members resolved to records."""

    kind: str
    ids: list[str]
    providers: list[str]
    representative: str
    members: list[Any] = field(default_factory=list)
    repeated_flag: bool = False

    @property
    def repeated_recommendation(self) -> bool:
        """Whether any recommendation behind the group was repeated from an earlier inspection."""
        return self.repeated_flag or any(getattr(m, "repeated", False) for m in self.members)

    @property
    def themes(self) -> list[str]:
        seen: dict[str, None] = {}
        for member in self.members:
            for theme in member.themes or []:
                seen.setdefault(theme, None)
        return list(seen)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "ids": list(self.ids),
            "providers": list(self.providers),
            "representative": self.representative,
            "size": len(self.ids),
            "repeated_recommendation": self.repeated_recommendation,
            "themes": self.themes,
        }


@dataclass
class ThemeSummary:
    """One theme: its definition and how many actions carry it, overall and per provider."""

    name: str
    definition: str
    count: int
    by_provider: dict[str, int]


class Backend:
    """Read-only access to the corpus for the pages and the API."""

    def __init__(
        self,
        index: Any,
        *,
        data_dir: Path | None = None,
        similar_fn: SimilarFn | None = None,
        repeats_fn: RepeatsFn | None = None,
        evidence_fn: EvidenceFn | None = None,
        model_dir: Path | None = None,
        load_optional: bool = True,
    ) -> None:
        self._index = index
        self._checked_at = time.monotonic()
        self.data_dir = data_dir
        self.model_dir = model_dir
        self._similar_fn = similar_fn
        self._repeats_fn = repeats_fn
        self._evidence_fn = evidence_fn
        self._load_optional = load_optional
        self._lock = threading.Lock()
        self._cache: dict[str, Any] = {}

    def warm_up(self) -> None:
        """Load what every page needs (plan summaries, theme counts) and warm the search
        index (``ActionIndex.warm_up``) before the first visitor.

        The parts only an action's page uses (the classifier and spaCy for the evidence, the
        similar-action vectors, repeat groups) load when first asked for: they were most of a
        server's memory, and each worker process would hold its own copy. Failures are
        logged: every part degrades on its own.
        """
        started = time.perf_counter()
        try:
            self.plans()
            self.theme_summaries()
            warm_index = getattr(self._index, "warm_up", None)
            if warm_index is not None:
                warm_index()
        except Exception as exc:  # a warm-up is an optimisation, never a failure
            log.warning("warm-up failed: %s", exc)
        log.info("warm-up took %.1fs", time.perf_counter() - started)

    # -- required: the index ---------------------------------------------------------------

    REOPEN_CHECK_SECONDS = 2.0

    @property
    def index(self) -> Any:
        """The open index; after ``actionplans index`` swaps in a new generation, the new one.

        Checked at most every few seconds. Reopening drops the cached summaries (and loaded
        optional parts) so every page reads one generation.
        """
        now = time.monotonic()
        if self.data_dir is None or now - self._checked_at < self.REOPEN_CHECK_SECONDS:
            return self._index
        self._checked_at = now
        is_current = getattr(self._index, "is_current", None)
        if is_current is None or is_current():
            return self._index
        try:
            reopened = type(self._index)(self.data_dir)
        except Exception as exc:  # keep serving the old generation rather than fail
            log.warning("could not reopen the index: %s", exc)
            return self._index
        with self._lock:
            self._index = reopened
            self._cache.clear()
        log.info("index reopened on its new generation")
        return reopened

    def search(self, request: Any, *, page: int | None = None, per_page: int | None = None):
        return self.index.search(
            request.q,
            filters=dict(request.filters) or None,
            page=page or request.page,
            per_page=per_page or request.per_page,
            sort=request.sort,
        )

    def get(self, record_id: str) -> Any | None:
        return self.index.get(record_id)

    def count(self) -> int:
        return self.index.count()

    def records(self, source: str | None = None) -> list[Any]:
        return self.index.records(source)

    def plans(self) -> list[Any]:
        return self._cached("plans", self.index.plans)

    def plan(self, source: str) -> Any | None:
        return next((p for p in self.plans() if p.source == source), None)

    def glossary(self) -> dict[str, str]:
        return self._cached("glossary", self.index.glossary)

    def original(self, source: str) -> Path | None:
        """The plan's original file as the index kept it (None for an index without one)."""
        find = getattr(self.index, "original", None)
        return find(source) if find is not None else None

    # -- cached summaries ------------------------------------------------------------------

    def _cached(self, key: str, compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        value = compute()
        with self._lock:
            self._cache.setdefault(key, value)
            return self._cache[key]

    def theme_summaries(self) -> list[ThemeSummary]:
        """Every theme (taxonomy order, then any others found on records) with its counts."""
        return self._cached("themes", self._compute_theme_summaries)

    def _compute_theme_summaries(self) -> list[ThemeSummary]:
        definitions = self._theme_definitions()
        counts: Counter[str] = Counter()
        by_provider: dict[str, Counter[str]] = {}
        counted = getattr(self.index, "theme_counts", None)  # without decoding every record
        if counted is not None:
            by_provider = counted()
            counts.update({theme: sum(c.values()) for theme, c in by_provider.items()})
        else:
            for record in self.index.records():
                for theme in record.themes or []:
                    counts[theme] += 1
                    by_provider.setdefault(theme, Counter())[record.provider] += 1
        names = list(definitions) + sorted(t for t in counts if t not in definitions)
        return [
            ThemeSummary(name, definitions.get(name, ""), counts[name],
                         dict(by_provider.get(name, {})))
            for name in names
        ]

    def _theme_definitions(self) -> dict[str, str]:
        try:
            return integrations.theme_definitions()
        except Exception as exc:  # the taxonomy is optional for serving
            log.warning("theme definitions unavailable: %s", exc)
            return {}

    def providers(self) -> list[tuple[str, str]]:
        """``(provider, provider_short)`` in plan order, each provider once.

        Filters use the full name (the index's provider facet); tables show the short one.
        """
        seen: dict[str, str] = {}
        for plan in self.plans():
            seen.setdefault(plan.provider, plan.provider_short or plan.provider)
        return list(seen.items())

    # -- optional: similar actions ---------------------------------------------------------

    def similar(self, record_id: str, limit: int = 10, all_providers: bool = False
                ) -> list[SimilarAction]:
        """Similar actions (other providers by default); raises :class:`Unavailable`."""
        fn = self._optional("similar_fn", self._load_similar)
        if fn is None:
            raise Unavailable("similar actions are not available in this installation")
        out: list[SimilarAction] = []
        for item in fn(record_id, limit, all_providers):
            record = self.index.get(item["id"])
            if record is not None:
                out.append(SimilarAction(record, float(item.get("score", 0.0)),
                                         list(item.get("shared_terms") or [])))
        return out[:limit]

    def _load_similar(self) -> SimilarFn | None:
        return integrations.load_similar(self.data_dir, self.index)

    # -- optional: repeat groups -----------------------------------------------------------

    def repeat_groups(self, *, theme: str = "", provider: str = "") -> list[RepeatGroup]:
        """Repeat groups, largest first; raises :class:`Unavailable`.

        With ``theme``, only groups with a member of that theme; with ``provider`` (full or
        short name), only groups with a member from that provider.
        """
        groups = self._cached("repeat_groups", self._compute_repeat_groups)
        if groups is None:
            raise Unavailable("repeated commitments are not available in this installation")
        return [
            g for g in groups
            if (not theme or theme in g.themes)
            and (not provider or provider in g.providers
                 or any(provider in (m.provider, m.provider_short) for m in g.members))
        ]

    def _compute_repeat_groups(self) -> list[RepeatGroup] | None:
        fn = self._optional("repeats_fn", self._load_repeats)
        if fn is None:
            return None
        groups = []
        for raw in fn():
            members = [r for r in (self.index.get(i) for i in raw["ids"]) if r is not None]
            groups.append(RepeatGroup(
                kind=raw.get("kind", "across"),
                ids=list(raw["ids"]),
                providers=list(raw.get("providers") or sorted({m.provider_short for m in members})),
                representative=raw.get("representative") or (members[0].text if members else ""),
                members=members,
                repeated_flag=bool(raw.get("repeated_flag")),
            ))
        groups.sort(key=lambda g: (-len(g.ids), g.representative))
        return groups

    def group_of(self, record_id: str) -> RepeatGroup | None:
        """The repeat group holding this action, if any (``None`` also when unavailable)."""
        try:
            groups = self.repeat_groups()
        except Unavailable:
            return None
        return next((g for g in groups if record_id in g.ids), None)

    def _load_repeats(self) -> RepeatsFn | None:
        return integrations.load_repeats(self.data_dir, self.index)

    # -- optional: theme evidence and the model card ---------------------------------------

    def evidence(self, record: Any) -> dict[str, list[str]]:
        """For each theme on the record, the terms that drove it (empty when unknown)."""
        fn = self._optional("evidence_fn", self._load_evidence)
        if fn is None or not record.themes:
            return {}
        try:
            found = fn(record) or {}
        except Exception as exc:  # evidence is a nicety; never fail the page
            log.warning("theme evidence failed for %s: %s", record.id, exc)
            return {}
        return {theme: list(found.get(theme) or []) for theme in record.themes}

    def _load_evidence(self) -> EvidenceFn | None:
        return integrations.load_evidence(self.data_dir)

    def model_card(self) -> dict[str, Any] | None:
        """The classifier's metadata (evaluation figures, training date), if it ships."""
        return self._cached("model_card", self._load_model_card)

    def _load_model_card(self) -> dict[str, Any] | None:
        return integrations.load_model_card(self.model_dir or
                                            integrations.data_model_dir(self.data_dir))

    def _optional(self, name: str, loader: Callable[[], Any]) -> Any:
        """An injected callable, else one loaded once from its module (``None`` if missing)."""
        given = getattr(self, "_" + name)
        if given is not None or not self._load_optional:
            return given
        key = "loaded:" + name
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        try:
            value = loader()
        except Exception as exc:  # a broken optional part degrades, not fails
            log.warning("%s unavailable: %s", name, exc)
            value = None
        with self._lock:
            self._cache.setdefault(key, value)
            return self._cache[key]

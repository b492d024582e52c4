"""A small in-memory stand-in for ``index.search.ActionIndex`` with the same methods.

The web app's tests run against this so that they are fast and independent of the real index;
the end-to-end tests use the real one.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

from index.search import PlanSummary, SearchHit, SearchResult
from nlp.records import Accounting, ActionRecord, Recommendation


def make_record(n: int, **fields) -> ActionRecord:
    base = dict(
        id=f"p{fields.get('source', 'a.txt')[0]}-r{n}",
        source="a.txt", provider="Alpha Probation Service", provider_short="Alpha",
        submitted="2020-02-28", published="2020-03-03", rec_number="1",
        rec_text="Improve the quality of risk assessment.", addressee="Alpha should",
        agreement="agreed", repeated=False, kind="action", text=f"Action number {n}.",
        owners=["Head of Quality"], target="March 2020", target_month="2020-03",
        status=None, themes=[], theme_scores={}, step=None, position=n,
    )
    base.update(fields)
    return ActionRecord(**base)


def sample_records() -> list[ActionRecord]:
    """Two providers, four themes between them, one hostile text."""
    return [
        make_record(1, text="Deliver safeguarding training to all staff on domestic abuse.",
                    themes=["training", "safeguarding"],
                    theme_scores={"training": 0.91, "safeguarding": 0.84}),
        make_record(2, text="Complete police domestic abuse checks at allocation.",
                    themes=["safeguarding"], theme_scores={"safeguarding": 0.95},
                    target="December 2020", target_month="2020-12", owners=["SPO", "HOO"]),
        make_record(3, text="Refurbish the approved premises reception.",
                    rec_number="2", rec_text="Make premises safe.", agreement="partly agreed",
                    themes=["estates"], theme_scores={"estates": 0.88}, repeated=True,
                    target="Completed", target_month=None, status="completed"),
        make_record(4, source="b.txt", provider="Beta Community Rehabilitation Company",
                    provider_short="Beta CRC",
                    text="Ensure domestic abuse enquiries to the police are completed.",
                    themes=["safeguarding"], theme_scores={"safeguarding": 0.9},
                    target="June 2021", target_month="2021-06"),
        make_record(5, source="b.txt", provider="Beta Community Rehabilitation Company",
                    provider_short="Beta CRC",
                    text="Increase ETE referrals for people on probation "
                         "<script>alert(1)</script>.",
                    themes=["ETE"], theme_scores={"ETE": 0.77}, kind="measure",
                    target="Ongoing", target_month=None, status="ongoing",
                    rec_text="Improve ETE & employment."),
    ]


def _highlight(text: str, words: list[str]) -> str:
    escaped = html.escape(text)
    for word in words:
        escaped = re.sub(f"({re.escape(html.escape(word))})", r"<mark>\1</mark>", escaped,
                         flags=re.IGNORECASE)
    return escaped


class FakeIndex:
    """Substring search over a list of records, with the real index's method signatures."""

    FACET_FIELDS = ("provider", "theme", "agreement", "status", "year")

    def __init__(self, records: list[ActionRecord] | None = None, data_dir: Path | None = None):
        self._records = list(records if records is not None else sample_records())
        self.calls: list[dict] = []

    @staticmethod
    def _values(record: ActionRecord, facet: str) -> list[str]:
        if facet == "provider":
            return [record.provider]
        if facet == "theme":
            return list(record.themes)
        if facet == "year":
            return [record.target_month[:4]] if record.target_month else []
        value = getattr(record, facet)
        return [value] if value else []

    def search(self, q, *, filters=None, page=1, per_page=20, sort="relevance"):
        self.calls.append({"q": q, "filters": filters, "page": page, "per_page": per_page,
                           "sort": sort})
        words = [w for w in re.findall(r"\w+", q.lower()) if w not in ("and", "or", "not")]
        matched = [r for r in self._records
                   if all(w in r.text.lower() for w in words)
                   and all(v in self._values(r, k) for k, v in (filters or {}).items())]
        if sort == "target":
            matched.sort(key=lambda r: r.target_month or "9999")
        facets = {
            f: Counter(v for r in matched for v in self._values(r, f)).most_common()
            for f in self.FACET_FIELDS
        }
        start = (page - 1) * per_page
        hits = [SearchHit(r, 1.0 / (i + 1), _highlight(r.text, words))
                for i, r in enumerate(matched[start:start + per_page], start)]
        suggestion = "premises" if "premisses" in q else None
        message = "Unbalanced quote: searched as plain words." if q.count('"') % 2 else None
        return SearchResult(q, len(matched), page, per_page, hits, facets, suggestion, message)

    def get(self, record_id):
        return next((r for r in self._records if r.id == record_id), None)

    def records(self, source=None):
        return [r for r in self._records if source is None or r.source == source]

    def plans(self):
        out = []
        for source in dict.fromkeys(r.source for r in self._records):
            recs = self.records(source)
            first = recs[0]
            recommendations = list({
                (r.rec_number, r.rec_text): Recommendation(r.rec_number, r.rec_text,
                                                           r.addressee, r.agreement, r.repeated)
                for r in recs}.values())
            unplaced = sum(len(r.text.split()) for r in recs if r.kind == "unplaced")
            out.append(PlanSummary(source, first.provider, first.provider_short, first.submitted,
                                first.published, len(recs), recommendations,
                                Accounting(words=100, placed=90 - unplaced, furniture=10,
                                           unplaced=unplaced)))
        return out

    def glossary(self):
        return {"ETE": "education, training and employment", "UPW": "unpaid work"}

    def count(self):
        return len(self._records)


def fake_similar(record_id: str, limit: int, all_providers: bool) -> list[dict]:
    """Pairs r2 (Alpha) with r4 (Beta): the same commitment in other words."""
    pairs = {"pa-r2": [{"id": "pb-r4", "score": 0.81, "shared_terms": ["domestic abuse",
                                                                       "police"]}],
             "pb-r4": [{"id": "pa-r2", "score": 0.81, "shared_terms": ["domestic abuse"]}]}
    return pairs.get(record_id, [])[:limit]


def fake_repeats() -> list[dict]:
    return [
        {"kind": "across", "ids": ["pa-r2", "pb-r4"], "providers": ["Alpha", "Beta CRC"],
         "representative": "Complete police domestic abuse checks at allocation."},
        {"kind": "within", "ids": ["pa-r1", "pa-r2", "pa-r3"], "providers": ["Alpha"],
         "representative": "Deliver safeguarding training to all staff on domestic abuse."},
    ]


def fake_evidence(record: ActionRecord) -> dict[str, list[str]]:
    return {theme: [theme.lower() + "-term"] for theme in record.themes}

"""The HTML pages: search, action, plan, repeated commitments, themes overview, about.

Each page is plain HTML that works without JavaScript; the URL holds the whole state of a
search, so any result page can be bookmarked, shared or exported.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)

from webapp import params, serialize
from webapp.backend import Unavailable
from webapp.context import backend, search_request

pages = Blueprint("pages", __name__)


def page_numbers(current: int, last: int, around: int = 2) -> list[int | None]:
    """Page links to show: first, last and a window round the current page (``None`` = gap)."""
    shown = sorted({1, last, *range(max(1, current - around), min(last, current + around) + 1)})
    out: list[int | None] = []
    for number in shown:
        if out and number - (out[-1] or 0) > 1:
            out.append(None)
        out.append(number)
    return out


@pages.get("/")
def home():
    search = search_request()
    if not search.is_blank:
        return redirect(url_for("pages.search", **search.args()))
    data = backend()
    return render_template(
        "home.html",
        search=search,
        total=data.count(),
        plans=data.plans(),
        themes=data.theme_summaries(),
    )


@pages.get("/search")
def search():
    search = search_request()
    if search.is_blank:
        return redirect(url_for("pages.home"))
    result = backend().search(search)
    last_page = max(1, -(-result.total // search.per_page))
    if search.page > last_page and result.total:
        return redirect(url_for("pages.search", **search.args(page=last_page)))
    return render_template(
        "search.html",
        search=search,
        result=result,
        last_page=last_page,
        page_numbers=page_numbers(search.page, last_page),
        facet_labels=params.FACET_LABELS,
        labels={("provider", full): short for full, short in backend().providers()},
        sorts=params.SORTS,
    )


def _export_hits(search: params.SearchRequest) -> list[Any]:
    """Every hit of the search (up to the export limit), not just the page shown."""
    limit = current_app.config["EXPORT_LIMIT"]
    batch = params.MAX_PER_PAGE
    hits: list[Any] = []
    page = 1
    while len(hits) < limit:
        result = backend().search(search, page=page, per_page=batch)
        hits.extend(result.hits)
        if not result.hits or page * batch >= result.total:
            break
        page += 1
    return hits[:limit]


@pages.get("/search/export.csv")
def export_csv():
    search = search_request()
    body = serialize.export_csv(_export_hits(search))
    return Response(
        "\ufeff" + body,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="actions.csv"'},
    )


@pages.get("/search/export.json")
def export_json():
    search = search_request()
    rows = serialize.export_rows(_export_hits(search))
    body = json.dumps({"query": search.q, "filters": search.filters, "total": len(rows),
                       "actions": rows}, ensure_ascii=False, indent=1)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="actions.json"'},
    )


@pages.get("/actions/<record_id>")
def action(record_id: str):
    data = backend()
    record = data.get(record_id)
    if record is None:
        abort(404, description="There is no action with this reference. "
                               "It may have been removed when the plans were indexed again.")
    siblings = [
        r for r in data.records(record.source)
        if r.rec_number == record.rec_number and r.rec_text == record.rec_text
    ]
    try:
        similar = data.similar(record.id, limit=5)
        similar_error = None
    except Unavailable as exc:
        similar, similar_error = [], str(exc)
    return render_template(
        "action.html",
        record=record,
        plan=data.plan(record.source),
        siblings=sorted(siblings, key=lambda r: r.position),
        evidence=data.evidence(record),
        similar=similar,
        similar_error=similar_error,
        group=data.group_of(record.id),
        has_original=data.original(record.source) is not None,
    )


@pages.get("/plans")
def plans():
    return render_template("plans.html", plans=backend().plans())


@pages.get("/plans/<source>")
def plan(source: str):
    data = backend()
    summary = data.plan(source)
    if summary is None:
        abort(404, description="There is no plan with this name in the index.")
    records = sorted(data.records(source), key=lambda r: r.position)
    by_rec: dict[tuple[Any, str], list[Any]] = defaultdict(list)
    for record in records:
        by_rec[(record.rec_number, record.rec_text)].append(record)
    theme_counts = Counter(t for r in records for t in (r.themes or []))
    return render_template(
        "plan.html",
        plan=summary,
        groups=list(by_rec.items()),
        theme_counts=theme_counts.most_common(),
        timeline=timeline(records),
        original=data.original(source),
    )


# Originals shown in the browser (a PDF opens at ``#page=N``); other types are downloaded, so
# that a plan's own HTML never runs in this site's origin.
ORIGINAL_TYPES = {
    ".pdf": ("application/pdf", True),
    ".txt": ("text/plain; charset=utf-8", True),
    ".md": ("text/markdown; charset=utf-8", True),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", False),
    ".html": ("text/html; charset=utf-8", False),
    ".htm": ("text/html; charset=utf-8", False),
}


@pages.get("/plans/<source>/original")
def original(source: str):
    path = backend().original(source)
    if path is None:
        abort(404, description="The index holds no original file for this plan.")
    mimetype, inline = ORIGINAL_TYPES.get(path.suffix.lower(), ("application/octet-stream",
                                                                False))
    response = send_file(path, mimetype=mimetype, as_attachment=not inline,
                         download_name=source, max_age=3600)
    if inline and mimetype == "application/pdf":
        # The browser's PDF viewer needs plugins and its own scripts; nothing of ours is in it.
        response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
    return response


def timeline(records: list[Any]) -> dict[str, Any]:
    """Actions per target month in date order, and the undated ones by status."""
    months = Counter(r.target_month for r in records if r.target_month)
    most = max(months.values(), default=1)
    rows = [{"month": m, "count": n, "width": round(10 * n / most)}
            for m, n in sorted(months.items())]
    undated = Counter((r.status or "no date") for r in records if not r.target_month)
    return {"rows": rows, "undated": sorted(undated.items())}


@pages.get("/repeats")
def repeats():
    data = backend()
    theme = params.clean_text(request.args.get("theme"))
    provider = params.clean_text(request.args.get("provider"))
    try:
        all_count = len(data.repeat_groups())
        groups = data.repeat_groups(theme=theme, provider=provider)
        error = None
    except Unavailable as exc:
        all_count, groups, error = 0, [], str(exc)
    return render_template(
        "repeats.html",
        groups=groups,
        all_count=all_count,
        error=error,
        theme=theme,
        provider=provider,
        themes=[t.name for t in data.theme_summaries()],
        providers=data.providers(),
    )


@pages.get("/themes")
def themes():
    data = backend()
    summaries = data.theme_summaries()
    providers = data.providers()
    most = max((n for t in summaries for n in t.by_provider.values()), default=1)
    return render_template("themes.html", themes=summaries, providers=providers, most=most)


@pages.get("/about")
def about():
    data = backend()
    records = data.records()
    return render_template(
        "about.html",
        plans=data.plans(),
        total=len(records),
        kinds=Counter(r.kind for r in records).most_common(),
        themed=sum(1 for r in records if r.themes),
        card=data.model_card(),
        glossary_size=len(data.glossary()),
    )

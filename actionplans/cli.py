"""The ``actionplans`` command: one subcommand per capability, each a thin wire to a package.

Heavy imports (spaCy, scikit-learn, Whoosh, Flask) happen inside the handlers so that
``actionplans --help`` and ``extract`` start fast.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from actionplans import __version__

PLAN_SUFFIXES = {".txt", ".md", ".html", ".htm"}


def _expand_paths(paths: Sequence[str]) -> list[Path]:
    """Files as given, folders expanded to the plan files inside them."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in PLAN_SUFFIXES))
        else:
            out.append(path)
    return out


def cmd_extract(args: argparse.Namespace) -> int:
    from actionplans.pipeline import read_plans

    plans, errors = read_plans(_expand_paths(args.files))
    records = [r for plan in plans for r in plan.records]
    if args.format == "csv":
        writer = csv.writer(sys.stdout)
        columns = list(records[0].to_dict()) if records else []
        writer.writerow(columns)
        for record in records:
            row = record.to_dict()
            writer.writerow(
                [json.dumps(v) if isinstance(v, list | dict) else ("" if v is None else v)
                 for v in (row[c] for c in columns)]
            )
    else:
        for record in records:
            sys.stdout.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    return 1 if errors else 0


def cmd_train(args: argparse.Namespace) -> int:
    from models.classifier import ModelError, train
    from models.labels import LabelsError
    from models.taxonomy import TaxonomyError

    extra, out = None, args.out
    if not args.no_corrections:
        from actionplans.config import data_model_path

        extra, n = _corrections_labels(args)
        if n and out is None:  # a model taught by a data directory's reviewers lives there
            out = data_model_path(_data_dir(args))
    try:
        classifier = train(args.labels, args.themes, seed=args.seed, out=out, extra_labels=extra)
    except (ModelError, LabelsError, TaxonomyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    meta = classifier.metadata
    if extra is not None:
        print(f"with {meta['n_corrections']} reviewer label(s) from {_data_dir(args)}; "
              f"saved to {out or 'the shipped model'}")
    print(f"trained on {meta['n_labelled']} labelled records + {meta['n_examples']} taxonomy "
          f"examples; thresholds: "
          + ", ".join(f"{t}={v:.3f}" for t, v in zip(classifier.themes, classifier.thresholds,
                                                     strict=True)))
    return 0


def _corrections_labels(args: argparse.Namespace) -> tuple[Path | None, int]:
    """The data directory's theme corrections as a temporary labels file (None if none)."""
    import tempfile

    from actionplans.retrain import corrections_labels_file
    from review.store import ReviewStore

    if not ReviewStore(_data_dir(args)).exists:
        return None, 0
    out = Path(tempfile.mkdtemp(prefix="actionplans-")) / "corrections.jsonl"
    path, n = corrections_labels_file(_data_dir(args), out)
    return (path if n else None), n


def cmd_evaluate(args: argparse.Namespace) -> int:
    from models.classifier import ModelError
    from models.evaluate import evaluate, format_errors, format_report
    from models.labels import LabelsError
    from models.taxonomy import TaxonomyError

    extra, n = (None, 0) if args.no_corrections else _corrections_labels(args)
    try:
        result = evaluate(args.labels, args.themes, seed=args.seed)
        corrected = (evaluate(args.labels, args.themes, seed=args.seed, extra_labels=extra)
                     if extra else None)
    except (ModelError, LabelsError, TaxonomyError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        out = result.to_dict()
        if corrected is not None:
            out["with_corrections"] = {"n_corrections": n, **corrected.to_dict()}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(format_report(result))
        if args.errors:
            print(format_errors(result))
        if corrected is not None:
            print(f"\nwith {n} reviewer label(s) from {_data_dir(args)} in the training folds "
                  "(same scored records):")
            print(format_report(corrected))
    for statements in args.statements or ():
        from models.classifier import ThemeClassifier
        from models.evaluate import format_table, score_statements

        try:
            model, rules = score_statements(ThemeClassifier.load(args.model), statements)
        except (ModelError, LabelsError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(format_table(f"\nshipped model on {statements} (never trained on)",
                           model, rules))
    return 0


def cmd_classify(args: argparse.Namespace) -> int:
    from models.classifier import ModelError, ThemeClassifier

    texts = [args.text] if args.text is not None else [line.rstrip("\n") for line in sys.stdin]
    try:
        classifier = ThemeClassifier.load(args.model)
    except ModelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for text, prediction in zip(texts, classifier.predict(texts), strict=True):
        if args.json:
            row = {"text": text, "themes": prediction.themes,
                   "theme_scores": prediction.theme_scores, "evidence": prediction.evidence}
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(f"{','.join(prediction.themes) or '-'}\t{text}\n")
    return 0


def _data_dir(args: argparse.Namespace) -> Path:
    from actionplans.config import default_data_dir

    return Path(args.index) if args.index else default_data_dir()


def cmd_index(args: argparse.Namespace) -> int:
    from actionplans.config import active_model_path
    from actionplans.pipeline import read_plans
    from index.build import build_index

    paths = _expand_paths(args.paths)
    plans, errors = read_plans(paths, active_model_path(_data_dir(args)))
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    if paths and not plans and not args.rebuild:
        print("error: no plans read; the index is unchanged", file=sys.stderr)
        return 1
    data_dir = _data_dir(args)
    try:
        report = build_index(plans, data_dir, rebuild=args.rebuild,
                             progress=not args.quiet and sys.stderr.isatty())
    except OSError as exc:
        print(f"error: {data_dir}: cannot write the index ({exc.strerror or exc})",
              file=sys.stderr)
        return 1
    except ValueError as exc:  # a bad glossary file; the message names it
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"indexed {len(plans)} plan(s) ({report.plans_added} added, {report.plans_replaced} "
          f"replaced): {report.n_plans} plans, {report.n_actions} actions in {data_dir} "
          f"({report.seconds:.1f}s)")
    return 1 if errors else 0


SEARCH_FILTERS = ("theme", "provider", "agreement", "status", "year", "kind", "owner")


def _terminal_highlight(fragment: str, colour: bool) -> str:
    import html

    on, off = ("\033[1m", "\033[0m") if colour else ("[", "]")
    return html.unescape(fragment.replace("<mark>", on).replace("</mark>", off))


def cmd_search(args: argparse.Namespace) -> int:
    from actionplans.pipeline import ensure_index
    from index.search import ActionIndex, IndexMissing

    data_dir = _data_dir(args)
    try:
        if not args.index:
            ensure_index(data_dir)
        index = ActionIndex(data_dir)
    except (IndexMissing, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    filters = {k: getattr(args, k) for k in SEARCH_FILTERS if getattr(args, k)}
    result = index.search(" ".join(args.query), filters=filters, page=args.page,
                          per_page=args.per_page, sort=args.sort)
    if args.json:
        out = {
            "query": result.query, "total": result.total, "page": result.page,
            "per_page": result.per_page, "suggestion": result.suggestion,
            "message": result.message,
            "hits": [{**h.record.to_dict(), "score": h.score, "highlight": h.highlight}
                     for h in result.hits],
            "facets": {k: [list(pair) for pair in v] for k, v in result.facets.items()},
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    for note in (result.message, result.suggestion and f"did you mean: {result.suggestion}"):
        if note:
            print(note)
    first = (result.page - 1) * result.per_page
    print(f"{result.total} action(s)" + (f", showing {first + 1}-{first + len(result.hits)}"
                                          if result.hits else ""))
    colour = sys.stdout.isatty()
    for rank, hit in enumerate(result.hits, start=first + 1):
        r = hit.record
        meta = " · ".join(x for x in (r.provider_short, r.rec_number and f"rec {r.rec_number}",
                                      r.target or r.status, ", ".join(r.themes)) if x)
        print(f"\n{rank}. {r.id}  ({meta})")
        print(f"   {_terminal_highlight(hit.highlight, colour)}")
    return 0


def _ready_index(args: argparse.Namespace) -> Path:
    """The data directory to read, building the default (sample) index if it is missing."""
    from actionplans.pipeline import ensure_index

    data_dir = _data_dir(args)
    if not args.index:
        ensure_index(data_dir)
    return data_dir


def cmd_similar(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from index.search import IndexMissing
    from index.similar import similar_actions

    try:
        data_dir = _ready_index(args)
        found = similar_actions(data_dir, args.id, limit=args.limit,
                                include_same_provider=args.all_providers)
    except KeyError:
        print(f"error: no action with id {args.id!r} in the index", file=sys.stderr)
        return 1
    except (IndexMissing, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({"id": args.id, "similar": [asdict(s) for s in found]},
                         ensure_ascii=False, indent=2))
        return 0
    print(f"{len(found)} similar action(s) to {args.id}"
          + ("" if args.all_providers else " from other providers"))
    for rank, hit in enumerate(found, start=1):
        print(f"\n{rank}. {hit.id}  ({hit.provider} · score {hit.score:.3f})")
        print(f"   shared: {', '.join(hit.shared_terms) or '-'}")
        print(f"   {hit.text[:300]}{'...' if len(hit.text) > 300 else ''}")
    return 0


def cmd_repeats(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from index.repeats import repeat_groups
    from index.search import IndexMissing

    try:
        groups = repeat_groups(_ready_index(args))
    except (IndexMissing, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({"groups": [asdict(g) for g in groups]}, ensure_ascii=False, indent=2))
        return 0
    print(f"{len(groups)} repeated commitment(s)")
    for number, group in enumerate(groups, start=1):
        flag = " · repeated from the previous inspection" if group.repeated_flag else ""
        print(f"\n{number}. {group.kind}, {len(group.ids)} actions "
              f"({'; '.join(group.providers)}){flag}")
        print(f"   {group.representative[:300]}{'...' if len(group.representative) > 300 else ''}")
        for record_id, rec, target in zip(group.ids, group.rec_numbers, group.targets,
                                          strict=True):
            print(f"   - {record_id}  rec {rec or '-'} · target {target or '-'}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from actionplans.pipeline import ensure_index
    from index.search import IndexMissing

    data_dir = _data_dir(args)
    try:
        if not args.index:
            print(f"preparing the index in {data_dir} ...", file=sys.stderr, flush=True)
            ensure_index(data_dir)
        from webapp import create_app

        app = create_app({"INDEX_DIR": data_dir, **({"REVIEW": True} if args.review else {})})
    except (IndexMissing, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    from waitress import serve

    print(f"serving {data_dir} at http://{args.host}:{args.port}/ (Ctrl+C to stop)",
          file=sys.stderr, flush=True)
    try:
        serve(app, host=args.host, port=args.port, threads=args.threads, ident="actionplans",
              clear_untrusted_proxy_headers=True)
    except OSError as exc:
        print(f"error: cannot listen on {args.host}:{args.port} ({exc.strerror or exc})",
              file=sys.stderr)
        return 1
    return 0


def _corrections_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--index", default=None, help="data directory whose reviewers' theme "
                   "corrections join the labels (default: $ACTIONPLANS_DATA or the user data "
                   "directory)")
    p.add_argument("--no-corrections", action="store_true",
                   help="the shipped labels only")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="actionplans",
        description="Search and classify HM Inspectorate of Probation action plans.",
    )
    parser.add_argument("--version", action="version", version=f"actionplans {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="read plans into action records")
    p.add_argument("files", nargs="+", help="plan files or folders (.txt, .md, .html)")
    p.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    p.set_defaults(handler=cmd_extract)

    p = sub.add_parser("train", help="retrain the theme classifier from the labels file")
    p.add_argument("--labels", type=Path, default=None, help="labels JSONL (default: shipped)")
    p.add_argument("--themes", type=Path, default=None, help="taxonomy TOML (default: shipped)")
    p.add_argument("--out", type=Path, default=None, help="artifact path (default: shipped)")
    p.add_argument("--seed", type=int, default=0)
    _corrections_options(p)
    p.set_defaults(handler=cmd_train)

    p = sub.add_parser("evaluate", help="leave-one-plan-out scores of the theme classifier")
    p.add_argument("--labels", type=Path, default=None, help="labels JSONL (default: shipped)")
    p.add_argument("--themes", type=Path, default=None, help="taxonomy TOML (default: shipped)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true", help="print the full result as JSON")
    p.add_argument("--errors", action="store_true", help="also list the misclassified records")
    p.add_argument("--statements", type=Path, action="append",
                   help="also score the shipped model on this labelled JSONL of statements "
                        "(repeatable)")
    p.add_argument("--model", type=Path, default=None, help="artifact (default: shipped)")
    _corrections_options(p)
    p.set_defaults(handler=cmd_evaluate)

    p = sub.add_parser("classify", help="tag each line of stdin (or TEXT) with themes")
    p.add_argument("text", nargs="?", default=None, help="one text (default: read stdin lines)")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.add_argument("--model", type=Path, default=None, help="artifact (default: shipped)")
    p.set_defaults(handler=cmd_classify)

    p = sub.add_parser("index", help="add or replace plans (by source) in the search index")
    p.add_argument("paths", nargs="*", help="plan files or folders (.txt, .md, .html); none: "
                   "rebuild the search index from the stored plans")
    p.add_argument("--index", default=None, help="data directory (default: $ACTIONPLANS_DATA "
                   "or the user data directory)")
    p.add_argument("--rebuild", action="store_true", help="start afresh: only PATHS afterwards")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(handler=cmd_index)

    p = sub.add_parser("search", help="search the indexed actions")
    p.add_argument("query", nargs="*", help='words, "phrases", AND/OR/NOT, field:value')
    p.add_argument("--index", default=None, help="data directory (default: the sample index)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    for name in SEARCH_FILTERS:
        p.add_argument(f"--{name}", default=None, help=f"only actions with this {name}")
    p.add_argument("--page", type=int, default=1)
    p.add_argument("--per-page", type=int, default=10)
    p.add_argument("--sort", choices=["relevance", "target"], default="relevance")
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser("similar", help="actions most like one action, from other providers")
    p.add_argument("id", help="an action id (as extract and search print them)")
    p.add_argument("--all-providers", action="store_true",
                   help="include the action's own provider")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--index", default=None, help="data directory (default: the sample index)")
    p.set_defaults(handler=cmd_similar)

    p = sub.add_parser("repeats", help="groups of actions that repeat the same commitment")
    p.add_argument("--json", action="store_true", help="print the groups as JSON")
    p.add_argument("--index", default=None, help="data directory (default: the sample index)")
    p.set_defaults(handler=cmd_repeats)

    p = sub.add_parser("serve", help="serve the web app and JSON API (waitress)")
    p.add_argument("--index", default=None, help="data directory (default: the sample index, "
                   "built on first run)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on")
    p.add_argument("--port", type=int, default=8000, help="port to listen on")
    p.add_argument("--threads", type=int, default=8, help="worker threads")
    p.add_argument("--review", action="store_true", help="review mode: reviewers sign in and "
                   "correct records (also ACTIONPLANS_REVIEW=1)")
    p.set_defaults(handler=cmd_serve)

    from actionplans.review_cli import add_parsers

    add_parsers(sub)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())

"""The ``actionplans`` command: one subcommand per capability, each a thin wire to a package.

Heavy imports (spaCy, scikit-learn, Whoosh, Flask) happen inside the handlers (each marked
``lazy``) so that ``actionplans --help`` and ``extract`` start fast. Errors the user can fix are
:class:`~nlp.errors.ActionPlansError` (or ``OSError``): :func:`main` catches them once, prints
one line and chooses the exit code.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from actionplans import __version__
from actionplans.report import check_table, warning_lines
from actionplans.review_cli import add_parsers
from index.limits import FILTER_KEYS, MAX_PER_PAGE
from nlp.errors import ActionPlansError

PLAN_SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf", ".docx"}


def _expand_paths(paths: Sequence[str]) -> list[Path]:
    """Files as given, folders expanded to the plan files inside them; the other files found
    in folders are counted in one line on stderr ("skipped 2 files: 1 .csv, 1 .png")."""
    out: list[Path] = []
    skipped: Counter[str] = Counter()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.is_dir():
                    continue
                if found.suffix.lower() in PLAN_SUFFIXES:
                    out.append(found)
                else:
                    skipped[found.suffix.lower() or "(no extension)"] += 1
        else:
            out.append(path)
    if skipped:
        total = sum(skipped.values())
        kinds = ", ".join(f"{n} {suffix}" for suffix, n in sorted(
            skipped.items(), key=lambda kv: (-kv[1], kv[0])))
        print(f"skipped {total} file{'s' if total != 1 else ''}: {kinds}", file=sys.stderr)
    return out


class NothingRead(ActionPlansError):
    """Plan files were given but none could be read, so nothing changes."""


class CannotListen(ActionPlansError):
    """The web server cannot bind its address."""


def cmd_extract(args: argparse.Namespace) -> int:
    from actionplans.pipeline import read_plans  # lazy: spaCy

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
    _warn(plans)
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    return 1 if errors else 0


def _warn(plans: Sequence) -> None:
    """One line per plan whose words were not all placed (a warning: the exit code stays 0)."""
    for plan in plans:
        for line in warning_lines(plan):
            print(line, file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    from actionplans.pipeline import named_as_given  # lazy: as below
    from nlp.plan import parse_plan  # lazy: the parser, only for commands that read plans
    from nlp.records import PlanError  # lazy: as above

    failed = False
    for n, path in enumerate(_expand_paths(args.files)):
        try:
            trace: list = []
            plan = parse_plan(path, trace=trace)  # (read as extract and index read it)
        except PlanError as exc:
            print(f"error: {named_as_given(str(exc), path)}", file=sys.stderr)
            failed = True
            continue
        except OSError as exc:
            print(f"error: {path}: cannot read file ({exc.strerror or exc})", file=sys.stderr)
            failed = True
            continue
        print(("\n" if n else "") + check_table(plan))
        if args.debug:
            print("\nrows as read (line -> cells placed in the six columns):")
            for line, row in trace:
                print(f"  {line[:100]!r}\n    -> {row}")
    return 1 if failed else 0


def cmd_train(args: argparse.Namespace) -> int:
    from models.classifier import train  # lazy: scikit-learn

    extra, out = None, args.out
    if not args.no_corrections:
        from index.layout import data_model_path  # lazy: only with corrections

        extra, n = _corrections_labels(args)
        if n and out is None:  # a model taught by a data directory's reviewers lives there
            out = data_model_path(_data_dir(args))
    classifier = train(args.labels, args.themes, seed=args.seed, out=out, extra_labels=extra)
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
    # lazy: only train and evaluate read corrections (retrain imports scikit-learn)
    import tempfile

    from actionplans.retrain import corrections_labels_file
    from review.store import ReviewStore

    if not ReviewStore(_data_dir(args)).exists:
        return None, 0
    out = Path(tempfile.mkdtemp(prefix="actionplans-")) / "corrections.jsonl"
    path, n = corrections_labels_file(_data_dir(args), out)
    return (path if n else None), n


def cmd_evaluate(args: argparse.Namespace) -> int:
    # lazy: scikit-learn
    from models.classifier import ThemeClassifier
    from models.evaluate import (
        evaluate,
        format_errors,
        format_report,
        format_table,
        score_statements,
    )

    extra, n = (None, 0) if args.no_corrections else _corrections_labels(args)
    result = evaluate(args.labels, args.themes, seed=args.seed)
    corrected = (evaluate(args.labels, args.themes, seed=args.seed, extra_labels=extra)
                 if extra else None)
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
        model, rules = score_statements(ThemeClassifier.load(args.model), statements)
        print(format_table(f"\nshipped model on {statements} (never trained on)",
                           model, rules))
    return 0


def cmd_classify(args: argparse.Namespace) -> int:
    from models.classifier import ThemeClassifier  # lazy: scikit-learn

    texts = [args.text] if args.text is not None else [line.rstrip("\n") for line in sys.stdin]
    classifier = ThemeClassifier.load(args.model)
    for text, prediction in zip(texts, classifier.predict(texts), strict=True):
        if args.json:
            row = {"text": text, "themes": prediction.themes,
                   "theme_scores": prediction.theme_scores, "evidence": prediction.evidence}
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(f"{','.join(prediction.themes) or '-'}\t{text}\n")
    return 0


def _data_dir(args: argparse.Namespace) -> Path:
    from actionplans.config import default_data_dir  # lazy: only for commands with --index

    return Path(args.index) if args.index else default_data_dir()


def cmd_index(args: argparse.Namespace) -> int:
    # lazy: spaCy, Whoosh, scikit-learn
    from actionplans.pipeline import originals_of, read_plans
    from index.build import build_index
    from index.layout import active_model_path

    paths = _expand_paths(args.paths)
    plans, errors = read_plans(paths, active_model_path(_data_dir(args)))
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    _warn(plans)
    if paths and not plans and not args.rebuild:
        raise NothingRead("no plans read; the index is unchanged")
    data_dir = _data_dir(args)
    report = build_index(plans, data_dir, rebuild=args.rebuild,
                         progress=not args.quiet and sys.stderr.isatty(),
                         originals=originals_of(plans, paths))
    print(f"indexed {len(plans)} plan(s) ({report.plans_added} added, {report.plans_replaced} "
          f"replaced): {report.n_plans} plans, {report.n_actions} actions in {data_dir} "
          f"({report.seconds:.1f}s)")
    return 1 if errors else 0


SEARCH_FILTERS = FILTER_KEYS


def _terminal_highlight(fragment: str, colour: bool) -> str:
    import html  # lazy: search output only

    on, off = ("\033[1m", "\033[0m") if colour else ("[", "]")
    return html.unescape(fragment.replace("<mark>", on).replace("</mark>", off))


def cmd_search(args: argparse.Namespace) -> int:
    from index.search import ActionIndex  # lazy: Whoosh

    index = ActionIndex(_ready_index(args))
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
    from actionplans.pipeline import ensure_index  # lazy: spaCy, Whoosh

    data_dir = _data_dir(args)
    if not args.index:
        ensure_index(data_dir)
    return data_dir


def cmd_similar(args: argparse.Namespace) -> int:
    from index.similar import similar_actions  # lazy: numpy, scipy

    found = similar_actions(_ready_index(args), args.id, limit=args.limit,
                            include_same_provider=args.all_providers)
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
    from index.repeats import repeat_groups  # lazy: numpy, scipy

    groups = repeat_groups(_ready_index(args))
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
    # lazy: Flask, the web server, Whoosh
    from actionplans.pipeline import ensure_index
    from actionplans.serving import listening_socket, serve_granian
    from index.layout import resolve_generation
    from webapp import create_app

    data_dir = _data_dir(args)
    if not args.index:
        print(f"preparing the index in {data_dir} ...", file=sys.stderr, flush=True)
        ensure_index(data_dir)
    from actionplans.retrain import reindex, retrain  # lazy: review mode's background jobs

    config = {"INDEX_DIR": data_dir, "REVIEW_REINDEX": reindex, "REVIEW_RETRAIN": retrain,
              **({"REVIEW": True} if args.review else {})}
    # Review mode keeps one process: its background jobs and sign-ins live in memory.
    review = args.review or os.environ.get("ACTIONPLANS_REVIEW", "") not in ("", "0", "false")
    workers = 1 if review else max(1, args.workers)
    if args.server == "waitress" or review:
        return _serve_waitress(args, data_dir, config, workers)
    resolve_generation(data_dir)  # no index: a one-line error here, not one per worker
    try:  # granian's workers bind the port themselves: check it can be had first
        listening_socket(args.host, args.port).close()
    except OSError as exc:
        raise CannotListen(f"cannot listen on {args.host}:{args.port} "
                           f"({exc.strerror or exc})") from exc
    _say_serving(data_dir, args, workers)
    try:
        return serve_granian(lambda: create_app(config), args.host, args.port, workers,
                             max(1, args.threads or 1))
    except OSError as exc:
        raise CannotListen(f"cannot listen on {args.host}:{args.port} "
                           f"({exc.strerror or exc})") from exc


def _serve_waitress(args: argparse.Namespace, data_dir: Path, config: dict,
                    workers: int) -> int:
    # lazy: waitress and Flask load only for the server asked for
    from waitress import serve

    from actionplans.serving import listening_socket, serve_workers, throttle_queue_warnings
    from webapp import create_app

    options = {"threads": args.threads or 8, "ident": "actionplans",
               "clear_untrusted_proxy_headers": True}
    throttle_queue_warnings()
    try:
        if workers == 1:
            app = create_app(config)
            _say_serving(data_dir, args, workers)
            serve(app, host=args.host, port=args.port, **options)
            return 0
        sock = listening_socket(args.host, args.port)
    except OSError as exc:
        raise CannotListen(f"cannot listen on {args.host}:{args.port} "
                           f"({exc.strerror or exc})") from exc
    _say_serving(data_dir, args, workers)
    failed = serve_workers(lambda: create_app(config), serve, sock, workers, **options)
    return 1 if failed == workers else 0


def _say_serving(data_dir: Path, args: argparse.Namespace, workers: int) -> None:
    processes = f", {workers} worker processes" if workers > 1 else ""
    print(f"serving {data_dir} at http://{args.host}:{args.port}/{processes} (Ctrl+C to stop)",
          file=sys.stderr, flush=True)


def _shared_options() -> dict[str, argparse.ArgumentParser]:
    """Options several subcommands take, declared once (argparse ``parents``)."""
    index = argparse.ArgumentParser(add_help=False)
    index.add_argument("--index", default=None, metavar="DIR",
                       help="data directory (default: $ACTIONPLANS_DATA, else "
                            "~/.local/share/actionplans; search, similar, repeats and serve "
                            "build it from the bundled sample plans if it is missing)")
    as_json = argparse.ArgumentParser(add_help=False)
    as_json.add_argument("--json", action="store_true", help="print JSON instead of text")
    model = argparse.ArgumentParser(add_help=False)
    model.add_argument("--model", type=Path, default=None,
                       help="theme model artifact (default: the shipped one)")
    training = argparse.ArgumentParser(add_help=False)
    training.add_argument("--labels", type=Path, default=None,
                          help="labels JSONL (default: the shipped one)")
    training.add_argument("--themes", type=Path, default=None,
                          help="taxonomy TOML (default: the shipped one)")
    training.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    corrections = argparse.ArgumentParser(add_help=False)
    corrections.add_argument("--no-corrections", action="store_true",
                             help="the shipped labels only, not the data directory's "
                                  "reviewers' theme corrections")
    return {"index": index, "json": as_json, "model": model, "training": training,
            "corrections": corrections}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="actionplans",
        description="Search and classify HM Inspectorate of Probation action plans.",
    )
    parser.add_argument("--version", action="version", version=f"actionplans {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    shared = _shared_options()
    index, as_json, model, training, corrections = (
        shared[k] for k in ("index", "json", "model", "training", "corrections"))

    p = sub.add_parser("extract", help="read plans into action records")
    p.add_argument("files", nargs="+", help="plan files or folders (.txt, .md, .html)")
    p.add_argument("--format", choices=["jsonl", "csv"], default="jsonl",
                   help="one JSON object per action, or CSV (default: jsonl)")
    p.set_defaults(handler=cmd_extract)

    p = sub.add_parser("check", help="print a plan's table as read, and where its words went, "
                       "to hold it against the original")
    p.add_argument("files", nargs="+", help="plan files or folders (.txt, .md, .html)")
    p.add_argument("--debug", action="store_true", help="also print each table line as read")
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("train", parents=[training, index, corrections],
                       help="retrain the theme classifier from the labels file (+ the data "
                            "directory's theme corrections)")
    p.add_argument("--out", type=Path, default=None,
                   help="artifact path (default: the shipped one; with corrections, "
                        "DIR/model/themes.skops)")
    p.set_defaults(handler=cmd_train)

    p = sub.add_parser("evaluate", parents=[training, as_json, model, index, corrections],
                       help="leave-one-plan-out scores of the theme classifier")
    p.add_argument("--errors", action="store_true", help="also list the misclassified records")
    p.add_argument("--statements", type=Path, action="append",
                   help="also score the shipped model on this labelled JSONL of statements "
                        "(repeatable)")
    p.set_defaults(handler=cmd_evaluate)

    p = sub.add_parser("classify", parents=[as_json, model],
                       help="tag each line of stdin (or TEXT) with themes")
    p.add_argument("text", nargs="?", default=None, help="one text (default: read stdin lines)")
    p.set_defaults(handler=cmd_classify)

    p = sub.add_parser("index", parents=[index],
                       help="add or replace plans (by source) in the search index")
    p.add_argument("paths", nargs="*", help="plan files or folders (.txt, .md, .html); none: "
                   "rebuild the search index from the stored plans")
    p.add_argument("--rebuild", action="store_true", help="start afresh: only PATHS afterwards")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(handler=cmd_index)

    p = sub.add_parser("search", parents=[index, as_json], help="search the indexed actions")
    p.add_argument("query", nargs="*", help='words, "phrases", AND/OR/NOT, field:value')
    for name in SEARCH_FILTERS:
        p.add_argument(f"--{name}", default=None, help=f"only actions with this {name}")
    p.add_argument("--page", type=int, default=1, help="page of results (default: 1)")
    p.add_argument("--per-page", type=int, default=10,
                   help=f"results per page (default: 10, at most {MAX_PER_PAGE})")
    p.add_argument("--sort", choices=["relevance", "target"], default="relevance",
                   help="order of results (default: relevance)")
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser("similar", parents=[index, as_json],
                       help="actions most like one action, from other providers")
    p.add_argument("id", help="an action id (as extract and search print them)")
    p.add_argument("--all-providers", action="store_true",
                   help="include the action's own provider")
    p.add_argument("--limit", type=int, default=10, help="how many (default: 10)")
    p.set_defaults(handler=cmd_similar)

    p = sub.add_parser("repeats", parents=[index, as_json],
                       help="groups of actions that repeat the same commitment")
    p.set_defaults(handler=cmd_repeats)

    p = sub.add_parser("serve", parents=[index], help="serve the web app and JSON API")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    p.add_argument("--server", choices=("granian", "waitress"), default="granian",
                   help="HTTP server (default: granian; review mode always uses waitress)")
    p.add_argument("--threads", type=int, default=None,
                   help="Python threads per worker process (default: 1 with granian, where "
                   "more threads measured more CPU a request; 8 with waitress)")
    p.add_argument("--workers", type=int, default=1,
                   help="worker processes sharing the port, e.g. one per core (default: 1; "
                   "review mode always 1)")
    p.add_argument("--review", action="store_true", help="review mode: reviewers sign in and "
                   "correct records (also ACTIONPLANS_REVIEW=1)")
    p.set_defaults(handler=cmd_serve)

    add_parsers(sub, index)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; an error the user can fix is one line on stderr and exit code 1."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except ActionPlansError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:  # a file or directory the system refused; the message names it
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

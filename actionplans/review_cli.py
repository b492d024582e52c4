"""The review commands: ``reviewer add|revoke|list`` and ``corrections export|list``.

Kept apart from ``cli.py`` (which only registers them) because they are one concern: the
accounts and corrections stored in a data directory's ``review.sqlite``.
"""

from __future__ import annotations

import argparse
import csv
import getpass
import json
import sys
from pathlib import Path
from typing import Any

from actionplans.config import default_data_dir
from index.corrections import read_report
from index.layout import IndexMissing, resolve_generation
from review.apply import with_status
from review.store import ReviewError, ReviewStore

EXPORT_COLUMNS = ("id", "record_id", "source", "field", "old_value", "new_value", "reviewer",
                  "created_at", "note", "status", "reason", "anchor")


def _data_dir(args: argparse.Namespace) -> Path:
    return Path(args.index) if args.index else default_data_dir()


def _read_password(name: str) -> str:
    """From the terminal (asked twice), or the first line of stdin for scripts."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(f"password for {name}: ")
    if getpass.getpass("again: ") != first:
        raise ReviewError(f"reviewer {name}: the two passwords differ")
    return first


def cmd_reviewer(args: argparse.Namespace) -> int:
    """Accounts; a bad name or password is a :class:`ReviewError` (one line, exit 1)."""
    store = ReviewStore(_data_dir(args))
    if args.action == "add":
        store.add_reviewer(args.name, _read_password(args.name))
        print(f"reviewer {args.name} can sign in to `actionplans serve --review`")
    elif args.action == "revoke":
        store.revoke_reviewer(args.name)
        print(f"reviewer {args.name} revoked: no new sign-ins, open sessions end")
    else:
        for reviewer in store.reviewers():
            state = f"revoked {reviewer.revoked_at}" if reviewer.revoked_at else "active"
            print(f"{reviewer.name}\t{state}\tsince {reviewer.created_at}")
    return 0


def export_rows(data_dir: Path) -> list[dict[str, Any]]:
    """Every correction with what the live index made of it (``pending``: made since the
    last build)."""
    try:
        report = read_report(resolve_generation(data_dir))
    except IndexMissing:
        report = {"corrections": []}
    return with_status(ReviewStore(data_dir).corrections(), report)


def cmd_corrections(args: argparse.Namespace) -> int:
    rows = export_rows(_data_dir(args))
    if args.action == "list":
        rows = [r for r in rows if not args.attention or r["status"] == "attention"]
        for r in rows:
            print(f"#{r['id']} {r['record_id']} {r['field']}: {r['status']}"
                  + (f" ({r['reason']})" if r["reason"] else ""))
        return 0
    if args.format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(EXPORT_COLUMNS)
        for r in rows:
            writer.writerow([json.dumps(r[c], ensure_ascii=False) if c.endswith("_value")
                             else r[c] for c in EXPORT_COLUMNS])
    else:
        for r in rows:
            sys.stdout.write(json.dumps({c: r[c] for c in EXPORT_COLUMNS},
                                        ensure_ascii=False) + "\n")
    return 0


def add_parsers(sub: Any, index: argparse.ArgumentParser) -> None:
    """Register ``reviewer`` and ``corrections`` on the main parser's subcommands
    (``index``: the shared ``--index`` option)."""
    p = sub.add_parser("reviewer", parents=[index], help="reviewer accounts for `serve --review`")
    p.add_argument("action", choices=["add", "revoke", "list"])
    p.add_argument("name", nargs="?", default="", help="reviewer name (add, revoke)")
    p.set_defaults(handler=cmd_reviewer)

    p = sub.add_parser("corrections", parents=[index],
                       help="export or list reviewers' corrections")
    p.add_argument("action", choices=["export", "list"])
    p.add_argument("--format", choices=["jsonl", "csv"], default="jsonl",
                   help="export: one JSON object per correction, or CSV (default: jsonl)")
    p.add_argument("--attention", action="store_true", help="list: only those needing attention")
    p.set_defaults(handler=cmd_corrections)

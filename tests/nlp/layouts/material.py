"""The frozen splits (``splits.json``) and how a rendered plan goes through the real parser.

``splits.json`` names, per split, blocks of gold plans x layouts x seeds. DEV is for tuning;
TEST is held out: never look at it item by item while changing the parser.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from nlp import parse_plan_text
from nlp.reading import decode_plan_bytes

from .render import HERE, Rendered, load_gold, render

SPLITS_FILE = HERE / "splits.json"


def split_items(split: str) -> list[tuple[str, str, int]]:
    """(gold name, layout name, seed) for every plan of ``split`` ("dev" or "test")."""
    blocks = json.loads(SPLITS_FILE.read_text(encoding="utf-8"))[split]
    return [(g, layout, seed) for block in blocks for g in block["gold"]
            for layout in block["layouts"] for seed in block["seeds"]]


def render_split(split: str) -> list[Rendered]:
    cache: dict[str, dict] = {}
    out = []
    for name, layout, seed in split_items(split):
        gold = cache.setdefault(name, load_gold(name))
        out.append(render(gold, layout, seed))
    return out


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def file_name(rendered: Rendered) -> str:
    return rendered.name.replace(":", "-") + ".txt"


def parse_rendered(rendered: Rendered):
    """The :class:`nlp.records.Plan` the real pipeline reads from the rendered file."""
    name = file_name(rendered)
    text = decode_plan_bytes(rendered.text.encode("utf-8"), name)
    return parse_plan_text(text, str(Path(name)))


def split_digests(split: str) -> dict[str, dict[str, str]]:
    """Digests of the split's gold files and rendered plans: what freezing the split means."""
    items = split_items(split)
    gold = {n: text_digest((HERE / "gold" / f"{n}.json").read_text(encoding="utf-8"))
            for n in sorted({n for n, _, _ in items})}
    rendered = {r.name: text_digest(r.text) for r in render_split(split)}
    return {"gold": gold, "rendered": rendered}

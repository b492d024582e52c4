"""Corrections outlive index generations: replayed on every build, flagged when the parser
now produces something else under them."""

from __future__ import annotations

import dataclasses

from index.build import build_index
from index.corrections import read_report
from index.layout import PARSED_FILE
from index.search import ActionIndex, resolve_generation
from review.store import ReviewStore
from tests.index.sample_records import durham, plans, west_yorkshire


def correct(data_dir, record, field, old, new):
    return ReviewStore(data_dir).add(record_id=record.id, source=record.source, field=field,
                                     old_value=old, new_value=new, anchor=record.text,
                                     reviewer="ann")


def theme_count(index, theme):
    return index.search(f"theme:{theme}").total


def test_correction_survives_rebuilds_and_shows_in_search(tmp_path):
    build_index(plans(), tmp_path)
    target = west_yorkshire().records[1]
    assert "estates" not in target.themes
    before = theme_count(ActionIndex(tmp_path), "estates")
    correction = correct(tmp_path, target, "themes", list(target.themes),
                         [*target.themes, "estates"])
    build_index([], tmp_path)  # what the web app does after a correction
    index = ActionIndex(tmp_path)
    assert "estates" in index.get(target.id).themes
    assert theme_count(index, "estates") == before + 1
    report = read_report(resolve_generation(tmp_path))
    assert report["corrected_ids"] == [target.id]
    assert report["corrections"][0]["id"] == correction.id
    # A full re-index from the plan files (rebuild) and an incremental one both keep it.
    for kwargs in ({"rebuild": True}, {}):
        build_index(plans(), tmp_path, **kwargs)
        assert "estates" in ActionIndex(tmp_path).get(target.id).themes
    # The generation keeps the parser's output untouched beside the served store.
    assert (resolve_generation(tmp_path) / PARSED_FILE).is_file()


def test_changed_parser_output_under_a_correction_is_flagged(tmp_path):
    build_index(plans(), tmp_path)
    target = west_yorkshire().records[0]
    correct(tmp_path, target, "kind", "action", "measure")
    build_index([], tmp_path)
    assert ActionIndex(tmp_path).get(target.id).kind == "measure"
    upgraded = west_yorkshire()  # a new parser reads that record's text differently
    upgraded.records[0] = dataclasses.replace(upgraded.records[0],
                                              text=upgraded.records[0].text + " By March.")
    build_index([upgraded, durham()], tmp_path)
    assert ActionIndex(tmp_path).get(target.id).kind == "action"  # not applied...
    [outcome] = read_report(resolve_generation(tmp_path))["corrections"]
    assert outcome["status"] == "attention"  # ...and not dropped: listed for a person
    assert "text has changed" in outcome["reason"]
    assert len(ReviewStore(tmp_path).corrections()) == 1


def test_split_makes_a_new_searchable_record(tmp_path):
    build_index(plans(), tmp_path)
    target = west_yorkshire().records[0]
    first, second = target.text.split(" strengthen ", 1)
    second = "strengthen " + second
    correct(tmp_path, target, "split", target.text, [first, second])
    build_index([], tmp_path)
    index = ActionIndex(tmp_path)
    ids = [r.id for r in index.records(target.source)]
    assert ids[ids.index(target.id) + 1].startswith(target.id + "-s")
    assert index.get(target.id).text == first
    hits = index.search("strengthen safeguarding checks").hits
    assert hits and hits[0].record.id.startswith(target.id + "-s")

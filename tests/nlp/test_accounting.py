"""Every word of the action table is placed, recognised as furniture, or kept as unplaced."""

from __future__ import annotations

import pytest

from actionplans.config import sample_plan_paths
from nlp import parse_plan, parse_plan_text
from nlp.accounting import words
from nlp.records import KINDS, Accounting


def plan(text: str):
    return parse_plan_text(text, "fixture.txt")


def unplaced(p) -> list[tuple[str | None, str]]:
    return [(r.rec_number, r.text) for r in p.records if r.kind == "unplaced"]


def test_contract():
    assert "unplaced" in KINDS
    assert Accounting(words=10, placed=10).clean
    assert not Accounting(words=10, placed=8, unplaced=2).clean


def test_words_are_runs_of_two_letters_or_more():
    assert words("1.2 <p>Train the H00 staff</p> &amp; a 2019 d") == ["train", "the", "hoo", "staff"]


@pytest.mark.parametrize("path", sample_plan_paths(), ids=lambda p: p.name[:3])
def test_sample_plans_are_fully_accounted(path):
    p = parse_plan(path)
    acc = p.accounting
    assert acc.clean, unplaced(p)
    assert acc.placed + acc.furniture == acc.words
    assert acc.placed > 0.9 * acc.words  # (repeated headers are the furniture)


def test_clean_plan(plan_text):
    p = plan(plan_text("1\tImprove A.\tAgreed\tWe will do A.\tHead of Quality\tMay 2019"))
    assert p.accounting.clean and p.accounting.furniture == len(words(
        plan_text("").split("ACTION PLAN: Testshire CRC\n\n")[1]))  # the column header


def test_repeated_header_and_page_furniture_are_furniture(plan_text):
    from tests.nlp.helpers import TABLE_HEADER

    p = plan(plan_text("1\tImprove A.\tAgreed\tWe will do A.\tHead of Quality\tMay 2019",
                       "Page 2 of 3", "OFFICIAL", TABLE_HEADER.strip(),
                       "\t\t\tWe will do B.\tDirector\tJune 2019"))
    assert p.accounting.clean
    assert p.accounting.furniture == 2 * len(words(TABLE_HEADER)) + len(words("Page of OFFICIAL"))


def test_owner_and_date_that_fit_no_step_are_kept_as_unplaced(plan_text):
    """Owner and date on a line of their own, but every step above already has both: they
    are not dropped, they are kept (and counted) under the recommendation."""
    p = plan(plan_text("1\tImprove A.\tAgreed\tWe will do A.\tHead of Quality\tMay 2019",
                       "\t\t\t\tDirector\tJuly 2019"))
    assert unplaced(p) == [("1", "Director July 2019")]
    assert p.accounting.unplaced == 2 and not p.accounting.clean
    assert p.accounting.placed + p.accounting.furniture + p.accounting.unplaced == \
        p.accounting.words


def test_unplaced_record_sits_under_its_recommendation(plan_text):
    p = plan(plan_text("1\tImprove A.\tAgreed\tWe will do A.\tHead of Quality\tMay 2019",
                       "2\tImprove B.\tAgreed\tWe will do B.\tHead of Quality\tMay 2019",
                       "\t\t\t\tDirector\tJuly 2019",
                       "3\tImprove C.\tAgreed\tWe will do C.\tHead of Quality\tMay 2019"))
    [u] = [r for r in p.records if r.kind == "unplaced"]
    assert (u.rec_number, u.rec_text, u.id) == ("2", "Improve B.", "fixture-r2-02")
    assert [r.position for r in p.records] == sorted(r.position for r in p.records)


def test_stray_letter_is_not_a_record(plan_text):
    p = plan(plan_text("1\tImprove A.\tAgreed\tWe will do A.\tHead of Quality\tMay 2019",
                       "\t\t\tt\t\t"))
    assert [r.text for r in p.records] == ["We will do A."]
    assert p.accounting.clean


def test_lower_case_row_with_its_own_owner_and_date_is_a_new_action(plan_text):
    """A step whose text starts in lower case but prints its own owner and date is a step,
    not the end of the one above (and its owner and date are not lost)."""
    p = plan(plan_text("1\tImprove A.\tAgreed\tWe will do A\tHead of Quality\tMay 2019",
                       "\t\t\tmiddle managers will check B.\tHead of Performance\tJune 2019"))
    assert [(r.text, r.owners, r.target) for r in p.records] == [
        ("We will do A", ["Head of Quality"], "May 2019"),
        ("middle managers will check B.", ["Head of Performance"], "June 2019")]
    assert p.accounting.clean


def test_page_break_half_without_entries_still_continues(plan_text):
    p = plan(plan_text("1\tImprove A.\tAgreed\tWe will do A and\tHead of Quality\tMay 2019",
                       "\t\t\tthen B.\t\t"))
    assert [r.text for r in p.records] == ["We will do A and then B."]

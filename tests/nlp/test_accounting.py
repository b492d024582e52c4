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


def test_every_dev_layout_is_accounted_for():
    """The layout material's DEV split (the held-out TEST split is only measured, by
    bench/layout_quality.py): every word placed or recognised, and whatever is unplaced is
    something the gold itself leaves out (furniture or junk the renderer printed)."""
    from tests.nlp.layouts.material import parse_rendered, render_split

    for rendered in render_split("dev"):
        p = parse_rendered(rendered)
        acc = p.accounting
        assert acc.placed + acc.furniture + acc.unplaced == acc.words, rendered.name
        allowed = set(words(" ".join(rendered.furniture + rendered.junk)))
        left = [r.text for r in p.records if r.kind == "unplaced"]
        assert set(words(" ".join(left))) <= allowed, (rendered.name, left)


def test_wrapped_owner_cell_continues_the_owner(plan_text):
    """A PDF wraps a long owner over two lines of the step; the second line is the rest of
    the owner, not a new one to find a step for."""
    p = plan(plan_text(
        "1\tImprove A.\tAgreed\tWe will review the data and\tDeputy Director Performance and\t"
        "May 2019",
        "\t\t\tpublish it.\tInterventions Lead\t"))
    assert [(r.text, r.owners) for r in p.records] == [
        ("We will review the data and publish it.",
         ["Deputy Director Performance and Interventions Lead"])]
    assert p.accounting.clean


def test_step_number_alone_in_a_cell_after_any_number_of_empty_cells(plan_text):
    lines = ["1\tImprove A.\tAgreed\t1.1 We will do A.\tHead of Quality\tMay 2019"]
    for n, empties in enumerate((2, 3, 4), 2):
        lines.append("\t" * empties + f"1.{n}\tWe will do step {n}.\tDirector\tJune 2019")
    p = plan(plan_text(*lines))
    assert [(r.step, r.text, r.owners, r.target) for r in p.records] == [
        ("1.1", "We will do A.", ["Head of Quality"], "May 2019")] + [
        (f"1.{n}", f"We will do step {n}.", ["Director"], "June 2019") for n in (2, 3, 4)]
    assert p.accounting.clean


def test_a_step_column_of_its_own(plan_text):
    from tests.nlp.helpers import HEADER

    text = (HEADER + "Rec No\tRecommendation\tAgreed\tStep No\tResponse\tOwner\tTarget date\n"
            "1\tImprove A.\tAgreed\t1.1\tWe will do A.\tHead of Quality\tMay 2019\n"
            "\t\t\t1.2\tWe will do B.\tDirector\tJune 2019\n")
    p = plan(text)
    assert [(r.rec_number, r.step, r.text, r.owners, r.target) for r in p.records] == [
        ("1", "1.1", "We will do A.", ["Head of Quality"], "May 2019"),
        ("1", "1.2", "We will do B.", ["Director"], "June 2019")]
    assert p.accounting.clean


def test_shifted_rows_wrapped_in_their_shifted_column(plan_text):
    """Numbers alone after empty cells, and each row's wrapped line in the row's own
    (shifted) column: the wrapped text continues its step, it is not a target."""
    p = plan(plan_text(
        "1\tImprove A.\tAgreed\t1. Managers will audit ten cases a month.\tHead of Quality\t"
        "June 2020",
        "\t\t\t\t2.\tStaff will attend refresher training on the\tLearning Lead\tJuly 2020",
        "\t\t\t\t\tnew assessment tool and record it.",
        "\t\t\t3.\tSenior managers will review the audit findings\tDirector\tOngoing",
        "\t\t\t\tquarterly with the board."))
    assert [(r.step, r.text, r.owners, r.target) for r in p.records] == [
        ("1", "Managers will audit ten cases a month.", ["Head of Quality"], "June 2020"),
        ("2", "Staff will attend refresher training on the new assessment tool and record it.",
         ["Learning Lead"], "July 2020"),
        ("3", "Senior managers will review the audit findings quarterly with the board.",
         ["Director"], "Ongoing")]
    assert p.accounting.clean


def test_the_family_described_in_issue_10(plan_text):
    """Recommendation text continued beside a step's, a blank line inside a row, a step
    number alone after four empty cells, date cells in words, a recommendation row without
    its number cell, a stray letter, a Progress column."""
    from tests.nlp.helpers import HEADER, TABLE_HEADER

    header = TABLE_HEADER.rstrip("\n") + "\t7. Progress\n"
    rows = [
        "1\tTestshire CRC should: Improve risk assessments so that\tAgreed\t1. Managers will "
        "audit ten cases a month.\tHead of Quality\tJune 2020\tOn track",
        "\tpotential victims are kept safe.\t\t2. Staff will attend refresher training on\t"
        "Learning Lead\tJuly – September 2020\tComplete",
        "\t\t\tthe new assessment tool.", "",
        "\t\t\t\t3.\tSenior managers will review the audit findings.\tDirector\tOngoing practice",
        "Testshire CRC should: Strengthen work with the police\tPartly agreed\t1. We will agree "
        "a protocol with the police.\tHead of Partnerships\tDurham – completed Cleveland – May 2020",
        "\t\tt\t2. Local leads will meet monthly.\t\tCommenced and ongoing"]
    p = plan(HEADER + header + "\n".join(rows) + "\n")
    assert [(r.rec_number, r.step, r.owners, r.target, r.text) for r in p.records] == [
        ("1", "1", ["Head of Quality"], "June 2020", "Managers will audit ten cases a month."),
        ("1", "2", ["Learning Lead"], "July – September 2020",
         "Staff will attend refresher training on the new assessment tool."),
        ("1", "3", ["Director"], "Ongoing practice",
         "Senior managers will review the audit findings."),
        ("2", "1", ["Head of Partnerships"], "Durham – completed Cleveland – May 2020",
         "We will agree a protocol with the police."),
        ("2", "2", [], "Commenced and ongoing", "Local leads will meet monthly.")]
    assert [(r.number, r.addressee, r.text) for r in p.recommendations] == [
        ("1", "Testshire CRC", "Improve risk assessments so that potential victims are kept "
                               "safe."),
        ("2", "Testshire CRC", "Strengthen work with the police")]
    assert p.accounting.clean

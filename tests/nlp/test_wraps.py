"""Soft line breaks in owner and date cells (a PDF's narrow columns), decided by step count."""

from __future__ import annotations

from nlp.dates import split_targets
from nlp.layout import SOFT_BREAK as S
from nlp.wraps import fit_entries, fit_owners, fit_targets
from tests.nlp.helpers import TABLE_HEADER
from tests.nlp.test_table import records


def test_owner_lines_split_where_a_role_ends_as_far_as_the_steps_need():
    cell = f"Director{S}Deputy Director{S}Quality Lead"
    assert fit_owners(cell, 2) == "<p>Director</p> <p>Deputy Director Quality Lead</p>"
    assert fit_owners(cell, 1) == "Director Deputy Director Quality Lead"  # one entry wrapped


def test_owner_lines_never_split_at_a_joining_word_or_without_a_sign():
    assert fit_owners(f"Head of{S}Operations", 2) == "Head of Operations"
    assert fit_owners(f"Through the Gate{S}Manager", 2) == "Through the Gate Manager"
    assert fit_owners(f"Head of Operations{S}ACOs and SPOs", 2) == (
        "<p>Head of Operations</p> <p>ACOs and SPOs</p>")  # an acronym starts a role


def test_date_lines_split_after_a_date_with_its_year():
    assert fit_targets(f"October 2019{S}Pilot from{S}June 2020", 2) == (
        "<p>October 2019</p> <p>Pilot from June 2020</p>")
    assert fit_targets(f"Weekly from{S}July 2020", 2) == "Weekly from July 2020"
    assert fit_targets(f"<p>Sep 2019</p> <p>June 2019{S}June 2019</p>", 3) == (
        "<p>Sep 2019</p> <p>June 2019 June 2019</p>")  # already three dates


def test_owners_fit_the_date_count_when_the_steps_ran_together():
    owner, target = fit_entries(f"Head of Ops{S}ACOs", "<p>May 2020</p> <p>June 2020</p>", 1)
    assert owner == "<p>Head of Ops</p> <p>ACOs</p>"


def test_owner_cut_by_a_page_break_on_a_full_line_is_one_entry_when_the_steps_say_so(
        plan_text):
    """"Deputy Director" ran full at the foot of the page and "Quality Lead" tops the next:
    with four steps and four dates, the owners are four entries, not five."""
    text = plan_text(
        "1\tImprove X.\tAgreed\t<p>1.1 Train staff.</p> <p>1.2 Audit the cases of</p>\t"
        f"<p>Director</p> <p>Head of Quality</p> <p>Deputy Director{S}</p>\t"
        "<p>May 2019</p> <p>June 2019</p> <p>July 2019</p>",
        "",
        TABLE_HEADER.strip(),
        "\t\t\t<p>every team.</p> <p>1.3 Review the audit.</p> <p>1.4 Report to the board.</p>"
        f"\t<p>Quality Lead</p> <p>Head of{S}Performance</p>\t<p>August 2019</p>",
    )
    got = [(r.text, r.owners) for r in records(text)]
    assert got == [("Train staff.", ["Director"]),
                   ("Audit the cases of every team.", ["Head of Quality"]),
                   ("Review the audit.", ["Deputy Director Quality Lead"]),
                   ("Report to the board.", ["Head of Performance"])]


def test_entries_are_counted_as_printed_not_at_guessed_boundaries_inside_a_line():
    """"Deputy Director CP lead" is one printed entry (the acronym is no boundary here): two
    steps still need the soft break after "Partnerships Lead"."""
    cell = f"Deputy Director Interventions and{S}Partnerships Lead{S}Deputy Director CP lead"
    assert fit_owners(cell, 2) == ("<p>Deputy Director Interventions and Partnerships Lead</p> "
                                   "<p>Deputy Director CP lead</p>")


def test_a_line_starting_with_a_role_end_continues_the_role():
    assert fit_owners(f"Deputy Director CP{S}Lead", 2) == "Deputy Director CP Lead"


def test_after_a_roles_end_a_line_may_start_a_whole_role_with_a_role_word():
    """"Team Managers" opens with "Team", which ends roles; after "Case Administrators" (a
    role's end) it is a whole role of its own, so the count may break there."""
    cell = f"Team Managers / Case Administrators{S}Team Managers / Case Administrators"
    assert fit_owners(cell, 2) == ("<p>Team Managers / Case Administrators</p> "
                                   "<p>Team Managers / Case Administrators</p>")


def test_where_steps_and_dates_agree_the_count_alone_splits_the_owners():
    owners = f"Head of Quality and{S}Performance{S}Practice Development Officers"
    two_dates = "<p>May 2020</p> <p>June 2020</p>"
    assert fit_entries(owners, two_dates, 2)[0] == (
        "<p>Head of Quality and Performance</p> <p>Practice Development Officers</p>")
    # one date for two steps: nothing but a guess would split the owners
    assert fit_entries(owners, "May 2020", 2)[0] == (
        "Head of Quality and Performance Practice Development Officers")


def test_a_status_line_ends_a_date_entry_unless_a_date_follows():
    assert fit_targets(f"Ongoing{S}Review in April 2020", 2) == (
        "<p>Ongoing</p> <p>Review in April 2020</p>")
    assert fit_targets(f"Completed{S}May 2020 after review", 2) == (
        "Completed May 2020 after review")


def test_a_fragment_of_a_role_is_never_an_entry_of_its_own():
    """A narrow owner column: "Community" | "Payback Manager" is one wrapped role. Three steps
    and three dates, two whole roles: the last step has no owner (it leaves no mark), so the
    count alone does not split off the fragment."""
    owners = (f"Community{S}Payback Manager{S}Community{S}Payback Manager /{S}Unpaid Work"
              f"{S}Coordinators")
    dates = "<p>December 2020</p> <p>Weekly from July 2020</p> <p>March 2021</p>"
    assert fit_entries(owners, dates, 3)[0] == (
        "<p>Community Payback Manager</p> "
        "<p>Community Payback Manager / Unpaid Work Coordinators</p>")


def test_whole_roles_on_both_sides_split_where_nothing_else_says():
    """"Director of Partnerships and Commissioning" names what it heads, "Performance and
    Information Manager" ends in a role word: both whole, so the break between them is one,
    though neither line's edge word marks it ("Commissioning" | "Performance")."""
    owners = (f"<p>Through the Gate{S}Manager</p> <p>Director of{S}Partnerships and"
              f"{S}Commissioning{S}Performance and{S}Information{S}Manager</p>")
    dates = "<p>July 2020</p> <p>October 2020</p> <p>Monthly</p>"
    assert fit_entries(owners, dates, 4)[0] == (
        "<p>Through the Gate Manager</p> <p>Director of Partnerships and Commissioning</p> "
        "<p>Performance and Information Manager</p>")


def test_owners_beyond_the_dates_only_where_a_role_visibly_ends():
    """Three steps, two dates: the owners split to two at any break between whole roles,
    to a third only after a role word or before a role's first word."""
    dates = "<p>December 2021</p> <p>Weekly</p>"
    owners = f"Director of Public{S}Protection Group{S}Head of Public{S}Protection"
    assert fit_entries(owners, dates, 3)[0] == (
        "<p>Director of Public Protection Group</p> <p>Head of Public Protection</p>")
    owners = f"Director of Operations{S}Head of Quality{S}SPOs"
    assert fit_entries(owners, dates, 3)[0] == (
        "<p>Director of Operations</p> <p>Head of Quality</p> <p>SPOs</p>")


def test_whole_role():
    from nlp.wraps import whole_role

    assert [whole_role(e) == 0 for e in (
        "Quality Assurance Lead", "SPOs", "Head of Operations", "Director, Probation Reform",
        "Chief Executive / Head of Human Resources", "Community Payback Manager")] == [True] * 6
    assert [whole_role(e) == 0 for e in (
        "Community", "Head of Learning and", "Delivery Units", "Quality Development /",
        "of Operations")] == [False] * 5


def test_every_role_of_an_entry_must_be_whole():
    """"Head of Business" | "Systems and Change / Local Delivery Unit Heads" leaves a fragment
    before the slash: the count is met at a break between whole roles instead."""
    owners = (f"Head of Business{S}Systems and{S}Change / Local{S}Delivery Unit Heads"
              f"{S}Quality{S}Development{S}Officers")
    dates = "<p>May 2021</p> <p>June 2021</p>"
    assert fit_entries(owners, dates, 2)[0] == (
        "<p>Head of Business Systems and Change / Local Delivery Unit Heads</p> "
        "<p>Quality Development Officers</p>")


def test_a_role_runs_on_over_a_page_break_when_one_half_is_no_role():
    from nlp.wraps import role_runs_on

    assert role_runs_on("Safeguarding Leads / Practice", "Development Officers")
    assert role_runs_on("Director of Human Resources and Organisational", "Development")
    assert not role_runs_on("Safeguarding Leads / Practice", "Head of Quality")  # a new role
    assert not role_runs_on("Quality Lead", "Development")  # a whole role before
    assert not role_runs_on("Head of Operations", "Area Managers")


def test_unknown_role_names_over_a_page_break_are_left_to_the_count(plan_text):
    """"Redmarsh Office Reception" ends the page and "Duty Rota Planning" tops the next: no
    role word says whether one entry runs on, so the break is a soft one, and the plan, which
    names "Duty Rota Planning" alone elsewhere, makes them two entries (a joining word would
    have joined them whatever the plan names)."""
    text = plan_text(
        "1\tImprove X.\tAgreed\t<p>1.1 Open a desk at the office on weekdays.</p>\t"
        "<p>Redmarsh Office Reception</p>\t<p>April 2023</p>",
        "",
        TABLE_HEADER.strip(),
        "\t\t\t<p>1.2 Plan the duty rota.</p>\t<p>Duty Rota Planning</p>\t<p>May 2023</p>",
        "2\tImprove Y.\tAgreed\tPublish the rota.\t<p>Duty Rota{S}Planning</p>\t<p>May 2023</p>",
    )
    got = [(r.text, r.owners) for r in records(text)]
    assert got[:2] == [("Open a desk at the office on weekdays.", ["Redmarsh Office Reception"]),
                       ("Plan the duty rota.", ["Duty Rota Planning"])]


def test_a_capitalised_joining_word_opening_a_line_starts_an_entry():
    """"With immediate effect", "From May 2021" are entries of their own; "from" in lower
    case, or ending the line before, goes on with it."""
    assert split_targets(fit_targets(f"<p>06/10/2020{S}With immediate effect</p>", 2)) == [
        "06/10/2020", "With immediate effect"]
    assert fit_targets(f"<p>Quarterly from{S}May 2021</p>", 2) == \
        "Quarterly from May 2021"


def test_an_exact_count_splits_a_soft_break_between_whole_roles_only():
    """Where the row's other cells fix the count, a soft break between two whole roles is
    taken ("Heads of Local Delivery Units" | "Head of Public Protection"), one that would
    leave a fragment is not ("Head of Learning and Organisational" | "Development")."""
    cell = f"<p>ACOs</p> <p>Heads of Local Delivery Units{S}Head of Public Protection</p>"
    assert fit_owners(cell, 3, exact=True) == \
        "<p>ACOs</p> <p>Heads of Local Delivery Units</p> <p>Head of Public Protection</p>"
    cell = f"<p>ACOs</p> <p>Head of Learning and Organisational{S}Development</p>"
    assert fit_owners(cell, 3, exact=True) == \
        "<p>ACOs</p> <p>Head of Learning and Organisational Development</p>"


def test_a_plural_role_word_ends_a_whole_role():
    """"Case Administrators" ends in a role word, as "Case Administrator" does."""
    cell = f"<p>ACOs</p> <p>Case Administrators{S}Victim Liaison Manager</p>"
    assert fit_owners(cell, 3, exact=True) == \
        "<p>ACOs</p> <p>Case Administrators</p> <p>Victim Liaison Manager</p>"


def test_a_dates_year_wrapped_to_the_next_line_stays_with_it():
    """"17th November" | "2021" in a narrow date column is one date, however the count would
    like another paragraph (a bare year alone is a target too, but not after a month)."""
    cell = f"<p>Winter 2022</p> <p>17th November{S}2021</p> <p>Ongoing</p>"
    assert fit_targets(cell, 4, exact=True) == (
        "<p>Winter 2022</p> <p>17th November 2021</p> <p>Ongoing</p>")
    assert fit_targets(f"<p>June – October{S}2021</p>", 2) == "June – October 2021"


def test_no_owner_entry_ends_inside_an_open_bracket():
    """A line leaving a bracket open goes on inside it, whatever the next line looks like:
    "(HMPPS" | "Data Science Hub)" is a wrap, though both halves read as whole roles."""
    cell = f"Head of Analysis, Data and Performance (HMPPS{S}Data Science Hub)"
    assert fit_owners(cell, 2) == "Head of Analysis, Data and Performance (HMPPS Data Science Hub)"
    cell = f"Head of Analysis (HMPPS{S}Data Science Hub){S}Head of Estates"
    assert fit_owners(cell, 2) == \
        "<p>Head of Analysis (HMPPS Data Science Hub)</p> <p>Head of Estates</p>"

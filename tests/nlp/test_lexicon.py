"""The plan's own owner names (nlp.lexicon): learned where the page shows an entry's bounds,
used where it does not. The role names here are outside nlp.owners' role vocabulary."""

from __future__ import annotations

from nlp.layout import SOFT_BREAK as S
from nlp.lexicon import Lexicon, learn, recurring_roles, visible_entries
from nlp.wraps import fit_entries, paragraphs_of, whole_role
from tests.nlp.test_table import records


def test_visible_entries_are_paragraphs_whose_breaks_are_joins_or_one_per_step():
    cell = f"<p>Learning and{S}Development</p> <p>Court{S}Services{S}Business Support</p>"
    assert visible_entries(cell) == ["Learning and Development"]  # "Court | Services" may end
    assert visible_entries(cell, steps=2) == ["Learning and Development",
                                              "Court Services Business Support"]
    assert visible_entries(f"Victim Liaison{S}Service", steps=1) == ["Victim Liaison Service"]


def test_a_run_met_in_varied_company_is_a_role_one_always_beside_the_same_line_is_not():
    cells = [f"<p>Community{S}Payback</p> <p>Estates and{S}Facilities</p>",
             f"<p>Court Services /{S}Community{S}Payback</p>",
             f"<p>Accommodation{S}Pathway{S}Commissioner</p> <p>Women's Pathway{S}Commissioner</p>"]
    roles, bound = recurring_roles(cells)
    assert "community payback" in roles
    assert "community" in bound and "payback" in bound  # always beside each other
    assert "commissioner" not in roles  # never seen at a role's visible start


def test_whole_scores_the_plans_names_above_unknown_ones_and_fragments_lowest():
    lexicon = learn([f"<p>Victim Liaison{S}Service</p>", f"<p>Contract{S}Management</p>"],
                    [1, 1])
    assert lexicon.whole("Victim Liaison Service") > 0 > lexicon.whole("Liaison Service")
    assert lexicon.whole("Head of Quality") == 0  # shaped as a role
    assert lexicon.whole("Victim Liaison and") == lexicon.settings.fragment
    # A role that starts and ends as the plan's entries do is nearer whole than one that
    # does neither; a very long one is probably two.
    assert lexicon.whole("Victim Management") > lexicon.whole("Probation Gateway")
    assert lexicon.whole("Integrated Offender Management Police Sergeant Desk") < \
        lexicon.whole("Integrated Offender Management Sergeant")
    # ... but not for a long bracketed qualifier, which lengthens a role without making two.
    assert lexicon.whole("Housing Leads (Cardiff Council, Newport City Council and Torfaen "
                         "County Borough Council)") == 0


def test_an_ambiguous_owner_cell_is_split_at_the_plans_own_names():
    """Two steps; "Court | Liaison | Contract | Management" could break anywhere and no
    role word says where; the plan printed both names elsewhere, each alone in its cell."""
    lexicon = learn([f"<p>Court{S}Liaison</p>", f"<p>Contract{S}Management</p>",
                     f"<p>Court{S}Liaison{S}Contract{S}Management</p>"], [1, 1, 2])
    cell = f"<p>Court{S}Liaison{S}Contract{S}Management</p>"
    dates = "<p>May 2022</p> <p>June 2022</p>"
    owner, _ = fit_entries(cell, dates, 2, lexicon.whole)
    assert paragraphs_of(owner) == ["Court Liaison", "Contract Management"]
    owner, _ = fit_entries(cell, dates, 2, whole_role)  # the role vocabulary alone cannot say
    assert paragraphs_of(owner) != ["Court Liaison", "Contract Management"]


def test_a_plan_reads_its_unknown_owner_names_apart(plan_text):
    text = plan_text(
        "1\tImprove X.\tAgreed\t<p>1.1 Train staff.</p> <p>1.2 Audit the cases.</p>\t"
        f"<p>Court{S}Liaison{S}Contract{S}Management</p>\t<p>May 2022</p> <p>June 2022</p>",
        "2\tImprove Y.\tAgreed\tReview the contract.\t"
        f"<p>Contract{S}Management</p>\t<p>July 2022</p>",
        "3\tImprove Z.\tAgreed\tMeet the courts.\t"
        f"<p>Court{S}Liaison</p>\t<p>July 2022</p>",
    )
    got = [(r.text, r.owners) for r in records(text)]
    assert got[:2] == [("Train staff.", ["Court Liaison"]),
                       ("Audit the cases.", ["Contract Management"])]


def test_the_lexicon_learns_nothing_from_a_text_plans_cells():
    assert learn(["Deputy Director CP Lead  Head of Ops"]).roles == Lexicon().roles



from nlp.owners import looks_like_owner, owner_roles, split_owner_entries


def test_run_together_owner_cells_split_per_step():
    assert split_owner_entries("HOO HOO Interventions") == ["HOO", "HOO", "Interventions"]
    assert split_owner_entries("Cluster Deputy Leads Cluster Deputy Leads", 2) == [
        "Cluster Deputy Leads", "Cluster Deputy Leads"]
    assert split_owner_entries("IM/ HOP HOP/ HOO", 2) == ["IM/ HOP", "HOP/ HOO"]
    assert split_owner_entries("Head of Estates Head of ICT") == ["Head of Estates", "Head of ICT"]
    assert split_owner_entries("<p>Director</p> <p>Deputy Director Quality Lead</p>") == [
        "Director", "Deputy Director Quality Lead"]


def test_roles_split_only_between_whole_roles():
    assert owner_roles("Regional Head and CSC Lead") == ["Regional Head", "CSC Lead"]
    assert owner_roles("Inspection and Quality Lead; Cluster Deputy Heads") == [
        "Inspection and Quality Lead", "Cluster Deputy Heads"]
    assert owner_roles("Learning and Development (L&D) Lead") == [
        "Learning and Development (L&D) Lead"]
    assert owner_roles("Quality Officers / Interchange Managers") == [
        "Quality Officers", "Interchange Managers"]
    assert owner_roles("H00") == ["HOO"]
    assert owner_roles("Head of Estates and Head of ICT") == ["Head of Estates", "Head of ICT"]
    assert owner_roles("NE strategic lead for Victims and Director of Quality") == [
        "NE strategic lead for Victims", "Director of Quality"]
    assert owner_roles("Head of Quality and Performance") == ["Head of Quality and Performance"]


def test_roles_are_not_cut_inside_brackets_nor_at_a_slash_between_words():
    assert owner_roles("Senior Probation Officers (Public Protection; Sentence Management)") \
        == ["Senior Probation Officers (Public Protection; Sentence Management)"]
    assert owner_roles("Area Managers (North / Wales) / SPOs") == [
        "Area Managers (North / Wales)", "SPOs"]
    assert owner_roles("Quality/Performance Lead") == ["Quality/Performance Lead"]
    assert owner_roles("Head of Estates/QA Lead") == ["Head of Estates", "QA Lead"]
    assert owner_roles("Health Leads (Cardiff Health Board, Gwent Health Board and Powys "
                       "Health Board)") == [
        "Health Leads (Cardiff Health Board, Gwent Health Board and Powys Health Board)"]
    assert owner_roles("Head of Estates (North and East) and Head of ICT") == [
        "Head of Estates (North and East)", "Head of ICT"]


def test_short_lower_case_words_of_a_phrase_stay_words():
    """A lone short token among role words is an acronym in look-alike letters; beside
    another lower-case word it is a word ("supported by", "each for their own team")."""
    assert owner_roles("Head of Operations, supported by SPOs") == [
        "Head of Operations, supported by SPOs"]
    assert owner_roles("Team Managers, each for their own team") == [
        "Team Managers, each for their own team"]
    assert owner_roles("spo and aco") == ["SPO", "ACO"]
    assert owner_roles("Head of Performance / hoo") == ["Head of Performance", "HOO"]


def test_and_splits_only_where_both_sides_name_a_role():
    """A team's name may go on past "and" ("... Team and Female Offender Strategy": a
    strategy is no owner), and a joint body's name coordinates its members before its own
    noun ("Joint CRC and NPS Panel"); two whole roles still split."""
    assert owner_roles("Policy Team and Female Offender Strategy") == [
        "Policy Team and Female Offender Strategy"]
    assert owner_roles("Joint CRC and NPS Risk Escalation Panel") == [
        "Joint CRC and NPS Risk Escalation Panel"]
    assert owner_roles("HMPPS and HMCTS") == ["HMPPS", "HMCTS"]
    assert owner_roles("Quality Team and Head of Estates") == ["Quality Team", "Head of Estates"]


def test_entities_in_owner_cells():
    assert owner_roles("Head of Performance &amp; Quality") == ["Head of Performance & Quality"]
    assert split_owner_entries("<p>Director</p> <p>Interventions &amp; Partnerships Lead</p>",
                               2) == ["Director", "Interventions & Partnerships Lead"]


def test_entries_separated_by_line_breaks():
    assert split_owner_entries("Director<br>Deputy Director Quality Lead", 2) == [
        "Director", "Deputy Director Quality Lead"]


def test_an_empty_paragraph_between_owners_is_kept_as_an_empty_entry_when_asked():
    cell = "<p></p> <p>Head of Operations</p> <p></p> <p>CSC Lead</p> <p></p>"
    assert split_owner_entries(cell) == ["Head of Operations", "CSC Lead"]
    assert split_owner_entries(cell, keep_empty=True) == ["Head of Operations", "", "CSC Lead"]
    assert split_owner_entries("Director<br><br>CSC Lead", keep_empty=True) == [
        "Director", "CSC Lead"]  # a blank line between entries is spacing


def test_a_line_of_a_sentence_naming_a_team_is_not_an_owner_cell():
    """Placing shifted cells by what they hold: a wrapped line of narrative that happens to
    name a team reads as a sentence (mostly lower-case words that are not connectors), so it
    is not moved into the owner column; role names, titled or not, still are owners."""
    assert not looks_like_owner(
        "Context: home visits fell during the restructure of our teams last year and are")
    assert not looks_like_owner("Staff in each team will meet their manager every month")
    for cell in ("SPOs and case managers", "Head of Operations", "Senior Case Managers",
                 "Community Payback Manager; Unpaid Work Coordinators",
                 "Head of Performance and Quality / Area managers"):
        assert looks_like_owner(cell), cell

from models.keywords import keyword_themes

THEMES = ["training", "safeguarding", "ETE", "estates"]


def test_rules_fire_on_their_words_only():
    assert keyword_themes("Deliver workshops to staff", THEMES) == ["training"]
    assert keyword_themes("Make MARAC referrals", THEMES) == ["safeguarding"]
    assert keyword_themes("Employment support for service users", THEMES) == ["ETE"]
    assert keyword_themes("Repair the office roof", THEMES) == ["estates"]
    assert keyword_themes("Review caseloads", THEMES) == []


def test_themes_without_a_rule_are_never_given():
    assert keyword_themes("Deliver workshops", ["housing"]) == []

from models.acronyms import as_table, expand_acronyms, expansion_words
from models.features import LemmaText, lemma_text

CURATED = as_table({"ETE": "education, training and employment", "CP": "community payback",
                    "AP": "approved premises"})


def test_a_curated_acronym_is_followed_by_its_long_form():
    assert expand_acronyms("Increase ETE hours.", CURATED) == (
        "Increase ETE (education, training and employment) hours.")


def test_only_whole_case_sensitive_tokens_are_expanded():
    text = "CPD for staff; a cap on APs; ap; CP-like"
    assert expand_acronyms("CPD for staff; ap and map", CURATED) == "CPD for staff; ap and map"
    assert "(approved premises)" not in expand_acronyms(text, CURATED)


def test_an_acronym_whose_long_form_the_text_already_writes_is_left_alone():
    """Defined in the text ("Community Payback (CP)", which also beats the curated meaning)
    or written out in full: the two forms already meet, nothing is repeated."""
    curated = as_table({"CP": "child protection", "UPW": "unpaid work"})
    text = "Community Payback (CP) and CP sites; UPW hours."
    assert expand_acronyms(text, curated) == (
        "Community Payback (CP) and CP sites; UPW (unpaid work) hours.")
    assert expand_acronyms("UPW, that is unpaid work", curated) == "UPW, that is unpaid work"


def test_the_added_words_map_back_to_the_acronym_as_written():
    assert expansion_words("More ETE for people on probation.", CURATED) == {
        "education": "ETE", "training": "ETE", "and": "ETE", "employment": "ETE"}
    assert expansion_words("No acronym here.", CURATED) == {}


def test_the_acronym_and_its_long_form_meet_in_the_features():
    lemmas = LemmaText(dict(CURATED)).transform(["Review ETE provision."])[0].split()
    assert set(lemma_text("education, training and employment").split()) <= set(lemmas)
    assert "education" not in LemmaText().transform(["Review ETE provision."])[0].split()

from nlp.language import acronym_definitions, lemmas, sentences


def test_acronym_definitions_in_their_usual_shapes():
    text = ("for those undertaking an Unpaid Work (UPW) requirement; the Offender Assessment "
            "System (OASys); Professional Qualification in Probation (PQiP); Newly Qualified "
            "Officers' (NQO's) preference; Through the Gate (TTG) teams.")
    assert acronym_definitions(text) == {
        "UPW": "Unpaid Work", "OASys": "Offender Assessment System",
        "PQiP": "Professional Qualification in Probation", "NQO": "Newly Qualified Officers",
        "TTG": "Through the Gate"}


def test_parentheses_that_are_not_definitions_are_ignored():
    assert acronym_definitions("staff (see above) and cases (2019) in court (NPS)") == {}


def test_lemmas_and_sentences():
    assert lemmas("Officers were trained.") == ["officer", "be", "train"]
    assert sentences("We will train staff. We will audit cases.") == [
        "We will train staff.", "We will audit cases."]

"""The acronym glossary: curated file, merging, and both-way look-ups in text."""

from __future__ import annotations

import pytest

from index.glossary import CORPUS, CURATED, Glossary, load_curated, merge_glossary


def test_curated_file_has_the_domain_acronyms():
    curated = load_curated()
    assert len(curated) >= 40
    assert curated["UPW"] == "Unpaid Work"
    assert {"ETE", "SFO", "OASys", "TTG", "DA", "MAPPA", "MARAC", "MASH"} <= set(curated)


def test_curated_meanings_agree_with_the_classifiers_acronyms():
    """Search and theme tagging read an acronym the same way (in probation plans "CP" is
    Community Payback; the curated file wins over a plan's own definition)."""
    from models.taxonomy import load_acronyms

    curated = {k: v.lower() for k, v in load_curated().items()}
    classifier = {k: v.lower() for k, v in load_acronyms().items()}
    both_written = {"continuing professional development", "continuous professional development"}
    shared = set(curated) & set(classifier)
    assert {"CP", "ETE", "UPW", "DA"} <= shared
    for acronym in shared:
        meanings = {curated[acronym], classifier[acronym]}
        assert len(meanings) == 1 or meanings <= both_written, acronym


def test_bad_curated_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "glossary.toml"
    bad.write_text("[acronyms\nUPW = 1")
    with pytest.raises(ValueError, match="glossary.toml"):
        load_curated(bad)


def test_merge_prefers_curated_and_drops_unusable_corpus_entries():
    merged = merge_glossary({"UPW": "Unpaid Work"},
                            {"UPW": "Unpaid Works Team", "QDO": "Quality Development Officers",
                             "X": "Something Else", "AB": "Word"})
    assert merged["UPW"] == ("Unpaid Work", CURATED)
    assert merged["QDO"] == ("Quality Development Officers", CORPUS)
    assert "X" not in merged and "AB" not in merged


def test_aliases_go_both_ways_and_respect_case():
    glossary = Glossary({"UPW": "Unpaid Work", "MASH": "Multi-Agency Safeguarding Hub",
                         "OASys": "Offender Assessment System"})
    assert glossary.aliases("Deliver UPW hours; SFOs reviewed") == ["Unpaid Work"]
    assert glossary.aliases("more unpaid working placements") == ["UPW"]
    assert glossary.aliases("the multi agency safeguarding hubs") == ["MASH"]
    assert glossary.aliases("OASYS and Oasys") == ["Offender Assessment System"]
    assert glossary.aliases("mash the potatoes") == []


def test_a_plans_own_meaning_wins_but_fallback_expansions_still_count():
    glossary = Glossary({"CSC": "Child Safeguarding checks"},
                        fallback={"CSC": "Customer Service Centre", "ETE": "Education, Training "
                                  "and Employment"})
    assert glossary.aliases("CSC") == ["Child Safeguarding checks"]
    assert glossary.aliases("the customer service centre") == ["CSC"]
    assert glossary.aliases("education, training and employment") == ["ETE"]


def test_related_stems_for_highlighting():
    glossary = Glossary({"UPW": "Unpaid Work"})
    assert glossary.related_stems(["upw"]) == {"unpaid", "work"}
    assert glossary.related_stems(["unpaid", "work"]) == {"upw"}

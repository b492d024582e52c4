from models.features import CueCounts, lemma_text, surface_forms


def test_cues_match_whole_lemma_sequences_in_any_inflection():
    cues = CueCounts({"learning": ("learning event", "workshop")}, weight=1.0).fit([])
    texts = [lemma_text("Two workshops and a learning event."),
             lemma_text("E-learning eventually; workshopping.")]
    assert cues.matches(texts[0]) == [[lemma_text("learning event"), "workshop"]]
    assert cues.matches(texts[1]) == [[]]
    values = cues.transform(texts).toarray()
    assert values[0, 0] > 0 and values[1, 0] == 0
    assert list(cues.get_feature_names_out()) == ["cue:learning"]


def test_cue_weight_scales_the_feature():
    text = [lemma_text("MARAC and MAPPA")]
    low = CueCounts({"s": ("marac", "mappa")}, weight=0.5).fit([]).transform(text)
    high = CueCounts({"s": ("marac", "mappa")}, weight=1.0).fit([]).transform(text)
    assert high[0, 0] == 2 * low[0, 0]


def test_surface_forms_map_lemmas_back_to_the_words_written():
    forms = surface_forms("Repair the Approved Premises")
    assert [forms[w] for w in lemma_text("Repair the Approved Premises").split()] == [
        "Repair", "the", "Approved", "Premises"]

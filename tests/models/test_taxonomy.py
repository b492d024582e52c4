from pathlib import Path

import pytest

from models.taxonomy import TaxonomyError, load_acronyms, load_themes, theme_examples


def test_shipped_taxonomy_has_the_four_themes_with_definitions_and_examples():
    themes = load_themes()
    assert [t.name for t in themes] == ["training", "safeguarding", "ETE", "estates"]
    assert all(t.definition and len(t.examples) >= 5 for t in themes)


def test_an_example_listed_under_two_themes_carries_both(themes):
    labels = dict(theme_examples(themes))
    shared = [text for text, names in labels.items() if len(names) > 1]
    assert shared, "the taxonomy should show a multi-theme example"
    assert set(labels[shared[0]]) == {"training", "safeguarding"}


def test_a_new_theme_is_data_only(tmp_path: Path):
    path = tmp_path / "themes.toml"
    path.write_text('[[theme]]\nname = "housing"\ndefinition = "Accommodation."\n'
                    'examples = ["Find a home for people leaving prison."]\n')
    assert load_themes(path)[0].name == "housing"


@pytest.mark.parametrize("body, fragment", [
    ("[[theme]]\ndefinition = 'x'\n", "'name'"),
    ("[[theme]]\nname = 'a'\n", "'definition'"),
    ("[[theme]]\nname = 'a'\ndefinition = 'x'\n[[theme]]\nname = 'a'\ndefinition = 'y'\n",
     "twice"),
    ("not toml [", "not valid TOML"),
    ("title = 'x'\n", "no [[theme]]"),
])
def test_bad_taxonomy_is_one_clear_error_naming_the_file(tmp_path: Path, body, fragment):
    path = tmp_path / "bad.toml"
    path.write_text(body)
    with pytest.raises(TaxonomyError) as err:
        load_themes(path)
    assert str(path) in str(err.value) and fragment in str(err.value)
    assert "\n" not in str(err.value)


def test_acronyms_are_read_from_the_taxonomy(tmp_path: Path):
    assert load_acronyms()["UPW"] == "unpaid work"
    path = tmp_path / "themes.toml"
    path.write_text('[acronyms]\nETE = ""\n')
    with pytest.raises(TaxonomyError, match=r"\[acronyms\]"):
        load_acronyms(path)

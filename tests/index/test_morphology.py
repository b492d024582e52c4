"""Words the Porter stemmer joined wrongly and real words "corrected" as typos (issue 12,
session 6): each fixture ranks wrongly with the old behaviour and rightly now."""

from __future__ import annotations

import gzip

import pytest

from index.build import build_index
from index.english import WORDS_FILE, build_word_list, is_english_word
from index.search import ActionIndex
from index.stemming import family, stem
from nlp.records import Plan, Recommendation
from tests.index.sample_records import record

REC = "Provide enough staff"


def one_rec_plan(source: str, provider: str, short: str,
                 actions: list[str | tuple[str, list[str]]]) -> Plan:
    """A plan of one recommendation whose actions are ``actions`` (text, or text and owners)."""
    def rec(position: int, action: str | tuple[str, list[str]]) -> object:
        text, owners = (action, None) if isinstance(action, str) else action
        extra = {} if owners is None else {"owners": owners}
        return record(source, provider, position, text, rec_number="1", rec_text=REC, **extra)

    return Plan(source, provider, short, "2019-06-01", None,
                [Recommendation("1", REC, "CRC", "agreed")],
                [rec(i, action) for i, action in enumerate(actions)])


def plan() -> Plan:
    return one_rec_plan("east.txt", "East Shire CRC", "ES", [
        "Move the team to new offices; the offices need repairs first.",
        "Recruit six probation officers this year.",
        "Repair the approved premises kitchen.",
        "Review caseloads every month with each team.",
        "Restore telephony to every local team.",
        "Hold reviews of release plans with the prison.",
        "Publish a newsletter for staff."])


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("morphology")
    build_index([plan()], data_dir)
    return ActionIndex(data_dir)


def ids(result) -> list[str]:
    return [hit.record.id for hit in result.hits]


def test_agent_nouns_keep_their_own_stem():
    assert stem("officers") == stem("officer") == "officer"
    assert stem("offices") == "offic"
    assert stem("managers") == "manager" != stem("management")
    assert stem("sentencers") == "sentencer" != stem("sentence")
    # A word in -er that is a verb is stemmed as before: its forms stay one word.
    assert stem("delivered") == stem("deliver") == stem("delivering")
    assert stem("monitoring") == stem("monitor")


def test_a_stem_knows_its_other_porter_form():
    assert family("officer") == ("offic",)
    assert "prisoner" in family("prison")
    assert family("deliv") == ()


def test_officers_are_not_offices(ix):
    """Porter made both "offic": the action saying "offices" twice ranked first."""
    assert ids(ix.search("probation officers"))[0] == "east-1"
    assert ids(ix.search("officers"))[0] == "east-1"
    assert ids(ix.search("offices"))[0] == "east-0"
    # The other form still counts, below the word typed: "prisoners" finds "prison".
    assert ids(ix.search("prisoners")) == ["east-5"]


def test_a_real_word_is_not_corrected_into_another(ix):
    """No action holds "promised": it was searched as "premises", a repair of a kitchen."""
    result = ix.search("has anyone promised to review caseloads")
    assert "east-2" not in ids(result)
    assert ids(result)[0] == "east-3"
    assert result.message is None or "premises" not in result.message
    # A real word may still become the form of its own word that the plans hold.
    result = ix.search("telephone for local teams")
    assert ids(result)[0] == "east-4"
    assert "telephony" in (result.message or "")


def test_english_word_list_is_what_the_lookups_make():
    with gzip.open(WORDS_FILE, "rt", encoding="utf-8") as handle:
        assert handle.read().split() == build_word_list()
    assert is_english_word("Promised") and is_english_word("sickness")
    assert not is_english_word("premisses") and not is_english_word("dashbord")


def thesaurus_plan() -> Plan:
    return one_rec_plan("west.txt", "West Shire CRC", "WS", [
        "Offer employment support to people on unpaid work.",
        "Improve community engagement across the service.",
        "Reduce caseloads for new staff.",
        "Publish a newsletter for magistrates."])


def test_a_thesaurus_synonym_finds_what_people_call_it_otherwise(tmp_path):
    """"community service" is what many call unpaid work: the words alone missed it."""
    build_index([thesaurus_plan()], tmp_path)
    ix = ActionIndex(tmp_path)
    assert "west-0" in ids(ix.search("community service"))
    assert ids(ix.search("workloads of new staff"))[0] == "west-2"
    assert ids(ix.search("newsletter for sentencers")) == ["west-3"]
    # The words typed weigh more than a synonym: both words typed rank first.
    assert ids(ix.search("community service"))[0] == "west-1"


def compound_plan() -> Plan:
    return one_rec_plan("south.txt", "South Shire CRC", "SS", [
        "Create a monthly score card for each team.",
        "Report the monthly figures to the board.",
        "Cut reoffending through mentoring.",
        "Mentoring for new staff."])


def test_a_compound_is_found_written_as_one_word_or_two(tmp_path):
    """Plans write "score card" and "scorecard", "re offending" and "reoffending": the
    spelling typed alone missed the other (the monthly figures ranked first)."""
    build_index([compound_plan()], tmp_path)
    ix = ActionIndex(tmp_path)
    assert ids(ix.search("monthly scorecard"))[0] == "south-0"
    assert ids(ix.search("scorecard")) == ["south-0"]
    assert ids(ix.search("re offending mentoring"))[0] == "south-2"
    # Two words are split only where the plans hold them side by side.
    parsed, _ = ix.reader.read("offending")
    assert '"off end"' not in str(parsed)


def owner_plan() -> Plan:
    return one_rec_plan("north.txt", "North Shire CRC", "NS", [
        ("Review how supervisors on placements are told about shift changes, "
         "risk information and team plans, and improve it.", ["Head of Community Payback"]),
        ("Share community sentence outcomes with the courts.",
         ["Head of Stakeholder Engagement"]),
        ("Recruit a head of learning.", ["Director"]),
        *[(f"Hold a {topic} review every quarter.", ["Head of Operations"])
          for topic in ["caseload", "estates", "training", "victim", "court", "housing"]]])


def test_a_role_holding_a_synonym_phrase_still_finds_the_actions_it_owns(tmp_path):
    """"Community payback" is a thesaurus phrase: its words, read as one concept, had lost
    their side-by-side bonus, so the role typed as words no longer found what it owns."""
    build_index([owner_plan()], tmp_path)
    ix = ActionIndex(tmp_path)
    assert ids(ix.search("Head of Community Payback"))[0] == "north-0"


def acronym_plan() -> Plan:
    return one_rec_plan("east2.txt", "East Vale CRC", "EV", [
        "Hold monthly meetings for all SPOs in the division.",
        "Give PDMs time for case discussions.",
        "Publish the SPO rota each month.",
        "Review the division's meeting rooms."])


def test_an_acronym_is_found_in_either_number(tmp_path):
    """Porter2 keeps an acronym's plural apart ("SPOs" is "spos"): "SPO" missed the actions
    about SPOs, and "PDM" those about PDMs. The other number is the same word."""
    build_index([acronym_plan()], tmp_path)
    ix = ActionIndex(tmp_path)
    assert sorted(ids(ix.search("SPO"))) == ["east2-0", "east2-2"]
    assert sorted(ids(ix.search("spos"))) == ["east2-0", "east2-2"]  # a glossary acronym
    assert ids(ix.search("PDM")) == ["east2-1"]  # typed in capitals: read as an acronym
    assert ids(ix.search("SPO meetings"))[0] == "east2-0"
    # An ordinary word is not made plural, nor an acronym ending in S.
    assert "meetingss" not in str(ix.reader.read("meeting")[0])
    assert "npss" not in str(ix.reader.read("NPS")[0])


def test_an_inspectors_verb_of_commitment_is_not_a_search_term(tmp_path):
    """"has anyone committed to ..." asks for a commitment: every action is one, and the one
    action that happens to say "committed" (a rare word, so a high IDF) ranked first."""
    build_index([one_rec_plan("verbs.txt", "Verb Shire CRC", "VS", [
        "We are committed to retaining existing staff.",
        "Refresh the guidance on home visits.",
        "Publish guidance for court staff.",
        "Share the guidance with partners.",
        "Issue guidance on recall and breach."])], tmp_path)
    ix = ActionIndex(tmp_path)
    for query in ("has anyone committed to new guidance", "did anyone promise guidance",
                  "did any provider commit to guidance"):
        assert "verbs-0" not in ids(ix.search(query)), query
    assert ids(ix.search("committed")) == ["verbs-0"]  # alone, the word is still searched

import pytest

from nlp import PlanError, parse_plan, parse_plan_text
from nlp.reading import decode_plan_bytes
from tests.nlp.helpers import HEADER, TABLE_HEADER, checked

ROW = "1\tImprove A.\tAgreed\tWe will deliver café training.\tHOO\tMay 2019\n"


@pytest.mark.parametrize("encoding, prefix", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"),
                                              ("cp1252", b"")])
def test_encodings(tmp_path, encoding, prefix):
    path = tmp_path / "plan.txt"
    path.write_bytes(prefix + (HEADER + TABLE_HEADER + ROW).encode(encoding))
    [record] = checked(parse_plan(path)).records
    assert record.text == "We will deliver café training."


def test_html_plan(tmp_path):
    page = (
        "<html><body><p>Action Plan Submitted: 5th July 2019</p>"
        "<p>A Response to the HMI Probation Inspection: Testshire CRC</p>"
        "<table><tr><th>Rec No</th><th>Recommendation</th><th>Agreed</th><th>Response</th>"
        "<th>Responsible Owner</th><th>Target Date</th></tr>"
        "<tr><td>1</td><td>Improve A</td><td>Agreed</td><td><p>1.1 Do A &amp; B.</p>"
        "<p>1.2 Do C.</p></td><td><p>HOO</p><p>HOP</p></td><td><p>May 2019</p>"
        "<p>June 2019</p></td></tr></table></body></html>")
    path = tmp_path / "plan.html"
    path.write_text(page)
    plan = checked(parse_plan(path))
    assert [(r.text, r.owners) for r in plan.records] == [("Do A & B.", ["HOO"]),
                                                           ("Do C.", ["HOP"])]
    assert plan.provider_short == "Testshire CRC"


def test_markdown_plan(tmp_path):
    md = (HEADER + "| Rec No | Recommendation | Agreed | Response | Responsible Owner | Target Date |\n"
          "|---|---|---|---|---|---|\n| 1 | Improve A | Agreed | We will do A. | HOO | May 2019 |\n")
    path = tmp_path / "plan.md"
    path.write_text(md)
    assert [r.text for r in checked(parse_plan(path)).records] == ["We will do A."]


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"\x00\x01\x02PK\x03\x04" * 50, "binary"),
    (b"Shopping list\neggs\tmilk\n", "not an action plan"),
    (HEADER.encode(), "no action table"),
])
def test_bad_input_names_the_file(data, message):
    with pytest.raises(PlanError) as err:
        parse_plan_text(decode_plan_bytes(data, "bad.txt"), "bad.txt")
    assert "bad.txt" in str(err.value) and message in str(err.value)
    assert "\n" not in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(PlanError, match="not found"):
        parse_plan(tmp_path / "nope.txt")


def test_header_variants_title_without_provider_and_dates_on_next_line():
    text = ("ACTION PLAN: Northshire CRC\n\nA Response to the HMIProbation Inspection Report\n\n"
            "Report Published:\n\n3rd May 2019\n\n"
            "Rec No\tRecommendation\tAgreed\tResponse\tResponsible Owner\tTarget Date\n"
            "1\tImprove A\tAgreed\tWe will do A.\tHOO\tMay 2019\n")
    plan = checked(parse_plan_text(text, "variant.txt"))
    assert (plan.provider, plan.provider_short, plan.published) == (
        "Northshire CRC", "Northshire CRC", "2019-05-03")


def test_pdf_ligatures_soft_hyphens_and_zero_width_spaces():
    from nlp.reading import normalise_characters

    assert normalise_characters("signi\u00adﬁcant ﬂow\u200b of e\u202fﬀort") == \
        "significant flow of e ffort"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_read(tmp_path, encoding):
    path = tmp_path / "plan.txt"
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    path.write_bytes(bom + (HEADER + TABLE_HEADER + ROW).encode(encoding))
    [record] = checked(parse_plan(path)).records
    assert record.text == "We will deliver café training."


def test_nul_and_control_characters_are_removed_anywhere_in_the_file(tmp_path):
    padding = "Term\tDefinition\n" * 700  # past the first 8 KB the binary check looks at
    text = HEADER + padding + TABLE_HEADER + ROW.replace("café", "ca\x00f\x01é\x1b\x7f\x85")
    path = tmp_path / "plan.txt"
    path.write_bytes(text.encode("utf-8"))
    assert len(text.encode("utf-8")) > 8192
    [record] = checked(parse_plan(path)).records
    assert record.text == "We will deliver café training."


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from nlp import reading

    path = tmp_path / "huge.txt"
    path.write_bytes((HEADER + TABLE_HEADER + ROW * 20).encode())
    monkeypatch.setattr(reading, "MAX_PLAN_BYTES", 1000)
    monkeypatch.setattr(type(path), "read_bytes", lambda self: pytest.fail("read before sized"))
    with pytest.raises(PlanError, match=r"huge.txt: 1,\d\d\d bytes is over the 1,000-byte limit"):
        parse_plan(path)


def test_the_size_limit_keeps_text_under_spacys_limit():
    from nlp.language import language
    from nlp.reading import MAX_PLAN_BYTES

    assert MAX_PLAN_BYTES <= language().max_length  # one byte at least per character


def test_spacy_never_sees_more_than_it_can_take():
    from nlp.language import acronym_definitions, lemmas, pieces, sentences

    assert [len(p) for p in pieces("ab cd\nef gh", limit=6)] == [6, 5]
    assert "".join(pieces("x" * 20, limit=6)) == "x" * 20  # no break anywhere: cut hard
    long = "Unpaid Work (UPW) is delivered. " * 40_000  # 1.28 million characters
    assert acronym_definitions(long) == {"UPW": "Unpaid Work"}
    assert len(sentences(long)) == 40_000
    assert lemmas(long)[:3] == ["unpaid", "work", "upw"]

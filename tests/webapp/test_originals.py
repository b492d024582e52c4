"""The original plan files: served with their type and name; the action page points at the
page an action came from, the plan page at the whole document."""

from __future__ import annotations

import pytest

from tests.webapp.fakes import FakeIndex, make_record
from webapp import create_app
from webapp.backend import Backend


class IndexWithOriginals(FakeIndex):
    def __init__(self, records, folder):
        super().__init__(records)
        self.folder = folder

    def original(self, source):
        path = self.folder / source
        return path if path.name == source and path.is_file() else None


@pytest.fixture
def client(tmp_path):
    (tmp_path / "plan.pdf").write_bytes(b"%PDF-1.4\n% a plan\n")
    (tmp_path / "plan.docx").write_bytes(b"PK\x03\x04 word")
    (tmp_path / "page.html").write_text("<script>alert(1)</script>")
    records = [make_record(1, source="plan.pdf", pages=[4]),
               make_record(2, source="plan.pdf", pages=[5, 6]),
               make_record(3, source="plan.docx", pages=[]),
               make_record(4, source="other.txt")]
    backend = Backend(IndexWithOriginals(records, tmp_path), load_optional=False)
    return create_app({"BACKEND": backend}).test_client()


def test_pdf_is_served_inline_with_its_type_and_name(client):
    response = client.get("/plans/plan.pdf/original")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("inline") and "plan.pdf" in disposition


def test_word_and_html_originals_are_downloads(client):
    word = client.get("/plans/plan.docx/original")
    assert word.mimetype.endswith("wordprocessingml.document")
    assert word.headers["Content-Disposition"].startswith("attachment")
    page = client.get("/plans/page.html/original")
    assert page.headers["Content-Disposition"].startswith("attachment")  # never run here


@pytest.mark.parametrize("source", ["missing.pdf", "other.txt", "..%2Fetc%2Fpasswd", ".hidden"])
def test_no_original_is_a_404_page(client, source):
    response = client.get(f"/plans/{source}/original")
    assert response.status_code == 404
    assert b"Traceback" not in response.data


def test_action_page_names_the_page_of_the_original(client):
    page = client.get("/actions/pp-r1").get_data(as_text=True)
    assert "page 4 of the original" in page
    assert 'href="/plans/plan.pdf/original#page=4"' in page
    spread = client.get("/actions/pp-r2").get_data(as_text=True)
    assert "pages 5–6 of the original" in spread and "original#page=5" in spread


def test_action_without_pages_links_the_whole_original(client):
    page = client.get("/actions/pp-r3").get_data(as_text=True)
    assert 'href="/plans/plan.docx/original"' in page and "no page numbers" in page
    assert "of the original" not in client.get("/actions/po-r4").get_data(as_text=True)


def test_plan_page_links_the_whole_document(client):
    page = client.get("/plans/plan.pdf").get_data(as_text=True)
    assert 'href="/plans/plan.pdf/original"' in page and "open the original document" in page


def test_api_record_carries_its_pages(client):
    assert client.get("/api/actions/pp-r2").get_json()["pages"] == [5, 6]

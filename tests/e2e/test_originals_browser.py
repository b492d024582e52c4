"""Browser: an action read from a PDF plan says which page of the original it is on, and the
link opens that original (the PDF itself, with its name)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.helpers import api, free_port, stop, wait_until_healthy

pytestmark = pytest.mark.e2e
PDF = Path(__file__).resolve().parents[1] / "nlp" / "documents" / "004_75c96ed3d927994c.rows.pdf"


@pytest.fixture(scope="module")
def pdf_server(tmp_path_factory) -> Iterator[str]:
    """`actionplans serve` over an index of one PDF plan."""
    data_dir = tmp_path_factory.mktemp("pdf-data")
    env = {**os.environ, "ACTIONPLANS_DATA": str(data_dir)}
    subprocess.run([sys.executable, "-m", "actionplans", "index", str(PDF), "--quiet"],
                   env=env, check=True, capture_output=True, timeout=300)
    log = data_dir.parent / "pdf-serve.log"
    port = free_port()
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "actionplans", "serve", "--host",
                                    "127.0.0.1", "--port", str(port)],
                                   env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, process, log)
        yield base
    finally:
        stop(process)


def test_action_page_shows_the_page_and_opens_the_original(pdf_server, page, shoot):
    hits = api(pdf_server, "/api/search?q=training&per_page=50")["hits"]
    one_page = next(h["id"] for h in hits
                    if len(api(pdf_server, f"/api/actions/{h['id']}")["pages"]) == 1)
    page.goto(f"{pdf_server}/actions/{one_page}", timeout=90_000)  # the first one loads vectors
    link = page.locator(".app-original a")
    text = link.inner_text()
    assert text.startswith("page ") and text.endswith(" of the original")
    number = int(text.split()[1])
    assert link.get_attribute("href") == f"/plans/{PDF.name}/original#page={number}"
    shoot(page, "action-original")
    assert page.console_errors == []
    # The PDF is on that page: its text there holds the start of the action.
    import pdfplumber

    action = page.locator(".app-action-text").inner_text()
    with pdfplumber.open(PDF) as pdf:
        on_page = " ".join((pdf.pages[number - 1].extract_text() or "").split())
    assert " ".join(action.split()[:5]) in on_page
    response = page.request.get(pdf_server + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert PDF.name in response.headers["content-disposition"]
    assert response.body() == PDF.read_bytes()
    link.click()  # Chromium's PDF viewer opens the original at that page
    page.wait_for_url(f"**/plans/{PDF.name}/original#page={number}")


def test_plan_page_links_the_whole_document(pdf_server, page):
    page.goto(f"{pdf_server}/plans/{PDF.name}")
    link = page.get_by_role("link", name="open the original document")
    assert link.get_attribute("href") == f"/plans/{PDF.name}/original"

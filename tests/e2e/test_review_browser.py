"""Review mode in the browser: sign in, correct a theme, split a record, clear a queue item,
retrain, and find the corrected tags in search and facets (real server, sample plans)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from tests.e2e.helpers import free_port, wait_until_healthy

pytestmark = pytest.mark.e2e

NAME, PASSWORD = "e2e-reviewer", "a password for the browser test"
RETRAIN_TIMEOUT_MS = 600_000


@pytest.fixture(scope="module")
def review_server(tmp_path_factory) -> Iterator[str]:
    """`actionplans serve --review` on its own copy of the sample plans, one reviewer."""
    data_dir = tmp_path_factory.mktemp("review-data")
    env = {**os.environ, "ACTIONPLANS_DATA": str(data_dir),
           "ACTIONPLANS_REVIEW_FAST_RETRAIN": "1"}
    subprocess.run([sys.executable, "-m", "actionplans", "reviewer", "add", NAME],
                   input=PASSWORD + "\n", text=True, env=env, check=True)
    log = data_dir.parent / "review-serve.log"
    port = free_port()
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "actionplans", "serve", "--review", "--port", str(port)],
            env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, process, log)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def api(base: str, path: str) -> dict:
    with urllib.request.urlopen(base + path, timeout=10) as response:
        return json.load(response)


def eventually(check, seconds: float = 90.0):
    """Wait for the background re-index to show a correction (the index is rebuilt)."""
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.5)


def facet_count(page, theme: str) -> int:
    link = page.get_by_role("navigation", name="Theme").get_by_role(
        "link", name=re.compile(rf"^{theme} \(\d+\)"))
    return int(re.search(r"\((\d+)\)", link.first.inner_text()).group(1)) if link.count() else 0


def test_review_correct_split_queue_retrain(review_server, page, shoot):
    base = review_server
    page.goto(base + "/review/")
    assert "/review/sign-in" in page.url
    page.get_by_label("Reviewer name").fill(NAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/review/$"))
    shoot(page, "review-queue")

    # Clear the first queue item: accept it as it is; the count goes down by one.
    left = int(re.search(r"(\d+) items? left", page.locator("h1").inner_text()).group(1))
    first = page.locator(".app-queue-text").inner_text()
    page.get_by_role("button", name="Accept as it is").click()
    page.wait_for_url(re.compile(r"/review/$"))
    assert page.locator("h1").inner_text().startswith(f"{left - 1} item")
    assert page.locator(".app-queue-text").inner_text() != first

    # Correct a theme: an action about unpaid-work placements for personal development is,
    # by the labelling guide, about education, training and employment.
    hit = api(base, "/api/search?q=%22Community+Payback+placements%22")["hits"][0]
    before = api(base, "/api/search?q=theme:ETE&per_page=100")
    assert hit["id"] not in [h["id"] for h in before["hits"]]
    page.goto(f"{base}/search?q=placements")
    facet_before = facet_count(page, "ETE")
    page.goto(f"{base}/actions/{hit['id']}")
    panel = page.locator("#review")
    panel.get_by_label(re.compile(r"^ETE")).check()
    panel.get_by_label("Note (optional)").fill("placements for personal development")
    panel.get_by_role("button", name="Save themes").click()
    assert "Themes corrected" in page.locator(".govuk-notification-banner").inner_text()
    after = eventually(lambda: (lambda r: r if r["total"] == before["total"] + 1 else None)(
        api(base, "/api/search?q=theme:ETE&per_page=100")))
    assert after and hit["id"] in [h["id"] for h in after["hits"]]
    page.goto(f"{base}/search?q=placements")
    assert facet_count(page, "ETE") == facet_before + 1
    page.goto(f"{base}/actions/{hit['id']}")
    assert page.locator(".app-corrected").is_visible()
    assert re.search(r"themes: \[\] → \[\"ETE\"\].*applied",
                     page.locator(".app-history").inner_text(), re.S)
    shoot(page, "review-action")

    # Split a record at its second sentence: the second half becomes a record of its own.
    many = next(h for h in api(base, "/api/search?q=training&per_page=50")["hits"]
                if len(re.findall(r"[.;!?]\s+\S", h["text"])) >= 1
                and "-s" not in h["id"])
    page.goto(f"{base}/actions/{many['id']}")
    split_form = page.locator("form", has=page.get_by_role("button", name="Split"))
    split_form.get_by_role("radio").first.check()
    second = split_form.locator("label").first.inner_text().removesuffix("...")
    split_form.get_by_role("button", name="Split").click()
    assert eventually(lambda: len(api(base, f"/api/actions/{many['id']}")["text"])
                      < len(many["text"]))
    shorter = api(base, f"/api/actions/{many['id']}")
    assert second[:30] not in shorter["text"]
    words = " ".join(re.findall(r"[A-Za-z]+", second)[:4])
    found = api(base, "/api/search?q=" + quote(f'"{words}"') + "&per_page=50")["hits"]
    assert any(h["id"].startswith(many["id"] + "-s") for h in found), (words, found)

    # Retrain from the web app: a background job with progress, then its outcome.
    page.goto(base + "/review/")
    page.get_by_role("button", name="Retrain now").click()
    page.wait_for_url(re.compile(r"/review/jobs/"))
    shoot(page, "review-retrain-running")
    page.wait_for_function(
        "() => ['done', 'failed'].includes("
        "document.querySelector('.app-job-state')?.textContent.trim())",
        timeout=RETRAIN_TIMEOUT_MS)
    assert page.locator(".app-job-state").inner_text() == "done", page.content()[-2000:]
    outcome = page.locator(".app-job-outcome").inner_text()
    assert outcome in ("New model swapped in", "Current model kept")
    shoot(page, "review-retrain-done")

    # Whatever the model now says, the reviewer's tag stands in search and facets.
    final = eventually(lambda: (lambda r: r if hit["id"] in [h["id"] for h in r["hits"]]
                                else None)(api(base, "/api/search?q=theme:ETE&per_page=100")))
    assert final
    page.goto(f"{base}/search?q=%22Community+Payback+placements%22&theme=ETE")
    assert page.locator(".app-result").count() >= 1
    assert page.console_errors == []


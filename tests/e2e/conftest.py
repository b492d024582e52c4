"""The real thing: `actionplans serve` on the bundled sample plans and Debian's Chromium.

The server runs as a separate process on a free loopback port with its data directory in a
temporary folder, so the first-run build of the default index is exercised too. Chromium is
Debian's (/usr/bin/chromium, installed by `make test`); Playwright's own browser download does
not work on this machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.helpers import free_port, stop, wait_until_healthy

CHROMIUM = Path(os.environ.get("ACTIONPLANS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[str]:
    """Base URL of a real `actionplans serve` on the sample plans."""
    data_dir = tmp_path_factory.mktemp("data")
    log = data_dir.parent / "serve.log"
    port = free_port()
    env = {**os.environ, "ACTIONPLANS_DATA": str(data_dir)}
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "actionplans", "serve", "--host", "127.0.0.1",
             "--port", str(port)],
            env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        health = wait_until_healthy(base, process, log)
        assert health["actions"] > 100, health
        yield base
    finally:
        stop(process)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (`make test` does)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _page(browser, **options):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, **options)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error"
            else None)
    page.set_default_timeout(15_000)
    return context, page


@pytest.fixture
def page(browser):
    """A fresh browser tab (JavaScript on, downloads accepted)."""
    context, tab = _page(browser, accept_downloads=True)
    yield tab
    context.close()


@pytest.fixture
def page_without_js(browser):
    context, tab = _page(browser, java_script_enabled=False)
    yield tab
    context.close()


@pytest.fixture(scope="session")
def shoot():
    """Save a full-page screenshot of a page for review (tests/e2e/screenshots/NAME.png)."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def save(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save

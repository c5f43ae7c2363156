"""Browser journeys: Playwright driving Debian's chromium against a live server. Skipped (with the reason) where
chromium or Playwright is missing; under REQUIRE_SERVICES=1 that is a failure instead."""

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import need

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Screenshots of every step, kept by CI as artifacts (README: "Browser tests").
SHOTS = Path(os.environ.get("BROWSER_SCREENSHOTS", "artifacts/browser"))


@pytest.fixture
def browser():
    need(os.path.exists(CHROMIUM) or shutil.which("chromium"), f"no chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "the playwright package is not installed (pip install -r requirements-dev.txt)")
    # Playwright's sync API runs an event loop in this thread; the test's own database calls stay synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield instance
        instance.close()


@pytest.fixture
def shot(request):
    folder = SHOTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    counter = {"n": 0}

    def take(page, name):
        counter["n"] += 1
        page.screenshot(path=str(folder / f"{counter['n']:02d}-{name}.png"), full_page=True)

    return take

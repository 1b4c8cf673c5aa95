"""Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by Playwright's Python package.

The tests skip, saying why, when the browser or axe-core is missing, except where
``ESSAY_CHECKER_REQUIRE_BROWSER=1`` (as in ``.ci/run``), which turns the skip into a failure.
Screenshots go to the test's temporary folder and, when ``ESSAY_CHECKER_ARTIFACTS`` names a folder, there too.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("ESSAY_CHECKER_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
# no background traffic: the machine has no network, and a report must not need one
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions"]


def unavailable(reason: str):
    if os.environ.get("ESSAY_CHECKER_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser test required but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright Python package is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        unavailable(f"{AXE} is missing (npm ci --prefix tests/browser)")
    return AXE.read_text(encoding="utf-8")


def open_page(browser, path: Path, width: int = 1280, height: int = 800, javascript: bool = True):
    """Open a file in a fresh context; returns (context, page, requests) with every URL the page asked for."""
    ctx = browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=javascript)
    page = ctx.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.resolve().as_uri())
    return ctx, page, requests


def run_axe(page, source: str) -> list[dict]:
    """Run axe-core in the page; returns the serious and critical violations."""
    page.add_script_tag(content=source)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def save_screenshot(page, tmp_path: Path, name: str, full_page: bool = False) -> Path:
    out = tmp_path / name
    page.screenshot(path=str(out), full_page=full_page)
    dest = os.environ.get("ESSAY_CHECKER_ARTIFACTS")
    if dest:
        Path(dest).mkdir(parents=True, exist_ok=True)
        shutil.copy(out, Path(dest) / name)
    return out

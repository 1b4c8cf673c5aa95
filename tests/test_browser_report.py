"""The HTML report in a real browser (headless Chromium): visible highlights, explanations that open with the
keyboard, with and without scripts, no network, no serious accessibility violation, legible screenshots."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from essay_checker.cli import main

from .browser_support import open_page, run_axe, save_screenshot
from .test_cli import ESSAY_1995


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    d = tmp_path_factory.mktemp("report")
    essay = d / "draft.txt"
    essay.write_text(ESSAY_1995, encoding="utf-8")
    out = d / "report.html"
    r = CliRunner().invoke(main, ["check", str(essay), "--model", "blank", "--format", "html", "--output", str(out)])
    assert r.exit_code in (0, 1), r.output
    return out


def _focus_highlight(page, text: str):
    """Tab through the page until the highlight with this text has the focus, as a keyboard user would."""
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.classList.contains('hl') ? "
                                "document.activeElement.textContent : ''")
        if text in focused:
            return
    raise AssertionError(f"no highlight with {text!r} reachable with Tab")


def test_highlight_opens_its_explanation_with_the_keyboard(browser, report, tmp_path):
    ctx, page, requests = open_page(browser, report)
    try:
        mark = page.locator("div.essay a.hl", has_text="1995")
        assert mark.is_visible() and mark.bounding_box()["width"] > 10
        for sev in ("warning",):
            assert page.locator(f"div.essay a.hl.{sev}").first.is_visible()
        _focus_highlight(page, "1995")
        page.keyboard.press("Enter")
        pop = page.get_by_role("dialog")
        assert pop.is_visible()
        text = pop.inner_text()
        assert "Did you mean 1955?" in text and "Suggestion: 1955" in text
        assert "1953-64" in text and "01-" in text and "line 1" in text
        assert page.evaluate("() => document.activeElement.getAttribute('role')") == "dialog"
        save_screenshot(page, tmp_path, "report-popup-1280.png")
        page.keyboard.press("Escape")
        assert page.get_by_role("dialog").count() == 0
        assert "1995" in page.evaluate("() => document.activeElement.textContent"), "focus returns to the highlight"
        assert requests == [report.resolve().as_uri()], "the report asked for nothing but itself"
    finally:
        ctx.close()


def test_works_without_javascript(browser, report):
    ctx, page, requests = open_page(browser, report, javascript=False)
    try:
        _focus_highlight(page, "1995")
        page.keyboard.press("Enter")
        card_id = page.evaluate("() => location.hash").lstrip("#")
        card = page.locator(f"[id='{card_id}']")
        assert card.is_visible() and card.evaluate("el => el.matches(':target')")
        assert "Did you mean 1955?" in card.inner_text() and "1953-64" in card.inner_text()
        box = card.bounding_box()
        assert 0 <= box["y"] < 800, "the explanation is scrolled into view"
        assert page.locator("ul.checklist > li").count() > 0
        assert requests == [report.resolve().as_uri()]
    finally:
        ctx.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_and_no_serious_accessibility_violation(browser, axe_source, report, tmp_path, width):
    ctx, page, requests = open_page(browser, report, width=width, height=800)
    try:
        assert page.locator("div.essay a.hl", has_text="1995").is_visible()
        # nothing wider than the window at phone width: no sideways scrolling
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        shot = save_screenshot(page, tmp_path, f"report-{width}.png")
        assert shot.stat().st_size > 10_000
        assert run_axe(page, axe_source) == []
    finally:
        ctx.close()


def test_print_stylesheet_shows_everything_without_the_pop_up(browser, report):
    ctx, page, _ = open_page(browser, report)
    try:
        page.locator("div.essay a.hl", has_text="1995").click()
        assert page.get_by_role("dialog").is_visible()
        page.emulate_media(media="print")
        assert not page.get_by_role("dialog").is_visible()
        assert page.locator("li.card").first.is_visible() and page.locator("div.essay").is_visible()
        assert page.pdf()[:4] == b"%PDF"
    finally:
        ctx.close()

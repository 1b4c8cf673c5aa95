"""The HTML report, read back with an HTML parser: highlights, evidence, key points, timeline, escaping."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from essay_checker import __version__
from essay_checker.models import EssayResult, Evidence, Finding, KeyPointResult, Severity
from essay_checker.nlp.dates import find_dates
from essay_checker.reports import Report, notes_context
from essay_checker.reports.html import render

from .htmltext import essay_text, mark_texts, text_by_id

GOLDEN = Path(__file__).resolve().parent / "golden" / "report.html"

ESSAY = """The end of the terror

Stalin died in March 1953. In 1995 the leaders set up a commission on his crimes.
Khrushchev spoke to the 20th Party Congress in February 1956 & attacked the cult of personality.
"""

REFERENCE = {"notes": "notes/topic", "notes_sha256": "ab" * 32, "rubric": "rubrics/topic.toml",
             "pipeline": "blank", "version": __version__}


def _at(text: str, needle: str) -> tuple[int, int]:
    i = text.index(needle)
    return i, i + len(needle)


def hand_made_report() -> Report:
    """A report built by hand, so the page is tested apart from what the checks find."""
    t = ESSAY
    f1 = Finding("dates.out-of-period", Severity.WARNING, "1995 is outside the years your notes cover "
                 "(1953-1964). Did you mean 1955?", *_at(t, "1995"), "1955",
                 (Evidence("01-overview.md", 1, "Reform after the dictator, 1953-64"),))
    f2 = Finding("support.not-in-notes", Severity.INFO, 'Your notes do not mention "cult".', *_at(t, "cult"))
    f3 = Finding("numbers.conflict", Severity.ERROR, "Your notes say the congress was the Twentieth, "
                 "not the 20th.", *_at(t, "20th"), "Twentieth",
                 (Evidence("02-speech.md", 7, "The Twentieth Congress met in February 1956."),))
    findings = sorted([f1, f2, f3], key=lambda f: f.start)
    s = _at(t, "Khrushchev spoke")[0]
    kps = [KeyPointResult("speech", "The speech attacked the cult of personality.", 2.0, "covered", 0.8,
                          t[s:t.index("personality.") + 12], (s, t.index("personality.") + 12)),
           KeyPointResult("death", "The dictator died in 1953.", 1.0, "partial", 0.4, "Stalin died in March 1953.",
                          _at(t, "Stalin died in March 1953.")),
           KeyPointResult("camps", "Prisoners came home from the camps.", 1.0, "missing", 0.0)]
    res = EssayResult(t, findings, kps, 58, len(t.split()), dates=find_dates(t))
    timeline = [{"start": "1953-03-05", "end": "1953-03-05", "date": "5 March 1953", "text": "The dictator died.",
                 "entities": [], "source": {"file": "01-overview.md", "line": 3}},
                {"start": "1955-05-14", "end": "1955-05-14", "date": "14 May 1955", "text": "A pact was signed.",
                 "entities": [], "source": {"file": "01-overview.md", "line": 9}}]
    return Report("essays/draft <1>.txt", res, REFERENCE, "0" * 64, "utf-8", timeline,
                  {"start": "1953-01-01", "end": "1964-12-31"})


def soup_of(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_essay_is_shown_exactly_with_every_finding_highlighted_in_place():
    rep = hand_made_report()
    html = render([rep])
    soup = soup_of(html)
    assert essay_text(html) == ESSAY
    marks = soup.select_one("div.essay").select("a.hl")
    assert len(marks) == len(rep.result.findings)
    assert mark_texts(html) == [ESSAY[f.start:f.end] for f in rep.result.findings]
    for i, (m, f) in enumerate(zip(marks, rep.result.findings), start=1):
        assert f.severity.label in m["class"]
        # not colour alone: a word for screen readers and a symbol with the number on screen
        assert m.select_one(".vh").get_text().startswith(("Error", "Warning", "Not in your notes"))
        assert m.select_one("sup").get_text().endswith(str(i))
        card = soup.find(id=m["href"][1:])
        assert card is not None and "card" in card["class"]
        assert card.select_one(".message").get_text() == f.message
        assert card.find("a", href=f"#{m['id']}"), "each explanation links back to its highlight"


def test_each_finding_quotes_its_note_line_and_suggestion():
    rep = hand_made_report()
    soup = soup_of(render([rep]))
    for f in rep.result.findings:
        card = next(c for c in soup.select("li.card") if c.select_one(".message").get_text() == f.message)
        quotes = [(q.select_one("blockquote").get_text(strip=True), q.select_one("figcaption").get_text(" ", strip=True))
                  for q in card.select("figure.evidence")]
        assert [q for q, _ in quotes] == [e.text for e in f.evidence]
        for (_, cap), e in zip(quotes, f.evidence):
            assert e.file in cap and f"line {e.line}" in cap
        sugg = card.select_one(".suggestion")
        assert (sugg.get_text() == f"Suggestion: {f.suggestion}") if f.suggestion else sugg is None


def test_findings_list_errors_first_and_numbers_follow_the_essay():
    soup = soup_of(render([hand_made_report()]))
    badges = [c.select_one(".badge").get_text(" ", strip=True) for c in soup.select("li.card")]
    assert [b.split()[1] for b in badges] == ["Error", "Warning", "Not"]
    assert [b.split()[-1] for b in badges] == ["2", "1", "3"]


def test_key_points_are_a_checklist_with_links_to_the_evidence_sentence():
    rep = hand_made_report()
    html = render([rep])
    soup = soup_of(html)
    items = soup.select("ul.checklist > li")
    assert [li["class"][0] for li in items] == ["covered", "partial", "missing"]
    for li, k in zip(items, rep.result.key_points):
        assert k.text in li.get_text(" ", strip=True)
        link = li.find("a", href=True)
        if k.status == "missing":
            assert link is None and "Add a sentence" in li.get_text()
            continue
        target = soup.find(id=link["href"][1:])
        assert target is not None and "kp-ev" in target["class"]
        a, b = k.evidence_span
        assert text_by_id(html, target["id"]) == ESSAY[a:b]


def test_summary_explains_the_score():
    soup = soup_of(render([hand_made_report()]))
    summary = soup.select_one("section.summary").get_text(" ", strip=True)
    assert "58" in summary and "minus" in summary and "1 error" in summary
    assert [li.get_text(" ", strip=True) for li in soup.select("ul.counts li")] == [
        "\u2716 1 error", "\u25b2 1 warning", "i 1 not in your notes"]


def test_timeline_places_the_essays_dates_and_marks_the_flagged_one():
    soup = soup_of(render([hand_made_report()]))
    svg = soup.select_one("section.timeline svg")
    assert svg is not None and svg.find("title") is not None
    marks = svg.select("g.mark")
    labels = {m.select_one("text").get_text(): m["class"][1] for m in marks}
    assert labels["1995"] == "warning" and labels["March 1953"] == "ok" and labels["February 1956"] == "ok"
    # the picture is one image (no links inside it); the table under it links each flagged date to its finding
    assert svg["role"] == "img" and not svg.find("a")
    assert soup.select_one("table.dates").find("a", string="1995")["href"] == "#f-1"
    xs = {m.select_one("text").get_text(): float(m.select_one("line")["x1"]) for m in marks}
    assert xs["March 1953"] < xs["February 1956"] < xs["1995"]
    # the notes' dates sit below the axis with their source in a tooltip
    assert any("01-overview.md:9" in t.get_text() for t in svg.select("line > title"))
    rows = [tr.get_text(" ", strip=True) for tr in soup.select("table.dates tbody tr")]
    assert any(r.startswith("1995") and "Did you mean 1955?" in r for r in rows)


def test_footer_records_notes_hash_rubric_pipeline_and_version():
    footer = soup_of(render([hand_made_report()])).select_one("footer").get_text(" ", strip=True)
    for part in ("notes/topic", "ab" * 32, "rubrics/topic.toml", "blank", __version__):
        assert part in footer


def test_page_is_self_contained():
    html = render([hand_made_report()])
    soup = soup_of(html)
    assert not soup.find("link") and not soup.find("img") and not soup.find("iframe")
    assert all(not s.get("src") for s in soup.find_all("script"))
    assert not re.search(r"url\(|@import|https?://(?!www\.w3\.org/2000/svg)", html)
    for a in soup.find_all("a", href=True):
        assert a["href"].startswith("#"), a["href"]


HOSTILE = ('<script>alert(1)</script> "onmouseover="alert(2)" </textarea> {{ 7*7 }} {% raw %} '
           "<img src=x onerror=alert(3)> \u202egnp.exe \u200b end")


def test_hostile_text_from_essay_notes_and_rubric_shows_as_text():
    t = "In 1995 " + HOSTILE + "\n"
    f = Finding("support.not-in-notes", Severity.INFO, f"Your notes do not mention {HOSTILE}", 3, 7,
                HOSTILE, (Evidence(HOSTILE, 2, HOSTILE),))
    k = KeyPointResult(HOSTILE, HOSTILE, 1.0, "covered", 1.0, t, (0, len(t)))
    ref = dict(REFERENCE, notes=HOSTILE, rubric=HOSTILE)
    tl = [{"start": "1990-01-01", "end": "1990-12-31", "date": HOSTILE, "text": HOSTILE,
           "source": {"file": HOSTILE, "line": 1}}]
    html = render([Report(HOSTILE, EssayResult(t, [f], [k], 100, 3), ref, "0" * 64, "utf-8", tl, None)])
    soup = soup_of(html)
    assert len(soup.find_all("script")) == 1, "only the report's own script"
    assert not soup.find("img") and not soup.find("textarea")
    for el in soup.find_all(True):
        assert not any(attr.lower().startswith("on") for attr in el.attrs), el
    assert "{{ 7*7 }}" in soup.get_text() and "49" not in soup.get_text()
    assert essay_text(html) == t
    assert "<script>alert(1)</script>" in soup.select_one("li.card .suggestion").get_text()


def test_several_essays_get_unique_ids():
    r1, r2 = hand_made_report(), hand_made_report()
    r2.path = "other.txt"
    soup = soup_of(render([r1, r2]))
    ids = [el["id"] for el in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    assert len(soup.select("article")) == 2
    for a in soup.find_all("a", href=True):
        assert soup.find(id=a["href"][1:]) is not None, a["href"]


def test_report_of_a_real_check(fb, rubric, blank_cfg):
    from essay_checker.core import check_essay

    text = ("After Stalin died in 1953 the Gulag began to empty.\n\nIn 1995 the Central Committee set up a "
            "commission to look into Stalin's crimes. Kruschev gave the Secret Speech in February 1956.\n")
    res = check_essay(text, fb, rubric, blank_cfg)
    html = render([Report("e.txt", res, REFERENCE, "0" * 64, "utf-8", **notes_context(fb))])
    soup = soup_of(html)
    assert essay_text(html) == text
    shown = mark_texts(html)
    assert shown == [text[f.start:f.end] for f in res.findings]
    assert "1995" in shown and "Kruschev" in shown
    assert len(soup.select("ul.checklist > li")) == len(rubric.points)
    assert len(soup.select("section.timeline svg line > title")) == len(fb.timeline)


def scrub(html: str) -> str:
    return html.replace(__version__, "VERSION")


def test_golden_report():
    html = scrub(render([hand_made_report()]))
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(html, encoding="utf-8")
    assert html == GOLDEN.read_text(encoding="utf-8"), "run with UPDATE_GOLDEN=1 after a deliberate change"


@pytest.mark.parametrize("severity", list(Severity))
def test_every_severity_has_a_symbol_and_a_name(severity):
    from essay_checker.reports.html import SEVERITY_NAME, SEVERITY_SYMBOL

    assert SEVERITY_SYMBOL[severity.label] and SEVERITY_NAME[severity.label]


def test_hostile_notes_and_rubric_through_the_real_check_stay_text(tmp_path):
    """Notes and a rubric a prankster wrote, checked for real: the page shows their text and runs none of it."""
    from click.testing import CliRunner

    from essay_checker.cli import main

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "<img src=x onerror=alert(1)>.md").write_text(
        "# The <script>alert('t')</script> war, 1914-18\n\n"
        "- The war began in August 1914 {{ 7*7 }} \u202eafter the archduke was shot\u200b.\n"
        "- The armistice came on 11 November 1918 <b onmouseover=alert(2)>.\n", encoding="utf-8")
    rubric = tmp_path / "rubric.toml"
    rubric.write_text('title = "<script>alert(3)</script>"\n[[points]]\nid = "x\\"><svg onload=alert(4)>"\n'
                      'text = "The war began in 1914 <iframe src=//evil>"\n', encoding="utf-8")
    essay = tmp_path / "essay.txt"
    essay.write_text("The war began in 1915 </textarea><script>alert(5)</script>. It ended in 1918.\n",
                     encoding="utf-8")
    out = tmp_path / "r.html"
    r = CliRunner().invoke(main, ["check", str(essay), "--notes", str(notes), "--rubric", str(rubric),
                                  "--model", "blank", "--format", "html", "--output", str(out)])
    assert r.exit_code in (0, 1), r.output
    html = out.read_text(encoding="utf-8")
    soup = soup_of(html)
    assert len(soup.find_all("script")) == 1 and not soup.find(["img", "iframe", "textarea", "b"])
    assert not soup.select("svg[onload], [onerror], [onmouseover]")
    for el in soup.find_all(True):
        assert not any(a.lower().startswith("on") for a in el.attrs), el
    text = soup.get_text()
    assert "<iframe src=//evil>" in text and "{{ 7*7 }}" in text and "<script>alert(5)</script>" in text
    assert essay_text(html) == essay.read_text(encoding="utf-8")
    assert "The war began in 1914 <iframe src=//evil>" in soup.select_one("ul.checklist").get_text()

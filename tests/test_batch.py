"""Batch marking: a teacher checks a folder of submissions in mixed formats."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from essay_checker.batch import discover, safe_name
from essay_checker.cli import main

from .browser_support import open_page, run_axe, save_screenshot
from .classroom import FORMATS, make_class
from .htmltext import essay_text

ROOT = Path(__file__).resolve().parent.parent


def batch(*args: str, input=None):
    return CliRunner().invoke(main, ["batch", *args, "--model", "blank"], catch_exceptions=False)


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    """30 essays in every supported format, plus a corrupt .docx, an empty file and a binary file,
    plus files a teacher's folder really has that are not submissions."""
    d = tmp_path_factory.mktemp("submissions")
    make_class(d, 30, seed=7, min_words=150, max_words=400)
    (d / "corrupt.docx").write_bytes(b"PK\x03\x04 this is not really a zip file")
    (d / "empty.txt").write_bytes(b"")
    (d / "photo.txt").write_bytes(bytes(range(256)) * 20)
    (d / "~$student-006.docx").write_bytes(b"lock")       # Word's lock file
    (d / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")         # hidden
    (d / "notes.xlsx").write_bytes(b"PK")                   # not an essay format
    return d


@pytest.fixture(scope="module")
def marked(classroom, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    r = batch(str(classroom), "--out", str(out), "--jobs", "2")
    return r, out


def test_every_submission_has_a_row_and_three_failed_with_reasons(marked):
    r, out = marked
    assert r.exit_code == 2, r.output  # a submission failed
    rows = list(csv.DictReader(io.StringIO((out / "results.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 33
    failed = {row["file"]: row["reason"] for row in rows if row["status"] == "failed"}
    assert set(failed) == {"corrupt.docx", "empty.txt", "photo.txt"}
    assert "not a valid .docx" in failed["corrupt.docx"]
    assert "empty" in failed["empty.txt"] and "binary" in failed["photo.txt"]
    index = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    trs = index.select("table#rows tbody tr")
    assert len(trs) == 33 and len(index.select("tr.failed")) == 3
    for tr in index.select("tr.failed"):
        assert "failed:" in tr.get_text() and tr.select_one(".reason").get_text(strip=True) != "failed:"


def test_each_format_is_read_and_reported(marked):
    _, out = marked
    rows = list(csv.DictReader(io.StringIO((out / "results.csv").read_text(encoding="utf-8"))))
    ok = [r for r in rows if r["status"] == "ok"]
    assert len(ok) == 30
    assert {Path(r["file"]).suffix for r in ok} == {".txt", ".md", ".docx", ".odt", ".pdf"}
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    essays = {e["essay"]["path"]: e for e in data["essays"]}
    assert len(essays) == 33
    encodings = {e["essay"].get("encoding") for e in essays.values() if e["status"] == "ok"}
    assert {"utf-8", "utf-8-sig", "utf-16", "docx", "odt", "pdf"} <= encodings
    for e in essays.values():
        if e["status"] != "ok":
            assert e["reason"]
            continue
        report = out / e["report_file"]
        assert report.is_file() and report.resolve().parent == out.resolve()
        html = report.read_text(encoding="utf-8")
        assert html.rstrip().endswith("</html>")
        # spans refer to the extracted text the report shows
        shown = essay_text(html)
        for f in e["findings"]:
            assert shown[f["span"]["start"]:f["span"]["end"]] == f["span"]["text"]


def test_gradebook_has_one_column_per_key_point(marked):
    _, out = marked
    text = (out / "results.csv").read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    points = [h for h in header if h.startswith("key_point:")]
    assert len(points) == 12 and header[:5] == ["name", "file", "status", "reason", "score"]
    for row in csv.DictReader(io.StringIO(text)):
        if row["status"] == "ok":
            assert 0 <= int(row["score"]) <= 100
            assert {row[p] for p in points} <= {"covered", "partial", "missing"}


def test_class_overview_groups_errors_by_fact_and_counts_missed_points(marked):
    _, out = marked
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    common = soup.select("ol.common > li")
    assert common, "the class makes some factual errors"
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    first = common[0].get_text(" ", strip=True)
    count, of_word, total = first.split()[:3]
    assert of_word == "of" and int(total) == 30
    # the count is the number of essays with an error or warning resting on that note line
    m = re.search(r"Notes: (\S+:\d+)\.", common[0].select_one(".ex").get_text())
    check = common[0].select_one("code").get_text()
    if m and not check.startswith("spelling."):
        hits = sum(1 for e in data["essays"] if e["status"] == "ok" and any(
            f"{f['evidence'][0]['file']}:{f['evidence'][0]['line']}" == m.group(1)
            for f in e["findings"] if f["evidence"] and f["check"] == check))
        assert hits == int(count)
    missed = soup.select("ol.missed > li")
    assert missed and all(" of 30" in li.get_text() for li in missed)
    assert soup.select_one("section[aria-labelledby=scores-h] svg title").get_text().startswith("Number of essays")


def test_rerun_skips_unchanged_and_force_rechecks(classroom, tmp_path):
    out = tmp_path / "out"
    sub = tmp_path / "sub"
    make_class(sub, 4, seed=3, min_words=120, max_words=200, formats=("txt", "md"))
    assert batch(str(sub), "--out", str(out), "--jobs", "1").exit_code in (0, 1)
    mtimes = {p.name: p.stat().st_mtime_ns for p in out.glob("*.html")}
    time.sleep(0.05)
    r = batch(str(sub), "--out", str(out), "--jobs", "1")
    assert "4 unchanged" in r.output
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("student-*.html")} == \
        {k: v for k, v in mtimes.items() if k.startswith("student-")}
    # an edited essay is checked again, the others are not
    first = sorted(sub.iterdir())[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nIn 1995 the party met again.\n", encoding="utf-8")
    r = batch(str(sub), "--out", str(out), "--jobs", "1")
    assert "3 unchanged" in r.output
    assert "1995" in (out / f"{first.stem}.html").read_text(encoding="utf-8")
    r = batch(str(sub), "--out", str(out), "--jobs", "1", "--force")
    assert "unchanged since" not in r.output


def test_output_names_never_leave_the_reports_folder(tmp_path):
    taken: set[str] = set()
    names = [safe_name(n, taken) for n in (
        "../../etc/passwd.txt", "/abs/path/essay.txt", "..\\..\\windows\\win.ini", "CON.txt", "nul.docx",
        "com1.md", "x" * 400 + ".txt", "a/b/c.txt", "a__b/c.txt", "index.txt", "é s\u202ey\u200b.txt", ".txt",
        "same.txt", "same.md", "SAME.pdf")]
    assert len(set(n.lower() for n in names)) == len(names)
    out = tmp_path / "out"
    out.mkdir()
    for n in names:
        assert n and "/" not in n and "\\" not in n and ".." not in n and not n.startswith(".")
        assert len((n + ".html").encode()) <= 100
        assert (out / f"{n}.html").resolve().parent == out.resolve()
        assert n.split(".")[0].lower() not in ("con", "nul", "com1", "index", "results")


def test_folders_are_walked_and_hidden_and_output_folders_skipped(tmp_path):
    sub = tmp_path / "class"
    (sub / "group-a").mkdir(parents=True)
    (sub / ".git").mkdir()
    (sub / "reports").mkdir()
    for p in ("group-a/ann.txt", "bob.docx", ".git/x.txt", "reports/old.txt", "~$bob.docx", ".~lock.bob.odt#",
              "draft.txt~", "notes.csv"):
        (sub / p).write_text("x", encoding="utf-8")
    found = [p.relative_to(sub).as_posix() for p in discover(sub, sub / "reports")]
    assert found == ["bob.docx", "group-a/ann.txt"]


def test_exit_codes(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "a.txt").write_text("Stalin died in March 1953 and Khrushchev gave the Secret Speech in February "
                               "1956.\n", encoding="utf-8")
    assert batch(str(sub), "--out", str(tmp_path / "o1")).exit_code == 0
    (sub / "b.txt").write_text("Khrushchev had set up the Warsaw Pact in 1949.\n", encoding="utf-8")
    assert batch(str(sub), "--out", str(tmp_path / "o2")).exit_code == 1
    assert batch(str(sub), "--out", str(tmp_path / "o3"), "--fail-on", "never").exit_code == 0
    r = batch(str(tmp_path / "missing"), "--out", str(tmp_path / "o4"))
    assert r.exit_code == 2 and "Traceback" not in r.output


def test_spreadsheet_formulas_in_names_are_neutralised(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "=HYPERLINK(evil).txt").write_text("Stalin died in 1953.\n", encoding="utf-8")
    out = tmp_path / "out"
    batch(str(sub), "--out", str(out))
    row = list(csv.DictReader(io.StringIO((out / "results.csv").read_text(encoding="utf-8"))))[0]
    assert row["name"] == "'=HYPERLINK(evil)" and row["file"].startswith("'=")


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "essay_checker", "batch", *args, "--model", "blank"]


def test_killed_run_leaves_only_complete_reports_and_a_rerun_finishes(tmp_path):
    sub, out = tmp_path / "sub", tmp_path / "out"
    make_class(sub, 16, seed=11, min_words=300, max_words=500, formats=("txt",))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(_cli(str(sub), "--out", str(out), "--jobs", "1"), env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and len(list(out.glob("student-*.html"))) < 3:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done = list(out.glob("student-*.html"))
    assert 3 <= len(done) < 16, "killed midway"
    for p in out.glob("*.html"):
        assert p.read_text(encoding="utf-8").rstrip().endswith("</html>"), p
    assert not (out / "index.html").exists() or "</html>" in (out / "index.html").read_text(encoding="utf-8")
    r = subprocess.run(_cli(str(sub), "--out", str(out), "--jobs", "1"), env=env, capture_output=True, text=True)
    assert r.returncode in (0, 1), r.stderr
    assert f"{len(done)} unchanged" in r.stderr + r.stdout
    rows = list(csv.DictReader(io.StringIO((out / "results.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 16 and all(row["status"] == "ok" for row in rows)


def test_two_runs_at_once_do_not_corrupt_each_other(tmp_path):
    sub, out = tmp_path / "sub", tmp_path / "out"
    make_class(sub, 8, seed=5, min_words=200, max_words=300, formats=("txt", "docx"))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [subprocess.Popen(_cli(str(sub), "--out", str(out), "--jobs", "1", "--force"), env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(2)]
    for p in procs:
        assert p.wait(timeout=300) in (0, 1), p.stderr.read()
    rows = list(csv.DictReader(io.StringIO((out / "results.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 8
    json.loads((out / "results.json").read_text(encoding="utf-8"))
    for p in out.glob("*.html"):
        html = p.read_text(encoding="utf-8")
        assert html.count("</html>") == 1 and html.rstrip().endswith("</html>")
    assert not list(out.rglob("*.part")), "no temporary file left behind"


def test_progress_bar_stays_quiet_in_a_pipe(tmp_path):
    sub = tmp_path / "sub"
    make_class(sub, 2, seed=2, min_words=100, max_words=150, formats=("txt",))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run(_cli(str(sub), "--out", str(tmp_path / "out")), env=env, capture_output=True, text=True)
    assert "\r" not in r.stderr and "it/s" not in r.stderr and "essay/s" not in r.stderr
    assert "2 submissions" in r.stderr + r.stdout


def test_index_in_the_browser_sorts_and_passes_axe(browser, axe_source, marked, tmp_path):
    _, out = marked
    ctx, page, requests = open_page(browser, out / "index.html")
    try:
        assert page.locator("table#rows tbody tr").count() == 33
        score_col = 5

        def scores():
            cells = page.locator(f"table#rows tbody tr td:nth-child({score_col + 1})").all()
            return [float(c.get_attribute("data-sort")) for c in cells]

        page.get_by_role("button", name="Score").click()
        assert scores() == sorted(scores())
        assert page.locator("th", has_text="Score").get_attribute("aria-sort") == "ascending"
        page.get_by_role("button", name="Score").press("Enter")
        assert scores() == sorted(scores(), reverse=True)
        page.get_by_role("button", name="Name").click()
        names = [c.get_attribute("data-sort") for c in page.locator("table#rows tbody td.name").all()]
        assert names == sorted(names)
        save_screenshot(page, tmp_path, "index-1280.png", full_page=True)
        assert run_axe(page, axe_source) == []
        page.locator("table#rows tbody a").first.click()
        page.wait_for_load_state()
        assert page.locator("div.essay").is_visible(), "the link opens the essay's report"
        assert all(u.startswith("file://") for u in requests)
    finally:
        ctx.close()


def test_formats_cover_all_readers():
    assert {"docx", "odt", "pdf", "md"} <= set(FORMATS)


def test_hostile_submission_names_are_escaped_in_the_overview(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    hostile = ['<img src=x onerror=alert(1)>.txt', '{{ 7*7 }} "onmouseover=x.md', "\u202etxt.exe\u200b.txt"]
    for n in hostile:
        (sub / n).write_text("Stalin died in March 1953.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert batch(str(sub), "--out", str(out)).exit_code == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find("img") and len(soup.find_all("script")) == 1
    assert all(not a.lower().startswith("on") for el in soup.find_all(True) for a in el.attrs)
    names = [td.contents[0] for td in soup.select("td.name")]
    assert sorted(names) == sorted(Path(n).stem for n in hostile)
    assert "{{ 7*7 }}" in soup.select_one("table#rows").get_text()
    reports = sorted(p.name for p in out.glob("*.html") if p.name != "index.html")
    assert len(reports) == 3 and all(p.resolve().parent == out.resolve() for p in out.iterdir())

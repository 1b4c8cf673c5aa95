"""Hostile essay content through the command line's text and JSON reports.

Students paste essays from web pages, word processors and chat apps, and some try to break the
tool on purpose.  Whatever the content (markup, template syntax, terminal escape sequences, bidi
overrides, zero-width characters, a 1 MB line, a 10,000-character word), ``check`` exits 0 or 1
with no traceback, every JSON span is the exact slice of the essay as read, and the text report
never sends the essay's control characters to the terminal.  (The HTML report is tested elsewhere.)
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import traceback

import pytest
from click.testing import CliRunner

from essay_checker.cli import main
from essay_checker.io import decode_bytes

from .conftest import ROOT

# Two planted mistakes the checker finds in a plain essay: a year one slip away from the notes'
# period (1995 -> 1955) and a misspelt name (Kruschev).
PLANTED = "In 1995 the Central Committee set up a commission to look into Stalin's crimes."
MISSPELT = "Kruschev gave the Secret Speech to the 20th Party Congress in February 1956."

HOSTILE = {
    "html": (
        "<html><head><title>Essay</title></head><body>\n"
        "<p>" + PLANTED + "</p>\n<script>alert(document.cookie)</script>\n"
        '<img src=x onerror="alert(1)"> <a href="javascript:alert(1)">link</a> </textarea><!-- comment -->\n'
        "<p>" + MISSPELT + "</p>\n<style>body{display:none}</style></body></html>\n"
    ),
    "templates": (
        "{{ config.__class__.__init__.__globals__ }} {% for x in range(10**9) %}{{ x }}{% endfor %}\n"
        + PLANTED + " {{7*7}} ${7*7} #{7*7} <%= 7*7 %> {#" + "\n{% raw %}" + MISSPELT + "{% endraw %}\n"
        "{{ '<script>alert(1)</script>' | safe }} {%- if true -%}{{ essay }}{%- endif -%}\n"
    ),
    "ansi": (
        "\x1b[2J\x1b[H\x1b]0;pwned\x07\x1b[31m" + PLANTED + "\x1b[0m\n"
        "\x1b[1A\x1b[2K\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\ Kru\x1b[0mschev spoke. "
        "\x9b31m " + MISSPELT + "\x1bP+q\x1b\\ \x1b[6n\x07\x08\x7f\n"
    ),
    "bidi_zero_width": (
        "\ufeff\u202e" + PLANTED + "\u202c\n"
        "Kru\u200bschev \u2066and\u2069 Khru\u200dshchev \u200fspoke\u200e. \u202d\u2067" + MISSPELT + "\u2069\n"
        "Stal\u2060in died in 19\u200b53 \u061c and\u00ad Beria was shot.\n"
    ),
    "combining_and_emoji": (
        "Khrushche\u0301v \u0336s\u0336t\u0336r\u0336u\u0336c\u0336k \U0001f600\U0001f469\u200d\U0001f3eb "
        "\U0001f1f7\U0001f1fa Z\u0351\u0352\u0353\u0354a\u0355\u0356l\u0357g\u0358o\n"
        + PLANTED + " \u2764\ufe0f\n" + MISSPELT + "\n"
    ),
    "crlf_and_odd_newlines": (
        PLANTED + "\r\n\r\nBeria was shot.\rMalenkov resigned.\r\n" + MISSPELT + "\u2028Next\u2029para\x85end\x0c\n"
    ),
    "control_characters": "\x01\x02\x03" + PLANTED + "\x0b\x0c\x1c\x1d\x1e\x1f\n" + MISSPELT + "\x7f\n",
    # long s appears in quotations from old printed sources; case-insensitive regexes match it as "s"
    "long_s_quotation": (
        PLANTED + " In 1956 that Augu\u017ft, as one paper put it, \u017fix thou\u017fands of prisoners went home.\n"
        + MISSPELT + "\n"
    ),
}

# A 1 MB line: the planted mistakes at both ends of one line of prose with no newline at all.
_FILLER = "the leaders argued about the camps and the economy while the party debated reform "
ONE_MB_LINE = PLANTED + " " + (_FILLER * (1_000_000 // len(_FILLER) + 1))[:1_000_000] + " " + MISSPELT + "\n"
LONG_WORD = (
    PLANTED + " " + "a" * 10_000 + " " + "Khrushchev" * 1_000 + " " + ("Stalin" * 2_000)[:10_000] + "\n"
    + "http://" + "x" * 10_000 + " " + "9" * 10_000 + " " + "1,000" * 2_000 + "\n" + MISSPELT + "\n"
)

CASES = {**HOSTILE, "one_mb_single_line": ONE_MB_LINE, "ten_thousand_char_word": LONG_WORD}


def _write(tmp_path, name: str, content: str):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(content.encode("utf-8"))
    return path


def _invoke(args):
    r = CliRunner().invoke(main, args, catch_exceptions=True)
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        pytest.fail("check raised instead of exiting 0 or 1:\n"
                    + "".join(traceback.format_exception(*r.exc_info)), pytrace=False)
    return r


def _assert_spans(report: dict, text: str) -> None:
    lines = text.split("\n")
    for f in report["findings"]:
        sp = f["span"]
        assert 0 <= sp["start"] < sp["end"] <= len(text), sp
        assert sp["text"] == text[sp["start"]:sp["end"]], (sp, text[sp["start"]:sp["end"]])
        line, col = sp["line"], sp["column"]
        assert sum(len(x) + 1 for x in lines[:line - 1]) + col - 1 == sp["start"], sp
    for k in report["key_points"]:
        if k["evidence_span"]:
            assert 0 <= k["evidence_span"]["start"] <= k["evidence_span"]["end"] <= len(text)


@pytest.mark.parametrize("name", list(CASES))
def test_json_report_of_hostile_essay(tmp_path, name):
    path = _write(tmp_path, name, CASES[name])
    r = _invoke(["check", str(path), "--format", "json", "--model", "blank"])
    assert r.exit_code in (0, 1), r.output
    report = json.loads(r.stdout)
    text = decode_bytes(path.read_bytes()).text
    _assert_spans(report, text)
    # the hostile content does not blind the checker to the planted mistakes
    spans = {(f["check"], f["span"]["text"]) for f in report["findings"]}
    assert ("dates.out-of-period", "1995") in spans, spans
    assert any(c == "spelling.name" and t.startswith("Kruschev") for c, t in spans), spans


_FINDING_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (error|warning|info): .+ \[[a-z.-]+\]")
_TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 and C1 controls, but tab and newline


def _assert_text_report_is_safe(out: str, path: str) -> None:
    bad = sorted({repr(c) for c in _TERMINAL_CONTROL.findall(out)})
    assert not bad, f"the text report passes terminal control characters through: {bad}"
    for line in out.splitlines():
        assert line.startswith(("    ", path + ":")), f"a report line that is not a finding, evidence or summary: {line!r}"


@pytest.mark.parametrize("name", list(HOSTILE))
def test_text_report_of_hostile_essay(tmp_path, name):
    path = _write(tmp_path, name, HOSTILE[name])
    r = _invoke(["check", str(path), "--format", "text", "--model", "blank"])
    assert r.exit_code in (0, 1), r.output
    _assert_text_report_is_safe(r.stdout, str(path))
    assert any(_FINDING_LINE.match(line) for line in r.stdout.splitlines())


def test_coloured_text_report_adds_only_its_own_escapes(ref_reports):
    from essay_checker.reports import text as text_report

    out = text_report.render(ref_reports, color=True)
    own = re.sub(r"\x1b\[(?:31|33|36|0)m", "", out)
    assert own != out, "expected colour codes in the coloured report"
    _assert_text_report_is_safe(own, ref_reports[0].path)


@pytest.fixture()
def ref_reports(fb, rubric, blank_cfg):
    from essay_checker.core import check_essay
    from essay_checker.reports import Report

    text = HOSTILE["ansi"]
    return [Report("ansi.txt", check_essay(text, fb, rubric, blank_cfg), {}, "0" * 64)]


def test_text_report_does_not_echo_escapes_in_the_file_name(tmp_path):
    # a submissions folder is full of names the students chose
    path = _write(tmp_path, "essay\x1b[2J\x1b]0;pwned\x07", PLANTED + "\n")
    r = _invoke(["check", str(path), "--format", "text", "--model", "blank"])
    assert r.exit_code in (0, 1), r.output
    bad = sorted({repr(c) for c in _TERMINAL_CONTROL.findall(r.stdout)})
    assert not bad, f"the text report passes control characters from the file name through: {bad}"


def test_real_process_never_prints_a_traceback(tmp_path):
    """The same essays through ``python3 -m essay_checker`` with default options, in one run."""
    names = [n for n in HOSTILE if n != "long_s_quotation"] + ["ten_thousand_char_word"]
    paths = [_write(tmp_path, n, CASES[n]) for n in names]
    proc = subprocess.run([sys.executable, "-m", "essay_checker", "check", *map(str, paths), "--format", "json"],
                          capture_output=True, cwd=ROOT, timeout=600)
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert proc.returncode in (0, 1), err
    reports = json.loads(proc.stdout.decode("utf-8"))
    assert len(reports) == len(paths)
    for path, report in zip(paths, reports):
        _assert_spans(report, decode_bytes(path.read_bytes()).text)

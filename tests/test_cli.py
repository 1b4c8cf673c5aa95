"""End-to-end: the CLI as a student, a teacher and a CI job use it."""
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from essay_checker.cli import main

from .conftest import OTHER

ESSAY_1995 = """How de-Stalinisation began

- After Stalin's death the new leaders freed some prisoners from the camps.
- In 1995 the Central Committee set up a commission to look into Stalin's crimes.of Stalin's rule.
- In February 1956 Khrushchev gave the Secret Speech to the 20th Party Congress.
"""

CLEAN = """Stalin died on 5 March 1953 and a collective leadership took over. Later that year Beria was
arrested and shot. In February 1956 Khrushchev denounced Stalin's cult of personality in the Secret Speech
to the 20th Party Congress. In 1955 Khrushchev set up the Warsaw Pact.
"""


def run(args, input=None):
    r = CliRunner().invoke(main, args, input=input, catch_exceptions=False)
    return r


@pytest.fixture()
def essay_1995(tmp_path):
    p = tmp_path / "draft.txt"
    p.write_text(ESSAY_1995, encoding="utf-8")
    return p


def test_version_and_help_on_every_command():
    assert "essay-checker, version" in run(["--version"]).output
    for cmd in ("check", "facts", "cache-clear"):
        r = run([cmd, "--help"])
        assert r.exit_code == 0 and "Usage" in r.output
    assert "essay-checker, version" in run(["check", "--version"]).output


def test_1995_is_flagged_with_1955_and_the_note_line(essay_1995):
    r = run(["check", str(essay_1995), "--format", "json", "--model", "blank"])
    assert r.exit_code == 0  # a warning is below the default --fail-on error
    rep = json.loads(r.output)
    f = next(f for f in rep["findings"] if f["span"]["text"] == "1995")
    assert f["severity"] == "warning" and f["suggestion"] == "1955" and "1955" in f["message"]
    assert f["check"] == "dates.out-of-period"
    assert any("1953-64" in e["text"] for e in f["evidence"])
    assert f["span"]["line"] == 4 and ESSAY_1995[f["span"]["start"]:f["span"]["end"]] == "1995"
    assert set(rep) == {"schema_version", "essay", "reference", "findings", "key_points", "summary"}
    assert rep["schema_version"] == 1 and rep["reference"]["pipeline"] == "blank"
    assert {k["status"] for k in rep["key_points"]} <= {"covered", "partial", "missing"}
    assert set(rep["summary"]) >= {"errors", "warnings", "infos", "key_points_covered", "key_points_total", "score"}


def test_text_format_and_fail_on(essay_1995):
    r = run(["check", str(essay_1995), "--model", "blank", "--fail-on", "warning"])
    assert r.exit_code == 1
    line = next(l for l in r.output.splitlines() if "1995" in l and "warning" in l)
    assert line.startswith(f"{essay_1995}:4:6: warning: ") and line.split("[")[1].startswith("dates.out-of-period]")
    assert "\033[" not in r.output  # not a terminal: no colour


def test_error_exit_code_and_stdin():
    r = run(["check", "-", "--model", "blank", "--format", "json"],
            input="Khrushchev had already set up the Warsaw Pact in 1949.\n")
    assert r.exit_code == 1
    rep = json.loads(r.output)
    assert rep["findings"][0]["severity"] == "error" and rep["findings"][0]["suggestion"] == "1955"


def test_clean_essay_has_no_error_or_warning(tmp_path):
    p = tmp_path / "clean.txt"
    p.write_text(CLEAN, encoding="utf-8")
    rep = json.loads(run(["check", str(p), "--model", "blank", "--format", "json"]).output)
    assert [f for f in rep["findings"] if f["severity"] != "info"] == []


def test_several_essays_give_a_list(tmp_path, essay_1995):
    p = tmp_path / "clean.txt"
    p.write_text(CLEAN, encoding="utf-8")
    rep = json.loads(run(["check", str(essay_1995), str(p), "--model", "blank", "--format", "json"]).output)
    assert isinstance(rep, list) and [r["essay"]["path"] for r in rep] == [str(essay_1995), str(p)]


@pytest.mark.parametrize("args,needle", [
    (["check", "does-not-exist.txt"], "no such file"),
    (["check", "."], "is a folder"),
    (["check", "{empty}"], "empty"),
    (["check", "{binary}"], "binary"),
    (["check", "{essay}", "--notes", "no-such-notes"], "notes folder not found"),
    (["check", "{essay}", "--rubric", "{badrubric}"], "line"),
    (["check", "{essay}", "--rubric", "{duprubric}"], "duplicate"),
    (["check", "{essay}", "--model", "xx_no_such_model"], "not installed"),
    (["check", "{essay}", "--output", "/no/such/dir/r.html"], "cannot write"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, essay_1995, args, needle):
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02PK\x00\x00")
    (tmp_path / "bad.toml").write_text('title = "x"\n[[points]\nid = 1\n', encoding="utf-8")
    (tmp_path / "dup.toml").write_text('[[points]]\nid="a"\ntext="x"\n[[points]]\nid="a"\ntext="y"\n',
                                       encoding="utf-8")
    subs = {"{empty}": str(tmp_path / "empty.txt"), "{binary}": str(tmp_path / "bin.txt"),
            "{essay}": str(essay_1995), "{badrubric}": str(tmp_path / "bad.toml"),
            "{duprubric}": str(tmp_path / "dup.toml")}
    argv = [subs.get(a, a) for a in args]
    if "--model" not in argv:
        argv += ["--model", "blank"]
    proc = subprocess.run([sys.executable, "-m", "essay_checker", *argv], capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr
    assert needle in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_html_report_escapes_essay_text(tmp_path):
    p = tmp_path / "evil.txt"
    p.write_text('<script>alert(1)</script> "onmouseover=x {{ 7*7 }} </textarea>\nIn 1995 the Central Committee set up a commission to look into Stalin\'s crimes.\n',
                 encoding="utf-8")
    out = tmp_path / "r.html"
    r = run(["check", str(p), "--model", "blank", "--format", "html", "--output", str(out)])
    assert r.exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "{{ 7*7 }}" in html and ">49<" not in html and " 49 " not in html
    assert "</textarea>" not in html.replace("&lt;/textarea&gt;", "")
    assert "Did you mean 1955?" in html


def test_facts_json_on_bundled_notes():
    r = run(["facts", "--format", "json", "--model", "blank"])
    assert r.exit_code == 0
    data = json.loads(r.output)
    assert set(data) >= {"facts", "entities", "timeline", "period", "conflicts"}
    assert data["period"]["start"] == "1953-01-01" and data["period"]["end"] == "1964-12-31"
    assert all({"text", "source", "dates", "numbers", "entities"} <= set(f) for f in data["facts"])
    assert sum(1 for f in data["facts"] if f["dates"]) >= 25
    assert any("Khrushchev" in e["name"] for e in data["entities"])
    text = run(["facts", "--model", "blank"]).output
    assert "Timeline:" in text and "Conflicts between notes:" in text


def test_another_topic_uses_its_own_notes_and_rubric(tmp_path):
    p = tmp_path / "e.txt"
    p.write_text((OTHER / "wrong-dates" / "essay.txt").read_text(encoding="utf-8"), encoding="utf-8")
    r = run(["check", str(p), "--notes", str(OTHER / "notes"), "--rubric", str(OTHER / "rubric.toml"),
             "--model", "blank", "--format", "json"])
    rep = json.loads(r.output)
    assert r.exit_code == 1 and any(f["severity"] == "error" for f in rep["findings"])
    ids = {k["id"] for k in rep["key_points"]}
    import tomllib
    assert ids == {p["id"] for p in tomllib.loads((OTHER / "rubric.toml").read_text())["points"]}


def test_trained_pipeline_when_installed(essay_1995):
    from essay_checker.nlp.pipeline import get_nlp, pipeline_name, resolve_model

    if resolve_model("en_core_web_sm") is None:
        pytest.skip("en_core_web_sm is not installed here (CI installs it for its second run)")
    assert pipeline_name("auto") == "en_core_web_sm"
    assert "parser" in get_nlp("auto").pipe_names
    r = run(["check", str(essay_1995), "--format", "json", "--model", "en_core_web_sm"])
    rep = json.loads(r.output)
    assert rep["reference"]["pipeline"] == "en_core_web_sm"
    assert any(f["span"]["text"] == "1995" and f["suggestion"] == "1955" for f in rep["findings"])
    r = run(["check", "-", "--format", "json", "--model", "en_core_web_sm"],
            input="In October 1957 Marshal Zhukov was dismissed by Stalin.\n")
    assert any(f["check"] == "people.after-death" for f in json.loads(r.output)["findings"])

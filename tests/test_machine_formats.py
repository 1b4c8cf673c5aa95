"""The formats for machines: GitHub Actions workflow commands and SARIF 2.1.0."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from essay_checker.checks import CHECK_IDS
from essay_checker.cli import main
from essay_checker.models import EssayResult, Evidence, Finding, Severity
from essay_checker.reports import FORMATS, Report, formatters
from essay_checker.reports.github import annotation
from essay_checker.reports.github import render as github
from essay_checker.reports.sarif import RULES, to_dict

from .conftest import NOTES, SHARED

SARIF_SCHEMA = SHARED / "data" / "sarif-schema-2.1.0.json"

ESSAY = """How de-Stalinisation began

In 1995 the Central Committee set up a commission to look into Stalin's crimes.
Khrushchev had already set up the Warsaw Pact in 1949.
"""


def report(path: str, text: str, *findings: Finding) -> Report:
    return Report(path, EssayResult(text, list(findings), [], 100, len(text.split())), {"notes": str(NOTES)}, "0" * 64)


@pytest.fixture()
def essay(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()  # no config file above this folder is used
    (tmp_path / "essays").mkdir()
    (tmp_path / "essays" / "draft.txt").write_text(ESSAY, encoding="utf-8")
    return "essays/draft.txt"


def cli(*args):
    return CliRunner().invoke(main, ["check", *args, "--model", "blank"], catch_exceptions=False)


def test_the_formats_are_registered_and_offered():
    assert set(formatters()) == set(FORMATS) >= {"github", "sarif"}
    help_text = CliRunner().invoke(main, ["check", "--help"]).output
    assert "github" in help_text and "sarif" in help_text


# --- GitHub -------------------------------------------------------------------------------------------

def test_github_annotations_for_a_real_essay(essay):
    r = cli(essay, "--format", "github")
    assert r.exit_code == 1
    assert r.output.splitlines() == [
        "::warning file=essays/draft.txt,line=3,col=4,endLine=3,endColumn=7,title=dates.out-of-period::"
        "1995 is outside the years your notes cover (1953-1964). Did you mean 1955?%0ASuggestion: 1955"
        "%0ANotes 01-background-and-collective-leadership.md:1: De-Stalinisation in the USSR, 1953-64",
        "::error file=essays/draft.txt,line=4,col=50,endLine=4,endColumn=53,title=dates.conflict::"
        "Your notes give a different date for this: 1955, not 1949.%0ASuggestion: 1955"
        "%0ANotes 04-foreign-policy-and-eastern-europe.md:32: Khrushchev set up the Warsaw Pact in 1955.",
    ]


def test_github_escaping_of_data_and_properties():
    text = "Line one.\nHe said 100% of it, twice.\n"
    f = Finding("numbers.conflict", Severity.ERROR, "100% wrong:\r\nreally, truly", 18, 22, None,
                (Evidence("a,b:c.md", 7, "50% 'of' it\nnext"),))
    assert annotation("essays/a,b:c%.txt", text, f) == (
        "::error file=essays/a%2Cb%3Ac%25.txt,line=2,col=9,endLine=2,endColumn=12,title=numbers.conflict::"
        "100%25 wrong:%0D%0Areally, truly%0ANotes a,b:c.md:7: 50%25 'of' it%0Anext")


def test_github_levels_multiline_spans_and_stdin():
    text = "First line\nsecond line\n"
    info = Finding("support.not-in-notes", Severity.INFO, "Not in the notes.", 6, 17)
    warn = Finding("spelling.name", Severity.WARNING, "Spelled differently.", 0, 5, "Fist")
    out = github([report("e.md", text, warn, info), report("-", text, info)]).splitlines()
    assert out == [
        "::warning file=e.md,line=1,col=1,endLine=1,endColumn=5,title=spelling.name::"
        "Spelled differently.%0ASuggestion: Fist",
        # the span crosses a line end: GitHub takes columns on one line only
        "::notice file=e.md,line=1,endLine=2,title=support.not-in-notes::Not in the notes.",
        "::notice title=support.not-in-notes::Not in the notes.",
    ]
    assert github([report("e.md", text)]) == ""


# --- SARIF --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"the SARIF 2.1.0 schema is not at {SARIF_SCHEMA} (it comes with shared/data)")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_sarif_for_a_real_essay_is_valid_and_points_at_the_notes(essay, validator):
    r = cli(essay, "--format", "sarif")
    assert r.exit_code == 1
    sarif = json.loads(r.output)
    errors = sorted(validator.iter_errors(sarif), key=str)
    assert not errors, errors[0].message
    assert sarif["version"] == "2.1.0" and len(sarif["runs"]) == 1
    run = sarif["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "essay-checker" and driver["version"]
    assert [rule["id"] for rule in driver["rules"]] == list(CHECK_IDS)
    assert all(rule["shortDescription"]["text"] for rule in driver["rules"])
    by_rule = {res["ruleId"]: res for res in run["results"]}
    assert set(by_rule) == {"dates.out-of-period", "dates.conflict"}
    for res in run["results"]:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
    slip = by_rule["dates.out-of-period"]
    assert slip["level"] == "warning" and "Did you mean 1955?" in slip["message"]["text"]
    loc = slip["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "essays/draft.txt"
    region = loc["region"]
    assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (3, 4, 3, 8)
    assert ESSAY[region["charOffset"]:region["charOffset"] + region["charLength"]] == "1995"
    assert slip["properties"]["suggestion"] == "1955"
    wrong = by_rule["dates.conflict"]
    assert wrong["level"] == "error"
    for rel in wrong["relatedLocations"] + slip["relatedLocations"]:
        note = Path(rel["physicalLocation"]["artifactLocation"]["uri"].removeprefix("file://"))
        line = rel["physicalLocation"]["region"]["startLine"]
        assert note.parent == NOTES
        assert rel["message"]["text"] in note.read_text(encoding="utf-8").splitlines()[line - 1]
    assert any("Warsaw Pact in 1955" in rel["message"]["text"] for rel in wrong["relatedLocations"])


def test_sarif_levels_uris_and_an_empty_run_are_valid(validator, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = "Kruschev spoke.\nIn 1071 nothing.\n"
    findings = (Finding("spelling.name", Severity.WARNING, "Spelled differently.", 0, 8, "Khrushchev"),
                Finding("support.not-in-notes", Severity.INFO, "Not in the notes.", 19, 23),
                Finding("dates.conflict", Severity.ERROR, "Wrong.", 19, 23, "1070",
                        (Evidence("sub dir/n.md", 3, "In 1070 ..."),)))
    sarif = to_dict([report(str(tmp_path / "my essays" / "e 1.txt"), text, *findings), report("-", text)])
    assert not list(validator.iter_errors(sarif))
    results = sarif["runs"][0]["results"]
    assert [r["level"] for r in results] == ["warning", "note", "error"]
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "my%20essays/e%201.txt"
    rel = results[2]["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert rel.startswith("file:///") and rel.endswith("/sub%20dir/n.md")
    assert not list(validator.iter_errors(to_dict([report("-", text)])))
    assert to_dict([])["runs"][0]["results"] == []


def test_every_check_has_a_sarif_rule_description():
    assert set(RULES) == set(CHECK_IDS)

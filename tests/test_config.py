"""Config files (found, read, checked, merged under the flags), suppression comments and --exit-zero."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from essay_checker.cli import main, resolve_settings
from essay_checker.configfile import ConfigError, find_config, load_config

from .conftest import NOTES, OTHER, RUBRIC

SLIPS = ("In 1995 the Central Committee set up a commission to look into Stalin's crimes.\n\n"
         "Kruschev denounced Stalin in 1956.\n")
WRONG_DATE = "Khrushchev had already set up the Warsaw Pact in 1949."


@pytest.fixture()
def repo(tmp_path, monkeypatch):
    """A folder that stands for a student's repository (config discovery stops at its .git)."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "essays").mkdir()
    (tmp_path / "essays" / "draft.txt").write_text(SLIPS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ESSAY_CHECKER_MODEL", "blank")
    monkeypatch.delenv("ESSAY_CHECKER_NOTES", raising=False)
    return tmp_path


def run(*args, input=None):
    return CliRunner().invoke(main, ["check", *map(str, args)], input=input, catch_exceptions=False)


def checks_of(result) -> dict:
    return {f["span"]["text"]: (f["check"], f["severity"]) for f in json.loads(result.output)["findings"]}


# --- finding the file ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name,text", [
    ("essay-checker.toml", 'fail-on = "warning"\n'),
    (".essay-checker.toml", 'fail-on = "warning"\n'),
    ("pyproject.toml", '[project]\nname = "x"\n\n[tool.essay-checker]\nfail-on = "warning"\n'),
    ("setup.cfg", "[metadata]\nname = x\n\n[essay_checker]\nfail_on = warning\n"),
])
def test_each_kind_of_file_is_found_from_a_subfolder(repo, name, text):
    (repo / name).write_text(text, encoding="utf-8")
    deep = repo / "essays" / "term1"
    deep.mkdir()
    assert find_config(deep) == repo / name
    assert load_config(repo / name).fail_on == "warning"


def test_the_nearest_file_wins_and_files_without_our_section_are_passed_over(repo):
    (repo / "essay-checker.toml").write_text('fail-on = "info"\n', encoding="utf-8")
    (repo / "essays" / "pyproject.toml").write_text('[tool.black]\nline-length = 99\n', encoding="utf-8")
    (repo / "essays" / "setup.cfg").write_text("[flake8]\nmax-line-length = 99\n", encoding="utf-8")
    assert find_config(repo / "essays") == repo / "essay-checker.toml"
    (repo / "essays" / ".essay-checker.toml").write_text('fail-on = "error"\n', encoding="utf-8")
    assert find_config(repo / "essays") == repo / "essays" / ".essay-checker.toml"


def test_the_search_stops_at_the_repository_root(tmp_path):
    (tmp_path / "essay-checker.toml").write_text('fail-on = "info"\n', encoding="utf-8")
    inner = tmp_path / "class-repo" / "essays"
    inner.mkdir(parents=True)
    assert find_config(inner) == tmp_path / "essay-checker.toml"
    (tmp_path / "class-repo" / ".git").mkdir()
    assert find_config(inner) is None


# --- reading it ---------------------------------------------------------------------------------------

FULL_TOML = """\
notes = "teacher/notes"
rubric = "teacher/rubric.toml"
fail-on = "warning"
model = "blank"
disable = ["support", "numbers.conflict"]
accepted-terms = ["Kruschev"]

[severity]
"dates.out-of-period" = "error"
"""

FULL_CFG = """\
[essay_checker]
notes = teacher/notes
rubric = teacher/rubric.toml
fail_on = warning
model = blank
disable = support, numbers.conflict
accepted_terms =
    Kruschev
severity =
    dates.out-of-period = error
"""


FULL_PYPROJECT = "[project]\nname = 'x'\n\n[tool.essay-checker]\n" + FULL_TOML.replace(
    "[severity]", "[tool.essay-checker.severity]")


@pytest.mark.parametrize("name,text", [("essay-checker.toml", FULL_TOML), ("setup.cfg", FULL_CFG),
                                       ("pyproject.toml", FULL_PYPROJECT)])
def test_every_setting_is_read_and_paths_are_relative_to_the_file(repo, name, text):
    (repo / "sub").mkdir()
    (repo / "sub" / name).write_text(text, encoding="utf-8")
    fc = load_config(repo / "sub" / name)
    assert fc.notes == repo / "sub" / "teacher" / "notes" and fc.rubric == repo / "sub" / "teacher" / "rubric.toml"
    assert (fc.fail_on, fc.model) == ("warning", "blank")
    assert fc.disable == ("support", "numbers.conflict") and fc.accepted_terms == ("Kruschev",)
    assert fc.severity == {"dates.out-of-period": "error"}


def test_flags_win_over_the_environment_which_wins_over_the_file(repo, monkeypatch):
    (repo / "essay-checker.toml").write_text('notes = "n"\nrubric = "r.toml"\nfail-on = "info"\nmodel = "m"\n',
                                             encoding="utf-8")
    fc = load_config(repo / "essay-checker.toml")
    monkeypatch.delenv("ESSAY_CHECKER_MODEL")
    s = resolve_settings(fc)
    assert (s.notes, s.rubric, s.config.fail_on, s.config.model) == (repo / "n", repo / "r.toml", "info", "m")
    assert s.origins["notes"] == f"{repo / 'essay-checker.toml'}:1" and s.source == repo / "essay-checker.toml"
    monkeypatch.setenv("ESSAY_CHECKER_MODEL", "blank")
    monkeypatch.setenv("ESSAY_CHECKER_NOTES", "env-notes")
    s = resolve_settings(fc)
    assert (s.notes, s.config.model) == (Path("env-notes"), "blank") and "notes" not in s.origins
    s = resolve_settings(fc, notes=Path("flag"), rubric=Path("f.toml"), fail_on="never", model="xx")
    assert (s.notes, s.rubric, s.config.fail_on, s.config.model) == (Path("flag"), Path("f.toml"), "never", "xx")
    assert s.origins == {}
    s = resolve_settings(None)
    assert s.config.fail_on == "error" and s.source is None


# --- using it from the command line -------------------------------------------------------------------

def test_fail_on_from_the_file_and_the_flag_over_it(repo):
    essay = repo / "essays" / "draft.txt"
    assert run(essay).exit_code == 0  # the 1995 slip is a warning, below the default error
    (repo / "essay-checker.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    assert run(essay).exit_code == 1
    assert run(essay, "--fail-on", "error").exit_code == 0


def test_disable_accepted_terms_and_severity_change_the_findings(repo):
    essay = repo / "essays" / "draft.txt"
    assert checks_of(run(essay, "--format", "json")) == {"1995": ("dates.out-of-period", "warning"),
                                                         "Kruschev": ("spelling.name", "warning")}
    (repo / "essay-checker.toml").write_text(
        'accepted-terms = ["Kruschev"]\n[severity]\n"dates.out-of-period" = "error"\n', encoding="utf-8")
    r = run(essay, "--format", "json")
    # an accepted term is no longer a misspelling (the notes still never mention it: an info at most)
    assert checks_of(r)["1995"] == ("dates.out-of-period", "error") and r.exit_code == 1
    assert checks_of(r).get("Kruschev", ("", "info"))[1] == "info"
    (repo / "essay-checker.toml").write_text('disable = ["dates", "support"]\n', encoding="utf-8")
    assert checks_of(run(essay, "--format", "json")) == {"Kruschev": ("spelling.name", "warning")}


def test_notes_and_rubric_from_a_named_config_file(repo):
    cfg = repo / "elsewhere" / "ww1.toml"
    cfg.parent.mkdir()
    cfg.write_text(f'notes = "{(OTHER / "notes").as_posix()}"\nrubric = "{(OTHER / "rubric.toml").as_posix()}"\n',
                   encoding="utf-8")
    r = run(repo / "essays" / "draft.txt", "--config", cfg, "--format", "json")
    rep = json.loads(r.output)
    assert (rep["reference"]["notes"], rep["reference"]["rubric"]) == (str(OTHER / "notes"), str(OTHER / "rubric.toml"))
    r = run(repo / "essays" / "draft.txt", "--config", cfg, "--notes", NOTES, "--rubric", RUBRIC, "--format", "json")
    assert json.loads(r.output)["reference"]["notes"] == str(NOTES)


def test_each_essay_uses_its_own_nearest_config(repo):
    (repo / "strict").mkdir()
    (repo / "strict" / "essay-checker.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    (repo / "strict" / "draft.txt").write_text(SLIPS, encoding="utf-8")
    assert run(repo / "essays" / "draft.txt").exit_code == 0
    assert run(repo / "essays" / "draft.txt", repo / "strict" / "draft.txt").exit_code == 1


def test_a_bad_setting_from_the_file_is_named_when_it_fails_later(repo):
    (repo / "essay-checker.toml").write_text('fail-on = "error"\nnotes = "no-such-folder"\n', encoding="utf-8")
    r = run(repo / "essays" / "draft.txt")
    assert r.exit_code == 2 and "notes folder not found" in r.stderr
    assert f"notes set in {repo / 'essay-checker.toml'}:2" in r.stderr


BAD = [
    ("essay-checker.toml", 'fail-on = "warning"\nnotes = "a\n', 2, "notes", "not valid TOML"),
    ("essay-checker.toml", 'fail-on = "warning"\n\ncolour = "red"\n', 3, "colour", "unknown setting"),
    ("essay-checker.toml", 'fail-on = 1\n', 1, "fail-on", "must be a non-empty string"),
    ("essay-checker.toml", 'fail-on = "fatal"\n', 1, "fail-on", "must be one of error, warning, info, never"),
    ("essay-checker.toml", 'model = "blank"\ndisable = "spelling"\n', 2, "disable", "list of strings"),
    ("essay-checker.toml", 'disable = ["spellin"]\n', 1, "disable", "no check is called 'spellin'"),
    ("essay-checker.toml", 'accepted-terms = [1, 2]\n', 1, "accepted-terms", "list of strings"),
    ("essay-checker.toml", 'model = "blank"\n[severity]\n"dates.conflict" = "fatal"\n', 3, "severity",
     "dates.conflict must be one of error, warning, info"),
    ("essay-checker.toml", '[severity]\n# typo below\n"date.conflict" = "info"\n', 3, "severity",
     "unknown check 'date.conflict'"),
    ("essay-checker.toml", 'severity = "error"\n', 1, "severity", "must be a table"),
    ("essay-checker.toml", 'fail-on = "info"\nfail_on = "error"\n', 2, "fail_on", "given twice"),
    ("pyproject.toml", '[tool.black]\nline-length = 99\n\n[tool.essay-checker]\nrubric = ["a"]\n', 5, "rubric",
     "must be a non-empty string"),
    ("pyproject.toml", '[tool.essay-checker]\nfail-on = "info"\n[tool.essay-checker.severity]\n'
                       '"spelling.name" = 3\n', 4, "severity", "spelling.name must be one of"),
    ("setup.cfg", "[metadata]\nname = x\n[essay_checker]\nfail_on = error\nfail_on = info\n", 5, "fail_on",
     "given twice"),
    ("setup.cfg", "[essay_checker]\nfail_on = error\ncolor = red\n", 3, "color", "unknown setting"),
    ("setup.cfg", "[essay_checker]\nseverity =\n    spelling.name = info\n    dates.conflict = fatal\n", 4,
     "severity", "dates.conflict must be one of"),
]


@pytest.mark.parametrize("name,text,line,key,needle", BAD)
def test_a_bad_config_is_one_line_naming_file_line_and_key(repo, name, text, line, key, needle):
    (repo / name).write_text(text, encoding="utf-8")
    r = run("essays/draft.txt")
    assert r.exit_code == 2, r.stderr
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("essay-checker: error: ")
    assert f"{repo / name}:{line}: {key}: " in r.stderr and needle in r.stderr, r.stderr


def test_a_named_config_file_that_is_missing_or_lacks_our_table(repo):
    assert "config file not found" in run(repo / "essays" / "draft.txt", "--config", "nope.toml").stderr
    (repo / "pyproject.toml").write_text('[tool.black]\nline-length = 99\n', encoding="utf-8")
    r = run(repo / "essays" / "draft.txt", "--config", repo / "pyproject.toml")
    assert r.exit_code == 2 and "no [tool.essay-checker] table" in r.stderr
    with pytest.raises(ConfigError, match="no \\[essay_checker\\] section"):
        (repo / "setup.cfg").write_text("[flake8]\nx = 1\n", encoding="utf-8")
        load_config(repo / "setup.cfg")


# --- suppression comments and --exit-zero -------------------------------------------------------------

def test_a_suppression_comment_silences_its_paragraph_only(repo):
    text = (f"<!-- essay-checker: ignore dates.conflict -->\n{WRONG_DATE}\nIt was meant to hold the bloc together.\n\n"
            f"{WRONG_DATE}\n")
    r = run("-", "--format", "json", input=text)
    rep = json.loads(r.output)
    wrong = [f for f in rep["findings"] if f["check"] == "dates.conflict"]
    assert len(wrong) == 1 and wrong[0]["span"]["line"] == 5 and r.exit_code == 1
    for comment, left in (("ignore dates", 1), ("ignore", 1), ("ignore spelling.name", 2)):
        rep = json.loads(run("-", "--format", "json", input=text.replace("ignore dates.conflict", comment)).output)
        assert len([f for f in rep["findings"] if f["check"] == "dates.conflict"]) == left, comment


def test_exit_zero_keeps_findings_but_not_bad_input(repo):
    r = run("-", "--exit-zero", input=WRONG_DATE + "\n")
    assert r.exit_code == 0 and "[dates.conflict]" in r.output
    assert run(repo / "essays" / "draft.txt", "--fail-on", "warning", "--exit-zero").exit_code == 0
    assert run(repo / "missing.txt", "--exit-zero").exit_code == 2
    (repo / "essay-checker.toml").write_text("fail-on = 3\n", encoding="utf-8")
    assert run(repo / "essays" / "draft.txt", "--exit-zero").exit_code == 2


def test_facts_uses_the_config_found_from_the_current_folder(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / "essay-checker.toml").write_text(f'notes = "{(OTHER / "notes").as_posix()}"\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    monkeypatch.delenv("ESSAY_CHECKER_NOTES", raising=False)
    r = CliRunner().invoke(main, ["facts", "--format", "json", "--model", "blank"], catch_exceptions=False)
    assert r.exit_code == 0
    assert json.loads(r.output)["notes"] == str(OTHER / "notes")

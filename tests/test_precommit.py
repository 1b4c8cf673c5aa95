"""Where hooks live: this repository as a real pre-commit hook, and no fact base rebuilt for unchanged notes.

The hook tests run the real ``pre-commit``: it clones this checkout (a snapshot of the working tree, committed
in a temporary repository, so that uncommitted work is what gets tested), builds a virtualenv and pip-installs
the package into it. That takes about a minute, once per test session. (``pre-commit try-repo`` would test
the working tree too, but it always builds its environment afresh and leaves out untracked files.)
"""
import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from essay_checker.cli import main

from .conftest import NOTES, ROOT, RUBRIC

WRONG = ("How de-Stalinisation began\n\n"
         "After Stalin's death the new leaders freed some prisoners from the camps. In 1995 the Central Committee "
         "set up a commission to look into Stalin's crimes.\n")
CLEAN = ("Stalin died on 5 March 1953 and a collective leadership took over. Later that year Beria was arrested "
         "and shot. In February 1956 Khrushchev denounced Stalin's cult of personality in the Secret Speech to the "
         "20th Party Congress. In 1955 Khrushchev set up the Warsaw Pact.\n")
GIT_ENV = {"GIT_AUTHOR_NAME": "Student", "GIT_AUTHOR_EMAIL": "student@example.org",
           "GIT_COMMITTER_NAME": "Student", "GIT_COMMITTER_EMAIL": "student@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def sh(*args, cwd, env=None, check=True):
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    if check and proc.returncode:
        raise AssertionError(f"{' '.join(map(str, args))} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def hook_env(tmp_path_factory):
    """Environment for git and pre-commit, with pre-commit's store in a private folder."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if subprocess.run([sys.executable, "-m", "pre_commit", "--version"], capture_output=True).returncode:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
           "PRE_COMMIT_COLOR": "never", "NO_COLOR": "1"}
    env.pop("ESSAY_CHECKER_NOTES", None)
    return env


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory, hook_env):
    """This checkout's working tree, committed in a repository of its own; returns (path, commit)."""
    listed = sh("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT, env=hook_env,
                check=False)
    if listed.returncode:
        pytest.skip(f"{ROOT} is not a git checkout")
    dest = tmp_path_factory.mktemp("hook-repo")
    for name in filter(None, listed.stdout.split("\0")):
        src = ROOT / name
        if src.is_symlink():  # the bundled notes and rubric are links into the top-level folders
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(os.readlink(src), dest / name)
        elif src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    sh("git", "init", "-q", cwd=dest, env=hook_env)
    sh("git", "add", "-A", cwd=dest, env=hook_env)
    sh("git", "commit", "-q", "--no-verify", "-m", "snapshot of the working tree", cwd=dest, env=hook_env)
    return dest, sh("git", "rev-parse", "HEAD", cwd=dest, env=hook_env).stdout.strip()


@pytest.fixture()
def student(tmp_path, hook_env):
    """A new student's essay repository: no config, so the installed hook uses its bundled notes and rubric."""
    repo = tmp_path / "history-essays"
    repo.mkdir()
    sh("git", "init", "-q", cwd=repo, env=hook_env)
    return repo


def test_the_hook_refuses_a_wrong_date_and_lets_a_clean_essay_commit(hook_env, hook_repo, student):
    path, rev = hook_repo
    (student / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {path.as_posix()}\n    rev: {rev}\n    hooks:\n      - id: essay-checker\n",
        encoding="utf-8")
    sh(sys.executable, "-m", "pre_commit", "install", cwd=student, env=hook_env)
    (student / "essays").mkdir()
    essay = student / "essays" / "destalinisation.md"
    essay.write_text(WRONG, encoding="utf-8")
    (student / "wordcount.py").write_text("# In 1995 ...\n", encoding="utf-8")  # not an essay: left alone
    sh("git", "add", "-A", cwd=student, env=hook_env)
    refused = sh("git", "commit", "-m", "first draft", cwd=student, env=hook_env, check=False)
    out = refused.stdout + refused.stderr
    assert refused.returncode != 0, out
    assert "essay-checker" in out and "Failed" in out
    assert ("essays/destalinisation.md:3:78: warning: 1995 is outside the years your notes cover (1953-1964). "
            "Did you mean 1955? [dates.out-of-period]") in out, out
    assert "wordcount.py" not in out
    assert sh("git", "rev-list", "--all", cwd=student, env=hook_env, check=False).stdout == ""  # nothing committed

    essay.write_text(CLEAN, encoding="utf-8")
    sh("git", "add", "-A", cwd=student, env=hook_env)
    done = sh("git", "commit", "-m", "fixed the date", cwd=student, env=hook_env, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "essay-checker" in done.stderr and "Passed" in done.stderr


def test_the_hook_definition_and_the_files_it_passes(tmp_path):
    """Every kind of file the hook hands over is one ``check`` reads; other files are not handed over."""
    import re

    import docx
    import yaml

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (hook["id"], hook["language"], hook["entry"]) == ("essay-checker", "python", "essay-checker check")
    assert hook["args"] == ["--fail-on", "warning"] and hook["require_serial"] is True
    files = re.compile(hook["files"])
    assert [n for n in ("a.txt", "b/c.md", "D.DOCX", "e.py", "f.toml", "notes.txt.bak") if files.search(n)] == \
        ["a.txt", "b/c.md", "D.DOCX"]
    (tmp_path / "a.txt").write_text(WRONG, encoding="utf-8")
    (tmp_path / "b.md").write_text(WRONG, encoding="utf-8")
    doc = docx.Document()
    for para in WRONG.split("\n\n"):
        doc.add_paragraph(para.strip())
    doc.save(tmp_path / "c.docx")
    r = CliRunner().invoke(main, ["check", *(str(tmp_path / n) for n in ("a.txt", "b.md", "c.docx")), *hook["args"],
                                  "--notes", str(NOTES), "--rubric", str(RUBRIC), "--model", "blank"],
                           catch_exceptions=False)
    assert r.exit_code == 1
    assert [line.split(": ")[0] for line in r.output.splitlines() if "[dates.out-of-period]" in line] == \
        [f"{tmp_path / 'a.txt'}:3:78", f"{tmp_path / 'b.md'}:3:78", f"{tmp_path / 'c.docx'}:3:78"]


def test_unchanged_notes_are_loaded_from_the_cache(tmp_path, monkeypatch):
    """Three essays, checked twice as a hook would: the fact base is built once and then only read."""
    from essay_checker.facts import store

    monkeypatch.setenv("ESSAY_CHECKER_CACHE", str(tmp_path / "cache"))
    builds = []
    real_build = store.build_factbase
    monkeypatch.setattr(store, "build_factbase", lambda *a, **k: builds.append(a[0]) or real_build(*a, **k))
    essays = []
    for i, text in enumerate((WRONG, CLEAN, CLEAN.replace("1955", "May 1955"))):
        essays.append(tmp_path / f"essay{i}.txt")
        essays[-1].write_text(text, encoding="utf-8")
    args = ["check", *map(str, essays), "--notes", str(NOTES), "--rubric", str(RUBRIC), "--model", "blank"]
    assert CliRunner().invoke(main, args, catch_exceptions=False).exit_code == 0
    cached = list((tmp_path / "cache").glob("factbase-*.pickle"))
    assert len(builds) == 1 and len(cached) == 1
    stamp = cached[0].stat().st_mtime_ns
    assert CliRunner().invoke(main, args, catch_exceptions=False).exit_code == 0
    assert len(builds) == 1 and cached[0].stat().st_mtime_ns == stamp
    assert list((tmp_path / "cache").glob("factbase-*.pickle")) == cached

"""Bad input never crashes: each case is one line naming the file and the reason, and exit code 2
(in a batch: a failed row with the reason, and the rest goes on)."""
from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from essay_checker.cli import main

from .classroom import pdf_bytes, write_docx

ROOT = Path(__file__).resolve().parent.parent
GOOD = "Stalin died in March 1953. Khrushchev gave the Secret Speech in February 1956.\n"


def _zip_bomb(path: Path) -> None:
    """A .docx whose one member inflates to 200 MiB of zeros (a few hundred KiB on disk)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(200):
                f.write(chunk)


def _make(kind: str, d: Path) -> Path:
    """Build one bad input in folder ``d``; returns the path to give the tool."""
    p = d / {"folder": "essays", "missing": "absent.txt", "docx-corrupt": "broken.docx", "zip-bomb": "bomb.docx",
             "photo-docx": "photo.docx", "pdf-no-text": "scan.pdf", "pdf-corrupt": "broken.pdf",
             "huge": "huge.txt", "empty-docx": "blank.docx"}.get(kind, f"{kind}.txt")
    if kind == "folder":
        p.mkdir()
    elif kind == "empty":
        p.write_bytes(b"")
    elif kind == "whitespace":
        p.write_text(" \n\t\n   \n", encoding="utf-8")
    elif kind == "binary":
        p.write_bytes(bytes(range(256)) * 8)
    elif kind == "invalid-utf8":
        # bytes that are neither UTF-8 nor defined in Windows-1252
        p.write_bytes(b"The war \x81\x8d ended \x8f\x90\x9d in 1945.\n")
    elif kind == "huge":
        line = ("The treaty was signed and the war ended. " * 20 + "\n").encode()
        with p.open("wb") as f:
            for _ in range(20 * 1024 * 1024 // len(line) + 1):
                f.write(line)
    elif kind == "docx-corrupt":
        p.write_bytes(b"PK\x03\x04" + os.urandom(2000))
    elif kind == "zip-bomb":
        _zip_bomb(p)
    elif kind == "photo-docx":
        p.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(3000))
    elif kind == "pdf-no-text":
        p.write_bytes(pdf_bytes([]))
    elif kind == "pdf-corrupt":
        p.write_bytes(b"%PDF-1.4\n" + os.urandom(500))
    elif kind == "empty-docx":
        write_docx(p, [" "])
    return p


# kind -> words the one-line message must contain
ESSAY_CASES = {
    "missing": "no such file",
    "folder": "is a folder",
    "empty": "empty",
    "whitespace": "blank space",
    "binary": "binary",
    "invalid-utf8": "not valid UTF-8",
    "huge": "limit",
    "docx-corrupt": "not a valid .docx",
    "zip-bomb": "unpack",
    "photo-docx": "PNG",
    "pdf-no-text": "no text layer",
    "pdf-corrupt": "PDF",
    "empty-docx": "no text",
}


def run_check(*args: str, env: dict | None = None):
    r = CliRunner(env=env).invoke(main, ["check", *args], catch_exceptions=True)
    return r


def assert_one_line_error(r, *needles: str) -> None:
    assert r.exit_code == 2, (r.exit_code, r.output, r.exception)
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    err = r.stderr.strip()
    assert len(err.splitlines()) == 1 and err.startswith("essay-checker: error: "), err
    assert "Traceback" not in r.output
    for n in needles:
        assert n.lower() in err.lower(), (n, err)


@pytest.mark.parametrize("kind", sorted(ESSAY_CASES))
def test_bad_essay(tmp_path, kind):
    p = _make(kind, tmp_path)
    r = run_check(str(p), "--model", "blank")
    assert_one_line_error(r, p.name, ESSAY_CASES[kind])


def test_size_limit_is_configurable(tmp_path):
    p = tmp_path / "essay.txt"
    p.write_text(GOOD * 400, encoding="utf-8")  # about 32 KiB
    assert_one_line_error(run_check(str(p), "--model", "blank", env={"ESSAY_CHECKER_MAX_BYTES": "16K"}),
                          "essay.txt", "limit", "16 KiB")
    assert run_check(str(p), "--model", "blank", env={"ESSAY_CHECKER_MAX_BYTES": "1M"}).exit_code in (0, 1)
    assert_one_line_error(run_check(str(p), "--model", "blank", env={"ESSAY_CHECKER_MAX_BYTES": "lots"}),
                          "ESSAY_CHECKER_MAX_BYTES")


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_permission_denied(tmp_path):
    """Root reads any file, so as root the tool runs without the capabilities that allow it (setpriv)."""
    p = tmp_path / "secret.txt"
    p.write_text(GOOD, encoding="utf-8")
    p.chmod(0o000)
    cmd = [sys.executable, "-m", "essay_checker", "check", str(p), "--model", "blank"]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if not setpriv:
            pytest.skip("running as root and util-linux's setpriv is missing, so nothing is unreadable")
        cmd = [setpriv, "--bounding-set=-dac_override,-dac_read_search", *cmd]
    r = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert r.returncode == 2, r.stderr
    assert r.stderr.strip() == f"essay-checker: error: {p}: permission denied"


@pytest.fixture()
def essay(tmp_path):
    p = tmp_path / "essay.txt"
    p.write_text(GOOD, encoding="utf-8")
    return p


def _rubric(tmp_path, text: str) -> Path:
    p = tmp_path / "rubric.toml"
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize("text,needles", [
    ('title = "x"\n[[points]\nid = "a"\n', ("rubric.toml", "line 2")),
    ("this is not toml at all\n", ("rubric.toml", "line 1")),
    ('title = "x"\n', ("rubric.toml", "no [[points]]")),
    ('[[points]]\nid = "a"\ntext = "x"\n[[points]]\nid = "a"\ntext = "y"\n', ("rubric.toml", "duplicate", "'a'")),
    ('[[points]]\nid = "a"\n', ("rubric.toml", "text")),
    ('[[points]]\nid = "a"\ntext = "x"\nweight = "heavy"\n', ("rubric.toml", "weight")),
    ("\xff\xfe\x00garbage", ("rubric.toml",)),
])
def test_bad_rubric(tmp_path, essay, text, needles):
    p = tmp_path / "rubric.toml"
    p.write_bytes(text.encode("latin-1"))
    assert_one_line_error(run_check(str(essay), "--model", "blank", "--rubric", str(p)), *needles)


def test_missing_rubric(tmp_path, essay):
    assert_one_line_error(run_check(str(essay), "--model", "blank", "--rubric", str(tmp_path / "nope.toml")),
                          "nope.toml", "no such file")


def test_missing_and_empty_notes(tmp_path, essay):
    assert_one_line_error(run_check(str(essay), "--model", "blank", "--notes", str(tmp_path / "none")),
                          "none", "not found")
    (tmp_path / "empty-notes").mkdir()
    assert_one_line_error(run_check(str(essay), "--model", "blank", "--notes", str(tmp_path / "empty-notes")),
                          "empty-notes", "no notes files")


def test_notes_with_no_dates_still_check_and_say_so(tmp_path, essay):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# The reign\n\nThe king was brave and the people loved him.\n", encoding="utf-8")
    r = run_check(str(essay), "--model", "blank", "--notes", str(notes), "--format", "json")
    assert r.exit_code == 0, r.output
    assert "no dates" in r.stderr
    assert '"errors": 0' in r.stdout


def test_unknown_model(essay):
    assert_one_line_error(run_check(str(essay), "--model", "xx_no_such_pipeline"), "xx_no_such_pipeline",
                          "not installed")


@pytest.mark.parametrize("where", ["missing-dir", "is-a-dir", "read-only-dir"])
def test_unwritable_output(tmp_path, essay, where):
    if where == "missing-dir":
        out = tmp_path / "no" / "such" / "r.html"
    elif where == "is-a-dir":
        out = tmp_path / "adir"
        out.mkdir()
    else:
        out = Path("/proc/essay-report.html")
    assert_one_line_error(run_check(str(essay), "--model", "blank", "--format", "html", "--output", str(out)),
                          str(out), "cannot write")


def test_every_bad_essay_is_a_failed_row_in_a_batch(tmp_path):
    sub = tmp_path / "class"
    sub.mkdir()
    kinds = [k for k in ESSAY_CASES if k not in ("missing", "folder")]
    made = {k: _make(k, sub) for k in kinds}
    (sub / "good.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["batch", str(sub), "--out", str(out), "--model", "blank", "--jobs", "2"])
    assert r.exit_code == 2 and r.exception is None or isinstance(r.exception, SystemExit)
    rows = {row["file"]: row for row in csv.DictReader(io.StringIO((out / "results.csv").read_text("utf-8")))}
    assert rows["good.txt"]["status"] == "ok"
    for kind, p in made.items():
        row = rows[p.name]
        assert row["status"] == "failed" and ESSAY_CASES[kind].lower() in row["reason"].lower(), (kind, row)
    assert len(rows) == len(made) + 1

"""Batch marking: check every submission in a folder and write the class's reports.

This is an edge of the tool, like the CLI: it reads the submissions, writes REPORTS_DIR and nothing
else. The checking itself is the pure core (:func:`essay_checker.core.check_essay`).

REPORTS_DIR receives:

- one HTML report per submission (``<safe name>.html``);
- ``index.html``, the class overview; ``results.csv`` for a gradebook; ``results.json`` with every report;
- ``.essay-checker/``, one small state file per submission, which lets a re-run skip submissions whose
  text, notes, rubric, pipeline and settings are unchanged.

Every file is written atomically (a temporary file of its own, then a rename), so an interrupted run leaves
no half-written report and two runs on the same folder never mix their bytes. A submission that cannot be
read or checked becomes a failed row with the reason; the batch goes on.
"""
from __future__ import annotations

import csv
import hashlib
import io as _io
import json
import multiprocessing
import os
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .config import Config
from .io import DOCUMENT_FORMATS, InputError, read_document
from .models import Severity, exit_code
from .reports import Report, atomic_write, notes_context

ESSAY_SUFFIXES = (".txt", ".md", ".markdown", ".text") + tuple(DOCUMENT_FORMATS)
STATE_DIR = ".essay-checker"
STATE_FORMAT = 1
STALE_TEMP_SECONDS = 3600
MAX_NAME = 80
# names Windows reserves for devices, whatever the extension
_DEVICE = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9]|conin\$|conout\$)$", re.I)


@dataclass(frozen=True)
class Submission:
    path: Path          # the file
    rel: str            # its path under the submissions folder, with "/"
    name: str           # the student's name as the file gives it
    out_name: str       # the report's file name in REPORTS_DIR, safe on every system


@dataclass
class BatchResult:
    rows: list[dict]
    out: Path
    skipped: int = 0
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        return sum(1 for r in self.rows if r["status"] == "failed")


# -- finding the submissions -----------------------------------------------------------------------------

def _is_ignored(name: str) -> bool:
    """Hidden files, office lock files ("~$essay.docx", ".~lock.essay.odt#") and editor backups."""
    return name.startswith((".", "~$", "~")) or name.endswith(("~", "#", ".tmp", ".part"))


def discover(root: Path, out: Path | None = None) -> list[Path]:
    """Every essay file under ``root``, sorted, skipping hidden and lock files and the output folder."""
    out_resolved = out.resolve() if out else None
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and (out_resolved is None or (here / d).resolve() != out_resolved))
        for f in sorted(filenames):
            p = here / f
            if _is_ignored(f) or p.suffix.lower() not in ESSAY_SUFFIXES:
                continue
            found.append(p)
    return found


def safe_name(rel: str, taken: set[str]) -> str:
    """A report file name for a submission's relative path that cannot leave the output folder.

    Path separators, "..", control and reserved characters, device names (CON, NUL, ...) and very long
    names are all made harmless; two submissions never get the same name.

    >>> safe_name("../../etc/passwd", set())
    'etc__passwd'
    >>> safe_name("CON.txt", set())
    '_CON'
    """
    stem = re.sub(r"\.[A-Za-z0-9]{1,8}$", "", rel)
    parts = [p for p in re.split(r"[/\\]+", stem) if p not in ("", ".", "..")]
    text = "__".join(parts) or "essay"
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c if (c.isalnum() or c in "-_.") else "_" for c in text)
    text = re.sub(r"_{3,}", "__", text).strip("._ ") or "essay"
    if _DEVICE.match(text.split(".")[0]):
        text = "_" + text
    if len(text.encode("utf-8")) > MAX_NAME:
        digest = hashlib.sha256(rel.encode("utf-8")).hexdigest()[:8]
        text = text.encode("utf-8")[:MAX_NAME - 9].decode("utf-8", "ignore").rstrip("._") + "-" + digest
    base, n = text, 2
    while text.lower() in taken or text.lower() in ("index", "results"):
        text = f"{base}-{n}"
        n += 1
    taken.add(text.lower())
    return text


def submissions(root: Path, out: Path | None = None) -> list[Submission]:
    taken: set[str] = set()
    subs = []
    for p in discover(root, out):
        rel = p.relative_to(root).as_posix()
        subs.append(Submission(p, rel, p.stem, safe_name(rel, taken)))
    return subs


# -- checking one submission (runs in a worker process) ---------------------------------------------------

@dataclass(frozen=True)
class Job:
    """Everything a worker needs, shared once per process."""

    factbase: object
    rubric: object
    config: Config
    reference: dict
    run_key: str            # hash of the notes, rubric, pipeline, settings and version
    out: Path
    force: bool
    notes_ctx: dict         # the notes' timeline and period, for the reports' pictures


_JOB: Job | None = None


def _init(job: Job) -> None:
    global _JOB
    _JOB = job


def _state_path(out: Path, sub: Submission) -> Path:
    return out / STATE_DIR / f"{sub.out_name}.json"


def check_one(sub: Submission) -> dict:
    """Check one submission and write its report; returns its row. Never raises for a bad submission."""
    job = _JOB
    assert job is not None, "the worker was not initialised"
    row = {"name": sub.name, "file": sub.rel, "report": f"{sub.out_name}.html", "status": "ok", "reason": ""}
    try:
        loaded = read_document(sub.path)  # refuses an empty or blank file itself
        digest = hashlib.sha256(loaded.text.encode("utf-8")).hexdigest()
        key = hashlib.sha256(f"{job.run_key}:{digest}".encode()).hexdigest()
        if not job.force:
            old = _read_state(_state_path(job.out, sub))
            if old and old.get("key") == key and (job.out / row["report"]).exists():
                return old["row"] | {"skipped": True}
        return _check(sub, loaded, digest, key, row, job)
    except InputError as exc:
        return row | {"status": "failed", "reason": _reason(exc, sub), "report": ""}
    except Exception as exc:  # noqa: BLE001 - a batch never loses a file: the row says what went wrong
        return row | {"status": "failed", "report": "",
                      "reason": f"could not check this file ({type(exc).__name__}: {_one_line(str(exc))})"}


def _reason(exc: InputError, sub: Submission) -> str:
    msg = str(exc)
    for prefix in (f"{sub.path}: ", f"{sub.rel}: "):
        if msg.startswith(prefix):
            return msg[len(prefix):]
    return msg


def _one_line(s: str, limit: int = 160) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[:limit - 1] + "\u2026"


def _read_state(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == STATE_FORMAT else None


def _check(sub: Submission, loaded, digest: str, key: str, row: dict, job: Job) -> dict:
    """Check the essay, write its report and its state file (``key``, the row and the full report)."""
    from .core import check_essay
    from .reports import html, json_report

    res = check_essay(loaded.text, job.factbase, job.rubric, job.config)
    rep = Report(sub.rel, res, job.reference, digest, loaded.encoding, **job.notes_ctx)
    atomic_write(job.out / row["report"], html.render([rep]))
    s = res.summary()
    row = row | {"words": res.words, "errors": s["errors"], "warnings": s["warnings"], "infos": s["infos"],
                 "key_points_covered": s["key_points_covered"], "key_points_partial": s["key_points_partial"],
                 "key_points_total": s["key_points_total"], "score": s["score"], "encoding": loaded.encoding,
                 "worst": res.worst().label if res.worst() else None,
                 "key_points": {k.id: k.status for k in res.key_points},
                 "problems": _problems(res)}
    state = {"format": STATE_FORMAT, "key": key, "row": row, "report": json_report.to_dict(rep)}
    atomic_write(_state_path(job.out, sub), json.dumps(state, ensure_ascii=False))
    return row


def _problems(res) -> list[dict]:
    """The essay's errors and warnings, keyed by the fact they contradict (once per essay)."""
    seen, out = set(), []
    for f in res.findings:
        if f.severity < Severity.WARNING:
            continue
        if f.check.startswith("spelling."):
            key = f"{f.check}|{f.suggestion}"
            about = f.suggestion or res.text[f.start:f.end]
        elif f.evidence:
            ev = f.evidence[0]
            key = f"{f.check}|{ev.file}:{ev.line}"
            about = ev.text
        else:
            key = f"{f.check}|{res.text[f.start:f.end].lower()}"
            about = res.text[f.start:f.end]
        if key in seen:
            continue
        seen.add(key)
        ev = f.evidence[0] if f.evidence else None
        out.append({"key": key, "check": f.check, "severity": f.severity.label, "about": about,
                    "wrote": res.text[f.start:f.end][:60],
                    "source": f"{ev.file}:{ev.line}" if ev else None})
    return out


# -- the run ----------------------------------------------------------------------------------------------

def run_batch(root: Path, out: Path, factbase, rubric, config: Config, reference: dict,
              jobs: int | None = None, force: bool = False, progress: bool | None = None) -> BatchResult:
    """Check every submission under ``root`` into ``out``; returns the rows (one per submission)."""
    t0 = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    (out / STATE_DIR).mkdir(exist_ok=True)
    _sweep_stale_temp_files(out)
    subs = submissions(root, out)
    # what a report depends on besides the essay: the notes, the rubric's points, the pipeline and settings
    points = [[p.id, p.text, p.weight] for p in rubric.points] if rubric else None
    run_key = hashlib.sha256(json.dumps(
        [reference.get("notes_sha256"), points, reference.get("pipeline"), __version__, sorted(config.disabled),
         sorted(config.accepted_terms), sorted(config.severity.items())],
    ).encode()).hexdigest()
    job = Job(factbase, rubric, config, reference, run_key, out.resolve(), force, notes_context(factbase))
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(subs) or 1))
    if progress is None:
        progress = sys.stderr.isatty() and not os.environ.get("CI")
    rows = list(_map(subs, job, jobs, progress))
    skipped = sum(1 for r in rows if r.pop("skipped", False))
    write_outputs(out, subs, rows, rubric, reference)
    return BatchResult(rows, out, skipped, time.perf_counter() - t0)


def _map(subs: list[Submission], job: Job, jobs: int, progress: bool):
    from tqdm import tqdm

    bar = tqdm(total=len(subs), unit="essay", desc="Checking", disable=not progress, file=sys.stderr,
               dynamic_ncols=True)
    try:
        if jobs == 1:
            _init(job)
            for s in subs:
                yield check_one(s)
                bar.update()
            return
        # fork shares the loaded pipeline and fact base with the workers at no cost; elsewhere they are pickled
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        with ctx.Pool(jobs, initializer=_init, initargs=(job,)) as pool:
            for row in pool.imap(check_one, subs, chunksize=1):
                yield row
                bar.update()
    finally:
        bar.close()


def _sweep_stale_temp_files(out: Path) -> None:
    """Remove temporary files an interrupted run left behind (old ones only: another run may be writing)."""
    now = time.time()
    for d in (out, out / STATE_DIR):
        for p in d.glob(".tmp-*.part"):
            try:
                if now - p.stat().st_mtime > STALE_TEMP_SECONDS:
                    p.unlink()
            except OSError:
                pass


# -- the class's outputs ----------------------------------------------------------------------------------

def write_outputs(out: Path, subs: list[Submission], rows: list[dict], rubric, reference: dict) -> None:
    point_ids = [p.id for p in rubric.points] if rubric else []
    atomic_write(out / "results.csv", results_csv(rows, point_ids))
    atomic_write(out / "results.json", _results_json(out, subs, rows, reference))
    from .reports import index

    atomic_write(out / "index.html", index.render(overview(rows, rubric), rows, reference))


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(v) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    s = "" if v is None else str(v)
    return "'" + s if s.startswith(_FORMULA) else s


def results_csv(rows: list[dict], point_ids: list[str]) -> str:
    buf = _io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["name", "file", "status", "reason", "score", "errors", "warnings", "infos", "words",
                "key_points_covered", "key_points_total"] + [f"key_point:{p}" for p in point_ids])
    for r in rows:
        ok = r["status"] == "ok"
        w.writerow([_cell(r["name"]), _cell(r["file"]), r["status"], _cell(r["reason"])]
                   + ([r["score"], r["errors"], r["warnings"], r["infos"], r["words"], r["key_points_covered"],
                       r["key_points_total"]] if ok else [""] * 7)
                   + [r.get("key_points", {}).get(p, "") if ok else "" for p in point_ids])
    return buf.getvalue()


def _results_json(out: Path, subs: list[Submission], rows: list[dict], reference: dict) -> str:
    """Every essay's full report (read back from its state file, so memory stays flat), failed rows too."""
    parts = ['{"schema_version": 1, "reference": ', json.dumps(reference, ensure_ascii=False), ', "essays": [']
    for i, (sub, row) in enumerate(zip(subs, rows)):
        if row["status"] == "ok":
            state = _read_state(_state_path(out, sub)) or {}
            item = state.get("report") or {"essay": {"path": sub.rel}, "status": "failed",
                                           "reason": "report state missing"}
            item = item | {"name": row["name"], "report_file": row["report"], "status": "ok"}
        else:
            item = {"name": row["name"], "essay": {"path": sub.rel}, "status": "failed", "reason": row["reason"]}
        parts.append((", " if i else "") + json.dumps(item, ensure_ascii=False))
    parts.append("]}\n")
    return "".join(parts)


_PROBLEM_WORDS = {
    "dates.conflict": "give a different date from the notes",
    "dates.out-of-period": "use a date outside the notes' period",
    "numbers.conflict": "give a different number from the notes",
    "people.wrong-person": "name a different person from the notes",
    "people.after-death": "have someone act after the death the notes give",
    "spelling.name": "misspell",
}


def overview(rows: list[dict], rubric) -> dict:
    """The class-wide picture: common factual errors, most-missed key points, spread of scores."""
    ok = [r for r in rows if r["status"] == "ok"]
    n = len(ok)
    groups: dict[str, dict] = {}
    counts: Counter = Counter()
    examples: dict[str, Counter] = defaultdict(Counter)
    for r in ok:
        for p in r.get("problems", []):
            groups.setdefault(p["key"], p)
            counts[p["key"]] += 1
            examples[p["key"]][p["wrote"]] += 1
    common = []
    for key, c in counts.most_common(10):
        p = groups[key]
        common.append({"count": c, "of": n, "check": p["check"], "severity": p["severity"], "about": p["about"],
                       "source": p["source"], "verb": _PROBLEM_WORDS.get(p["check"], "contradict the notes on"),
                       "examples": [w for w, _ in examples[key].most_common(3)]})
    missed = []
    if rubric:
        for pt in rubric.points:
            m = sum(1 for r in ok if r.get("key_points", {}).get(pt.id) == "missing")
            part = sum(1 for r in ok if r.get("key_points", {}).get(pt.id) == "partial")
            missed.append({"id": pt.id, "text": pt.text, "missing": m, "partial": part, "of": n})
        missed.sort(key=lambda d: (-d["missing"], -d["partial"], d["id"]))
    scores = [r["score"] for r in ok]
    bins = [0] * 10
    for s in scores:
        bins[min(9, int(s) // 10)] += 1
    return {"essays": len(rows), "checked": n, "failed": len(rows) - n, "common": common, "missed": missed,
            "scores": {"bins": bins, "min": min(scores, default=None), "max": max(scores, default=None),
                       "median": statistics.median(scores) if scores else None,
                       "mean": round(statistics.fmean(scores), 1) if scores else None},
            "with_errors": sum(1 for r in ok if r["errors"])}


class _Row:
    """A row seen as a result for :func:`models.exit_code`, the one rule for exit codes."""

    def __init__(self, worst: str | None) -> None:
        self._worst = Severity.parse(worst) if worst else None

    def worst(self) -> Severity | None:
        return self._worst


def batch_exit_code(result: BatchResult, fail_on: str) -> int:
    """2 if a submission failed, 1 if an essay has a finding at or above ``fail_on``, else 0."""
    return exit_code([_Row(r.get("worst")) for r in result.rows], fail_on, failed_inputs=result.failed)

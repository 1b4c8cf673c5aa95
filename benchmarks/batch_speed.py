"""Benchmark: batch-mark a generated class and compare with one process per essay and with proselint.

    python3 benchmarks/batch_speed.py [--essays 300] [--seed 1] [--per-essay-sample 40] [--skip-trained]

Prints, for this machine: wall time and essays per second of ``essay-checker batch`` with the default
(blank English) pipeline and with the trained pipeline, ``--jobs 1`` against ``--jobs 2``, the peak memory
of the whole process tree (for two class sizes, to show whether it grows with the class), the time of the
same essays checked one ``essay-checker check`` process per essay (measured on a sample and scaled), and
proselint 0.16 on the same text files, installed with pip into a virtual environment of the benchmark's own.
The class is generated deterministically from the project's fixture essays (``tests/classroom.py``).
This is a script that prints figures, not a test.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.classroom import make_class  # noqa: E402


def _tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(d.name))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def run(cmd: list[str], env: dict | None = None) -> tuple[float, int, int]:
    """Wall seconds, peak tree memory (MiB) and exit code of a command."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = [0]

    def watch() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss_kib(proc.pid))
            time.sleep(0.05)

    t = threading.Thread(target=watch, daemon=True)
    t.start()
    _, err = proc.communicate()
    t.join()
    secs = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        print(f"  command failed ({proc.returncode}): {' '.join(cmd)}\n  {err.strip()[-500:]}", file=sys.stderr)
    return secs, peak[0] // 1024, proc.returncode


def batch(folder: Path, out: Path, jobs: int, model: str) -> tuple[float, int]:
    shutil.rmtree(out, ignore_errors=True)
    secs, mib, _ = run([sys.executable, "-m", "essay_checker", "batch", str(folder), "--out", str(out),
                        "--jobs", str(jobs), "--model", model, "--force"])
    return secs, mib


def trained_installed() -> bool:
    from essay_checker.nlp.pipeline import DEFAULT_TRAINED, resolve_model

    return resolve_model(DEFAULT_TRAINED) is not None


def proselint_time(files: list[Path], venv: Path) -> float | None:
    exe = venv / "bin" / "proselint"
    if not exe.exists():
        print(f"  installing proselint into {venv} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        r = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "proselint==0.16.0"],
                           capture_output=True, text=True)
        if r.returncode != 0:
            print(f"  proselint could not be installed: {r.stderr.strip()[-300:]}", file=sys.stderr)
            return None
    secs, _, _ = run([str(exe), "check", "--output-format", "compact", *map(str, files)])
    return secs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--essays", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-essay-sample", type=int, default=40)
    ap.add_argument("--skip-trained", action="store_true")
    ap.add_argument("--venv", type=Path, default=Path(tempfile.gettempdir()) / "essay-checker-bench-proselint")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="essay-checker-bench-"))
    os.environ.setdefault("ESSAY_CHECKER_CACHE", str(work / "cache"))
    cls = work / "class"
    files = make_class(cls, args.essays, seed=args.seed, formats=("txt",))
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in files)
    print(f"class: {len(files)} essays, {words} words ({words // len(files)} per essay), seed {args.seed}; "
          f"{os.cpu_count()} cores")
    # warm the fact-base cache, as a teacher's second run would find it
    subprocess.run([sys.executable, "-m", "essay_checker", "facts", "--model", "blank"], stdout=subprocess.DEVNULL)

    out = work / "out"
    rows = []
    for jobs in (1, 2):
        secs, mib = batch(cls, out, jobs, "blank")
        rows.append(("blank", jobs, secs, mib))
        print(f"default (blank) --jobs {jobs}: {secs:.1f} s, {len(files) / secs:.1f} essays/s, peak {mib} MiB")
    ratio = rows[0][2] / rows[1][2]
    print(f"  --jobs 1 / --jobs 2 = {ratio:.2f}x")
    half = work / "half"
    half.mkdir()
    for p in files[: len(files) // 3]:
        shutil.copy(p, half / p.name)
    secs, mib = batch(half, work / "out-half", 2, "blank")
    print(f"memory flat in class size: {len(files) // 3} essays peak {mib} MiB vs {len(files)} essays "
          f"peak {rows[1][3]} MiB")

    if not args.skip_trained and trained_installed():
        subprocess.run([sys.executable, "-m", "essay_checker", "facts", "--model", "en_core_web_sm"],
                       stdout=subprocess.DEVNULL)
        for jobs in (1, 2):
            secs, mib = batch(cls, out, jobs, "en_core_web_sm")
            print(f"trained (en_core_web_sm) --jobs {jobs}: {secs:.1f} s, {len(files) / secs:.1f} essays/s, "
                  f"peak {mib} MiB")
    else:
        print("trained pipeline: skipped (not installed or --skip-trained)")

    sample = files[: args.per_essay_sample]
    t0 = time.perf_counter()
    for p in sample:
        subprocess.run([sys.executable, "-m", "essay_checker", "check", str(p), "--model", "blank",
                        "--format", "json"], stdout=subprocess.DEVNULL)
    per = (time.perf_counter() - t0) / len(sample)
    print(f"one process per essay (blank): {per:.2f} s an essay, measured on {len(sample)}; "
          f"{per * len(files):.0f} s for all {len(files)} (one at a time)")

    pl = proselint_time(files, args.venv)
    if pl is not None:
        print(f"proselint 0.16 on the same {len(files)} files: {pl:.1f} s, {len(files) / pl:.1f} essays/s")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Benchmark: how long `essay-checker check` takes, cold and warm, and how that grows with essay length.

    python benchmarks/check_speed.py [--model blank|auto|en_core_web_sm] [--runs 5]

Prints, for the notes and rubric in this repository:

- cold check: a fresh ``python -m essay_checker check`` process on an 800-word essay with the fact base
  already cached (median of ``--runs`` processes);
- cold check with a cold cache: the same with an empty cache folder, so the fact base (and the
  English word list) is built first;
- warm check: the time per 800-word essay once everything is loaded (what each further essay of a
  batch costs);
- warm checks of 200, 800, 2,000 and 5,000 words, with the time per 1,000 words (flat = linear).

Each figure is wall-clock time, with the CPU time beside it (on a busy machine wall time also counts
waiting for the processor; CPU time does not).  Essays are built from the project's own labelled
essays.  Asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTES = ROOT / "reference_notes" / "destalinisation"
RUBRIC = ROOT / "rubrics" / "destalinisation.toml"


def essay_of(words: int) -> str:
    pool = []
    for p in sorted((ROOT / "tests" / "cases" / "destalinisation").glob("*/essay.txt")):
        pool.extend(p.read_text(encoding="utf-8").split("\n\n"))
    out, n, i = [], 0, 0
    while n < words:
        para = pool[i % len(pool)]
        out.append(para)
        n += len(para.split())
        i += 1
    return "\n\n".join(out)


def _child_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _run(cmd: list[str], env: dict) -> tuple[float, float]:
    cpu0, t0 = _child_cpu(), time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env=env, cwd=ROOT)
    wall, cpu = time.perf_counter() - t0, _child_cpu() - cpu0
    if proc.returncode not in (0, 1):
        sys.exit(f"check failed ({proc.returncode}): {proc.stderr.decode(errors='replace')[-2000:]}")
    return wall, cpu


def _median(pairs: list[tuple[float, float]]) -> str:
    return (f"median {statistics.median(w for w, _ in pairs):.2f}s "
            f"(cpu {statistics.median(c for _, c in pairs):.2f}s, n={len(pairs)})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="blank")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "essay.txt"
        p.write_text(essay_of(800), encoding="utf-8")
        cmd = [sys.executable, "-m", "essay_checker", "check", str(p), "--notes", str(NOTES), "--rubric",
               str(RUBRIC), "--model", args.model, "--format", "json"]
        cache = Path(d) / "cache"
        warm_env = dict(env, ESSAY_CHECKER_CACHE=str(cache))
        _run(cmd, warm_env)  # builds and caches the fact base
        cold = [_run(cmd, warm_env) for _ in range(args.runs)]
        print(f"cold check, 800 words, cached notes ({args.model}): {_median(cold)}")
        built = []
        for i in range(max(1, args.runs // 2)):
            built.append(_run(cmd, dict(env, ESSAY_CHECKER_CACHE=str(Path(d) / f"empty-{i}"))))
        print(f"cold check, 800 words, cold cache ({args.model}): {_median(built)}")

        os.environ["ESSAY_CHECKER_CACHE"] = str(cache)
        sys.path.insert(0, str(ROOT))
        from essay_checker.config import Config
        from essay_checker.core import check_essay
        from essay_checker.facts.store import load_factbase
        from essay_checker.nlp.pipeline import pipeline_name
        from essay_checker.rubric import parse_rubric

        fb, _ = load_factbase(NOTES, pipeline_name(args.model))
        rub = parse_rubric(RUBRIC.read_text(encoding="utf-8"))
        cfg = Config(model=args.model)

        def timed(text: str, n: int) -> tuple[float, float]:
            walls, cpus = [], []
            for _ in range(n):
                c0, t0 = time.process_time(), time.perf_counter()
                check_essay(text, fb, rub, cfg)
                walls.append(time.perf_counter() - t0)
                cpus.append(time.process_time() - c0)
            return statistics.median(walls), statistics.median(cpus)

        check_essay(essay_of(800), fb, rub, cfg)  # load what loads once
        w, c = timed(essay_of(800), max(5, args.runs))
        print(f"warm check, 800 words ({args.model}): median {w:.3f}s (cpu {c:.3f}s) per essay")
        for words in (200, 800, 2000, 5000):
            text = essay_of(words)
            n = len(text.split())
            w, c = timed(text, 3)
            print(f"warm check, {n} words: {w:.3f}s (cpu {c:.3f}s), {1000 * w / n:.3f}s per 1,000 words")


if __name__ == "__main__":
    main()

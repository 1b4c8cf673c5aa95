"""Benchmark: cold `essay-checker check` on an 800-word essay, warm per-essay time, growth with length.

    python benchmarks/check_speed.py [--model blank|auto]

Prints figures; asserts nothing.  Essays are built from the project's own labelled fixture essays.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="blank")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "essay.txt"
        p.write_text(essay_of(800), encoding="utf-8")
        cmd = [sys.executable, "-m", "essay_checker", "check", str(p), "--model", args.model, "--format", "json"]
        subprocess.run(cmd, capture_output=True)  # builds and caches the fact base
        cold = []
        for _ in range(3):
            t = time.perf_counter()
            subprocess.run(cmd, capture_output=True)
            cold.append(time.perf_counter() - t)
        print(f"cold check, 800 words, cached notes ({args.model}): median {statistics.median(cold):.2f}s")

    from essay_checker.config import Config
    from essay_checker.core import check_essay
    from essay_checker.facts.store import load_factbase
    from essay_checker.rubric import parse_rubric

    fb, _ = load_factbase(ROOT / "reference_notes" / "destalinisation", "blank" if args.model == "blank" else "en_core_web_sm")
    rub_path = ROOT / "rubrics" / "destalinisation.toml"
    rub = parse_rubric(rub_path.read_text(encoding="utf-8"))
    cfg = Config(model=args.model)
    check_essay(essay_of(200), fb, rub, cfg)
    for words in (200, 800, 2000, 5000):
        text = essay_of(words)
        t = time.perf_counter()
        check_essay(text, fb, rub, cfg)
        print(f"warm check, {len(text.split())} words: {time.perf_counter() - t:.3f}s")


if __name__ == "__main__":
    main()
